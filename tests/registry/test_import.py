"""Importing organisations from a spreadsheet: reading CSV and XLSX, mapping columns,
the dry run, all or nothing, re-import, the officer pages and the command."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from registry import imports, search
from registry.history import Source
from registry.models import ImportJob, ImportMapping, Organisation, SearchWord
from tests.factories import OrganisationFactory, make_org_number
from tests.registry.helpers import make_officer

pytestmark = pytest.mark.django_db

HEADER = [
    "Namn",
    "Organisationsnummer",
    "Juridisk form",
    "Typ",
    "Kommun",
    "E-post",
    "Telefon",
    "Webbplats",
    "Utdelningsadress",
    "Postnummer",
    "Ort",
]


def row(
    name,
    number="",
    *,
    form="61",
    kind="Ideell förening",
    municipality="Lekeberg",
    email="",
    postal="",
    city="Fjugesta",
):
    return [name, number, form, kind, municipality, email, "", "", "", postal, city]


def csv_bytes(rows, *, sep=";", encoding="utf-8", header=HEADER) -> bytes:
    lines = [sep.join(header), *(sep.join(cells) for cells in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def lekeberg_settings(**kwargs):
    return imports.ImportSettings(
        municipality_id="1814", allowed_municipalities=frozenset({"1814"}), **kwargs
    )


def plan_of(data: bytes, name="register.csv", **kwargs):
    table = imports.read_table(data, name)
    return imports.plan_import(
        headers=table.headers,
        rows=table.rows,
        mapping=imports.automatic_mapping(table.headers),
        settings=kwargs.pop("settings", None) or lekeberg_settings(),
        **kwargs,
    )


def apply_of(data: bytes, name="register.csv", settings=None, user=None):
    table = imports.read_table(data, name)
    return imports.apply_import(
        headers=table.headers,
        rows=table.rows,
        mapping=imports.automatic_mapping(table.headers),
        settings=settings or lekeberg_settings(),
        user=user,
    )


# --- reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_reads_csv_with_either_separator_and_encoding(sep, encoding):
    data = csv_bytes([row("Åsbro Föreningsgård", city="Örebro")], sep=sep, encoding=encoding)
    table = imports.read_table(data, "register.csv")
    assert table.headers == HEADER
    assert table.rows == [[2, row("Åsbro Föreningsgård", city="Örebro")]]


def test_reads_quoted_cells_with_the_separator_inside():
    data = 'Namn;Ort\n"Kör; och orkester";Fjugesta\n'.encode()
    assert imports.read_table(data, "a.csv").rows == [[2, ["Kör; och orkester", "Fjugesta"]]]


def test_reads_the_first_sheet_of_an_xlsx_workbook():
    data = xlsx_bytes([["Kvarnens IF", "802002-4280", 61, "Ideell förening", 1814]])
    table = imports.read_table(data, "register.xlsx")
    assert table.rows == [[2, ["Kvarnens IF", "802002-4280", "61", "Ideell förening", "1814"]]]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "tom"),
        (b"\r\n \r\n", "a.csv", "tom"),
        (b"%PDF-1.4 ...", "a.pdf", "CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.xls", "xlsx"),
        (b"PK\x03\x04 not a workbook", "a.xlsx", "kunde inte läsas"),
        (b"Namn;Ort\r\n", "a.csv", "ingen organisation"),
        (b"Kvarnens IF;802002-4280;a@b.se\n", "a.csv", "rubrik"),
        (b"\x00\x01\x02binary", "a.csv", "kunde inte läsas"),
    ],
)
def test_a_file_that_cannot_be_imported_says_why(data, name, message):
    with pytest.raises(imports.ImportFileError) as error:
        imports.read_table(data, name)
    assert message in error.value.message


# --- mapping ---------------------------------------------------------------------------


def test_headers_in_swedish_or_english_map_themselves_whatever_the_case_and_accents():
    headers = ["NAMN", "org.nr", "Legal form", "e-post", "Postnummer", "ort", "Anteckning"]
    assert imports.automatic_mapping(headers) == {
        "0": "name",
        "1": "org_number",
        "2": "legal_form",
        "3": "email",
        "4": "postal_code",
        "5": "city",
    }


def test_the_mapping_is_remembered_for_the_municipality_and_header_row():
    headers = ["Föreningsnamn", "Kontakt"]
    assert imports.initial_mapping("1814", headers) == {"0": "name"}
    imports.mapping_remember(municipality_id="1814", headers=headers, mapping={"1": "email"})
    assert imports.initial_mapping("1814", [" föreningsnamn ", "KONTAKT"]) == {"1": "email"}
    assert imports.initial_mapping("0583", headers) == {"0": "name"}
    assert ImportMapping.objects.count() == 1


# --- the dry run -----------------------------------------------------------------------


def test_dry_run_says_what_each_row_would_do_and_changes_nothing():
    existing = OrganisationFactory(
        name="Fjugesta IF", home_municipality_id="1814", org_number="802002-4280"
    )
    data = csv_bytes(
        [
            row("Fjugesta IF", "802002-4280", email="info@fjugesta.se", city=""),
            row("Nya föreningen"),
            row("Trasig", "802002-4281"),
        ]
    )
    before = Organisation.objects.count()
    plan = plan_of(data)
    assert [o.action for o in plan.outcomes] == ["update", "create", "refused"]
    assert plan.outcomes[0].changes == ["email"]
    assert plan.outcomes[0].pk == existing.pk
    assert "kontrollsiffran" in plan.outcomes[2].reasons[0]
    assert plan.outcomes[2].reasons[0].startswith("Organisationsnummer: ")
    assert Organisation.objects.count() == before
    existing.refresh_from_db()
    assert existing.email == ""


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (row(""), "inget namn"),
        (row("A", "900101-1234"), "personnummer"),
        (row("A", email="inte en adress"), "E-post"),
        (row("A", postal="5918"), "Postnummer"),
        (row("A", form="Hittepå"), "juridisk form"),
        (row("A", kind="Klubb"), "Typ"),
        (row("A", municipality="Atlantis"), "kommun"),
        (row("A", municipality="Motala"), "kommuner du arbetar för"),
        (row("A", "556016-0680", form="61"), "inte stämmer"),
        (row("A", form=""), "Juridisk form: Saknas"),
    ],
)
def test_a_row_breaking_a_rule_is_refused_with_its_reason(cells, reason):
    [outcome] = plan_of(csv_bytes([cells])).outcomes
    assert outcome.action == "refused"
    assert reason.lower() in " ".join(outcome.reasons).lower()


def test_names_and_codes_resolve_in_both_languages():
    data = csv_bytes(
        [
            row("A", form="Ideella föreningar", kind="Non-profit association", municipality="1814"),
            row("B", form="51", kind="kooperativ", municipality="Lekebergs kommun"),
            row("C", form="72", kind="Stiftelse", municipality="lekeberg"),
        ]
    )
    plan = plan_of(data)
    assert [o.action for o in plan.outcomes] == ["create"] * 3
    assert [(o.legal_form_id, o.kind, o.home_municipality_id) for o in plan.creates] == [
        ("61", "association", "1814"),
        ("51", "cooperative", "1814"),
        ("72", "foundation", "1814"),
    ]


def test_rows_repeating_each_other_in_the_file_are_refused():
    number = make_org_number("8")
    plan = plan_of(csv_bytes([row("A", number), row("B", number), row("C"), row("C")]))
    assert [o.action for o in plan.outcomes] == ["create", "refused", "create", "refused"]
    assert "rad 2" in plan.outcomes[1].reasons[0]
    assert "rad 4" in plan.outcomes[3].reasons[0]


def test_an_entry_of_another_municipality_cannot_be_changed_by_its_number():
    other = OrganisationFactory(home_municipality_id="0583")
    [outcome] = plan_of(csv_bytes([row("Ny", other.org_number)])).outcomes
    assert outcome.action == "refused"
    assert "kommun du inte arbetar för" in outcome.reasons[0]


def test_an_administrator_may_import_into_any_municipality():
    settings = imports.ImportSettings(municipality_id="0583", allowed_municipalities=None)
    plan = plan_of(csv_bytes([row("A", municipality="Motala")]), settings=settings)
    assert plan.outcomes[0].action == "create"


def test_defaults_for_legal_form_and_kind_fill_empty_cells():
    header = ["Namn", "E-post"]
    data = csv_bytes([["Lekebergs Schackklubb", "schack@example.se"]], header=header)
    refused = plan_of(data).outcomes[0]
    assert refused.action == "refused"
    settings = lekeberg_settings(default_legal_form="61", default_kind="association")
    plan = plan_of(data, settings=settings)
    assert plan.outcomes[0].action == "create"
    assert plan.creates[0].home_municipality_id == "1814"


# --- importing -------------------------------------------------------------------------


def test_import_writes_every_row_with_history_and_search_columns():
    officer = make_officer()
    data = csv_bytes(
        [
            row(
                "Fjugesta Hembygdsförening",
                make_org_number("8"),
                email="info@hembygd.se",
                postal="71631",
            ),
            row("Lekebergs Kooperativ", form="51", kind="Kooperativ"),
        ]
    )
    result = apply_of(data, user=officer)
    assert result.counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 0}
    created = Organisation.objects.get(name="Fjugesta Hembygdsförening")
    assert created.slug == "fjugesta-hembygdsforening"
    assert created.postal_code == "716 31"
    assert created.is_published
    assert list(created.municipalities.values_list("code", flat=True)) == ["1814"]
    assert created.history.get().source == Source.IMPORT
    assert created.history.get().history_user == officer
    # The database's triggers kept the search columns of the rows written in bulk.
    facets = Organisation.objects.values_list("facets", flat=True).get(pk=created.pk)
    assert {"k:association", "l:61", "m:1814"} <= set(facets)
    found = search.Search.parse("hembygdsförening").filter(Organisation.objects.all())
    assert list(found) == [created]
    assert SearchWord.objects.filter(word="hembygdsforening").exists()


def test_draft_chosen_on_upload_keeps_new_entries_unpublished():
    apply_of(csv_bytes([row("Utkastet")]), settings=lekeberg_settings(publish=False))
    assert Organisation.objects.get(name="Utkastet").publication_state == "draft"


def test_one_refused_row_means_nothing_is_written():
    data = csv_bytes([row("Bra förening"), row("Dålig", "123")])
    with pytest.raises(imports.ImportRefused) as refused:
        apply_of(data)
    assert [o.line for o in refused.value.plan.refused] == [3]
    assert not Organisation.objects.filter(name="Bra förening").exists()


def test_re_import_updates_instead_of_duplicating():
    number = make_org_number("8")
    data = csv_bytes([row("Åsbro IF", number), row("Utan nummer", email="a@example.se")])
    apply_of(data)
    again = csv_bytes(
        [row("Åsbro Idrottsförening", number), row("Utan nummer", email="b@example.se")],
        encoding="cp1252",
        sep=",",
    )
    result = apply_of(again)
    assert result.counts == {"create": 0, "update": 2, "unchanged": 0, "refused": 0}
    assert Organisation.objects.count() == 2
    renamed = Organisation.objects.get(org_number=number)
    assert renamed.name == "Åsbro Idrottsförening"
    assert renamed.version == 2
    assert [h.history_type for h in renamed.history.order_by("history_id")] == ["+", "~"]
    assert Organisation.objects.get(name="Utan nummer").email == "b@example.se"
    # The same file a third time changes nothing.
    assert apply_of(again).counts["unchanged"] == 2


def test_empty_cells_leave_values_as_they_are():
    existing = OrganisationFactory(
        name="Kvarnen", home_municipality_id="1814", email="kvarnen@example.se", city="Fjugesta"
    )
    data = csv_bytes([row("Kvarnen", existing.org_number, city="")])
    plan = plan_of(data)
    assert plan.outcomes[0].action == "unchanged"


def test_slugs_of_new_entries_do_not_collide_with_the_register_or_each_other():
    OrganisationFactory(name="Kören", slug="koren")
    apply_of(csv_bytes([row("Kören", make_org_number()), row("Kören", make_org_number())]))
    slugs = sorted(Organisation.objects.filter(name="Kören").values_list("slug", flat=True))
    assert slugs == ["koren", "koren-2", "koren-3"]


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(st.text(max_size=30), min_size=1, max_size=len(HEADER) + 2))
def test_no_cell_value_makes_the_import_fail_other_than_by_refusing(cells):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerow(cells)
    try:
        table = imports.read_table(out.getvalue().encode(), "a.csv")
    except imports.ImportFileError:
        return
    plan = imports.plan_import(
        headers=table.headers,
        rows=table.rows,
        mapping=imports.automatic_mapping(table.headers),
        settings=lekeberg_settings(),
    )
    assert all(o.action in imports.Action.ALL for o in plan.outcomes)
    assert all(o.reasons for o in plan.outcomes if o.action == "refused")


@hypothesis_settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=200), name=st.sampled_from(["a.csv", "a.xlsx", "a", "a.txt"]))
def test_no_bytes_make_reading_fail_other_than_with_a_message(data, name):
    try:
        imports.read_table(data, name)
    except imports.ImportFileError as error:
        assert error.message


# --- the command -----------------------------------------------------------------------


def write(tmp_path, data: bytes, name="register.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_command_imports_and_re_imports(tmp_path, capsys):
    number = make_org_number("8")
    path = write(tmp_path, xlsx_bytes([row("Kommandoföreningen", number)]), "r.xlsx")
    call_command("import_organisations", path, "--municipality", "1814", "--draft")
    assert "1 were created" in capsys.readouterr().out
    imported = Organisation.objects.get(org_number=number)
    assert imported.publication_state == "draft"
    assert imported.history.get().source == Source.IMPORT
    call_command("import_organisations", path, "--municipality", "1814")
    assert "1 unchanged" in capsys.readouterr().out


def test_command_dry_run_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, csv_bytes([row("Provföreningen")]))
    call_command("import_organisations", path, "--municipality", "1814", "--dry-run")
    assert "1 would be created" in capsys.readouterr().out
    assert not Organisation.objects.filter(name="Provföreningen").exists()


def test_command_prints_refused_rows_and_exits_non_zero_writing_nothing(tmp_path, capsys):
    path = write(tmp_path, csv_bytes([row("Bra"), row("Fel", "802002-4281")]))
    with pytest.raises(CommandError) as error:
        call_command("import_organisations", path, "--municipality", "1814")
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    assert "Row 3 (Fel):" in err
    assert "Organisationsnummer" in err
    assert not Organisation.objects.filter(name="Bra").exists()


def test_command_takes_a_mapping_file(tmp_path, capsys):
    header = ["Förening", "Kontakt", "Form"]
    data = csv_bytes([["Mappade IF", "mappad@example.se", "61"]], header=header)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Förening": "name", "Kontakt": "email", "Form": "legal_form"}))
    call_command(
        "import_organisations",
        write(tmp_path, data),
        "--municipality",
        "1814",
        "--mapping",
        str(mapping),
        "--kind",
        "association",
    )
    assert Organisation.objects.get(name="Mappade IF").email == "mappad@example.se"


def test_command_refuses_an_unknown_municipality_or_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="No municipality"):
        call_command("import_organisations", write(tmp_path, b"x"), "--municipality", "9999")
    with pytest.raises(CommandError, match=r"tom|empty"):
        call_command("import_organisations", write(tmp_path, b""), "--municipality", "1814")


# --- the officer pages -----------------------------------------------------------------


@pytest.fixture
def officer(client):
    user = make_officer(municipalities=("1814",))
    client.force_login(user)
    return user


def upload(client, data: bytes, name="register.csv", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("registry:import-upload"),
        {"file": SimpleUploadedFile(name, data), "municipality": "1814", "publish": "1", **fields},
    )


def test_upload_map_dry_run_and_import(client, officer):
    number = make_org_number("8")
    response = upload(client, csv_bytes([row("Webbföreningen", number, email="w@example.se")]))
    job = ImportJob.objects.get()
    assert response.url == reverse("registry:import-mapping", args=[job.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["form"].initial["column_0"] == "name"
    data = {f"column_{i}": name for i, name in imports.automatic_mapping(HEADER).items()}
    response = client.post(reverse("registry:import-mapping", args=[job.pk]), data)
    assert response.url == reverse("registry:import-job", args=[job.pk])
    assert Organisation.objects.filter(name="Webbföreningen").count() == 0
    page = client.get(response.url)
    assert "1 post skapas" in page.content.decode()
    assert "Skapas" in page.content.decode()
    apply_url = reverse("registry:import-apply", args=[job.pk])
    client.post(apply_url)
    client.post(apply_url)  # a double submit imports once
    assert Organisation.objects.filter(name="Webbföreningen").count() == 1
    job.refresh_from_db()
    assert job.status == "done"
    assert job.finished_at is not None
    assert (
        "1 post skapad"
        in client.get(reverse("registry:import-job", args=[job.pk])).content.decode()
    )
    # The mapping is remembered for the next file with these columns.
    assert ImportMapping.objects.get(municipality_id="1814").mapping["0"] == "name"


def test_a_file_with_refused_rows_cannot_be_imported(client, officer):
    upload(client, csv_bytes([row("Bra"), row("Trasig", postal="12")]))
    job = ImportJob.objects.get()
    data = {f"column_{i}": name for i, name in imports.automatic_mapping(HEADER).items()}
    client.post(reverse("registry:import-mapping", args=[job.pk]), data)
    page = client.get(reverse("registry:import-job", args=[job.pk])).content.decode()
    assert "1 rad avvisad" in page
    assert "Postnummer" in page
    client.post(reverse("registry:import-apply", args=[job.pk]))
    assert not Organisation.objects.filter(name="Bra").exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "Filen är tom"),
        (b"Namn;Ort\r\n", "a.csv", "ingen organisation"),
        (b"%PDF", "a.pdf", "CSV-fil"),
    ],
)
def test_upload_errors_are_shown_next_to_the_field(client, officer, data, name, message):
    response = upload(client, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_with_a_message(client, officer, settings):
    settings.IMPORT_MAX_FILE_SIZE = 100
    response = upload(client, csv_bytes([row("A" * 200)]))
    assert "högst 100" in response.content.decode()


def test_an_officer_cannot_import_into_another_municipality(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("registry:import-upload"),
        {
            "file": SimpleUploadedFile("a.csv", csv_bytes([row("A")])),
            "municipality": "0583",
            "publish": "1",
        },
    )
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_another_municipalitys_import_is_forbidden(client, officer):
    other = make_officer("motala", municipalities=("0583",))
    job = ImportJob.objects.create(created_by=other, municipality_id="0583", file_name="m.csv")
    for name in ("import-job", "import-mapping"):
        assert client.get(reverse(f"registry:{name}", args=[job.pk])).status_code == 403
    assert client.post(reverse("registry:import-apply", args=[job.pk])).status_code == 403


def test_the_pages_need_an_officer(client):
    url = reverse("registry:import-upload")
    assert client.get(url).url.startswith(reverse("registry:login"))
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("someone"))
    assert client.get(url).status_code == 403


def test_a_large_file_is_checked_and_imported_by_the_worker(client, officer):
    rows = [row(f"Förening {n}", make_org_number("8")) for n in range(imports.BACKGROUND_FROM + 1)]
    upload(client, csv_bytes(rows))
    job = ImportJob.objects.get()
    data = {f"column_{i}": name for i, name in imports.automatic_mapping(HEADER).items()}
    client.post(reverse("registry:import-mapping", args=[job.pk]), data)
    job.refresh_from_db()
    assert job.status == "planned"  # the test client runs the worker after the request
    assert job.processed == job.total
    page = client.get(reverse("registry:import-job", args=[job.pk]))
    assert page.context["page"].paginator.num_pages == 6
    client.post(reverse("registry:import-apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert Organisation.objects.filter(name__startswith="Förening ").count() == len(rows)


def test_the_job_page_while_it_runs_shows_progress_and_a_refresh_link(client, officer):
    job = ImportJob.objects.create(
        created_by=officer,
        municipality_id="1814",
        file_name="s.csv",
        status="importing",
        rows=[[2, ["A"]]] * 10,
        processed=4,
    )
    page = client.get(reverse("registry:import-job", args=[job.pk])).content.decode()
    assert "4 av 10 rader klara" in page
    assert reverse("registry:import-job", args=[job.pk]) in page


def test_a_row_without_number_matches_the_entry_without_one_when_names_are_shared():
    numbered = OrganisationFactory(name="Kören", home_municipality_id="1814")
    plain = OrganisationFactory(name="Kören", home_municipality_id="1814", org_number=None)
    [without] = plan_of(csv_bytes([row("Kören", email="ny@example.se")])).outcomes
    assert (without.action, without.pk) == ("update", plain.pk)
    [other] = plan_of(csv_bytes([row("Kören", make_org_number())])).outcomes
    assert (other.action, other.pk) == ("update", plain.pk)
    assert numbered.pk != plain.pk


def test_re_import_writes_every_kind_of_field():
    existing = OrganisationFactory(
        name="Gamla", home_municipality_id="1814", org_number="802002-4280"
    )
    header = ["Namn", "Organisationsnummer", "Juridisk form", "Typ", "Grundad",
              "Arbetsintegrerande", "Anställda", "Postnummer", "Webbplats"]  # fmt: skip
    data = csv_bytes(
        [["Nya namnet", "8020024280", "72", "Stiftelse", "1998", "ja", "12", "71631",
          "https://example.se"]],
        header=header,
    )  # fmt: skip
    assert apply_of(data).counts["update"] == 1
    existing.refresh_from_db()
    assert (existing.name, existing.legal_form_id, existing.kind) == (
        "Nya namnet",
        "72",
        "foundation",
    )
    assert (existing.founded_year, existing.work_integrating, existing.employees) == (
        1998,
        True,
        12,
    )
    assert (existing.postal_code, existing.website) == ("716 31", "https://example.se")
    assert existing.history.latest().source == Source.IMPORT
    assert search.Search.parse("nya namnet").filter(Organisation.objects.all()).get() == existing


def test_the_import_pages_query_the_same_for_few_and_many_rows_and_jobs(
    client, officer, django_assert_max_num_queries
):
    def job(rows):
        plan = [{"line": n, "action": "create", "name": f"F{n}", "org_number": "",
                 "reasons": [], "changes": [], "pk": None} for n in range(rows)]  # fmt: skip
        return ImportJob.objects.create(
            created_by=officer, municipality_id="1814", file_name="f.csv", status="planned",
            rows=[[n, ["F"]] for n in range(rows)], plan=plan, counts={"create": rows},
        )  # fmt: skip

    few, many = job(2), job(300)
    client.get(reverse("registry:import-upload"))  # warm the caches of reference data
    with django_assert_max_num_queries(10) as few_queries:
        client.get(reverse("registry:import-job", args=[few.pk]))
    with django_assert_max_num_queries(len(few_queries)):
        client.get(reverse("registry:import-job", args=[many.pk]))
    for _ in range(12):
        job(1)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("registry:import-upload")).status_code == 200


def test_a_change_to_the_register_after_the_dry_run_stops_the_import(client, officer):
    number = make_org_number("8")
    upload(client, csv_bytes([row("Sen förening", number), row("Annan förening")]))
    job = ImportJob.objects.get()
    data = {f"column_{i}": name for i, name in imports.automatic_mapping(HEADER).items()}
    client.post(reverse("registry:import-mapping", args=[job.pk]), data)
    # Meanwhile, Motala registers an organisation with the same number.
    OrganisationFactory(org_number=number, home_municipality_id="0583")
    client.post(reverse("registry:import-apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.counts["refused"] == 1
    assert not Organisation.objects.filter(name="Annan förening").exists()
    page = client.get(reverse("registry:import-job", args=[job.pk])).content.decode()
    assert "Ingenting importerades" in page


def test_the_upload_may_be_larger_than_other_requests_but_not_without_limit(
    client, officer, settings
):
    header = [*HEADER, "Anteckning"]
    rows = [[*row(f"Förening {n}"), "x" * 4000] for n in range(300)]
    data = csv_bytes(rows, header=header)
    assert len(data) > settings.MAX_REQUEST_BODY
    response = upload(client, data)
    assert response.status_code == 302
    settings.IMPORT_MAX_FILE_SIZE = 10_000
    assert upload(client, data).status_code == 413
