"""The access matrix's vocabulary: a ``Case`` per URL pattern and the rules it names.

Every URL pattern of the project (``tests.urlwalk.routes()``) needs at least one Case in
a ``tests/access_matrix/cases_<name>.py`` module's ``CASES`` list; ``test_matrix.py``
collects them all, fails for a pattern without a Case and for a Case naming no
pattern, and sends a GET and a POST (with empty data) as each role:

    from tests.access_matrix.rules import (
        Case, PUBLIC, OFFICER, OWN_MUNICIPALITY, ADMIN, CONTACT, NOT_ALLOWED)

    CASES = [
        Case("registry:officer-organisation-edit",
             kwargs=lambda w: {"pk": w.own_organisation.pk},
             get=OWN_MUNICIPALITY, post=OWN_MUNICIPALITY),
    ]

``Case(name, kwargs=..., get=..., post=..., label="")``
- ``name``: the URL pattern's namespaced name, as for ``reverse()``.
- ``kwargs``: the URL's arguments, a dict or a function of the world ``w`` returning one
  (``conftest.World``). It is called inside each test's transaction, after the role has
  signed in and before the request, so it may create what the URL needs (a pair, an
  import, a fresh single-use token): everything is rolled back after the request.
- ``get`` / ``post``: the rule for that method (required, no default: every method of
  every pattern is designed).
- ``label``: tells apart several Cases of one pattern (e.g. an export's formats).

The roles (``ROLES``): ``anonymous``; ``contact`` (not signed in, holding an opened edit
link for ``w.own_organisation``); ``officer_own`` (officer of ``w.own_municipality``);
``officer_other`` (officer of ``w.other_municipality`` only); ``no_role`` (signed in,
in no group); ``admin`` (a superuser).

The answers (``Answer``):
- ``ALLOWED``: the page itself: a 200, a 400 that shows a form with its errors, or a
  redirect that does not go to the sign-in page (the empty POST an allowed role sends
  gets its form back with errors, or is carried out and redirected);
- ``SIGN_IN``: a redirect to the sign-in page (``registry:login``) with ``?next=``;
- ``FORBIDDEN``: 403; ``NOT_FOUND``: 404; ``METHOD_NOT_ALLOWED``: 405.

The rules (``Rule``: the answer for each role):
- ``PUBLIC``: everyone gets the page.
- ``OFFICER``: any officer and the administrator; anonymous users and contacts are sent
  to sign in; signed in without a role: 403.
- ``OWN_MUNICIPALITY``: like OFFICER, but an officer of another municipality gets 403
  (the page acts on ``w.own_municipality``'s data: name such an object in kwargs).
- ``ADMIN``: administrators only; anonymous users and contacts are sent to sign in,
  everyone else signed in gets 403.
- ``CONTACT``: only the holder of an opened edit link for the organisation; everyone
  else 403 (an officer too: self-service is the organisation's own).
- ``NOT_ALLOWED``: 405 for that method, for everyone.

A rule of your own: ``rule("NAME", default_answer, role=answer, ...)`` (or
``Rule("NAME", {role: answer for every role in ROLES})``), e.g. a contact reaching
another organisation's data: ``rule("OTHER_ORGANISATION", Answer.FORBIDDEN,
contact=Answer.NOT_FOUND)``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Answer(Enum):
    ALLOWED = "allowed"
    SIGN_IN = "sent to sign in"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    METHOD_NOT_ALLOWED = "405"


ANONYMOUS = "anonymous"
CONTACT_HOLDER = "contact"
OFFICER_OWN = "officer_own"
OFFICER_OTHER = "officer_other"
NO_ROLE = "no_role"
ADMINISTRATOR = "admin"
ROLES = (ANONYMOUS, CONTACT_HOLDER, OFFICER_OWN, OFFICER_OTHER, NO_ROLE, ADMINISTRATOR)


@dataclass(frozen=True)
class Rule:
    name: str
    answers: dict[str, Answer]

    def __post_init__(self):
        missing = set(ROLES) - set(self.answers)
        if missing:
            raise ValueError(f"rule {self.name} gives no answer for {sorted(missing)}")

    def __repr__(self) -> str:
        return self.name


def rule(name: str, default: Answer, **answers: Answer) -> Rule:
    """A rule answering ``default`` for every role not named in ``answers``."""
    return Rule(name, {role: answers.get(role, default) for role in ROLES})


A = Answer
PUBLIC = rule("PUBLIC", A.ALLOWED)
OFFICER = rule(
    "OFFICER",
    A.ALLOWED,
    anonymous=A.SIGN_IN,
    contact=A.SIGN_IN,
    no_role=A.FORBIDDEN,
)
OWN_MUNICIPALITY = rule(
    "OWN_MUNICIPALITY",
    A.ALLOWED,
    anonymous=A.SIGN_IN,
    contact=A.SIGN_IN,
    no_role=A.FORBIDDEN,
    officer_other=A.FORBIDDEN,
)
ADMIN = rule("ADMIN", A.FORBIDDEN, anonymous=A.SIGN_IN, contact=A.SIGN_IN, admin=A.ALLOWED)
CONTACT = rule("CONTACT", A.FORBIDDEN, contact=A.ALLOWED)
NOT_ALLOWED = rule("NOT_ALLOWED", A.METHOD_NOT_ALLOWED)


@dataclass(frozen=True)
class Case:
    name: str
    get: Rule
    post: Rule
    kwargs: dict | Callable[..., dict] = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name

    def url_kwargs(self, world) -> dict:
        return self.kwargs(world) if callable(self.kwargs) else dict(self.kwargs)

    def rule(self, method: str) -> Rule:
        return {"get": self.get, "post": self.post}[method]
