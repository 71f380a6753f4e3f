"""Public statistics of the register and the support, computed live
(``partnerships.indicators``), for the whole register or one municipality."""

from django import forms
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partnerships import indicators
from registry import choropleth
from registry.models import DataVersion, Municipality
from socialeconomy.forms import PortalForm, style_form

CACHE_SECONDS = 24 * 60 * 60
YEARS = 10  # the period shown: the last ten years, this one included

# (indicator, how many years before this one its period ends)
TABLES = [
    ("organisations_by_kind", 0),
    ("register_social_enterprise", 0),
    ("survival", 2),  # founding years with at least one year after them ended
    ("efforts_by_kind", 0),
    ("efforts_per_year", 0),
    ("resource_equality", 0),
]


class MunicipalityChoiceForm(PortalForm, forms.Form):
    kommun = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [("", _("The whole register"))] + [
            (m.code, m.name) for m in Municipality.objects.order_by("name")
        ]
        self.fields["kommun"].error_messages["invalid_choice"] = _(
            "Choose a municipality on the list, or the whole register."
        )
        style_form(self)


@require_safe
def statistics(request, code: str | None = None):
    municipality = get_object_or_404(Municipality, code=code) if code else None
    chooser = MunicipalityChoiceForm(
        request.GET if "kommun" in request.GET else None,
        initial={"kommun": code or ""},
    )
    if chooser.is_bound and chooser.is_valid():
        chosen = chooser.cleaned_data["kommun"]
        if chosen != (code or ""):
            if chosen:
                return redirect("partnerships:statistics-municipality", code=chosen)
            return redirect("partnerships:statistics")
    return render(
        request,
        "partnerships/statistics.html",
        {
            "municipality": municipality,
            "chooser": chooser,
            "tables": statistics_tables(code),
            "map": support_map(code),
        },
    )


def _versions() -> tuple[str, str]:
    return (
        DataVersion.current(DataVersion.REGISTER),
        DataVersion.current(DataVersion.EFFORT_LOG),
    )


def support_map(code: str | None) -> choropleth.Choropleth:
    """The support per municipality on a map: the published efforts active in the
    period, by the municipality of their responsible unit, for the whole country (the
    municipality ``code``, if any, marked). Its figures are cached like the tables."""
    this_year = timezone.localdate().year
    first, last = this_year - YEARS + 1, this_year
    key = ":".join(["partnerships", "statistics", "map", str(this_year), *_versions()])
    counts = cache.get(key)
    if counts is None:
        scope = indicators.Scope(None, None, public_only=True)
        counts = indicators.efforts_per_municipality(scope, first, last)
        cache.set(key, counts, CACHE_SECONDS)

    def label(name: str, count: int) -> str:
        return ngettext("%(name)s: %(count)s effort", "%(name)s: %(count)s efforts", count) % {
            "name": name,
            "count": choropleth.formatted(count),
        }

    return choropleth.build(
        counts,
        id="support-map",
        title=_now("Support per municipality, %(first)s\u2013%(last)s")
        % {"first": first, "last": last},
        description=_now(
            "Each municipality is coloured by how many published efforts were active in "
            "%(first)s\u2013%(last)s whose responsible unit belongs to it (an effort counts in "
            "every year it runs, and once in the period). Each municipality leads to its "
            "own statistics."
        )
        % {"first": first, "last": last},
        count_label=_now("Efforts"),
        label=label,
        url=lambda code, count: reverse("partnerships:statistics-municipality", args=[code]),
        current=code,
    )


def statistics_tables(code: str | None) -> list[indicators.Table]:
    """The page's tables, computed live and kept in the cache under the register's and
    the effort log's version tokens (``DataVersion``), which every write changes: never
    stale. At 300 000 organisations a cold page takes seconds (docs/benchmarks.md), too
    long for a public page computed on every request."""
    this_year = timezone.localdate().year
    key = ":".join(
        ["partnerships", "statistics", code or "all", get_language(), str(this_year), *_versions()]
    )
    tables = cache.get(key)
    if tables is None:
        tables = [
            indicators.table(
                indicator,
                municipality_codes=[code] if code else None,
                first_year=this_year - YEARS + 1 - back,
                last_year=this_year - back,
                public_only=True,
            )
            for indicator, back in TABLES
        ]
        cache.set(key, tables, CACHE_SECONDS)
    return tables
