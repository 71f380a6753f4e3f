"""The embeddable directory in a real browser: framed by an allowed website it shows
and takes its content's height; another website's frame, and any other portal page in a
frame, are refused by the browser; the officers' page copies by keyboard; axe on both.

The websites (https://www.allowed.example, https://evil.example) are pages Playwright
answers itself (``context.route``), and the portal is reached as https://portal.example,
which Playwright passes on to the live server: Chromium refuses a public website's
requests to a loopback address outright (Private Network Access), whatever the portal
allows, so the portal must look like the public website it is. Nothing leaves the
machine.
"""

import time

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import sign_in
from tests.factories import OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALLOWED = "https://www.allowed.example"
EVIL = "https://evil.example"
PORTAL = "https://portal.example"
NARROW = {"width": 320, "height": 640}

FRAME_HEIGHT = "(frame) => Math.round(frame.getBoundingClientRect().height)"
CONTENT_HEIGHT = "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"


@pytest.fixture(autouse=True)
def allowed(settings):
    settings.EMBED_ALLOWED_ORIGINS = [ALLOWED]


@pytest.fixture
def portal(context, live_server):
    """The live server as https://portal.example, its answers (headers too) unchanged."""

    def forward(route):
        url = live_server.url + route.request.url.removeprefix(PORTAL)
        route.fulfill(response=route.fetch(url=url))

    context.route(f"{PORTAL}/**", forward)
    return PORTAL


@pytest.fixture
def organisations():
    for number in range(25):
        OrganisationFactory(name=f"Motalaföreningen {number:02d}")
    OrganisationFactory(name="Ensamma kooperativet", kind="cooperative")
    OrganisationFactory(name="Dolda föreningen", publication_state="hidden")


def host(context, origin: str, body: str) -> None:
    """Answer every address of ``origin`` with a page holding ``body``."""
    html = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>Kommunens webbplats</title></head><body><main><h1>Kommunen</h1>{body}"
        "</main></body></html>"
    )
    context.route(
        f"{origin}/**",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )


def script_snippet(portal: str, **data) -> str:
    attributes = " ".join(f'data-{key}="{value}"' for key, value in data.items())
    return (
        f'<div data-socialekonomi-widget {attributes} data-title="Organisationer i Motala">'
        f'</div><script src="{portal}/static/registry/embed.js" async></script>'
    )


