"""The effort export: international CSV, CSV for Excel set to Swedish, and XLSX, opened
the way a spreadsheet or a script would open them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from partnerships import exports
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory

pytestmark = pytest.mark.django_db

EXPORT = "/en/handlaggare/insatser/export."


@pytest.fixture
def exportable(motala_unit, motala_goals):
    organisation = OrganisationFactory(name="Kvarnens vänner", org_number="802002-4280")
    EffortFactory(
        responsible_unit=motala_unit,
        title='=HYPERLINK("http://example.com")',
        amount_applied=Decimal("20000"),
        amount_awarded=Decimal("12500.50"),
        amount_paid=Decimal("2500"),
        organisations=[(organisation, "partner")],
        goals=[motala_goals["M4"]],
        description="Café; catering, och arbetsträning.",
    )
    EffortFactory(
        responsible_unit=motala_unit,
        title="Lokal",
        kind="premises",
        start_date=datetime.date(2024, 5, 2),
        amount_awarded=Decimal("1000.25"),
        in_kind_value=Decimal("80000"),
    )


@pytest.fixture
def officer_client(client, motala_officer):
    client.force_login(motala_officer)
    return client


def csv_text(response) -> str:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming  # streamed, never built whole in memory
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    return raw.decode("utf-8-sig")


def test_international_csv_has_commas_decimal_points_and_iso_dates(officer_client, exportable):
    response = officer_client.get(EXPORT + "csv")
    assert response["Content-Disposition"].startswith('attachment; filename="insatser-')
    text = csv_text(response)
    assert text.splitlines()[0].startswith("ID,Title,Kind of effort,")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["Title"] == "Lokal")
    assert row["Awarded (SEK)"] == "1000.25"
    assert row["In-kind value (SEK)"] == "80000.00"
    assert row["Start date"] == "2024-05-02"


def test_swedish_csv_has_semicolons_and_decimal_commas(officer_client, exportable):
    response = officer_client.get(EXPORT + "csv-sv", {"kind": "grant"})
    assert response["Content-Disposition"].endswith('-excel-sv.csv"')
    text = csv_text(response)
    heading = text.splitlines()[0]
    assert heading.startswith("ID;Title;Kind of effort;")
    assert "," not in heading  # no heading of ours has a comma: ";" alone separates
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2  # the heading and the one grant
    assert len(rows[0]) == len(exports.columns())
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Applied for (SEK)"] == "20000,00"
    assert row["Awarded (SEK)"] == "12500,50"
    assert row["Paid out (SEK)"] == "2500,00"
    assert row["Start date"] == "2023-03-01"  # ISO dates, which Swedish Excel reads
    assert row["Description"] == "Café; catering, och arbetsträning."  # quoted, intact
    assert row["Title"] == '\'=HYPERLINK("http://example.com")'  # never a formula
    assert row["Organisations"] == "Kvarnens vänner (Partner)"


def test_swedish_csv_in_swedish(officer_client, exportable):
    text = csv_text(officer_client.get("/handlaggare/insatser/export.csv-sv"))
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {row["Titel"] for row in rows} == {'\'=HYPERLINK("http://example.com")', "Lokal"}


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def test_xlsx_has_a_frozen_heading_a_filter_and_fitting_columns(officer_client, exportable):
    sheet = workbook(officer_client.get(EXPORT + "xlsx"))
    cols = exports.columns()
    last = get_column_letter(len(cols))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{last}3"  # the heading and two efforts
    assert sheet["A1"].font.bold
    for index, column in enumerate(cols, start=1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        assert exports.MIN_WIDTH <= width <= exports.MAX_WIDTH
        assert width >= min(len(column.heading), exports.MAX_WIDTH - 2), column.heading
    title = sheet.column_dimensions[get_column_letter(2)].width
    assert title > sheet.column_dimensions["A"].width  # a title needs more room than an ID


def test_xlsx_has_numbers_dates_and_a_total(officer_client, exportable):
    sheet = workbook(officer_client.get(EXPORT + "xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 5  # heading, two efforts, an empty row, the total
    lokal = next(row for row in rows[1:3] if row[header.index("Title")] == "Lokal")
    assert lokal[header.index("Awarded (SEK)")] == 1000.25
    assert isinstance(lokal[header.index("Start date")], datetime.datetime)
    grant = next(row for row in rows[1:3] if row[header.index("Title")] != "Lokal")
    assert grant[header.index("Title")] == '\'=HYPERLINK("http://example.com")'
    assert grant[header.index("Organisations")] == "Kvarnens vänner (Partner)"
    assert grant[header.index("Organisation numbers")] == "802002-4280"
    assert grant[header.index("Organisation identifiers")] == "SE-ON-802002-4280"
    assert grant[header.index("Policy goals")].startswith("M4 ")
    assert lokal[header.index("Start date")].date() == datetime.date(2024, 5, 2)
    awarded = header.index("Awarded (SEK)") + 1
    cell = sheet.cell(row=2, column=awarded)
    assert cell.number_format == "#,##0.00"
    assert sheet.cell(row=2, column=header.index("Start date") + 1).number_format == ("yyyy-mm-dd")
    assert rows[3] == (None,) * len(header)
    total = rows[4]
    assert total[0] == "Total"
    assert sheet.cell(row=5, column=1).font.bold
    for name in ("Applied for (SEK)", "Awarded (SEK)", "Paid out (SEK)", "In-kind value (SEK)"):
        letter = get_column_letter(header.index(name) + 1)
        assert total[header.index(name)] == f"=SUM({letter}2:{letter}3)"
        assert sheet[f"{letter}5"].number_format == "#,##0.00"
    assert total[header.index("Title")] is None
    assert total[header.index("Participants")] is None


def test_xlsx_total_is_labelled_in_swedish(officer_client, exportable):
    sheet = workbook(officer_client.get("/handlaggare/insatser/export.xlsx"))
    assert sheet.title == "Insatser"
    assert sheet.cell(row=5, column=1).value == "Summa"


def test_an_empty_export_still_opens(officer_client):
    sheet = workbook(officer_client.get(EXPORT + "xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and 0 in rows[-1]
    assert sheet.auto_filter.ref.endswith("1")
    text = csv_text(officer_client.get(EXPORT + "csv-sv"))
    assert len(text.splitlines()) == 1


def test_the_list_offers_both_csv_conventions_with_clear_labels(officer_client, exportable):
    html = officer_client.get("/handlaggare/insatser/", {"kind": "iop", "page": "2"})
    html = html.content.decode()
    assert (
        'href="/handlaggare/insatser/export.csv-sv?kind=iop" download>CSV för Excel (svensk)'
        in (html)
    )
    assert 'href="/handlaggare/insatser/export.csv?kind=iop" download>CSV (internationell)' in html
    assert 'href="/handlaggare/insatser/export.xlsx?kind=iop" download>Excel (XLSX)' in html


@pytest.mark.parametrize("fmt", ["csv", "csv-sv"])
def test_export_query_count(officer_client, exportable, fmt, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):  # 10, and the payments
        b"".join(officer_client.get(EXPORT + fmt).streaming_content)


@pytest.mark.parametrize("fmt", ["pdf", "csv-en", "CSV", "xlsx-sv"])
def test_unknown_formats_are_404(officer_client, fmt):
    assert officer_client.get(EXPORT + fmt).status_code == 404
