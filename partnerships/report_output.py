"""A published report as files: DOCX (python-docx) for the diary system and XLSX
(openpyxl) of every table. Both are written from the version's frozen content, so they
hold exactly what the published page shows.

Charts in the DOCX are PNG images drawn on the server by matplotlib with its Agg
backend (no display, no browser) from the same Chart.js config the page draws: bars for
categories (horizontal, as on screen), bars and a line over time.
"""

import datetime
import io
import re

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from partnerships.reports import version_body

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(content: dict, extension: str) -> str:
    stem = slugify(f"{content['municipality']['name']} {content['title']}")[:80] or "rapport"
    return f"{stem}-v{content['number']}.{extension}"


def cell_text(value) -> str:
    """A table cell as text, numbers grouped in the active language."""
    if value is None or value == "":
        return "\u2013"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if isinstance(value, float):
        places = 0 if value == int(value) else 2
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return str(value)


def _meta_lines(content: dict, body: dict) -> list[str]:
    lines = [
        f"{_('Municipality')}: {content['municipality']['name']}",
        f"{_('Instrument')}: {body['instrument']}",
        f"{_('Who asked')}: {content['asked_by']}",
    ]
    if content.get("diary_number"):
        lines.append(f"{_('Diary number')}: {content['diary_number']}")
    lines.append(f"{_('Received')}: {body['received']}")
    if body.get("due"):
        lines.append(f"{_('Due')}: {body['due']}")
    lines.append(
        _("Version %(number)s, published %(date)s")
        % {"number": content["number"], "date": body["published"]}
    )
    return lines


# --- Charts as images ------------------------------------------------------------------------


def chart_png(config: dict, *, title: str = "") -> bytes:
    """The Chart.js config drawn by matplotlib (Agg) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    data = config.get("data", {})
    labels = [
        " ".join(label) if isinstance(label, list) else str(label)
        for label in data.get("labels", [])
    ]
    datasets = data.get("datasets", [])
    horizontal = config.get("options", {}).get("indexAxis") == "y"
    height = max(3.2, 0.45 * len(labels) + 1.6) if horizontal else 3.6
    figure = Figure(figsize=(7.0, height), dpi=150)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bars = [d for d in datasets if d.get("type", config.get("type")) == "bar"]
    lines = [d for d in datasets if d.get("type") == "line"]
    width = 0.8 / max(1, len(bars))
    axis_of = {}
    second = None

    def target(dataset):
        nonlocal second
        axis = dataset.get("xAxisID") or dataset.get("yAxisID") or "count"
        if not axis_of:
            axis_of[axis] = axes
        if axis not in axis_of:
            second = axes.twiny() if horizontal else axes.twinx()
            axis_of[axis] = second
        return axis_of[axis]

    handles = []
    for index, dataset in enumerate(bars):
        shift = [p - 0.4 + width * (index + 0.5) for p in positions]
        colour = dataset.get("backgroundColor") or None
        plot = target(dataset)
        values = [v or 0 for v in dataset.get("data", [])]
        if horizontal:
            handles.append(
                plot.barh(shift, values, height=width, color=colour, label=dataset.get("label"))
            )
        else:
            handles.append(
                plot.bar(shift, values, width=width, color=colour, label=dataset.get("label"))
            )
    for dataset in lines:
        plot = target(dataset)
        values = [v or 0 for v in dataset.get("data", [])]
        (line,) = plot.plot(
            positions,
            values,
            marker="D",
            color=dataset.get("borderColor"),
            label=dataset.get("label"),
        )
        handles.append(line)
    scales = config.get("options", {}).get("scales", {})
    for axis_id, plot in axis_of.items():
        text = scales.get(axis_id, {}).get("title", {}).get("text", "")
        (plot.set_xlabel if horizontal else plot.set_ylabel)(text)
    if horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
    else:
        axes.set_xticks(positions, labels, rotation=0 if len(labels) < 8 else 45)
    if title:
        figure.suptitle(title)
    if handles:
        axes.legend(
            handles=handles, labels=[h.get_label() for h in handles], loc="best", fontsize="small"
        )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


# --- DOCX ----------------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def docx_bytes(content: dict, language: str | None = None) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    language = language or (translation.get_language() or "sv")[:2]
    with translation.override(language):
        body = version_body(content, language)
        document = Document()
        published = datetime.datetime.fromisoformat(content["published_at"])
        properties = document.core_properties
        properties.title = content["title"]
        properties.subject = content["municipality"]["name"]
        properties.identifier = content.get("diary_number") or ""
        properties.keywords = "; ".join(
            filter(None, [content["municipality"]["name"], content.get("diary_number")])
        )
        properties.category = body["instrument"]
        properties.created = published
        properties.modified = published
        properties.revision = content["number"]
        properties.language = language
        properties.comments = "\n".join(_meta_lines(content, body))
        properties.author = content["municipality"]["name"]

        section = document.sections[0]
        header = section.header.paragraphs[0]
        header.text = " · ".join(
            filter(
                None,
                [content["municipality"]["name"], content.get("diary_number"), body["published"]],
            )
        )
        document.add_heading(content["title"], level=0)
        for line in _meta_lines(content, body):
            document.add_paragraph(line)
        for question in body["questions"]:
            document.add_heading(
                _("Question %(number)s: %(text)s")
                % {"number": question["order"], "text": question["text"]},
                level=1,
            )
            for paragraph in _paragraphs(question["answer"]):
                document.add_paragraph(paragraph)
            for block in question["blocks"]:
                document.add_heading(block["title"], level=2)
                if block.get("note"):
                    document.add_paragraph(block["note"]).italic = True
                for table in block["tables"]:
                    document.add_heading(table["title"], level=3)
                    if table.get("definition"):
                        run = document.add_paragraph().add_run(table["definition"])
                        run.font.size = Pt(9)
                    if table.get("chart") and table["rows"]:
                        document.add_picture(
                            io.BytesIO(chart_png(table["chart"], title=table["title"])),
                            width=Cm(16),
                        )
                    _docx_table(document, table)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _docx_table(document, table: dict) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    if not table["rows"]:
        document.add_paragraph(_("No figures for this period."))
        return
    word = document.add_table(rows=1, cols=len(table["columns"]))
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(word.rows[0].cells, table["columns"], strict=True):
        cell.text = str(title)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(word.rows[0])
    for row in table["rows"]:
        cells = word.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = cell_text(value)


def _repeat_header(row) -> None:
    """The header row repeats on every page the table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


