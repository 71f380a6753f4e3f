"""Search-as-you-type: the organisation names suggested while someone types a query."""

import re
import unicodedata

from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Lookup,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length, Lower

from registry.models import Organisation

# The browser asks from this many characters on; shorter queries get no suggestions.
MIN_QUERY_LENGTH = 2
SUGGESTION_LIMIT = 8
# The query's first words count; more could only narrow an already short list.
MAX_QUERY_WORDS = 8
# The suggestions are ranked among at most this many matching names, so that a query
# that matches tens of thousands ("fö") costs no more than one that matches a few.
MAX_CANDIDATES = 500

# A word of a name starts at the beginning of the name or after one of these. The set is
# small and explicit, not "anything but a letter" (\W): pg_trgm turns "(^|[ -])mo" into
# the word-start trigram " mo" and so narrows even a two-letter word through the name
# index, but gives up on a class as large as \W, or on any character above U+07FF in the
# pattern (so typographic dashes and quotes are not in the set). And a letter is never a
# separator, whatever the database's locale, so "ening" does not suggest
# "Idrottsförening".
WORD_SEPARATORS = " \t-/&.,:;()[]\"'\u00ab\u00bb+!?"
_SEPARATOR_CLASS = "[" + re.sub(r"([^\w\s])", r"\\\1", WORD_SEPARATORS) + "]"
_WORD_START = f"(^|{_SEPARATOR_CLASS})"
_WORD_REST = f"[^{_SEPARATOR_CLASS[1:-1]}]*{_SEPARATOR_CLASS}+"

# Letters and digits: the query's words. Anything else in a query separates words, so a
# word never holds a LIKE wildcard or a regular-expression character.
_QUERY_WORD = re.compile(r"[^\W_]+")


def _fold(expression) -> Func:
    return Func(expression, function="registry_fold", output_field=CharField())


class _Regex(Lookup):
    """``lhs ~ rhs``: a regular expression, case-sensitive (both sides are folded)."""

    lookup_name = "folded_regex"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ~ {rhs}", [*lhs_params, *rhs_params]


class _ILike(Lookup):
    """``lhs ILIKE rhs`` on PostgreSQL, the form the trigram index serves (Django's
    ``icontains`` compares ``UPPER(name)``, which no index covers)."""

    lookup_name = "trigram_ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def query_words(query: str) -> list[str]:
    """The runs of letters and digits in ``query`` (NFC), at most ``MAX_QUERY_WORDS``:
    "Motala-Vad" gives ["Motala", "Vad"], "100%" gives ["100"]."""
    return _QUERY_WORD.findall(unicodedata.normalize("NFC", query))[:MAX_QUERY_WORDS]


def _regex_narrows(word: str) -> bool:
    """pg_trgm extracts trigrams from the word-start regular expression for this word:
    it has no character above U+07FF (Latin, Greek, Cyrillic, Hebrew, Arabic)."""
    return all(ord(char) <= 0x7FF for char in word)


def organisation_suggestions(query: str, *, limit: int = SUGGESTION_LIMIT) -> list[Organisation]:
    """Published organisations whose name has, for every word of ``query``, a word that
    starts with it (case-insensitive): "motala idr" suggests "Motala Idrottsförening".

    Words are runs of letters and digits (``query_words``); in a name a word starts at
    its beginning or after one of ``WORD_SEPARATORS``. Order: active before ceased; then
    names that start with the query word by word ("mot idr" starts "Motala
    Idrottsförening"); then shorter names; then by name. The ranking is among the first
    ``MAX_CANDIDATES`` matches the database finds, so it is exact whenever fewer match,
    and otherwise picks from a sample of that many (another letter narrows it).

    Only ``name``, ``slug``, ``status`` and the home municipality's ``name`` are loaded.
    A query shorter than ``MIN_QUERY_LENGTH`` characters or without a letter or digit
    gives an empty list without a query; anything else is one query.

    What it relies on:
    - ``Organisation.name_folded`` (``registry_fold(name)``: lower case, accents removed)
      and its trigram GIN index ``org_name_folded_trgm``. Name and query are
      folded alike, so "forening" suggests "Förening" and "angel" "Ängelholms …". The
      exact test of each word, ``name_folded ~ registry_fold('(^|[separators])
      word')``, is served from that index (the pattern is folded once, at planning, as
      ``registry_fold`` is immutable): pg_trgm takes the word's trigrams and the
      word-start ones ("  w", " wo"), so even a two-letter word narrows. Only a word with
      characters above U+07FF, from which pg_trgm extracts nothing out of a regular
      expression, narrows as ``ILIKE '%word%'`` instead, which needs three characters; a
      query with no word that narrows (two CJK characters) gets no suggestions rather
      than a scan of the table. (``ILIKE`` beside the regular expression for every word
      was measured: the same rows, a third slower, as the index is read twice.)
    """
    words = query_words(query)
    if len(" ".join(query.split())) < MIN_QUERY_LENGTH or not words:
        return []
    if not any(_regex_narrows(word) or len(word) >= 3 for word in words):
        return []
    folded_name = F("name_folded")
    matches = Q()
    for word in words:
        if not _regex_narrows(word) and len(word) >= 3:
            matches &= Q(_ILike(folded_name, _fold(Value(f"%{word}%"))))
        matches &= Q(_Regex(folded_name, _fold(Value(_WORD_START + word))))
    candidates = (
        Organisation.objects.filter(
            matches, publication_state=Organisation.PublicationState.PUBLISHED
        )
        .order_by()
        .values("pk")[:MAX_CANDIDATES]
    )
    starts_with_query = _Regex(folded_name, _fold(Value("^" + _WORD_REST.join(words))))
    suggestions: QuerySet[Organisation] = (
        Organisation.objects.filter(pk__in=candidates)
        .select_related("home_municipality")
        .only("name", "slug", "status", "home_municipality__name")
        .annotate(
            ceased_rank=Case(
                When(status=Organisation.Status.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            prefix_rank=Case(
                When(starts_with_query, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("ceased_rank", "prefix_rank", Length("name"), Lower("name"), "id")
    )
    return list(suggestions[:limit])
