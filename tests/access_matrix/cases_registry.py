"""The register's URL patterns (``registry/urls.py``) and the project's own
(``socialeconomy/urls.py``)."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.access_matrix.rules import (
    CONTACT,
    NOT_ALLOWED,
    OFFICER,
    OWN_MUNICIPALITY,
    PUBLIC,
    Answer,
    Case,
    rule,
)
from tests.factories import ContactPersonFactory

# A contact's session is for their own organisation: another one's contact person is
# not found (it exists, but not for them); everyone else is refused as on any
# self-service page.
OTHER_ORGANISATION = rule("OTHER_ORGANISATION", Answer.FORBIDDEN, contact=Answer.NOT_FOUND)


def _other_contact(w) -> dict:
    return {"pk": ContactPersonFactory(organisation=w.other_organisation).pk}


def _password_reset(w) -> dict:
    """A real reset link of the user without a role."""
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(w.no_role.pk)),
        "token": default_token_generator.make_token(w.no_role),
    }


def _own_slug(w) -> dict:
    return {"slug": w.own_organisation.slug}


CASES = [
    # The project: the language switch (a POST sets it; a GET only goes back).
    Case("set_language", get=PUBLIC, post=PUBLIC),
    # The public directory
    Case("registry:home", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:organisation-list", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:organisation-suggestions", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:organisation-detail", kwargs=_own_slug, get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:report-problem", kwargs=_own_slug, get=PUBLIC, post=PUBLIC),
    Case("registry:report-problem-thanks", kwargs=_own_slug, get=PUBLIC, post=NOT_ALLOWED),
    # Registration
    Case("registry:register", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:register-organisation", get=PUBLIC, post=PUBLIC),
    Case("registry:register-activities", get=PUBLIC, post=PUBLIC),
    Case("registry:register-places", get=PUBLIC, post=PUBLIC),
    Case("registry:register-contacts", get=PUBLIC, post=PUBLIC),
    Case("registry:register-check", get=PUBLIC, post=PUBLIC),
    Case("registry:confirmation-resend", get=PUBLIC, post=PUBLIC),
    Case("registry:confirmation-resend-sent", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:registration-thanks", get=PUBLIC, post=NOT_ALLOWED),
    Case(
        "registry:registration-confirm",
        kwargs=lambda w: {"token": w.confirm_token()},
        get=PUBLIC,
        post=PUBLIC,
    ),
    # Self-service: the link is for whoever holds it; the pages behind it for the
    # contact who opened it.
    Case("registry:edit-link-request", get=PUBLIC, post=PUBLIC),
    Case("registry:edit-link-sent", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:edit-link", kwargs=lambda w: {"token": w.edit_token()}, get=PUBLIC, post=PUBLIC),
    Case("registry:self-service", get=CONTACT, post=NOT_ALLOWED),
    Case("registry:self-service-edit", get=CONTACT, post=CONTACT),
    Case("registry:self-service-ceased", get=CONTACT, post=CONTACT),
    Case("registry:self-service-contacts", get=CONTACT, post=CONTACT),
    Case(
        "registry:self-service-contact-withdraw",
        kwargs=lambda w: {"pk": w.own_contact.pk},
        get=NOT_ALLOWED,
        post=CONTACT,
    ),
    Case(
        "registry:self-service-contact-remove",
        kwargs=lambda w: {"pk": w.own_contact.pk},
        get=NOT_ALLOWED,
        post=CONTACT,
    ),
    Case(
        "registry:self-service-contact-withdraw",
        kwargs=_other_contact,
        label="another organisation's contact",
        get=NOT_ALLOWED,
        post=OTHER_ORGANISATION,
    ),
    Case(
        "registry:self-service-contact-remove",
        kwargs=_other_contact,
        label="another organisation's contact",
        get=NOT_ALLOWED,
        post=OTHER_ORGANISATION,
    ),
    Case("registry:verify", kwargs=lambda w: {"token": w.verify_token()}, get=PUBLIC, post=PUBLIC),
    # Sign-in (a signed-in user opening the sign-in page is sent on, not refused)
    Case("registry:login", get=PUBLIC, post=PUBLIC),
    Case("registry:logout", get=NOT_ALLOWED, post=PUBLIC),
    Case("registry:password-reset", get=PUBLIC, post=PUBLIC),
    Case("registry:password-reset-done", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:password-reset-confirm", kwargs=_password_reset, get=PUBLIC, post=PUBLIC),
    Case("registry:password-reset-complete", get=PUBLIC, post=NOT_ALLOWED),
    # Officers: moderation, problem reports, verification
    Case("registry:officer-dashboard", get=OFFICER, post=NOT_ALLOWED),
    Case("registry:moderation-queue", get=OFFICER, post=NOT_ALLOWED),
    Case(
        "registry:submission-detail",
        kwargs=lambda w: {"pk": w.own_submission.pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case("registry:problem-reports", get=OFFICER, post=NOT_ALLOWED),
    Case(
        "registry:problem-report-resolve",
        kwargs=lambda w: {"pk": w.own_problem_report.pk},
        get=NOT_ALLOWED,
        post=OWN_MUNICIPALITY,
    ),
    Case("registry:verification", get=OFFICER, post=OFFICER),
    # Pages the law asks for
    Case("registry:privacy", get=PUBLIC, post=NOT_ALLOWED),
    Case("registry:accessibility", get=PUBLIC, post=NOT_ALLOWED),
]
