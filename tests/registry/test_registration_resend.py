"""The receipt's reference number, and asking for the confirmation e-mail again."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from registry.models import AccessLink, Submission
from tests.registry.helpers import (
    CHECK_URL,
    answer_steps,
    last_link,
    make_officer,
    registration_data,
    submit_registration,
)

pytestmark = pytest.mark.django_db

RESEND = "/registrera/skicka-igen/"
SENT = "/registrera/skicka-igen/skickad/"
EMAIL = "karin@kvarnbacken.example.se"


# --- the reference number -----------------------------------------------------------------


def test_the_reference_number_is_made_from_the_submission(client):
    submit_registration(client)
    submission = Submission.objects.get()
    year = timezone.localtime(submission.created_at).year
    assert submission.reference == f"REG-{year}-{submission.pk:06d}"
    assert re.fullmatch(r"REG-\d{4}-\d{6}", submission.reference)


def test_the_thanks_page_and_the_email_give_the_reference_number(client):
    response = submit_registration(client)
    reference = Submission.objects.get().reference
    html = client.get(response["Location"]).content.decode()
    assert reference in html
    assert f'href="{RESEND}"' in html
    message = mail.outbox[0]
    assert reference in message.body
    assert reference in message.alternatives[0][0]


def test_officers_see_the_reference_number_on_the_moderation_page(client):
    submit_registration(client)
    client.post(last_link("/registrera/bekrafta/"))
    submission = Submission.objects.get()
    client.force_login(make_officer())
    html = client.get(f"/handlaggare/granskning/{submission.pk}/").content.decode()
    assert "Referensnummer" in html
    assert submission.reference in html


def test_the_honeypot_on_the_check_page_alone_stores_nothing(client):
    data = registration_data()
    answer_steps(client, data)
    data["reg-homepage"] = "http://spam.example"
    response = client.post(CHECK_URL, data)
    assert response["Location"] == "/registrera/tack/"
    assert not Submission.objects.exists() and not mail.outbox


# --- asking for the confirmation again ----------------------------------------------------


def test_the_resend_page_renders_and_shows_errors(client):
    assert client.get(RESEND).status_code == 200
    response = client.post(RESEND, {"resend-email": "inte en adress"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-error-summary" in html and 'href="#id_resend-email"' in html
    assert 'value="inte en adress"' in html


def test_a_new_link_replaces_the_old_one(client):
    submit_registration(client)
    old = last_link("/registrera/bekrafta/")
    mail.outbox.clear()
    response = client.post(RESEND, {"resend-email": EMAIL.upper()})
    assert response["Location"] == SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    new = last_link("/registrera/bekrafta/")
    assert new != old
    assert Submission.objects.get().reference in mail.outbox[0].body
    # The old link no longer works; the new one confirms.
    assert client.post(old).status_code == 410
    assert client.post(new).status_code == 200
    assert Submission.objects.get().status == Submission.Status.PENDING
    assert AccessLink.objects.count() == 2


def test_the_answer_is_the_same_for_an_unknown_address(client):
    submit_registration(client)
    mail.outbox.clear()
    known = client.post(RESEND, {"resend-email": EMAIL}, follow=True)
    unknown = client.post(RESEND, {"resend-email": "okand@example.se"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    main = [
        re.search(r"<main.*</main>", r.content.decode(), re.S).group(0) for r in (known, unknown)
    ]
    assert main[0] == main[1]
    assert [message.to for message in mail.outbox] == [[EMAIL]]


@pytest.mark.parametrize("status", ["pending", "approved", "rejected"])
def test_confirmed_or_decided_registrations_get_no_new_link(client, status):
    submit_registration(client)
    client.post(last_link("/registrera/bekrafta/"))
    submission = Submission.objects.get()
    if status != "pending":
        Submission.objects.filter(pk=submission.pk).update(
            status=status, decided_at=timezone.now(), decided_by=make_officer()
        )
    mail.outbox.clear()
    response = client.post(RESEND, {"resend-email": EMAIL})
    assert response["Location"] == SENT
    assert not mail.outbox
    assert AccessLink.objects.count() == 1


def test_resending_is_rate_limited_per_address(client):
    for _ in range(5):
        assert client.post(RESEND, {"resend-email": "okand@example.se"}).status_code == 302
    response = client.post(RESEND, {"resend-email": "okand@example.se"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "data-error-summary" in html
    assert 'value="okand@example.se"' in html


def test_the_resend_honeypot_sends_nothing(client):
    submit_registration(client)
    mail.outbox.clear()
    response = client.post(RESEND, {"resend-email": EMAIL, "resend-homepage": "x"})
    assert response["Location"] == SENT
    assert not mail.outbox
