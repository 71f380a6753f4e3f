"""The officers' list as CSV (Swedish Excel) and XLSX: the values, formula injection,
contact persons only with consent, and memory that stays flat however many rows."""

import csv
import datetime
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from registry import exports
from registry.models import LegalForm, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory, UserFactory

CSV = "/handlaggare/registret/export.csv"
XLSX = "/handlaggare/registret/export.xlsx"


@pytest.fixture
def signed_in(client, db):
    client.force_login(OfficerFactory(username="motala", municipalities=["0583"]))
    return client


@pytest.fixture
def entry(db):
    organisation = OrganisationFactory(
        name='=HYPERLINK("http://evil")',
        org_number=None,
        latitude=Decimal("58.537500"),
        longitude=Decimal("15.036400"),
        employees=12,
        last_verified_on=datetime.date(2026, 3, 31),
        city="Motala",
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Synlig Person",
        email="synlig@example.se",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(organisation=organisation, name="Dold Person", email="dold@example.se")
    return organisation


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_is_for_swedish_excel(signed_in, entry):
    OrganisationFactory(name="Annan", home_municipality_id="1814")
    response = signed_in.get(CSV, {"municipality": "0583"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = streamed(response)
    assert body.startswith("\ufeff".encode())
    assert b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    heading, *data = rows
    assert len(data) == 1  # the filter holds
    row = dict(zip(heading, data[0], strict=True))
    assert row["Namn"] == '\'=HYPERLINK("http://evil")'
    assert row["Latitud"] == "58,537500"
    assert row["Senast kontrollerad"] == "2026-03-31"
    assert row["Antal anställda"] == "12"
    assert row["Hemkommun"] == "Motala"
    assert row["Publiceringsstatus"] == "Publicerad"
    assert "Synlig Person" in row["Kontaktpersoner som visas offentligt"]
    assert "Dold" not in body.decode("utf-8-sig")


def test_xlsx_has_a_frozen_filtered_heading_and_typed_values(signed_in, entry):
    response = signed_in.get(XLSX)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(streamed(response)))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}2"
    heading = [cell.value for cell in sheet[1]]
    row = dict(zip(heading, [cell.value for cell in sheet[2]], strict=True))
    assert row["Namn"] == '\'=HYPERLINK("http://evil")'
    assert row["Senast kontrollerad"] == datetime.datetime(2026, 3, 31)
    assert row["Latitud"] == pytest.approx(58.5375)
    assert "Dold" not in str(row)


def test_export_is_for_officers(client, db):
    assert client.get(CSV).status_code == 302
    client.force_login(UserFactory())
    assert client.get(CSV).status_code == 403
    assert client.get(XLSX).status_code == 403


def _register(count: int) -> None:
    legal_form = LegalForm.objects.get(code="61")
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Förening {number:05d}",
            slug=f"forening-{count}-{number}",
            legal_form=legal_form,
            kind=Organisation.Kind.ASSOCIATION,
            home_municipality_id="0583",
            presentation="En förening bland många i registret över den sociala ekonomin.",
            publication_state=Organisation.PublicationState.PUBLISHED,
        )
        for number in range(count)
    )


def _peak(write) -> int:
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_stays_flat_for_the_whole_register(db, fmt):
    def export():
        response = exports.register_response(Organisation.objects.all(), fmt)
        size = 0
        for chunk in response.streaming_content:  # read as the server sends it
            size += len(chunk)
        if fmt == "xlsx":
            response.file_to_stream.close()  # not response.close(): it ends the request
        assert size > 0

    _register(1000)
    small = _peak(export)
    _register(3000)
    large = _peak(export)
    # Four times the rows: far less than four times the memory (chunks of 500).
    assert large < small * 1.5, (small, large)
