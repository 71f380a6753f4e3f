"""The effort form's formset is bounded: a posted TOTAL_FORMS of 1 050 builds 50 rows."""

import pytest
from django.urls import reverse

from partnerships.models import Effort

pytestmark = pytest.mark.django_db


def test_a_huge_organisation_formset_is_refused_and_stays_small(client, motala_officer):
    client.force_login(motala_officer)
    data = {
        "org-TOTAL_FORMS": "1050",
        "org-INITIAL_FORMS": "0",
        "org-MIN_NUM_FORMS": "0",
        "org-MAX_NUM_FORMS": "50",
    }
    response = client.post(reverse("partnerships:effort-create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(html) < 500_000
    assert html.count('name="org-') <= 50 * 3 + 4
    assert "Ange högst 50 organisationer." in html
    assert not Effort.objects.exists()
