"""Reports that answer reporting requests: what a block of data shows, and the frozen
content of a published version.

A block (``AnswerBlock``) is computed live while the report is a draft, and written into
the published version's ``content`` when it is published. Every kind of block becomes
the same thing, a list of ``indicators.Table`` (title, definition, columns, rows, the
data of its chart for static/js/charts.js), so that the screen, print, DOCX and XLSX
draw one structure:

- ``indicator``: one indicator's table and chart for a period and a municipality
  (``partnerships.indicators``);
- ``efforts``: the efforts the effort list's filters pick (``filters.EffortFilter``),
  of the request's municipality unless a filter names another;
- ``timeline``: one organisation's cooperation with the municipality in time order:
  efforts started and ended, decisions, follow-up notes, payments, outcomes;
- ``goal``: a policy goal's follow-up (``followup.goal_report``), by year and by kind.

A published version holds the report in Swedish and in English (labels, column titles
and dates in each language; the officer's texts as written), so it reads the same in
both whatever happens to the data, the catalogue or the translations afterwards.
"""

import datetime

from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partnerships import indicators
from partnerships.filters import EffortFilter
from partnerships.followup import Row, Years, chart, goal_report
from partnerships.models import AnswerBlock, Effort, PolicyGoal, ReportingRequest
from partnerships.selectors import officer_efforts
from registry.models import Municipality, Organisation

LANGUAGES = ("sv", "en")


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


# --- Blocks --------------------------------------------------------------------------------


def _figures_table(key, title, definition, first, rows: list[Row], over) -> indicators.Table:
    """A table of the follow-up's figures, with its chart (``followup.chart``)."""
    columns = [
        first,
        _("Efforts"),
        _("Organisations reached"),
        _("Awarded (SEK)"),
        _("Paid out (SEK)"),
    ]
    body = [
        [
            row.label,
            row.figures.efforts,
            row.figures.organisations,
            row.figures.awarded,
            row.figures.paid,
        ]
        for row in rows
    ]
    chart_rows = [row for row in rows if row.key is not TOTAL]
    return indicators.Table(
        key=key,
        title=title,
        definition=definition,
        columns=columns,
        rows=body,
        chart=chart(chart_rows, title=title, over=over) if chart_rows else None,
    )


TOTAL = object()  # the key of a table's row of totals (not drawn in its chart)


def _period(first, last) -> str:
    if first and last:
        return f"{first}\u2013{last}"
    if first:
        return _("from %(year)s") % {"year": first}
    if last:
        return _("until %(year)s") % {"year": last}
    return _("all years")


def goal_block(request: ReportingRequest, params: dict) -> dict:
    goal = PolicyGoal.objects.select_related("document").filter(pk=params.get("goal")).first()
    if goal is None:
        return _missing(_("The policy goal no longer exists."))
    years = Years(params.get("first_year"), params.get("last_year"))
    report = goal_report(goal, years)
    definition = _(
        "Efforts logged under the goal, the organisations they reached (each counted once) "
        "and kronor awarded and paid out, counted as on the goal follow-up page."
    )
    by_year = list(report.by_year)
    if by_year:
        by_year.append(Row(TOTAL, _("Total"), report.totals))
    title = _("Goal %(code)s: %(name)s") % {"code": goal.code, "name": goal.name}
    period = _period(years.first, years.last)
    return {
        "kind": AnswerBlock.Kind.GOAL,
        "title": title,
        "note": f"{goal.document.title}, {goal.document.owner_name} ({period})",
        "tables": [
            _figures_table(
                f"goal-{goal.pk}-year",
                _("By year"),
                definition,
                _("Year"),
                by_year,
                "years",
            ),
            _figures_table(
                f"goal-{goal.pk}-kind",
                _("By kind of effort"),
                definition,
                _("Kind of effort"),
                report.by_kind,
                "categories",
            ),
        ],
    }


def _missing(message: str) -> dict:
    return {"kind": "missing", "title": message, "note": "", "tables": []}


