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

from django.utils import translation
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
    """A table cell as text, as the page shows it (``partnerships_tags.cell``)."""
    from partnerships.templatetags.partnerships_tags import cell

    return cell(value)


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


def chart_png(chart: dict) -> bytes:
    """A chart (the data of static/js/charts.js: ``followup.chart``, ``indicators``)
    drawn by matplotlib (Agg) as a PNG: over years, bars with lines over them; over
    categories, horizontal bars, each label beside its bars, as on screen."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    labels = [
        "\n".join(label) if isinstance(label, list) else str(label) for label in chart["labels"]
    ]
    series = chart.get("series", [])
    axes_titles = chart.get("axes", {})
    horizontal = chart.get("over") == "categories"
    lines_per_label = max([label.count("\n") + 1 for label in labels] or [1])
    height = max(3.2, (0.3 + 0.18 * lines_per_label) * len(labels) + 1.6) if horizontal else 3.8
    figure = Figure(figsize=(7.0, height), dpi=150)
    first = figure.add_subplot()
    plots = {}

    def plot_for(axis: str):
        if axis not in plots:
            if not plots:
                plots[axis] = first
            else:
                plots[axis] = first.twiny() if horizontal else first.twinx()
            title = axes_titles.get(axis, "")
            (plots[axis].set_xlabel if horizontal else plots[axis].set_ylabel)(title)
        return plots[axis]

    positions = list(range(len(labels)))
    bars = [s for s in series if s.get("type") != "line"]
    width = 0.8 / max(1, len(bars))
    handles = []
    for index, item in enumerate(series):
        plot = plot_for(item.get("axis", "count"))
        colour = COLOURS[index % len(COLOURS)]
        values = [0 if v is None else v for v in item["data"]]
        if item.get("type") == "line":
            (handle,) = plot.plot(positions, values, marker="D", color=colour, label=item["label"])
        else:
            n = bars.index(item)
            shifted = [p - 0.4 + width * (n + 0.5) for p in positions]
            draw = plot.barh if horizontal else plot.bar
            size = {"height": width} if horizontal else {"width": width}
            handle = draw(shifted, values, color=colour, label=item["label"], **size)
        handles.append(handle)
    if horizontal:
        first.set_yticks(positions, labels, fontsize="small")
        first.invert_yaxis()
    else:
        first.set_xticks(positions, labels, rotation=0 if len(labels) <= 8 else 45)
    for plot in plots.values():
        plot.set_axisbelow(True)
    if handles:
        first.legend(
            handles=handles, labels=[h.get_label() for h in handles], fontsize="small", loc="best"
        )
    if chart.get("title"):
        figure.suptitle(chart["title"], fontsize="medium")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


COLOURS = ["#0b5394", "#8a4b00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f"]


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
                    document.add_heading(table.title, level=3)
                    if table.definition:
                        run = document.add_paragraph().add_run(table.definition)
                        run.font.size = Pt(9)
                    if table.chart and table.rows:
                        document.add_picture(io.BytesIO(chart_png(table.chart)), width=Cm(16))
                    _docx_table(document, table)
                    for note in table.notes:
                        document.add_paragraph(note).runs[0].font.size = Pt(9)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _docx_table(document, table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    if not table.rows:
        document.add_paragraph(_("No figures for this period."))
        return
    word = document.add_table(rows=1, cols=len(table.columns))
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(word.rows[0].cells, table.columns, strict=True):
        cell.text = str(title)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(word.rows[0])
    for row in table.rows:
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
                        if table.title == block["title"]
                        else f"{table.title} \u2013 {block['title']}"
                    )
                    sheet = workbook.create_sheet(_sheet_title(title, taken))
                    sheet.append([str(column) for column in table.columns])
                    for row in table.rows:
                        sheet.append([("" if v is None else v) for v in row])
                    sheet.freeze_panes = "A2"
                    last = get_column_letter(len(table.columns))
                    sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
                    for index, column in enumerate(table.columns, start=1):
                        values = [str(column)] + [
                            cell_text(row[index - 1]) for row in table.rows if index <= len(row)
                        ]
                        width = min(60, max(len(v) for v in values) + 2)
                        sheet.column_dimensions[get_column_letter(index)].width = width
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
