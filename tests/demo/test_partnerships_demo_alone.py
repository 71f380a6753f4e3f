"""seed_partnerships_demo on a register without the register's demo data."""

from io import StringIO

import pytest
from django.core.management import call_command

from partnerships.models import Effort
from registry import orgnr
from registry.models import Organisation

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_partnerships_demo", stdout=out)
    return out.getvalue()


def test_works_without_the_registers_demo_data():
    seed()

    number = f"769641-230{orgnr.luhn_check_digit('769641230')}"
    assert Organisation.objects.filter(org_number=number).exists()
    assert Effort.objects.filter(responsible_unit__municipality_id="1814").count() >= 8
    assert not Effort.objects.filter(responsible_unit__municipality_id="0583").exists()
    assert "Added 0 units, 0 demo efforts, 0 notes and 0 reporting requests" in seed()