def indicator_block(request: ReportingRequest, params: dict) -> dict:
    key = params.get("indicator")
    known = {item.key: item for item in indicators.catalogue()}
    if key not in known:
        return _missing(_("The indicator is no longer available."))
    code = params.get("municipality") or request.municipality_id
    table = indicators.table(
        key,
        municipality_codes=[code],
        first_year=params["first_year"],
        last_year=params["last_year"],
    )
    municipality = Municipality.objects.filter(code=code).first()
    return {
        "kind": AnswerBlock.Kind.INDICATOR,
        "title": table.title,
        "note": f"{municipality.name if municipality else code}, "
        f"{_period(params['first_year'], params['last_year'])}",
        "tables": [table],
    }


def block_efforts(request: ReportingRequest, params: dict):
    data = dict(params.get("filter") or {})
    queryset = officer_efforts()
    if not data.get("municipality"):
        queryset = queryset.filter(responsible_unit__municipality=request.municipality_id)
    efforts = EffortFilter(data, queryset=queryset)
    return efforts


def efforts_block(request: ReportingRequest, params: dict) -> dict:
    efforts = block_efforts(request, params)
    rows = [
        [
            effort.title,
            effort.get_kind_display(),
            effort.responsible_unit.name,
            effort.period_display,
            effort.get_status_display(),
            effort.amount_awarded,
            effort.amount_paid,
        ]
        for effort in efforts.qs.order_by("start_date", "id")
    ]
    table = indicators.Table(
        key="efforts",
        title=_("Efforts"),
        definition=_(
            "The efforts in the effort log that the filters below pick, oldest first. "
            "Everything in a published report is public."
        ),
        columns=[
            _("Effort"),
            _("Kind of effort"),
            _("Responsible unit"),
            _("Period"),
            _("Status"),
            _("Awarded (SEK)"),
            _("Paid out (SEK)"),
        ],
        rows=rows,
        chart=None,
    )
    return {
        "kind": AnswerBlock.Kind.EFFORTS,
        "title": _("Efforts"),
        "note": filter_description(efforts),
        "tables": [table],
    }


def filter_description(efforts: EffortFilter) -> str:
    """The filters in words: "Kind of effort: IOP partnership; Status: Ongoing"."""
    form = efforts.form
    form.is_valid()
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if value in (None, ""):
            continue
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        elif isinstance(value, datetime.date):
            value = _date(value)
        parts.append(f"{field.label}: {value}")
    return "; ".join(parts) or _("No filters: every effort of the municipality.")


def timeline_block(request: ReportingRequest, params: dict) -> dict:
    organisation = Organisation.objects.filter(pk=params.get("organisation")).first()
    if organisation is None:
        return _missing(_("The organisation no longer exists."))
    efforts = (
        Effort.objects.filter(
            organisation_links__organisation=organisation,
            responsible_unit__municipality=request.municipality_id,
        )
        .select_related("responsible_unit")
        .prefetch_related("notes", "payments")
        .order_by("start_date", "id")
        .distinct()
    )
    today = timezone.localdate()
    entries: list[tuple] = []
    for effort in efforts:
        entries.append(
            (
                effort.start_date,
                0,
                _("Effort started"),
                effort.title,
                f"{effort.get_kind_display()}, {effort.responsible_unit.name}",
                effort.amount_awarded or None,
            )
        )
        if effort.decision_date:
            entries.append(
                (
                    effort.decision_date,
                    1,
                    _("Decision"),
                    effort.title,
                    " ".join(filter(None, [effort.decision_body, effort.decision_diary_number])),
                    None,
                )
            )
        for note in effort.notes.all():
            entries.append((note.date, 2, note.get_kind_display(), effort.title, note.text, None))
        for payment in effort.payments.all():
            entries.append(
                (payment.date, 3, _("Payment"), effort.title, payment.note, payment.amount)
            )
        outcomes = []
        if effort.work_training_people is not None:
            outcomes.append(
                _("people in work training: %(n)s") % {"n": effort.work_training_people}
            )
        if effort.new_enterprises is not None:
            outcomes.append(_("new enterprises started: %(n)s") % {"n": effort.new_enterprises})
        if effort.outcome_notes:
            outcomes.append(effort.outcome_notes)
        if effort.end_date and effort.end_date <= today:
            entries.append((effort.end_date, 4, _("Effort ended"), effort.title, "", None))
        if outcomes:
            day = min(effort.end_date, today) if effort.end_date else today
            entries.append((day, 5, _("Outcomes"), effort.title, "; ".join(outcomes), None))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    table = indicators.Table(
        key=f"timeline-{organisation.pk}",
        title=_("Cooperation with %(name)s") % {"name": organisation.name},
        definition=_(
            "The municipality's efforts with the organisation, their decisions, follow-up "
            "notes, payments and outcomes, in time order. Outcomes are dated when the "
            "effort ended, or the day of the report while it runs."
        ),
        columns=[
            _("Date"),
            _("Event"),
            _("Effort"),
            pgettext("timeline column", "Details"),
            _("Amount (SEK)"),
        ],
        rows=[
            [_date(day), event, title, text, money]
            for day, _o, event, title, text, money in entries
        ],
        chart=None,
    )
    return {
        "kind": AnswerBlock.Kind.TIMELINE,
        "title": table.title,
        "note": "",
        "tables": [table],
    }


