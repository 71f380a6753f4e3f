"""Free-text search of the register: what Swedish users type, and how it is ranked.

The database does the work (migration 0008): every organisation has a ``search_vector``
in the ``registry_swedish`` configuration (Swedish stemming after ``unaccent``) with its
name and alternate names (weight A), the tails of long name words and its presentation
and home place (B), what it is and does and where it works (C), and its description and
offers (D). ``registry_search_query`` turns the typed text into a tsquery in web-search
syntax where every word of three letters or more also matches as a prefix.

- An organisation number, with or without the hyphen or in the 12-digit form, finds
  exactly that organisation.
- When nothing matches, the words are taken as misspelt and corrected against the words
  of names, places and activities (``corrected_words``), and the corrected text is
  searched instead; the page says so.
- Relevance: an exact name first, then organisations whose *name* matches every word,
  then the rest. Up to ``COUNT_CAP`` matches are ranked by ``ts_rank`` within those tiers
  (exact words above prefixes); past it, each tier is listed newest first, which
  PostgreSQL answers by walking an index without scoring every match
  (``registry.selectors``). Name order would correlate with the words searched for
  ("Kultur…" names all sort under K) and make such a walk read half the table.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from registry import orgnr
from registry.models import Organisation

CONFIG = "registry_swedish"
# Digits and at most one hyphen (or spaces) in the shape of an organisation number.
_ORG_NUMBER_SHAPE = re.compile(r"^(?:16)?\d{6}[\s-]?\d{4}$|^16\d{10}$")


def org_number_in(query: str) -> str | None:
    """The normalised organisation number the query is, if it is one."""
    compact = query.strip()
    if not _ORG_NUMBER_SHAPE.match(compact):
        return None
    try:
        return orgnr.normalise_org_number(compact)
    except ValidationError:
        return None


def _matches(query: str, column: str = "search_vector") -> RawSQL:
    return RawSQL(
        f'"registry_organisation"."{column}" @@ registry_search_query(%s)',
        (query,),
        output_field=BooleanField(),
    )


def exact_name(query: str) -> RawSQL:
    """The name is the query, ignoring case, accents and spacing."""
    return RawSQL(
        '"registry_organisation"."name_folded" = registry_fold(%s)',
        (query,),
        output_field=BooleanField(),
    )


def rank(query: str) -> RawSQL:
    """ts_rank of the prefix query plus that of the exact words: "förening" ranks a
    name with "förening" above one with "föreningsliv"."""
    return RawSQL(
        'ts_rank("registry_organisation"."search_vector", registry_search_query(%s))'
        ' + ts_rank("registry_organisation"."search_vector",'
        " websearch_to_tsquery('registry_swedish', %s))",
        (query, query),
        output_field=FloatField(),
    )


def matching(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    return queryset.filter(_matches(query))


def name_matching(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Those whose name (or alternate names) holds every word of the query."""
    return queryset.filter(_matches(query, "name_vector"))


def corrected_words(query: str) -> str:
    """Each word of ``query`` that is not a known word replaced by the most similar word
    of any organisation's name, place or activity (migration 0008), or kept when nothing
    is similar enough."""
    words = query.split()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.word, coalesce(
                (SELECT w.display FROM registry_searchword w
                 WHERE w.word = registry_fold(q.word)),
                (SELECT w.display FROM registry_searchword w
                 WHERE w.word %% registry_fold(q.word)
                 ORDER BY similarity(w.word, registry_fold(q.word)) DESC, w.word
                 LIMIT 1))
            FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, position)
            ORDER BY q.position
            """,
            [words],
        )
        return " ".join(suggestion or word for word, suggestion in cursor.fetchall())


@dataclass
class Search:
    """A query taken apart: an organisation number, or words."""

    text: str
    org_number: str | None = None

    @classmethod
    def parse(cls, query: str) -> "Search":
        text = " ".join(query.split())
        return cls(text=text, org_number=org_number_in(text))

    def filter(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if self.org_number:
            return queryset.filter(org_number=self.org_number)
        return matching(queryset, self.text)

    def ranked(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        """Every match scored: for result sets of at most ``COUNT_CAP``."""
        if self.org_number:
            return queryset.order_by("id")
        return queryset.annotate(
            exact=exact_name(self.text),
            name_match=_matches(self.text, "name_vector"),
            rank=rank(self.text),
        ).order_by(F("exact").desc(), F("name_match").desc(), F("rank").desc(), "name", "id")

    def tiers(
        self, queryset: QuerySet[Organisation], matches: QuerySet[Organisation]
    ) -> list[QuerySet[Organisation]]:
        """The matches in relevance tiers, each unordered: exact name, name holds every
        word, the rest. Disjoint, so they can be listed one after the other.

        A name that holds every word is a match (``name_vector`` is part of
        ``search_vector``), so the first two tiers are asked of ``name_vector`` alone:
        one small index, and estimates the planner can trust."""
        exact = Q(exact_name(self.text))
        name = Q(_matches(self.text, "name_vector"))
        return [
            queryset.filter(exact & name),
            queryset.filter(name).exclude(exact),
            matches.exclude(name),
        ]
