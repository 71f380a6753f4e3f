"""The duplicates report: pairs of entries that may be one organisation.

A pair is listed when the two share a public e-mail address, a phone number (its digits,
``+46`` read as ``0``), a website (host and path, without scheme, ``www.`` or a final
slash), or have names of trigram similarity at least ``NAME_SIMILARITY`` within the
same home municipality. The organisation number is not compared: the database refuses
two entries with the same one (``Organisation.org_number`` is unique).

Built for a national register: each rule is a self-join on an indexed expression
(``org_email_key_idx``, ``org_phone_key_idx``, ``org_website_key_idx``, the same
expressions as ``registry.models.organisation.email_key`` and its siblings), and the
names through the composite GIN index of home municipality and trigrams
(``org_home_name_trgm``) with pg_trgm's ``%`` operator. For an officer the driving side
is the officer's entries (``access.organisation_scope``); measurements are in
``docs/benchmarks.md``.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.access import organisation_scope
from registry.models import DuplicateDismissal, Organisation

QUERY_CANCELED = "57014"  # PostgreSQL's code for a statement cut off by its timeout

# Names this similar (pg_trgm's similarity, 0 to 1) in one municipality are listed.
# "Föreningen Linden" and "Lindens förening" are 0.70, "Lekebergs hembygdsförening" and
# "Lekeberg hembygdsförening" 0.89; "Ideell förening Hopp" and "Ideell förening
# Framtid", two different associations, 0.57.
NAME_SIMILARITY = 0.6
# Shorter phone keys (a switchboard extension, a typo) are not compared.
MIN_PHONE_DIGITS = 6
PAGE_SIZE = 25
# The report gives up after this long (milliseconds) and says so, rather than hold a
# database connection: the name rule does not yet meet the national scale (see
# docs/benchmarks.md).
TIMEOUT_MS = 15_000


class ReportTooSlow(Exception):
    """The comparison took longer than ``TIMEOUT_MS``; nothing is shown."""


class Reason:
    EMAIL = "email"
    PHONE = "phone"
    WEBSITE = "website"
    NAME = "name"

    LABELS = {
        EMAIL: _("Same e-mail address"),
        PHONE: _("Same phone number"),
        WEBSITE: _("Same website"),
        NAME: _("Similar names in the same municipality"),
    }


# The expressions of the indexes in registry.models.organisation, written as SQL.
_EMAIL = "lower({t}.email)"
_PHONE = "regexp_replace(regexp_replace({t}.phone, '[^0-9]+', '', 'g'), '^(00)?46', '0')"
_WEBSITE = (
    "regexp_replace(regexp_replace(lower({t}.website), "
    "'^[a-z]+://(www\\.)?|[?#].*$', '', 'g'), '/+$', '')"
)


def _key_rule(reason: str, expression: str, column: str, extra: str = "") -> str:
    """Pairs of a driving entry (``s``, in scope) and any other (``o``) with the same key:
    one probe of the key's index per driving entry (a lateral join)."""
    s, o = expression.format(t="s"), expression.format(t="o")
    return f"""
        SELECT least(s.id, o.id) AS first_id, greatest(s.id, o.id) AS second_id,
               '{reason}' AS reason, NULL::real AS score
        FROM scoped s CROSS JOIN LATERAL (
            SELECT o.id FROM registry_organisation o
            WHERE {o} = {s} AND o.id <> s.id AND o.{column} <> ''
            OFFSET 0  -- kept a probe per entry: not pulled up into a join of whole tables
        ) o
        WHERE s.{column} <> '' {extra}
    """


_NAME_RULE = """
    SELECT least(s.id, o.id), greatest(s.id, o.id), 'name',
           similarity(s.name_folded, o.name_folded)
    FROM scoped s JOIN registry_organisation o
      ON o.home_municipality_id = s.home_municipality_id
     AND o.name_folded %% s.name_folded AND o.id <> s.id
"""


@dataclass
class Pair:
    first: Organisation
    second: Organisation
    reasons: list[str]
    score: float | None
    can_merge: bool
    dismissal: DuplicateDismissal | None = None

    @property
    def entries(self) -> list[Organisation]:
        return [self.first, self.second]

    @property
    def reason_labels(self) -> list:
        return [Reason.LABELS[reason] for reason in self.reasons]


