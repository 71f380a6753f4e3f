"""The access matrix: every URL pattern of the project, resolved from the URL conf (so a
new view cannot escape it), opened by every role with GET and with POST, against the
answer its Case designs (``rules.py`` explains Cases, roles and rules).

Django's admin is Django's own (``tests.urlwalk`` leaves it out): its index is checked
once below, for staff only."""

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access_matrix
from tests.access_matrix import rules
from tests.access_matrix.rules import Answer, Case
from tests.conftest import CommittingClient
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db


def _collect_cases() -> list[Case]:
    cases = []
    for module in pkgutil.iter_modules(tests.access_matrix.__path__):
        if module.name.startswith("cases_"):
            imported = importlib.import_module(f"tests.access_matrix.{module.name}")
            cases.extend(imported.CASES)
    return cases


CASES = _collect_cases()
ROUTE_NAMES = {route.name for route in routes()}
METHODS = ("get", "post")


def test_every_url_pattern_has_a_case():
    missing = sorted(ROUTE_NAMES - {case.name for case in CASES})
    assert not missing, f"URL patterns without a Case in tests/access_matrix/cases_*.py: {missing}"


def test_every_case_names_a_url_pattern():
    unknown = sorted({case.name for case in CASES} - ROUTE_NAMES)
    assert not unknown, f"Cases naming no URL pattern: {unknown}"


def test_cases_are_not_repeated():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_url_pattern_is_named():
    """A pattern without a name could not be given a Case."""

    def unnamed(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name != "admin":
                    yield from unnamed(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and not entry.name:
                yield prefix + str(entry.pattern)

    assert not list(unnamed(get_resolver()))


def _is_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("registry:login") + "?next="
    )


def answer_of(response) -> Answer | None:
    """What the response is, in the matrix's terms (None: none of them)."""
    status = response.status_code
    if _is_sign_in(response):
        return Answer.SIGN_IN
    if status in (200, 400) or status in (301, 302, 303):
        return Answer.ALLOWED
    return {403: Answer.FORBIDDEN, 404: Answer.NOT_FOUND, 405: Answer.METHOD_NOT_ALLOWED}.get(
        status
    )


def answer(world, case: Case, role: str, method: str):
    """The response to ``role``'s ``method`` request of the case's URL, in a savepoint
    of its own (rolled back: the next role finds the world as it was)."""
    with transaction.atomic():
        client = CommittingClient()
        world.sign_in(client, role)
        url = reverse(case.name, kwargs=case.url_kwargs(world) or None)
        response = client.get(url) if method == "get" else client.post(url, {})
        transaction.set_rollback(True)
    return url, response


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_designed_answer(world, case, method):
    """Each role's answer, all roles of one URL and method in one test (the world is
    built once per module; one test per request would spend more on set-up than on the
    requests). Every wrong answer is named."""
    rule = case.rule(method)
    wrong = []
    for role in rules.ROLES:
        url, response = answer(world, case, role, method)
        expected = rule.answers[role]
        if answer_of(response) != expected:
            wrong.append(
                f"{method.upper()} {url} as {role}: expected {expected.value} ({rule}), "
                f"got {response.status_code} {response.get('Location', '')}".rstrip()
            )
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (rules.ANONYMOUS, False),
        (rules.NO_ROLE, False),
        (rules.OFFICER_OWN, False),
        (rules.ADMINISTRATOR, True),
    ],
)
def test_djangos_admin_is_for_staff_only(client, world, role, allowed):
    world.sign_in(client, role)
    response = client.get(reverse("admin:index"))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
