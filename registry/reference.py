"""Reference data as form choices, cached: it changes a few times a year, while the
directory's filter form needs all of it on every request.

The lists are cached under the reference data's version (``DataVersion.REFERENCE``),
which every save or delete of reference data changes in its transaction: every app
server sees new lists as soon as the change is committed.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from registry.models import (
    ActivityArea,
    County,
    DataVersion,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
)

CHOICES_TIMEOUT = 24 * 60 * 60


def version() -> str:
    """Changes whenever reference data is saved or deleted (``clear``)."""
    return DataVersion.current(DataVersion.REFERENCE)


def _cached(name: str, build) -> list:
    key = f"registry:reference:{version()}:{name}:{get_language() or 'sv'}"
    choices = cache.get(key)
    if choices is None:
        choices = build()
        cache.set(key, choices, CHOICES_TIMEOUT)
    return choices


def legal_form_choices() -> list[tuple[str, str]]:
    return _cached("legal_forms", lambda: [(f.code, f.name) for f in LegalForm.objects.all()])


def activity_area_choices() -> list[tuple[str, str]]:
    return _cached("areas", lambda: [(a.slug, a.name) for a in ActivityArea.objects.all()])


def activity_area_ids() -> dict[str, int]:
    return _cached("area_ids", lambda: dict(ActivityArea.objects.values_list("slug", "pk")))


def global_goal_choices() -> list[tuple[int, str]]:
    return _cached("goals", lambda: [(g.number, str(g)) for g in GlobalGoal.objects.all()])


def county_choices() -> list[tuple[str, str]]:
    return _cached("counties", lambda: [(c.code, c.name) for c in County.objects.all()])


def municipality_choices() -> list[tuple[str, str]]:
    return _cached("municipalities", lambda: [(m.code, m.name) for m in Municipality.objects.all()])


def municipality_choices_by_county() -> list[tuple[str, list[tuple[str, str]]]]:
    """The municipalities grouped by county, counties and municipalities by name."""

    def build():
        groups: dict[str, list[tuple[str, str]]] = {}
        for code, name, county in Municipality.objects.order_by("county__name", "name").values_list(
            "code", "name", "county__name"
        ):
            groups.setdefault(county, []).append((code, name))
        return list(groups.items())

    return _cached("municipalities_by_county", build)


def county_municipality_codes(county_code: str) -> list[str]:
    return _cached(
        f"county_municipalities:{county_code}",
        lambda: list(
            Municipality.objects.filter(county_id=county_code).values_list("code", flat=True)
        ),
    )


def clear(**kwargs) -> None:
    """Start a new version of every cached list (old entries expire on their own)."""
    DataVersion.bump(DataVersion.REFERENCE)


for _model in (ActivityArea, County, GlobalGoal, LegalForm, Municipality, OfferCategory):
    post_save.connect(clear, sender=_model, dispatch_uid=f"registry-reference-{_model.__name__}")
    post_delete.connect(
        clear, sender=_model, dispatch_uid=f"registry-reference-del-{_model.__name__}"
    )
