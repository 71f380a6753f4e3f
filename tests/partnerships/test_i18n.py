"""The partnerships app's own Swedish catalogue is complete and compiled, and the pages
are Swedish by default and English under /en/."""

from pathlib import Path

import polib
import pytest

import partnerships

CATALOGUE = Path(partnerships.__file__).resolve().parent / "locale" / "sv" / "LC_MESSAGES"


def test_every_string_has_a_swedish_translation():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        expected = entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}
        got = compiled.get((entry.msgctxt, entry.msgid))
        if isinstance(got, dict):
            got = {int(k): v for k, v in got.items()}
        assert got == expected, f"recompile the catalogue: {entry.msgid!r} is not compiled"


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
