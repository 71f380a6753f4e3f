"""The embeddable directory (registry.embed): who may frame it, what it lists, its
options, and the origins setting with its system check."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry import embed
from registry.checks import embed_allowed_origins_are_origins
from registry.models import ContactPerson, Municipality, Organisation
from socialeconomy.env import env_origins, origin_problem
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.registry.helpers import make_officer

ALLOWED = "https://www.allowed.example"
WIDGET = "/inbaddning/0583/"  # Motala, OrganisationFactory's home municipality


def csp(response) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in directives if " " in d}


def listed(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


@pytest.fixture
def allowed(settings):
    settings.EMBED_ALLOWED_ORIGINS = [ALLOWED]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the directory's result pages are cached
    yield
    cache.clear()


# --- Framing -------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_widget_may_be_framed_and_only_by_the_allowed_origins(client, allowed):
    response = client.get(WIDGET)
    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == f"'self' {ALLOWED}"
    assert "X-Frame-Options" not in response
    # The rest of the portal's policy stays as it is.
    assert csp(response)["script-src"] == "'self'"
    assert csp(response)["default-src"] == "'self'"


@pytest.mark.django_db
def test_without_allowed_origins_the_widget_is_a_page_no_other_website_frames(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    response = client.get(WIDGET)
    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == "'self'"


@pytest.mark.django_db
def test_every_other_page_still_refuses_to_be_framed(client, allowed):
    organisation = OrganisationFactory()
    officer = make_officer()
    pages = [
        "/",
        "/organisationer/",
        organisation.get_absolute_url(),
        "/registrera/organisationen/",
        "/inloggning/",
        "/integritet/",
        "/en/organisationer/",
        "/api/v1/",
        "/api/v1/docs/",
        "/inbaddning/9999/",  # the widget's own 404
        "/organisationer/finns-inte/",
    ]
    for path in pages:
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert csp(response)["frame-ancestors"] == "'none'", path
    client.force_login(officer)
    for path in ["/handlaggare/", "/handlaggare/inbaddning/", "/handlaggare/registret/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Frame-Options"] == "DENY", path
        assert csp(response)["frame-ancestors"] == "'none'", path
    # A POST to the widget is refused before the view: the portal's headers.
    response = client.post(WIDGET)
    assert response.status_code == 405
    assert response["X-Frame-Options"] == "DENY"


# --- What it lists ----------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_the_published_organisations_at_home_or_operating_in_the_municipality(client):
    motala = Municipality.objects.get(code="0583")
    lekeberg = Municipality.objects.get(code="1814")
    OrganisationFactory(name="Motala hemma")
    OrganisationFactory(name="Verkar i Motala", home_municipality=lekeberg, municipalities=[motala])
    OrganisationFactory(name="Bara Lekeberg", home_municipality=lekeberg)
    OrganisationFactory(
        name="Upphörd i Motala", status=Organisation.Status.CEASED, ceased_on="2024-01-01"
    )
    for state in ["draft", "pending", "hidden"]:
        OrganisationFactory(name=f"Opublicerad {state}", publication_state=state)

    response = client.get(WIDGET)
    assert sorted(listed(response)) == ["Motala hemma", "Verkar i Motala"]
    html = response.content.decode()
    assert "Opublicerad" not in html
    assert "Bara Lekeberg" not in html
    assert "Upphörd" not in html


@pytest.mark.django_db
def test_no_contact_person_or_other_personal_data_is_shown(client):
    organisation = OrganisationFactory(
        name="Föreningen Öppen", email="info@oppen.example.se", phone="0141-123 45"
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Hemlig Hansson",
        email="hemlig@oppen.example.se",
        phone="070-111 11 11",
        show_publicly=False,
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Utan Samtycke",
        email="utan@oppen.example.se",
        show_publicly=False,
        legal_basis=ContactPerson.LegalBasis.CONSENT,
        consent_given_at=timezone.now(),  # consented to being stored, not to being shown
    )
    hidden = OrganisationFactory(name="Dold förening", publication_state="hidden")
    ContactPersonFactory(organisation=hidden, name="Dold Kontakt", email="dold@dold.example.se")

    for query in [{}, {"q": "Hansson"}, {"q": "hemlig@oppen.example.se"}, {"q": "Dold"}]:
        response = client.get(WIDGET, query)
        assert listed(response) == ([] if query else ["Föreningen Öppen"])
        # What the visitor typed is shown back to them; nothing else of the entries.
        html = response.content.decode().replace(query.get("q", "\0"), "")
        for secret in [
            "Hemlig Hansson",
            "hemlig@oppen.example.se",
            "070-111 11 11",
            "Utan Samtycke",
            "utan@oppen.example.se",
            "Dold förening",
            "Dold Kontakt",
            "dold@dold.example.se",
        ]:
            assert secret not in html, (query, secret)
    assert "Föreningen Öppen" in client.get(WIDGET).content.decode()


@pytest.mark.django_db
def test_links_open_the_portal_in_a_new_window(client):
    organisation = OrganisationFactory(name="Länkföreningen")
    html = client.get(WIDGET).content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*>Länkföreningen</a>', html)
    assert link and link.group(1) == organisation.get_absolute_url()
    assert 'target="_blank" rel="noopener"' in link.group(0)
    directory = reverse("registry:organisation-list")
    assert f'<a href="{directory}" target="_blank" rel="noopener">Hela registret</a>' in html
    # No site chrome: no menu, no footer, no sign-in link.
    assert "<header" not in html and "<footer" not in html
    assert "/inloggning/" not in html
    assert "registry/embed-frame.js" in html


# --- Options -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_kind_presets_the_directory_filter(client):
    OrganisationFactory(name="En förening", kind=Organisation.Kind.ASSOCIATION)
    OrganisationFactory(name="Ett socialt företag", kind=Organisation.Kind.SOCIAL_ENTERPRISE)
    response = client.get(WIDGET, {"kind": "social_enterprise"})
    assert listed(response) == ["Ett socialt företag"]
    html = response.content.decode()
    assert '<input type="hidden" name="kind" value="social_enterprise">' in html
    # A search keeps the preset.
    response = client.get(WIDGET, {"kind": "association", "q": "socialt företag"})
    assert "Ett socialt företag" not in listed(response)
    response = client.get(WIDGET, {"kind": "social_enterprise", "q": "socialt"})
    assert listed(response) == ["Ett socialt företag"]


@pytest.mark.django_db
def test_search_inside_the_widget_is_the_directory_search(client):
    OrganisationFactory(name="Hembygdsföreningen i Motala")
    OrganisationFactory(name="Återbruket Kooperativ", kind=Organisation.Kind.COOPERATIVE)
    response = client.get(WIDGET, {"q": "hembygdsforeningen"})  # typed without å ä ö
    assert listed(response) == ["Hembygdsföreningen i Motala"]
    assert 'value="hembygdsforeningen"' in response.content.decode()
    assert listed(client.get(WIDGET, {"q": "återbruk"})) == ["Återbruket Kooperativ"]


@pytest.mark.django_db
def test_a_search_too_long_is_an_error_not_a_failure(client):
    OrganisationFactory(name="Lång förening")
    response = client.get(WIDGET, {"q": "x" * 300})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.django_db
def test_pages_through_the_results_keeping_the_options(client, settings):
    settings.REGISTRY_PAGE_SIZE = 2
    for number in range(5):
        OrganisationFactory(name=f"Förening {number}")
    response = client.get(WIDGET, {"lang": "en", "page": 2})
    assert listed(response) == ["Förening 2", "Förening 3"]
    html = response.content.decode()
    assert 'href="?lang=en&amp;page=3"' in html


@pytest.mark.django_db
def test_lang_sets_the_language_of_this_response_only(client):
    organisation = OrganisationFactory(name="Språkföreningen")
    response = client.get(WIDGET, {"lang": "en"})
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "The social economy in Motala" in html
    assert "The whole register" in html
    assert f'href="/en{organisation.get_absolute_url()}"' in html
    assert response["Content-Language"] == "en"
    assert not response.cookies  # neither the language's nor a session's nor CSRF's
    # The portal itself is still Swedish for the visitor.
    assert '<html lang="sv">' in client.get("/").content.decode()
    response = client.get(WIDGET)
    assert '<html lang="sv">' in response.content.decode()
    assert "Den sociala ekonomin i Motala" in response.content.decode()
    assert response["Content-Language"] == "sv"
    # The English address is English without lang.
    assert '<html lang="en">' in client.get("/en" + WIDGET).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path,query",
    [
        ("/inbaddning/9999/", {}),
        ("/inbaddning/motala/", {}),
        (WIDGET, {"kind": "bank"}),
        (WIDGET, {"lang": "de"}),
    ],
)
def test_unknown_municipality_kind_or_language_is_a_404(client, path, query):
    assert client.get(path, query).status_code == 404


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_organisations(client):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(WIDGET).status_code == 200
        return len(captured)

    OrganisationFactory()
    queries()  # the reference lists' and versions' first look-ups
    few = queries()
    for _ in range(15):
        OrganisationFactory()
    assert queries() == few
    assert few <= 8
    # A repeated page is one cache look-up: no search at all.
    with CaptureQueriesContext(connection) as captured:
        client.get(WIDGET)
    assert len(captured) < few


# --- Snippets and the officers' page ---------------------------------------------------------


def test_widget_address_matches_the_host_scripts():
    script = (Path(settings.BASE_DIR) / "static" / "registry" / "embed.js").read_text()
    assert '"/inbaddning/" + code + "/"' in script
    assert embed.widget_path("1814") == "/inbaddning/1814/"
    assert embed.widget_path("1814", kind="cooperative", lang="en") == (
        "/inbaddning/1814/?kind=cooperative&lang=en"
    )


@pytest.mark.django_db
def test_snippets(settings):
    settings.SITE_URL = "https://register.example.se/"
    snippets = embed.snippets(
        municipality_code="1814", municipality_name="Lekeberg", kind="cooperative", lang="en"
    )
    assert snippets.script == (
        '<div data-socialekonomi-widget data-municipality="1814" data-kind="cooperative" '
        'data-lang="en" data-title="The social economy in Lekeberg">'
        '<a href="https://register.example.se/inbaddning/1814/?kind=cooperative&amp;lang=en">'
        "The social economy in Lekeberg</a></div>\n"
        '<script src="https://register.example.se/static/registry/embed.js" async></script>'
    )
    assert snippets.iframe == (
        '<iframe src="https://register.example.se/inbaddning/1814/?kind=cooperative&amp;lang=en" '
        'title="The social economy in Lekeberg" loading="lazy" '
        'style="width: 100%; height: 800px; border: 0;"></iframe>'
    )
    assert 'href="/inbaddning/1814/?kind=cooperative&amp;lang=en"' in snippets.preview


@pytest.mark.django_db
def test_officer_page_makes_the_snippets_for_the_officers_first_municipality(client, allowed):
    client.force_login(make_officer(municipalities=("1814", "0583")))
    response = client.get("/handlaggare/inbaddning/")
    assert response.status_code == 200
    html = response.content.decode()
    # The officer's municipalities by name: Lekeberg (1814) before Motala.
    assert 'data-municipality="1814"' in html  # the preview
    assert "&lt;div data-socialekonomi-widget data-municipality=&quot;1814&quot;" in html
    assert "&lt;iframe src=" in html  # shown as text, escaped
    assert f"<code>{ALLOWED}</code>" in html
    assert "EMBED_ALLOWED_ORIGINS" in html
    assert "registry/embed.js" in html

    response = client.get(
        "/handlaggare/inbaddning/", {"municipality": "0180", "kind": "foundation", "lang": "en"}
    )
    html = response.content.decode()
    assert "data-municipality=&quot;0180&quot; data-kind=&quot;foundation&quot;" in html
    assert "The social economy in Stockholm" in html


@pytest.mark.django_db
def test_officer_page_shows_its_errors(client):
    client.force_login(make_officer())
    response = client.get("/handlaggare/inbaddning/", {"municipality": "9999", "lang": "xx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html or 'aria-invalid="true"' in html
    assert "snippet-script" not in html


@pytest.mark.django_db
def test_officer_page_without_municipalities_asks_for_one(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    client.force_login(make_officer(municipalities=()))
    html = client.get("/handlaggare/inbaddning/").content.decode()
    assert "snippet-script" not in html
    assert "Ingen webbplats får bädda in katalogen än" in html


@pytest.mark.django_db
def test_the_officer_pages_link_to_it(client):
    client.force_login(make_officer())
    html = client.get("/handlaggare/").content.decode()
    assert html.count('href="/handlaggare/inbaddning/"') == 2  # the menu and the card


# --- The setting and its check ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "https://www.motala.se",
        "http://localhost:8080",
        "https://kommun.example.se:8443",
        "http://127.0.0.1:8000",
        "https://[::1]:8000",
    ],
)
def test_origins_accepted(value):
    assert origin_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "www.motala.se",
        "https://www.motala.se/",
        "https://www.motala.se/kommun",
        "https://www.motala.se?x=1",
        "https://*.motala.se",
        "*",
        "https:",
        "ftp://www.motala.se",
        "https://user@www.motala.se",
        "https://www.motala.se:99999",
        "https://www.motala.se:",
        "'self'",
        "https://www.motala.se; script-src *",
    ],
)
def test_origins_refused(value):
    assert origin_problem(value)


def test_env_origins(monkeypatch):
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", " https://www.motala.se, https://lekeberg.se ,")
    assert env_origins("EMBED_ALLOWED_ORIGINS") == ["https://www.motala.se", "https://lekeberg.se"]
    monkeypatch.delenv("EMBED_ALLOWED_ORIGINS")
    assert env_origins("EMBED_ALLOWED_ORIGINS") == []
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", "https://www.motala.se,https://lekeberg.se/")
    with pytest.raises(ImproperlyConfigured, match=r"EMBED_ALLOWED_ORIGINS.*lekeberg\.se/"):
        env_origins("EMBED_ALLOWED_ORIGINS")


def test_a_bad_origin_stops_the_settings_from_loading():
    from tests.test_settings import load_settings

    result = load_settings(DEBUG="1", EMBED_ALLOWED_ORIGINS="https://www.motala.se/sida")
    assert result.returncode != 0
    assert "EMBED_ALLOWED_ORIGINS" in result.stderr


def test_system_check_errors_on_a_bad_entry(settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.motala.se"]
    assert embed_allowed_origins_are_origins(None) == []
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.motala.se", "https://*.example.se"]
    errors = embed_allowed_origins_are_origins(None)
    assert [error.id for error in errors] == ["registry.E002"]
    assert "https://*.example.se" in errors[0].msg
    settings.EMBED_ALLOWED_ORIGINS = "https://www.motala.se"
    assert [error.id for error in embed_allowed_origins_are_origins(None)] == ["registry.E001"]
    with pytest.raises(SystemCheckError, match=r"registry\.E001"):
        call_command("check")
