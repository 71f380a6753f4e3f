"""Shared helpers for the registry's flow tests."""

import re
import uuid

from django.contrib.auth.models import Group, User
from django.core import mail

from registry.access import OFFICERS_GROUP


def registration_data(**overrides) -> dict:
    """A complete, valid registration form as a browser would post it."""
    data = {
        "org-name": "Kvarnbackens Arbetskooperativ",
        "org-alternate_names": "KAK",
        "org-org_number": "",
        "org-legal_form": "51",
        "org-kind": "social_enterprise",
        "org-work_integrating": "on",
        "org-activity_areas": [],
        "org-global_goals": [],
        "org-home_municipality": "1814",
        "org-municipalities": [],
        "org-presentation": "Vi driver café och catering med arbetsträning.",
        "org-description": "Ett arbetsintegrerande socialt företag i Lekeberg.",
        "org-founded_year": "2022",
        "org-website": "kvarnbacken.example.se",
        "org-email": "info@kvarnbacken.example.se",
        "org-phone": "0585-123 45",
        "org-street_address": "Storgatan 1",
        "org-postal_code": "71631",
        "org-city": "Fjugesta",
        "org-employees": "6",
        "org-people_in_work_integration": "12",
        "org-offers": "Catering till möten.",
        "org-offer_categories": [],
        "org-sells_to_public_sector": "on",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "1",
        "contacts-MAX_NUM_FORMS": "5",
        "contacts-0-name": "Karin Andersson",
        "contacts-0-role": "Verksamhetsledare",
        "contacts-0-email": "karin@kvarnbacken.example.se",
        "contacts-0-phone": "070-123 45 67",
        "contacts-0-show_publicly": "on",
        "contacts-0-consent": "on",
        "reg-submission_key": str(uuid.uuid4()),
        "reg-homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


STEP_URLS = [
    "/registrera/organisationen/",
    "/registrera/verksamheten/",
    "/registrera/var/",
    "/registrera/kontaktpersoner/",
]
CHECK_URL = "/registrera/kontrollera/"


def answer_steps(client, data: dict, *, upto: int = len(STEP_URLS)):
    """Post ``data`` (``registration_data``'s shape) to each step in turn, as a person
    pressing "Continue" would; each step reads only its own fields. Returns the first
    response that does not go on to the next step (a step with errors), or the last."""
    response = None
    for number, url in enumerate(STEP_URLS[:upto]):
        response = client.post(url, data)
        following = STEP_URLS[number + 1] if number + 1 < len(STEP_URLS) else CHECK_URL
        if response.status_code != 302 or response["Location"] != following:
            return response
    return response


def submit_registration(client, data: dict | None = None, **overrides):
    """Answer every step and send the registration from the "check your answers" page.
    Returns the response of the last request made (a step's, if one had errors)."""
    data = registration_data(**overrides) if data is None else data
    response = answer_steps(client, data)
    if response.status_code != 302 or response["Location"] != CHECK_URL:
        return response
    return client.post(CHECK_URL, data)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def last_link(path_part: str) -> str:
    """The newest e-mailed link whose address holds ``path_part``; the outbox's worker
    runs first, so that what a request queued has been sent (browser tests' requests
    are served by another thread)."""
    from tests.mail import run_worker

    run_worker()
    for message in reversed(mail.outbox):
        for url in links_in(message):
            if path_part in url:
                return path_of(url)
    raise AssertionError(f"no e-mailed link containing {path_part!r}")


def make_officer(username="handlaggare", municipalities=("1814", "0583")) -> User:
    """An officer of ``municipalities`` (codes): by default Lekeberg, where
    ``registration_data`` registers, and Motala, where ``OrganisationFactory`` puts
    entries."""
    user = User.objects.create_user(
        username, f"{username}@kommun.example.se", "ett-langt-losenord-123"
    )
    user.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    for code in municipalities:
        user.municipality_memberships.create(municipality_id=code)
    return user
