"""Reporting requests for officers, and the published reports for everyone.

Officers read every request (``officer_required``); they create and edit requests,
answers and blocks, and publish, only for their own municipalities
(``registry.access``). Drafts are never public: the public pages show published
versions only, frozen (``ReportVersion.content``), and 404 for a request without one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships import report_output, report_services, reports
from partnerships.forms.reports import (
    AnswerBlockForm,
    AnswerForm,
    PublishForm,
    ReportingRequestForm,
)
from partnerships.models import Answer, AnswerBlock, Question, ReportingRequest, ReportVersion
from partnerships.views.common import paginate
from registry import access
from registry.access import officer_required
from registry.models import Municipality
from socialeconomy.forms import new_key

PAGE_SIZE = 25


def _municipalities(user):
    """The municipalities the user may file requests for."""
    if user.is_superuser:
        return list(Municipality.objects.order_by("name"))
    return list(access.editable_municipalities(user).order_by("name"))


# --- Officers: reporting requests ------------------------------------------------------------


@require_safe
@officer_required
def request_list(request):
    requests = (
        ReportingRequest.objects.select_related("municipality", "responsible_officer")
        .annotate(published=Count("versions"), last_published=Max("versions__published_at"))
        .order_by("due_on", "-received_on", "id")
    )
    context = paginate(request, requests, PAGE_SIZE)
    return render(
        request,
        "partnerships/reports/request_list.html",
        {
            **context,
            "requests": context["page"].object_list,
            "today": timezone.localdate(),
            "can_create": bool(_municipalities(request.user)),
        },
    )


def _render_request_form(request, form, *, reporting_request=None, conflict=None, status=200):
    return render(
        request,
        "partnerships/reports/request_form.html",
        {"form": form, "reporting_request": reporting_request, "conflict": conflict},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@officer_required
def request_create(request):
    municipalities = _municipalities(request.user)
    if not municipalities:
        return render(request, "partnerships/no_municipality.html", status=403)
    if request.method == "POST":
        form = ReportingRequestForm(request.POST, municipalities=municipalities)
        if form.is_valid():
            try:
                created, is_new = report_services.request_create(
                    actor=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    fields=form.model_fields(),
                    questions=form.question_texts(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if is_new:
                    messages.success(request, _("The reporting request is saved."))
                return redirect(created)
        return _render_request_form(request, form)
    form = ReportingRequestForm(
        municipalities=municipalities,
        initial={
            "idempotency_key": new_key(),
            "received_on": timezone.localdate(),
            "responsible_officer": request.user.pk,
            "municipality": municipalities[0].code if len(municipalities) == 1 else None,
        },
    )
    return _render_request_form(request, form)


def _request_for_edit(user, pk) -> ReportingRequest:
    reporting_request = get_object_or_404(ReportingRequest.objects.all(), pk=pk)
    access.require_edit_in(user, reporting_request.municipality_id)
    return reporting_request


@require_http_methods(["GET", "POST"])
@officer_required
def request_edit(request, pk):
    reporting_request = _request_for_edit(request.user, pk)
    municipalities = _municipalities(request.user)
    if request.method == "POST":
        form = ReportingRequestForm(
            request.POST, instance=reporting_request, municipalities=municipalities
        )
        if form.is_valid():
            try:
                report_services.request_update(
                    actor=request.user,
                    request_id=reporting_request.pk,
                    version=form.cleaned_data["version"] or 0,
                    fields=form.model_fields(),
                    new_questions=form.question_texts(),
                )
            except report_services.EditConflict as error:
                current = error.current
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = ReportingRequestForm(data, instance=current, municipalities=municipalities)
                form.is_valid()
                return _render_request_form(
                    request, form, reporting_request=current, conflict=current, status=409
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(reporting_request)
        return _render_request_form(request, form, reporting_request=reporting_request)
    form = ReportingRequestForm(
        instance=ReportingRequest.objects.get(pk=pk),
        municipalities=municipalities,
        initial={"version": reporting_request.version},
    )
    return _render_request_form(request, form, reporting_request=reporting_request)


@require_safe
@officer_required
def request_detail(request, pk):
    try:
        reporting_request = reports.request_for_report(pk)
    except ReportingRequest.DoesNotExist:
        raise Http404 from None
    can_edit = access.can_edit_in(request.user, reporting_request.municipality_id)
    return render(
        request,
        "partnerships/reports/request_detail.html",
        {
            "reporting_request": reporting_request,
            "body": reports.report_body(reporting_request),
            "versions": list(reporting_request.versions.order_by("-number")),
            "can_edit": can_edit,
            "publish_form": PublishForm(initial={"idempotency_key": new_key()}),
            "today": timezone.localdate(),
        },
    )


@require_POST
@officer_required
def request_publish(request, pk):
    reporting_request = _request_for_edit(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The report was not published: try again."))
        return redirect(reporting_request)
    version, created = report_services.report_publish(
        actor=request.user,
        request_id=reporting_request.pk,
        idempotency_key=form.cleaned_data["idempotency_key"],
    )
    if created:
        messages.success(
            request, _("Version %(number)s is published.") % {"number": version.number}
        )
    return redirect(reporting_request)


def _answer_context(reporting_request, question, answer, *, form, block_form, preview=None):
    blocks = list(answer.blocks.order_by("order"))
    return {
        "reporting_request": reporting_request,
        "question": question,
        "answer": answer,
        "form": form,
        "block_form": block_form,
        "blocks": [
            (block, reports.block_content(reporting_request, block.kind, block.params))
            for block in blocks
        ],
        "preview": preview,
    }


@require_http_methods(["GET", "POST"])
@officer_required
def answer_edit(request, pk, question_pk):
    """The report editor for one question: the question's wording and the answer's text,
    the blocks of data with live figures, and a form that previews and adds a block.
    Every button is a plain form submit, drawn on the server."""
    reporting_request = _request_for_edit(request.user, pk)
    question = get_object_or_404(Question, pk=question_pk, request=reporting_request)
    answer, _created = Answer.objects.get_or_create(question=question)
    form = AnswerForm(
        initial={"version": answer.version, "question_text": question.text, "text": answer.text}
    )
    block_form = AnswerBlockForm(request=reporting_request)
    preview, status = None, 200
    post = request.POST
    if request.method == "POST" and ("preview_block" in post or "add_block" in post):
        block_form = AnswerBlockForm(post, request=reporting_request)
        if block_form.is_valid():
            kind, params = block_form.cleaned_data["kind"], block_form.params()
            if "add_block" in post:
                report_services.block_add(
                    actor=request.user, answer_id=answer.pk, kind=kind, params=params
                )
                messages.success(request, _("The block is added to the answer."))
                return redirect(request.path + "#blocks")
            preview = reports.block_content(reporting_request, kind, params)
    elif request.method == "POST" and (
        "delete_block" in post or "move_up" in post or "move_down" in post
    ):
        block_id = post.get("delete_block") or post.get("move_up") or post.get("move_down")
        block = get_object_or_404(
            AnswerBlock, pk=block_id if block_id.isdigit() else 0, answer=answer
        )
        if "delete_block" in post:
            report_services.block_delete(actor=request.user, answer_id=answer.pk, block_id=block.pk)
            messages.success(request, _("The block is removed."))
        else:
            report_services.block_move(
                actor=request.user, answer_id=answer.pk, block_id=block.pk, up="move_up" in post
            )
        return redirect(request.path + "#blocks")
    elif request.method == "POST" and "delete_question" in post:
        report_services.question_delete(actor=request.user, question_id=question.pk)
        messages.success(request, _("The question and its answer are removed."))
        return redirect(reporting_request)
    elif request.method == "POST":
        form = AnswerForm(post)
        if form.is_valid():
            try:
                report_services.answer_save(
                    actor=request.user,
                    answer_id=answer.pk,
                    version=form.cleaned_data["version"] or 0,
                    question_text=form.cleaned_data["question_text"],
                    text=form.cleaned_data["text"],
                )
            except report_services.EditConflict as error:
                answer = error.current
                data = post.copy()
                data["version"] = str(answer.version)
                form = AnswerForm(data)
                form.is_valid()
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The answer is saved."))
                return redirect(reporting_request)
    context = _answer_context(
        reporting_request, question, answer, form=form, block_form=block_form, preview=preview
    )
    context["conflict"] = answer if status == 409 else None
    return render(request, "partnerships/reports/answer_form.html", context, status=status)


# --- Public reports ------------------------------------------------------------------------------


def published_requests():
    latest = ReportVersion.objects.order_by("-number").only("request_id", "number", "published_at")
    return (
        ReportingRequest.objects.filter(versions__isnull=False)
        .distinct()
        .select_related("municipality")
        .prefetch_related(Prefetch("versions", queryset=latest))
        .order_by("-received_on", "-id")
    )


@require_safe
def public_report_list(request):
    context = paginate(request, published_requests(), PAGE_SIZE)
    return render(
        request,
        "partnerships/reports/public_list.html",
        {**context, "requests": context["page"].object_list},
    )


def _version(pk, number=None) -> ReportVersion:
    versions = ReportVersion.objects.filter(request_id=pk).select_related("request")
    if number is None:
        version = versions.order_by("-number").first()
    else:
        version = versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


def _render_version(request, version: ReportVersion):
    content = version.content
    return render(
        request,
        "partnerships/reports/public_report.html",
        {
            "version": version,
            "content": content,
            "body": reports.version_body(content),
            "versions": list(
                ReportVersion.objects.filter(request_id=version.request_id)
                .order_by("-number")
                .only("number", "published_at", "request_id")
            ),
        },
    )


@require_safe
def public_report(request, pk):
    return _render_version(request, _version(pk))


@require_safe
def public_report_version(request, pk, number):
    return _render_version(request, _version(pk, number))


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def public_report_docx(request, pk, number):
    version = _version(pk, number)
    return _download(
        report_output.docx_bytes(version.content),
        report_output.DOCX_TYPE,
        report_output.filename(version.content, "docx"),
    )


@require_safe
def public_report_xlsx(request, pk, number):
    version = _version(pk, number)
    return _download(
        report_output.xlsx_bytes(version.content),
        report_output.XLSX_TYPE,
        report_output.filename(version.content, "xlsx"),
    )