BUILDERS = {
    AnswerBlock.Kind.INDICATOR: indicator_block,
    AnswerBlock.Kind.EFFORTS: efforts_block,
    AnswerBlock.Kind.TIMELINE: timeline_block,
    AnswerBlock.Kind.GOAL: goal_block,
}


def block_content(request: ReportingRequest, kind: str, params: dict) -> dict:
    """What a block shows now, with live figures, in the active language."""
    return BUILDERS[kind](request, params)


# --- The report ----------------------------------------------------------------------------


def request_for_report(pk: int):
    return (
        ReportingRequest.objects.select_related("municipality", "responsible_officer")
        .prefetch_related("questions__answer__blocks")
        .get(pk=pk)
    )


def report_body(request: ReportingRequest) -> dict:
    """The report in the active language, computed now: what the draft preview shows and
    what publishing freezes."""
    questions = []
    for question in request.questions.all():
        try:
            answer = question.answer
        except question._meta.model.answer.RelatedObjectDoesNotExist:
            answer = None
        blocks = []
        if answer is not None:
            blocks = [block_content(request, b.kind, b.params) for b in answer.blocks.all()]
        questions.append(
            {
                "order": question.order,
                "text": question.text,
                "answer": answer.text if answer else "",
                "blocks": blocks,
            }
        )
    return {
        "instrument": request.get_instrument_display(),
        "status": request.get_status_display(),
        "received": _date(request.received_on),
        "due": _date(request.due_on),
        "questions": questions,
    }


def snapshot(request: ReportingRequest, *, number: int, published_at: datetime.datetime) -> dict:
    """The content of a published version: the report in each language, as it is now."""
    content = {
        "title": request.title,
        "asked_by": request.asked_by,
        "municipality": {"code": request.municipality_id, "name": request.municipality.name},
        "diary_number": request.diary_number,
        "received_on": request.received_on.isoformat(),
        "due_on": request.due_on.isoformat() if request.due_on else None,
        "number": number,
        "published_at": published_at.isoformat(),
        "languages": {},
    }
    for language in LANGUAGES:
        with translation.override(language):
            body = report_body(request)
            body["published"] = _date(timezone.localtime(published_at).date())
            content["languages"][language] = _plain(body)
    return content


def _plain(value):
    """JSON for the frozen content: tables as ``Table.as_dict``, lazy translations as
    text in the active language, containers walked."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, indicators.Table):
        return _plain(value.as_dict())
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def version_body(content: dict, language: str | None = None) -> dict:
    """A published version's report in the language asked for (Swedish if it has not)."""
    language = (language or translation.get_language() or "sv")[:2]
    languages = content["languages"]
    body = languages.get(language) or languages["sv"]
    return {
        **body,
        "questions": [
            {
                **question,
                "blocks": [
                    {**block, "tables": [indicators.Table.from_dict(t) for t in block["tables"]]}
                    for block in question["blocks"]
                ],
            }
            for question in body["questions"]
        ],
    }


def tables_of(body: dict) -> list[tuple[str, indicators.Table]]:
    """Every table of a report body with the heading it stands under."""
    found = []
    for question in body["questions"]:
        for block in question["blocks"]:
            for table in block["tables"]:
                found.append((block["title"], table))
    return found
