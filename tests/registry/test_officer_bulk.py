"""Bulk actions on the officers' list: the confirmation names what changes and what is
left out, the work is one transaction, and a double submit does it once."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from registry.history import Source
from registry.models import OfficerAction, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory

BULK = "/handlaggare/registret/massatgard/"
State = Organisation.PublicationState


@pytest.fixture
def officer(db):
    return OfficerFactory(username="lekeberg", municipalities=["1814"])


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def confirmation_fields(response) -> dict:
    """The hidden fields of the confirmation's form, as the browser sends them back."""
    html = response.content.decode()
    form = html[html.index(f'action="{BULK}') :]
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    return data


def test_publish_confirms_then_publishes_only_the_officers_hidden_entries(signed_in):
    own = OrganisationFactory(
        name="Egen dold", home_municipality_id="1814", publication_state=State.HIDDEN
    )
    operating = OrganisationFactory(
        name="Verkar här", publication_state=State.HIDDEN, municipalities=["0583", "1814"]
    )
    other = OrganisationFactory(name="Annans dold", publication_state=State.HIDDEN)
    pending = OrganisationFactory(
        name="Väntar", home_municipality_id="1814", publication_state=State.PENDING
    )
    chosen = [own.pk, operating.pk, other.pk, pending.pk]
    response = signed_in.post(BULK, {"action": "publish", "selected": chosen})
    assert response.status_code == 200
    assert [o.name for o in response.context["changed"]] == ["Egen dold", "Verkar här"]
    assert [o.name for o in response.context["outside"]] == ["Annans dold"]
    assert response.context["counts"] == {"changed": 2, "unchanged": 1, "outside": 1}
    # Nothing has changed yet.
    own.refresh_from_db()
    assert own.publication_state == State.HIDDEN

    rows_before = own.history.count()
    data = confirmation_fields(response)
    done = signed_in.post(BULK, data)
    assert done.status_code == 302
    again = signed_in.post(BULK, data)  # a double click
    assert again.status_code == 302
    for organisation, state in [
        (own, State.PUBLISHED),
        (operating, State.PUBLISHED),
        (other, State.HIDDEN),
        (pending, State.PENDING),
    ]:
        organisation.refresh_from_db()
        assert organisation.publication_state == state, organisation.name
    assert own.history.count() == rows_before + 1  # published once
    assert own.history.first().source == Source.OFFICER
    action = OfficerAction.objects.get()
    assert (action.kind, action.touched, action.skipped) == ("publish", 2, 2)


def test_all_that_match_the_filter(signed_in):
    for number in range(3):
        OrganisationFactory(name=f"Lekeberg {number}", home_municipality_id="1814")
    OrganisationFactory(name="Motala", home_municipality_id="0583")
    response = signed_in.post(f"{BULK}?municipality=1814", {"action": "hide", "every": "on"})
    assert response.context["counts"]["changed"] == 3
    signed_in.post(f"{BULK}?municipality=1814", confirmation_fields(response))
    assert Organisation.objects.filter(publication_state=State.HIDDEN).count() == 3


def test_a_changed_list_is_refused_and_shown_again(signed_in):
    organisation = OrganisationFactory(home_municipality_id="1814")
    response = signed_in.post(BULK, {"action": "hide", "selected": [organisation.pk]})
    data = confirmation_fields(response)
    Organisation.objects.filter(pk=organisation.pk).update(publication_state=State.HIDDEN)
    refused = signed_in.post(BULK, data)
    assert refused.status_code == 200
    assert "Listan har ändrats" in refused.content.decode()
    assert not OfficerAction.objects.exists()


def test_nothing_chosen_or_no_action_is_told_on_the_list(signed_in):
    response = signed_in.post(BULK, {})
    assert response.status_code == 200
    errors = response.context["bulk_form"].errors
    assert "action" in errors and "__all__" in errors
    response = signed_in.post(BULK, {"action": "hide", "selected": ["²", "1"]})
    assert response.status_code == 200
    assert "selected" in response.context["bulk_form"].errors


def test_verification_requests_go_through_the_outbox_with_its_pause(signed_in):
    old = timezone.localdate() - datetime.timedelta(days=400)
    asked = OrganisationFactory(name="Fråga", home_municipality_id="1814", last_verified_on=old)
    ContactPersonFactory(organisation=asked, email="kontakt@fraga.example.se")
    mute = OrganisationFactory(name="Ingen adress", home_municipality_id="1814", email="")
    response = signed_in.post(BULK, {"action": "verify", "selected": [asked.pk, mute.pk]})
    assert [o.name for o in response.context["changed"]] == ["Fråga"]
    mail.outbox.clear()
    signed_in.post(BULK, confirmation_fields(response))
    assert [message.to for message in mail.outbox] == [["kontakt@fraga.example.se"]]
    # Asked now: not again within 30 days.
    response = signed_in.post(BULK, {"action": "verify", "selected": [asked.pk]})
    assert response.context["counts"]["changed"] == 0
