"""What the browser tests of the register's flows share: signing in, e-mailed links,
keyboard navigation and an axe audit that checks many page states in one test."""

import re
import uuid
from contextlib import contextmanager

from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from registry import services
from registry.models import Organisation, ProblemReport, Submission
from tests.browser.axe import axe_violations, format_violations
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.mail import run_worker
from tests.registry.helpers import make_officer

DESKTOP = {"width": 1280, "height": 900}  # as in conftest's context fixture
NARROW = {"width": 320, "height": 640}
PASSWORD = "ett-langt-losenord-123"  # tests.registry.helpers.make_officer's


def sign_in(page, username="handlaggare", password=PASSWORD, prefix=""):
    """Send the portal's sign-in form (an officer lands on the officer dashboard)."""
    page.goto(f"{prefix}/inloggning/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def delivered() -> list:
    """The e-mail sent so far: the outbox's worker runs first, as the service beside
    the app servers would (the live server's requests only queue the mail). Django's
    test set-up put the locmem backend in place, so ``mail.outbox`` holds what was sent.
    """
    run_worker()
    return mail.outbox


def emailed_link(path_part: str, to: str | None = None) -> str:
    """The path of the newest e-mailed link containing ``path_part``."""
    for message in reversed(delivered()):
        if to is not None and to not in message.to:
            continue
        for url in re.findall(r"https?://\S+", message.body):
            if path_part in url:
                return re.sub(r"^https?://[^/]+", "", url)
    raise AssertionError(f"no e-mailed link containing {path_part!r} in {len(mail.outbox)} mails")


REGISTRATION_STEPS = [
    "/registrera/organisationen/",
    "/registrera/verksamheten/",
    "/registrera/var/",
    "/registrera/kontaktpersoner/",
]
CONTINUE = {"sv": "Fortsätt", "en": "Continue"}


def fill_registration_step(page, number: int, *, name="Kvarnbackens Arbetskooperativ"):
    """The fields a registration's step needs, filled in the usual (mouse or touch) way."""
    if number == 1:
        page.locator("#id_org-name").fill(name)
        page.locator("#id_org-legal_form").select_option("51")
        page.locator("#id_org-kind").select_option("social_enterprise")
    elif number == 2:
        page.locator("#id_org-presentation").fill("Vi driver café och catering med arbetsträning.")
    elif number == 3:
        page.locator("#id_org-home_municipality").select_option(label="Motala")
    elif number == 4:
        page.locator("#id_contacts-0-name").fill("Karin Andersson")
        page.locator("#id_contacts-0-email").fill("karin@kvarnbacken.example.se")
        page.locator("#id_contacts-0-consent").check()


def answer_registration_steps(page, upto: int = 4, *, prefix="", language="sv", **kwargs):
    """Open the first step and answer steps 1 to ``upto``, pressing "Continue" on each."""
    page.goto(f"{prefix}{REGISTRATION_STEPS[0]}")
    for number in range(1, upto + 1):
        fill_registration_step(page, number, **kwargs)
        with page.expect_navigation():
            page.get_by_role("button", name=CONTINUE[language]).click()


def lindens_forening() -> Organisation:
    """A published entry with one contact person, who is shown publicly."""
    organisation = OrganisationFactory(
        name="Lindens Förening", slug="lindens-forening", presentation="Gammal text."
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Lena Lind",
        email="lena@linden.example.se",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    return organisation


def pending_registration(
    name="Kvarnbackens Arbetskooperativ", email="karin@kvarnbacken.example.se"
) -> Submission:
    """A registration whose e-mail address is confirmed, made without the browser."""
    organisation = Organisation(
        name=name,
        legal_form_id="51",
        kind=Organisation.Kind.SOCIAL_ENTERPRISE,
        home_municipality_id="0583",
        presentation="Vi driver café och catering med arbetsträning.",
    )
    services.registration_submit(
        organisation=organisation,
        m2m={"activity_areas": [], "global_goals": [], "municipalities": []},
        contacts=[services.ContactData(name="Karin Andersson", email=email)],
        submission_key=uuid.uuid4(),
        language="sv",
    )
    # Confirmed as the person does it: the page's button posts back to the link.
    link = emailed_link("/registrera/bekrafta/", to=email)
    response = Client().post(link)
    assert response.status_code == 200, f"confirming {link} answered {response.status_code}"
    return Submission.objects.get(organisation=organisation)


def change_request(organisation: Organisation, **changes) -> Submission:
    """A pending change request, as the self-service form would send it."""
    return services.change_request_submit(
        organisation=organisation,
        data=services.serialise_changes(changes),
        submitter_email="kontakt@example.se",
        submitter_name="kontakt@example.se",
        submission_key=uuid.uuid4(),
        language="sv",
    )


def problem_report(organisation: Organisation, message: str) -> ProblemReport:
    return services.problem_report_submit(
        organisation=organisation,
        category=ProblemReport.Category.WRONG_DETAILS,
        message=message,
        reporter_email="granne@example.se",
        submission_key=uuid.uuid4(),
    )


def focused(page) -> str:
    """The focused element, described well enough for an assertion message."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "body";
            return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.name ? "[name=" + el.name + "]" : "");
        }"""
    )


def is_focused(page, css: str) -> bool:
    return page.evaluate("(css) => document.activeElement?.matches(css) ?? false", css)


def tab_to(page, css: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching ``css`` has focus: the keyboard only."""
    for _ in range(limit):
        if is_focused(page, css):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{css} never received focus with Tab; focus is on {focused(page)}")


def assert_fits(page, width: int = 320) -> None:
    """WCAG 1.4.10 Reflow: the page does not scroll sideways (a wide table may, inside
    its own scrollable region)."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


class AxeAudit:
    """Run axe on each state of a journey and fail once, at the end, with all findings,
    so that one test (one live server and database set-up) covers many page states."""

    def __init__(self, page):
        self.page = page
        self.checked: list[str] = []
        self.failures: list[str] = []

    def check(self, state: str) -> None:
        expect(self.page.locator("h1")).to_be_visible()
        self.checked.append(state)
        violations = axe_violations(self.page)
        if violations:
            self.failures.append(
                f"[{state}] {len(violations)} violation(s) on {self.page.url}:\n"
                + format_violations(violations)
            )

    def visit(self, state: str, url: str, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response.status == status, f"[{state}] {url} answered {response.status}"
        self.check(state)

    def assert_clean(self) -> None:
        assert self.checked, "nothing was audited"
        assert not self.failures, "\n\n".join(self.failures)


@contextmanager
def second_page(browser, base_url: str):
    """A page for a second person: a browser context of its own, so its own cookies."""
    context = browser.new_context(
        base_url=base_url, locale="sv-SE", viewport=DESKTOP, reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def officer_in_own_browser(browser, base_url: str, username="handlaggare"):
    """A new officer, signed in in a browser context of their own."""
    make_officer(username)
    with second_page(browser, base_url) as page:
        sign_in(page, username)
        yield page