# --- XLSX ----------------------------------------------------------------------------------------

SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = SHEET_NAME.sub(" ", title).strip()[:28] or "Tabell"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:25]} ({n})"
        n += 1
    taken.add(name.lower())
    return name


def xlsx_bytes(content: dict, language: str | None = None) -> bytes:
    """A sheet about the report, then a sheet for every table: frozen header row,
    autofilter, columns as wide as their contents; numbers stay numbers."""
    language = language or (translation.get_language() or "sv")[:2]
    with translation.override(language):
        body = version_body(content, language)
        workbook = Workbook()
        about = workbook.active
        about.title = _("Report")[:31]
        about.append([content["title"]])
        for line in _meta_lines(content, body):
            about.append([line])
        about.column_dimensions["A"].width = 80
        taken = {about.title.lower()}
        for question in body["questions"]:
            for block in question["blocks"]:
                for table in block["tables"]:
                    title = (
                        block["title"]
                        if table["title"] == block["title"]
                        else f"{table['title']} \u2013 {block['title']}"
                    )
                    sheet = workbook.create_sheet(_sheet_title(title, taken))
                    sheet.append([str(column) for column in table["columns"]])
                    for row in table["rows"]:
                        sheet.append([("" if v is None else v) for v in row])
                    sheet.freeze_panes = "A2"
                    last = get_column_letter(len(table["columns"]))
                    sheet.auto_filter.ref = f"A1:{last}{max(1, len(table['rows']) + 1)}"
                    for index, column in enumerate(table["columns"], start=1):
                        values = [str(column)] + [
                            cell_text(row[index - 1]) for row in table["rows"] if index <= len(row)
                        ]
                        width = min(60, max(len(v) for v in values) + 2)
                        sheet.column_dimensions[get_column_letter(index)].width = width
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
