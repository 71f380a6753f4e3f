"""The partnerships pages are Swedish by default and English under /en/. (That the
app's own catalogue is complete and compiled is tested with the project's, in
tests/test_i18n.py.)"""

import pytest


@pytest.mark.django_db
def test_pages_are_swedish_by_default_and_english_under_en(client, motala_officer):
    swedish = client.get("/samverkan/").content.decode()
    assert "Kommunernas samverkan med den sociala ekonomin" in swedish
    english = client.get("/en/samverkan/").content.decode()
    assert "The municipalities\u2019 partnerships with the social economy" in english
    client.force_login(motala_officer)
    html = client.get("/handlaggare/mal/").content.decode()
    assert "Måluppföljning" in html and "Alla mål (varje insats en gång)" in html


@pytest.mark.django_db
def test_amounts_in_swedish_and_english(client, motala_unit):
    from decimal import Decimal

    from tests.partnerships.factories import EffortFactory

    effort = EffortFactory(responsible_unit=motala_unit, amount_awarded=Decimal("12500.50"))
    assert "12\xa0500,50 kr" in client.get(effort.get_public_url()).content.decode()
    assert "SEK 12,500.50" in client.get(f"/en{effort.get_public_url()}").content.decode()
