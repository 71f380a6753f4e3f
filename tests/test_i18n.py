"""Swedish first, English complete: every string is translated and compiled."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [
    ROOT / "locale" / "sv" / "LC_MESSAGES",
    ROOT / "partnerships" / "locale" / "sv" / "LC_MESSAGES",
]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=["project", "partnerships"])
def test_swedish_catalogue_is_complete(catalogue):
    po = polib.pofile(str(catalogue / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=["project", "partnerships"])
def test_compiled_catalogue_matches_the_source(catalogue):
    po = polib.pofile(str(catalogue / "django.po"))
    mo = polib.mofile(str(catalogue / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        expected = entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}
        got = compiled.get((entry.msgctxt, entry.msgid))
        if isinstance(got, dict):
            got = {int(k): v for k, v in got.items()}
        assert got == expected, f"run `make messages`: {entry.msgid!r} is not compiled"


@pytest.mark.django_db
def test_swedish_is_the_default_and_english_is_under_en(client):
    swedish = client.get("/organisationer/")
    assert '<html lang="sv">' in swedish.content.decode()
    assert "Katalog över organisationer" in swedish.content.decode()
    english = client.get("/en/organisationer/")
    assert '<html lang="en">' in english.content.decode()
    assert "Directory of organisations" in english.content.decode()


@pytest.mark.django_db
def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisationer/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == "/en/organisationer/?q=x"


@pytest.mark.django_db
def test_language_switch_back_to_swedish(client):
    client.cookies["django_language"] = "en"
    page = client.get("/en/organisationer/?kind=cooperative")
    assert 'name="next" value="/organisationer/?kind=cooperative"' in page.content.decode()
    response = client.post(
        "/i18n/setlang/", {"language": "sv", "next": "/organisationer/?kind=cooperative"}
    )
    assert response["Location"] == "/organisationer/?kind=cooperative"


def test_a_message_in_both_catalogues_is_translated_alike():
    """Django merges the catalogues and the project's (LOCALE_PATHS) wins: a message the
    partnerships app translates otherwise would silently show the project's words there.
    Where the meaning differs, the app gives its message a context (pgettext)."""
    project, app = (
        {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
            for e in polib.pofile(str(c / "django.po"))
        }
        for c in CATALOGUES
    )
    differing = [key for key in project.keys() & app.keys() if project[key] != app[key]]
    assert differing == []