def widget_frame(page, timeout=10_000):
    """The frame of the portal's widget page, once it has loaded its list."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].length > 0", timeout=timeout
    )
    for _ in range(50):
        for frame in page.main_frame.child_frames:
            if "/inbaddning/" in frame.url:
                frame.wait_for_load_state()
                return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"no widget frame among {[frame.url for frame in page.frames]}")


def wait_until_fitted(page, iframe, frame, timeout: float = 15.0) -> int:
    """Wait until the frame's height is its page's content height, read afresh each time
    (a layout still settling after a navigation changes the content's height, and the
    frame's script posts each change); the height they agree on."""
    deadline = time.monotonic() + timeout
    while True:
        # Only once the page has all its style sheets: a layout forced earlier may have
        # the portal's (whose body is at least the viewport's height) without the
        # widget's (which lifts that), and so read the frame's height as the content's.
        frame.wait_for_function("() => document.readyState === 'complete'")
        content = frame.evaluate(CONTENT_HEIGHT)
        if iframe.evaluate(FRAME_HEIGHT) == content:
            return content
        assert time.monotonic() < deadline, (iframe.evaluate(FRAME_HEIGHT), content)
        page.wait_for_timeout(100)


def refused(page, element: str = "iframe") -> bool:
    """The browser showed its error page in the frame instead of the portal's page."""
    handle = page.locator(element).element_handle()
    frame = handle.content_frame()
    if frame is None:
        return True
    frame.wait_for_load_state()
    return frame.url.startswith("chrome-error://") or not frame.evaluate(
        "() => !!document.querySelector('main')"
    )


def test_an_allowed_website_shows_the_widget_and_it_takes_its_contents_height(
    context, portal, organisations
):
    host(context, ALLOWED, script_snippet(portal, municipality="0583", lang="sv"))
    page = context.new_page()
    page.goto(f"{ALLOWED}/foreningar/")
    frame = widget_frame(page)
    expect(frame.locator("h1")).to_have_text("Den sociala ekonomin i Motala")
    expect(frame.locator(".embed-list li")).to_have_count(20)  # a page of the directory
    expect(frame.locator("body")).not_to_contain_text("Dolda föreningen")
    iframe = page.locator("iframe")
    expect(iframe).to_have_attribute(
        "title", "Den sociala ekonomin i Motala \N{EN DASH} Registret för social ekonomi"
    )
    expect(iframe).to_have_attribute("loading", "lazy")

    tall = frame.evaluate(CONTENT_HEIGHT)
    assert tall > 900  # twenty organisations: far more than the frame's first 600 px
    assert wait_until_fitted(page, iframe, frame) == tall

    # A search inside the widget: fewer results, and the frame shrinks to them.
    frame.get_by_label("Sök").fill("kooperativet")
    frame.get_by_label("Sök").press("Enter")
    frame = widget_frame(page)
    expect(frame.locator(".embed-list li")).to_have_count(1)
    short = wait_until_fitted(page, iframe, frame)
    assert short < tall

    # The organisation opens on the portal, in a new window.
    link = frame.get_by_role("link", name="Ensamma kooperativet")
    expect(link).to_have_attribute("target", "_blank")
    with context.expect_page() as opened:
        link.click()
    assert opened.value.url.startswith(portal + "/organisationer/")

    # A message from anyone but the portal is ignored: the host page itself posting.
    page.evaluate(
        "(name) => window.postMessage({type: 'socialekonomi-widget:height', widget: name,"
        " height: 5000}, '*')",
        iframe.get_attribute("name"),
    )
    page.wait_for_timeout(300)
    assert iframe.evaluate(FRAME_HEIGHT) == short


def test_the_plain_iframe_works_without_the_script_in_english(context, portal, organisations):
    host(
        context,
        ALLOWED,
        f'<iframe src="{portal}/inbaddning/0583/?kind=cooperative&amp;lang=en" '
        'title="Organisations in Motala" style="width: 100%; height: 800px; border: 0;"></iframe>',
    )
    page = context.new_page()
    page.goto(f"{ALLOWED}/")
    frame = widget_frame(page)
    expect(frame.locator("h1")).to_have_text("The social economy in Motala: Cooperative")
    expect(frame.locator(".embed-list li")).to_have_count(1)
    expect(frame.get_by_role("link", name="The whole register")).to_be_visible()
    assert page.locator("iframe").evaluate(FRAME_HEIGHT) == 800


def test_another_website_cannot_frame_the_widget(context, portal, organisations):
    host(context, EVIL, script_snippet(portal, municipality="0583"))
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{EVIL}/")
    page.wait_for_selector("iframe", state="attached")
    page.wait_for_timeout(1000)
    assert refused(page)
    assert any("frame-ancestors" in message for message in messages), messages
    assert page.locator("iframe").evaluate(FRAME_HEIGHT) == 600  # never resized


def test_no_other_portal_page_can_be_framed_even_by_the_allowed_website(
    context, portal, organisations
):
    host(
        context,
        ALLOWED,
        f'<iframe id="directory" src="{portal}/organisationer/" title="Katalogen"></iframe>'
        f'<iframe id="start" src="{portal}/" title="Start"></iframe>'
        f'<iframe id="widget" src="{portal}/inbaddning/0583/" title="Widget"></iframe>',
    )
    page = context.new_page()
    page.goto(f"{ALLOWED}/")
    widget_frame(page)
    page.wait_for_timeout(500)
    assert refused(page, "#directory")
    assert refused(page, "#start")
    assert not refused(page, "#widget")


def test_widget_page_is_accessible(context, live_server, organisations):
    page = context.new_page()
    page.goto("/inbaddning/0583/")
    expect(page.locator(".embed-list li")).to_have_count(20)
    assert_no_axe_violations(page)
    # An error, the last page, English, and a phone's width.
    page.goto("/inbaddning/0583/?q=" + "x" * 250)
    assert_no_axe_violations(page)
    page.goto("/inbaddning/0583/?page=2&lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    page.goto("/inbaddning/0583/")
    assert_no_axe_violations(page)


def test_officer_page_copies_by_keyboard_previews_and_is_accessible(
    context, live_server, organisations
):
    make_officer(municipalities=("0583",))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    sign_in(page)
    page.get_by_role("link", name="Bädda in på en webbplats").first.click()
    expect(page.locator("h1")).to_have_text("Bädda in katalogen på en webbplats")
    expect(page.get_by_label("Kommun")).to_have_value("0583")
    expect(page.locator("#snippet-script")).to_contain_text('data-municipality="0583"')
    expect(page.locator(".allowed-origins")).to_contain_text(ALLOWED)

    # Copy by keyboard: focus the button and press Enter.
    button = page.get_by_role("button", name="Kopiera").first
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text("Kodsnutten med skript är kopierad.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#snippet-script").input_value()

    # The preview is the widget itself, framed by the portal's own page.
    page.locator(".embed-preview").scroll_into_view_if_needed()
    frame = widget_frame(page)
    expect(frame.locator(".embed-list li")).to_have_count(20)
    assert_no_axe_violations(page)

    # Another municipality, kind and language: new snippets.
    page.get_by_label("Kommun").select_option("1814")
    page.get_by_label("Typ").select_option("cooperative")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Skapa kodsnuttarna").click()
    expect(page.locator("#snippet-iframe")).to_contain_text(
        "/inbaddning/1814/?kind=cooperative&amp;lang=en"
    )
    assert_no_axe_violations(page)
    # An error state.
    page.goto("/handlaggare/inbaddning/?municipality=9999")
    assert_no_axe_violations(page)