def _scope_sql(user) -> tuple[str, list]:
    queryset = Organisation.objects.filter(organisation_scope(user)).values(
        "id", "email", "phone", "website", "name_folded", "home_municipality_id"
    )
    return queryset.query.sql_with_params()


def _pairs_sql(user) -> tuple[str, list]:
    scope_sql, params = _scope_sql(user)
    phone_long = f"AND length({_PHONE.format(t='s')}) >= {MIN_PHONE_DIGITS}"
    rules = " UNION ALL ".join(
        [
            _key_rule(Reason.EMAIL, _EMAIL, "email"),
            _key_rule(Reason.PHONE, _PHONE, "phone", phone_long),
            _key_rule(Reason.WEBSITE, _WEBSITE, "website"),
            _NAME_RULE,
        ]
    )
    sql = f"""
        WITH scoped AS MATERIALIZED ({scope_sql}),
        pairs AS (
            SELECT first_id, second_id, array_agg(DISTINCT reason ORDER BY reason) AS reasons,
                   max(score) AS score
            FROM ({rules}) found
            GROUP BY first_id, second_id
        )
        SELECT first_id, second_id, reasons, score, count(*) OVER () AS total
        FROM pairs p
        WHERE NOT EXISTS (
            SELECT 1 FROM registry_duplicatedismissal d
            WHERE d.first_id = p.first_id AND d.second_id = p.second_id
        )
        ORDER BY cardinality(reasons) DESC, score DESC NULLS LAST, first_id, second_id
        LIMIT %s OFFSET %s
    """
    return sql, list(params)


def _organisations(ids) -> dict[int, Organisation]:
    return Organisation.objects.select_related("home_municipality").in_bulk(ids)


def _editable(user, ids) -> set[int]:
    return set(
        Organisation.objects.filter(organisation_scope(user), pk__in=ids).values_list(
            "pk", flat=True
        )
    )


def candidate_pairs(user, *, page: int = 1) -> tuple[list[Pair], int]:
    """A page of the pairs that involve an entry the user may edit (all for an
    administrator), not dismissed; most reasons first, then the most similar names.
    Returns the pairs and how many there are in all; ``ReportTooSlow`` after
    ``TIMEOUT_MS``."""
    sql, params = _pairs_sql(user)
    offset = (max(page, 1) - 1) * PAGE_SIZE
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [NAME_SIMILARITY])
            cursor.execute("SET LOCAL statement_timeout = %s", [TIMEOUT_MS])
            cursor.execute(sql, [*params, PAGE_SIZE, offset])
            rows = cursor.fetchall()
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
            raise ReportTooSlow from error
        raise
    total = rows[0][4] if rows else 0
    ids = {pk for row in rows for pk in row[:2]}
    organisations = _organisations(ids)
    editable = _editable(user, ids)
    pairs = [
        Pair(
            first=organisations[first],
            second=organisations[second],
            reasons=list(reasons),
            score=score,
            can_merge=first in editable and second in editable,
        )
        for first, second, reasons, score, _total in rows
        if first in organisations and second in organisations
    ]
    return pairs, total


def dismissed_pairs(user):
    """The dismissed pairs that involve an entry the user may edit, newest first."""
    scope = Organisation.objects.filter(organisation_scope(user)).values("pk")
    return DuplicateDismissal.objects.filter(
        Q(first__in=scope) | Q(second__in=scope)
    ).select_related("first__home_municipality", "second__home_municipality", "dismissed_by")


def ordered(first_id: int, second_id: int) -> tuple[int, int]:
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


def duplicate_dismiss(*, first_id: int, second_id: int, officer: User) -> DuplicateDismissal:
    """Say two entries are different organisations; dismissing a pair twice is one
    dismissal."""
    first_id, second_id = ordered(first_id, second_id)
    existing = DuplicateDismissal.objects.filter(first_id=first_id, second_id=second_id).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return DuplicateDismissal.objects.create(
                first_id=first_id, second_id=second_id, dismissed_by=officer
            )
    except IntegrityError:  # dismissed at the same moment by someone else
        return DuplicateDismissal.objects.get(first_id=first_id, second_id=second_id)


def duplicate_undismiss(*, first_id: int, second_id: int) -> None:
    first_id, second_id = ordered(first_id, second_id)
    DuplicateDismissal.objects.filter(first_id=first_id, second_id=second_id).delete()
