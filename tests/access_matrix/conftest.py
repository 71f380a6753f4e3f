"""The access matrix's world: two municipalities, their officers and organisations, an
administrator, a user without a role and an organisation's contact.

It is built once per test module inside a transaction that is rolled back at the end;
each test runs in a savepoint of its own inside it (pytest-django's ``db``), so what a
request or a Case's ``kwargs`` creates is gone before the next test. Each role signs in
once, when the world is built (the contact by opening an edit link, as a person would);
a test's client only takes that role's session cookie.
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from partnerships.models import Effort, FollowUpNote, MunicipalUnit, PolicyDocument, PolicyGoal
from registry import services, tokens
from registry.models import (
    AccessLink,
    ContactPerson,
    Municipality,
    Organisation,
    ProblemReport,
    Submission,
)
from tests.access_matrix import rules
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import (
    EffortFactory,
    FollowUpNoteFactory,
    MunicipalUnitFactory,
    OfficerFactory,
    PolicyDocumentFactory,
    PolicyGoalFactory,
)


@dataclass
class World:
    own_municipality: Municipality  # "1814", Lekeberg
    other_municipality: Municipality  # "0583", Motala
    officer_own: User
    officer_other: User
    admin: User
    no_role: User
    own_organisation: Organisation  # published, home 1814, one contact person
    own_contact: ContactPerson
    other_organisation: Organisation  # published, home 0583
    own_submission: Submission  # a pending change request about own_organisation
    own_problem_report: ProblemReport  # open, about own_organisation
    own_unit: MunicipalUnit  # Lekeberg's
    own_effort: Effort  # public, own_unit's, with own_organisation
    own_note: FollowUpNote
    own_document: PolicyDocument  # Lekeberg's
    own_goal: PolicyGoal
    sessions: dict = field(default_factory=dict)  # role -> its signed-in session cookie

    def user(self, role: str) -> User | None:
        return {
            rules.OFFICER_OWN: self.officer_own,
            rules.OFFICER_OTHER: self.officer_other,
            rules.NO_ROLE: self.no_role,
            rules.ADMINISTRATOR: self.admin,
        }.get(role)

    def edit_token(self, organisation=None) -> str:
        """A fresh, unused edit link's token for ``organisation`` (own_organisation)."""
        organisation = organisation or self.own_organisation
        _link, token = tokens.access_link_create(
            purpose=AccessLink.Purpose.EDIT, organisation=organisation, email=self.own_contact.email
        )
        return token

    def verify_token(self) -> str:
        _link, token = tokens.access_link_create(
            purpose=AccessLink.Purpose.VERIFY,
            organisation=self.own_organisation,
            email=self.own_contact.email,
        )
        return token

    def confirm_token(self) -> str:
        """A confirmation link of a new registration in Lekeberg, unconfirmed."""
        organisation = OrganisationFactory(
            home_municipality=self.own_municipality,
            publication_state=Organisation.PublicationState.DRAFT,
        )
        submission = Submission.objects.create(
            organisation=organisation,
            kind=Submission.Kind.REGISTRATION,
            status=Submission.Status.UNCONFIRMED,
            submitter_name="Karin Andersson",
            submitter_email="karin@kvarnbacken.example.se",
            submission_key=uuid.uuid4(),
        )
        _link, token = tokens.access_link_create(
            purpose=AccessLink.Purpose.CONFIRM_EMAIL,
            organisation=organisation,
            email=submission.submitter_email,
            submission=submission,
        )
        return token

    def open_sessions(self) -> None:
        """Sign every role in once; the contact opens an edit link as a person pressing
        its button would."""
        for role in rules.ROLES:
            client = Client()
            if role == rules.CONTACT_HOLDER:
                response = client.post(reverse("registry:edit-link", args=[self.edit_token()]))
                assert response.status_code == 302, "the contact's edit link did not open"
            elif (user := self.user(role)) is not None:
                client.force_login(user)
            else:
                continue
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def sign_in(self, client, role: str) -> None:
        """Make ``client`` act as ``role`` (anonymous: nothing to do)."""
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]


def build_world() -> World:
    lekeberg = Municipality.objects.get(code="1814")
    motala = Municipality.objects.get(code="0583")
    own = OrganisationFactory(
        name="Kvarnbackens Arbetskooperativ", home_municipality=lekeberg, municipalities=[lekeberg]
    )
    contact = ContactPersonFactory(organisation=own, email="karin@kvarnbacken.example.se")
    other = OrganisationFactory(name="Motala Vänförening", home_municipality=motala)
    submission = services.change_request_submit(
        organisation=own,
        data={"presentation": "En ny presentation."},
        submitter_email=contact.email,
        submitter_name=contact.name,
        submission_key=uuid.uuid4(),
        language="sv",
    )
    report = ProblemReport.objects.create(
        organisation=own, category="other", message="Fel adress.", submission_key=uuid.uuid4()
    )
    unit = MunicipalUnitFactory(municipality=lekeberg, name="Lekebergs kommunstyrelse")
    effort = EffortFactory(responsible_unit=unit, is_public=True, organisations=[own])
    document = PolicyDocumentFactory(municipality=lekeberg, title="Lekebergs policy")
    return World(
        own_municipality=lekeberg,
        other_municipality=motala,
        officer_own=OfficerFactory(username="matrix-lekeberg", municipalities=["1814"]),
        officer_other=OfficerFactory(username="matrix-motala", municipalities=["0583"]),
        admin=User.objects.create_superuser("matrix-admin", "admin@kommun.example.se", None),
        no_role=User.objects.create_user("matrix-no-role", "invanare@example.se"),
        own_organisation=own,
        own_contact=contact,
        other_organisation=other,
        own_submission=submission,
        own_problem_report=report,
        own_unit=unit,
        own_effort=effort,
        own_note=FollowUpNoteFactory(effort=effort),
        own_document=document,
        own_goal=PolicyGoalFactory(document=document),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world per test module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.open_sessions()
        yield world
        transaction.set_rollback(True)
