"""The reporting requests' pages: who may do what, the editor, publishing, the public
Reports pages. Access for every view: anonymous, an officer of the municipality, an
officer of another, the administrator, a signed-in user without a role."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from partnerships import report_services
from partnerships.models import Answer, AnswerBlock, ReportingRequest, ReportVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("systemforvaltare", "admin@kommun.example.se", "x")


@pytest.fixture
def published(report_world):
    version, _ = report_services.report_publish(
        actor=report_world["officer"],
        request_id=report_world["request"].pk,
        idempotency_key=uuid.uuid4(),
    )
    return version


def officer_pages(world):
    """(url, method, writes) for every officer page of the request."""
    request = world["request"]
    question = world["questions"][0]
    return [
        (reverse("partnerships:request-list"), "get", False),
        (reverse("partnerships:request-create"), "get", False),
        (reverse("partnerships:request-detail", kwargs={"pk": request.pk}), "get", False),
        (reverse("partnerships:request-edit", kwargs={"pk": request.pk}), "get", True),
        (reverse("partnerships:request-edit", kwargs={"pk": request.pk}), "post", True),
        (reverse("partnerships:request-publish", kwargs={"pk": request.pk}), "post", True),
        (
            reverse(
                "partnerships:answer-edit", kwargs={"pk": request.pk, "question_pk": question.pk}
            ),
            "get",
            True,
        ),
        (
            reverse(
                "partnerships:answer-edit", kwargs={"pk": request.pk, "question_pk": question.pk}
            ),
            "post",
            True,
        ),
    ]


def public_pages(version):
    kwargs = {"pk": version.request_id, "number": version.number}
    return [
        reverse("partnerships:report-list"),
        reverse("partnerships:report-detail", kwargs={"pk": version.request_id}),
        reverse("partnerships:report-version", kwargs=kwargs),
        reverse("partnerships:report-docx", kwargs=kwargs),
        reverse("partnerships:report-xlsx", kwargs=kwargs),
    ]


def test_anonymous_users_are_sent_to_sign_in(client, report_world):
    for url, method, _writes in officer_pages(report_world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggning/"), url


def test_signed_in_users_without_a_role_are_refused(client, report_world, plain_user):
    client.force_login(plain_user)
    for url, method, _writes in officer_pages(report_world):
        assert getattr(client, method)(url).status_code == 403, url


def test_the_municipalitys_officer_may_do_everything(client, report_world):
    client.force_login(report_world["officer"])
    for url, method, _writes in officer_pages(report_world):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 302:
            assert not response["Location"].startswith("/inloggning/"), url


def test_an_officer_of_another_municipality_reads_but_never_writes(
    client, report_world, motala_officer
):
    client.force_login(motala_officer)
    request = report_world["request"]
    before = (request.version, ReportVersion.objects.count())
    for url, method, writes in officer_pages(report_world):
        response = getattr(client, method)(url, {"title": "Kapad"} if method == "post" else None)
        assert response.status_code == (403 if writes else 200), url
    request.refresh_from_db()
    assert (request.version, ReportVersion.objects.count()) == before
    assert request.title != "Kapad"
    page = client.get(reverse("partnerships:request-detail", kwargs={"pk": request.pk}))
    assert "Publicera" not in page.content.decode()


def test_the_administrator_may_do_everything(client, report_world, admin):
    client.force_login(admin)
    for url, method, _writes in officer_pages(report_world):
        assert getattr(client, method)(url).status_code in (200, 302), url


def test_published_reports_are_public_for_everyone(client, published, plain_user, admin):
    for user in (None, plain_user, admin):
        if user:
            client.force_login(user)
        for url in public_pages(published):
            assert client.get(url).status_code == 200, url


def test_drafts_are_never_public(client, report_world):
    request = report_world["request"]
    assert (
        client.get(reverse("partnerships:report-detail", kwargs={"pk": request.pk})).status_code
        == 404
    )
    kwargs = {"pk": request.pk, "number": 1}
    for name in ("report-version", "report-docx", "report-xlsx"):
        assert client.get(reverse(f"partnerships:{name}", kwargs=kwargs)).status_code == 404
    assert request.title not in client.get(reverse("partnerships:report-list")).content.decode()


def test_public_pages_refuse_posts(client, published):
    for url in public_pages(published):
        assert client.post(url).status_code == 405


# --- The request form ---------------------------------------------------------------------


def request_data(**overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "title": "Årlig uppföljning av policyn",
        "instrument": "annual_follow_up",
        "asked_by": "Kommunstyrelsen",
        "municipality": "0583",
        "diary_number": "KS 2026/12",
        "received_on": "2026-01-15",
        "due_on": "2026-04-30",
        "status": "received",
        "responsible_officer": "",
        "questions": "Hur har målen följts upp?\nVilka förvaltningar bidrar?",
    }
    data.update(overrides)
    return data


def test_a_request_is_created_once_however_often_it_is_sent(client, motala_officer):
    client.force_login(motala_officer)
    url = reverse("partnerships:request-create")
    data = request_data()
    first = client.post(url, data)
    second = client.post(url, data)
    assert ReportingRequest.objects.count() == 1
    created = ReportingRequest.objects.get()
    assert first["Location"] == second["Location"] == created.get_absolute_url()
    assert list(created.questions.values_list("order", "text")) == [
        (1, "Hur har målen följts upp?"),
        (2, "Vilka förvaltningar bidrar?"),
    ]


def test_the_request_form_says_what_is_missing_and_keeps_what_was_typed(client, motala_officer):
    client.force_login(motala_officer)
    response = client.post(
        reverse("partnerships:request-create"),
        request_data(title="", questions="", due_on="2025-01-01"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors and "questions" in errors
    assert "due_on" in errors or "__all__" in errors
    assert "Kommunstyrelsen" in response.content.decode()
    assert ReportingRequest.objects.count() == 0


def test_an_officer_cannot_file_a_request_for_another_municipality(client, motala_officer):
    client.force_login(motala_officer)
    response = client.post(
        reverse("partnerships:request-create"), request_data(municipality="1814")
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert ReportingRequest.objects.count() == 0


def test_two_editors_of_one_request_do_not_overwrite_each_other(client, report_world):
    client.force_login(report_world["officer"])
    request = report_world["request"]
    url = reverse("partnerships:request-edit", kwargs={"pk": request.pk})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["received_on"], data["due_on"] = "2026-03-02", "2026-06-01"
    data["responsible_officer"] = str(report_world["officer"].pk)
    first = {**data, "title": "Den första ändringen"}
    second = {**data, "title": "Den andra ändringen"}
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.title == "Den första ändringen"
    assert "Den andra ändringen" in response.content.decode()


def test_questions_are_added_after_the_others_once(client, report_world):
    client.force_login(report_world["officer"])
    request = report_world["request"]
    url = reverse("partnerships:request-edit", kwargs={"pk": request.pk})
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        received_on="2026-03-02",
        due_on="2026-06-01",
        responsible_officer=str(report_world["officer"].pk),
        questions="En tredje fråga?",
    )
    client.post(url, data)
    client.post(url, data)  # a double click
    assert list(request.questions.values_list("order", flat=True)) == [1, 2, 3]


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_due_dates_and_what_is_overdue(
    client, report_world, django_assert_max_num_queries
):
    request = report_world["request"]
    ReportingRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(report_world["officer"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("partnerships:request-list")).content.decode()
    assert "Försenad" in page
    ReportingRequest.objects.filter(pk=request.pk).update(status="answered")
    assert "Försenad" not in client.get(reverse("partnerships:request-list")).content.decode()


def test_the_list_costs_the_same_queries_for_many_requests(
    client, report_world, django_assert_num_queries
):
    client.force_login(report_world["officer"])
    url = reverse("partnerships:request-list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        report_services.request_create(
            actor=report_world["officer"],
            idempotency_key=uuid.uuid4(),
            fields={
                "title": f"Fråga {n}",
                "instrument": "question",
                "asked_by": "Liberalerna",
                "municipality": report_world["request"].municipality,
                "received_on": datetime.date(2026, 1, 1),
                "due_on": None,
                "diary_number": "",
                "status": "received",
                "responsible_officer": None,
            },
            questions=["Varför?"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- The editor ----------------------------------------------------------------------------------


def editor_url(world, index=0):
    return reverse(
        "partnerships:answer-edit",
        kwargs={"pk": world["request"].pk, "question_pk": world["questions"][index].pk},
    )


def test_the_editor_previews_a_block_with_live_figures_then_adds_it(client, report_world):
    client.force_login(report_world["officer"])
    url = editor_url(report_world, 1)
    data = {"kind": "goal", "goal": str(report_world["goal"].pk), "first_year": "2022"}
    preview = client.post(url, {**data, "preview_block": ""})
    assert preview.status_code == 200
    assert preview.context["preview"]["title"].startswith("Mål L1")
    assert AnswerBlock.objects.filter(answer__question=report_world["questions"][1]).count() == 1
    added = client.post(url, {**data, "add_block": ""})
    assert added.status_code == 302
    blocks = AnswerBlock.objects.filter(answer__question=report_world["questions"][1])
    assert list(blocks.values_list("kind", flat=True)) == ["timeline", "goal"]
    assert blocks.get(kind="goal").params == {
        "goal": report_world["goal"].pk,
        "first_year": 2022,
        "last_year": None,
    }


def test_the_editor_says_what_a_block_needs(client, report_world):
    client.force_login(report_world["officer"])
    response = client.post(editor_url(report_world), {"kind": "timeline", "preview_block": ""})
    assert response.status_code == 200
    assert "organisation" in response.context["block_form"].errors
    response = client.post(editor_url(report_world), {"preview_block": ""})
    assert "kind" in response.context["block_form"].errors


def test_an_efforts_block_keeps_the_effort_lists_filters(client, report_world):
    client.force_login(report_world["officer"])
    url = editor_url(report_world)
    client.post(url, {"kind": "efforts", "filter-kind": "advice", "filter-q": "", "add_block": ""})
    block = AnswerBlock.objects.filter(kind="efforts").order_by("-order").first()
    assert block.params == {"filter": {"kind": "advice"}}
    page = client.get(report_world["request"].get_absolute_url()).content.decode()
    assert "Startstöd till kooperativet" in page


def test_blocks_move_and_go(client, report_world):
    client.force_login(report_world["officer"])
    url = editor_url(report_world)
    answer = report_world["questions"][0].answer
    goal, _efforts = answer.blocks.order_by("order")
    client.post(url, {"move_down": str(goal.pk)})
    assert list(answer.blocks.order_by("order").values_list("kind", flat=True)) == [
        "efforts",
        "goal",
    ]
    client.post(url, {"delete_block": str(goal.pk)})
    assert list(answer.blocks.values_list("kind", flat=True)) == ["efforts"]


def test_the_answer_is_saved_with_a_lock(client, report_world):
    client.force_login(report_world["officer"])
    url = editor_url(report_world)
    answer = Answer.objects.get(question=report_world["questions"][0])
    data = {"version": str(answer.version), "question_text": "Fråga ett?", "text": "Vårt svar."}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "text": "Ett annat svar."})
    assert response.status_code == 409
    answer.refresh_from_db()
    assert answer.text == "Vårt svar."
    assert "Ett annat svar." in response.content.decode()


def test_publishing_from_the_page_makes_one_version_per_press(client, report_world):
    client.force_login(report_world["officer"])
    url = reverse("partnerships:request-publish", kwargs={"pk": report_world["request"].pk})
    key = str(uuid.uuid4())
    client.post(url, {"idempotency_key": key})
    client.post(url, {"idempotency_key": key})
    assert ReportVersion.objects.count() == 1
    request = ReportingRequest.objects.get()
    assert request.status == "answered"


# --- The files ----------------------------------------------------------------------------------


def test_the_docx_holds_the_report_with_real_tables_and_charts(client, published):
    from docx import Document

    response = client.get(public_pages(published)[3])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    properties = document.core_properties
    assert properties.title == "Ledamotsinitiativ \u2013 Sociala företag"
    assert properties.identifier == "KS 2026/45"
    assert properties.subject == "Lekeberg"
    assert "KS 2026/45" in document.sections[0].header.paragraphs[0].text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("Fråga 1: Hur arbetar kommunen")
    assert any(h.startswith("Fråga 2:") for h in headings)
    assert "Kommunen ger startstöd." in [p.text for p in document.paragraphs]
    by_year = document.tables[0]
    assert [c.text for c in by_year.rows[0].cells][:2] == ["År", "Insatser"]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in by_year.rows[1:]}
    assert rows["2022"][1:4] == ["2", "1", "475\xa0000"]
    assert len(document.inline_shapes) >= 2  # the goal's charts, as PNG images
    timeline = document.tables[-1]
    assert "Startstöd till kooperativet" in timeline.rows[1].cells[2].text


def test_the_xlsx_has_a_sheet_for_every_table(client, published):
    from openpyxl import load_workbook

    response = client.get(public_pages(published)[4])
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 1 + 4  # about the report, then the 4 tables
    by_year = workbook[workbook.sheetnames[1]]
    assert by_year.freeze_panes == "A2"
    assert by_year.auto_filter.ref.startswith("A1:E")
    rows = {row[0]: row for row in by_year.iter_rows(min_row=2, values_only=True)}
    assert rows["2022"][1:5] == (2, 1, 475000, 175000)
    assert by_year.column_dimensions["A"].width > 4
    efforts = workbook[workbook.sheetnames[3]]
    assert efforts["A1"].value == "Insats"
    assert efforts["A2"].value == "IOP med kooperativet"
    assert efforts["F2"].value == 450000


def test_the_public_list_costs_the_same_queries_for_many_reports(client, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("partnerships:report-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    officer = published.published_by
    for n in range(3):
        request, _ = report_services.request_create(
            actor=officer,
            idempotency_key=uuid.uuid4(),
            fields={
                "title": f"Interpellation {n}",
                "instrument": "interpellation",
                "asked_by": "Vänsterpartiet",
                "municipality": published.request.municipality,
                "received_on": datetime.date(2026, 2, 1),
                "due_on": None,
                "diary_number": "",
                "status": "received",
                "responsible_officer": None,
            },
            questions=["Varför?"],
        )
        for _ in range(2):
            report_services.report_publish(
                actor=officer, request_id=request.pk, idempotency_key=uuid.uuid4()
            )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few) <= 6
    assert page.count("Version 2, publicerad") == 3


def test_the_start_page_and_the_partnerships_list_link_to_the_reports(client):
    for url in ("/", reverse("partnerships:public-list")):
        assert 'href="/rapporter/"' in client.get(url).content.decode(), url
