"""What every page around the officer's work shows: who is signed in, and buttons that
do not look disabled."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.registry.helpers import make_officer

pytestmark = pytest.mark.django_db


def test_the_top_bar_names_the_officer_by_full_name(client):
    officer = make_officer()
    officer.first_name, officer.last_name = "Karin", "<Lind>"
    officer.save()
    client.force_login(officer)
    html = client.get("/handlaggare/").content.decode()
    header = html.split("</header>")[0]
    assert "Inloggad som Karin &lt;Lind&gt;" in header
    assert header.index("Inloggad som") < header.index("Logga ut")


def test_the_top_bar_names_the_officer_by_user_name_without_a_full_name(client):
    client.force_login(make_officer("handlaggare-7"))
    header = client.get("/").content.decode().split("</header>")[0]
    assert "Inloggad som handlaggare-7" in header


def test_nobody_is_named_when_nobody_is_signed_in(client):
    assert "Inloggad som" not in client.get("/").content.decode()


def test_no_template_uses_the_grey_button_that_looks_disabled():
    roots = [settings.BASE_DIR / "templates", settings.BASE_DIR / "partnerships" / "templates"]
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for root in roots
        for path in Path(root).rglob("*.html")
        if "btn-secondary" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
