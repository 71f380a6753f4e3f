"""Writes to reporting requests and their reports.

Keyword-only, atomic, checked for the actor's municipality (``registry.access``):
an officer edits only the requests of the municipalities they work for. Creating a
request and publishing are done once under the form's key (``create_once``); editing a
request or an answer names the version it started from (``save_version``).
"""

import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnerships import reports
from partnerships.models import Answer, AnswerBlock, Question, ReportingRequest, ReportVersion
from registry.access import require_edit_in
from registry.idempotency import create_once
from registry.locking import EditConflict, save_version

__all__ = ["EditConflict"]

REQUEST_FIELDS = [
    "title",
    "instrument",
    "asked_by",
    "municipality",
    "received_on",
    "due_on",
    "diary_number",
    "status",
    "responsible_officer",
]


def _question_create(request: ReportingRequest, text: str, order: int) -> Question:
    question = Question(request=request, order=order, text=text)
    question.full_clean()
    question.save()
    Answer.objects.create(question=question)
    return question


@transaction.atomic
def request_create(
    *, actor, idempotency_key: uuid.UUID, fields: dict, questions: list[str]
) -> tuple[ReportingRequest, bool]:
    """A new request with its questions, in order. Once per key."""

    def create() -> ReportingRequest:
        request = ReportingRequest(**fields, idempotency_key=idempotency_key)
        require_edit_in(actor, request.municipality_id)
        request.full_clean(validate_unique=False)
        request.save()
        for order, text in enumerate(questions, start=1):
            _question_create(request, text, order)
        return request

    return create_once(
        ReportingRequest, key_field="idempotency_key", key=idempotency_key, create=create
    )


def _locked_request(actor, request_id: int) -> ReportingRequest:
    request = ReportingRequest.objects.select_for_update().get(pk=request_id)
    require_edit_in(actor, request.municipality_id)
    return request


@transaction.atomic
def request_update(
    *, actor, request_id: int, version: int, fields: dict, new_questions: list[str]
) -> ReportingRequest:
    """Save an edit of the request made from ``version``, adding ``new_questions`` after
    the others; ``EditConflict`` if someone saved since (unless the same edit arrived
    twice, as after a double click: then nothing more is written)."""
    request = _locked_request(actor, request_id)
    same_fields = all(getattr(request, name) == value for name, value in fields.items())
    if request.version != version:
        texts = list(request.questions.order_by("order").values_list("text", flat=True))
        if same_fields and (not new_questions or texts[-len(new_questions) :] == new_questions):
            return request
        raise EditConflict(request)
    if same_fields and not new_questions:
        return request  # nothing to save
    for name, value in fields.items():
        setattr(request, name, value)
    require_edit_in(actor, request.municipality_id)
    request.full_clean(validate_unique=False)
    save_version(request, started_from=version)
    request.save()
    last = request.questions.aggregate(last=Max("order"))["last"] or 0
    for order, text in enumerate(new_questions, start=last + 1):
        _question_create(request, text, order)
    return request


@transaction.atomic
def question_delete(*, actor, question_id: int) -> None:
    question = Question.objects.select_related("request").get(pk=question_id)
    request = _locked_request(actor, question.request_id)
    question.delete()
    # Keep the order 1, 2, 3 … without gaps.
    for order, remaining in enumerate(request.questions.order_by("order"), start=1):
        if remaining.order != order:
            Question.objects.filter(pk=remaining.pk).update(order=order)


@transaction.atomic
def answer_save(*, actor, answer_id: int, version: int, question_text: str, text: str) -> Answer:
    """The question's wording and the answer's text, from ``version``."""
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer_id)
    require_edit_in(actor, answer.question.request.municipality_id)
    question = answer.question
    if answer.text == text and question.text == question_text:
        return answer
    if answer.version != version:
        raise EditConflict(answer)
    question.text = question_text
    question.full_clean()
    question.save()
    answer.text = text
    answer.full_clean()
    save_version(answer, started_from=version)
    answer.save()
    return answer


def _answer_for_edit(actor, answer_id: int) -> Answer:
    answer = (
        Answer.objects.select_for_update().select_related("question__request").get(pk=answer_id)
    )
    require_edit_in(actor, answer.question.request.municipality_id)
    return answer


@transaction.atomic
def block_add(*, actor, answer_id: int, kind: str, params: dict) -> AnswerBlock:
    """Add a block of data at the end of the answer (its settings already validated by
    ``AnswerBlockForm``)."""
    answer = _answer_for_edit(actor, answer_id)
    last = answer.blocks.aggregate(last=Max("order"))["last"] or 0
    block = AnswerBlock(answer=answer, order=last + 1, kind=kind, params=params)
    block.full_clean()
    block.save()
    return block


@transaction.atomic
def block_delete(*, actor, answer_id: int, block_id: int) -> None:
    answer = _answer_for_edit(actor, answer_id)
    answer.blocks.filter(pk=block_id).delete()


@transaction.atomic
def block_move(*, actor, answer_id: int, block_id: int, up: bool) -> None:
    """Swap the block with the one before (``up``) or after it."""
    answer = _answer_for_edit(actor, answer_id)
    blocks = list(answer.blocks.order_by("order"))
    index = next((i for i, block in enumerate(blocks) if block.pk == block_id), None)
    if index is None:
        return
    other = index - 1 if up else index + 1
    if not 0 <= other < len(blocks):
        return
    first, second = blocks[index], blocks[other]
    orders = first.order, second.order
    # Through a free number: the order is unique per answer.
    free = (answer.blocks.aggregate(last=Max("order"))["last"] or 0) + 1
    AnswerBlock.objects.filter(pk=first.pk).update(order=free)
    AnswerBlock.objects.filter(pk=second.pk).update(order=orders[0])
    AnswerBlock.objects.filter(pk=first.pk).update(order=orders[1])


@transaction.atomic
def report_publish(
    *, actor, request_id: int, idempotency_key: uuid.UUID
) -> tuple[ReportVersion, bool]:
    """Freeze the report as it is now into a new published version. Once per key."""

    def create() -> ReportVersion:
        request = _locked_request(actor, request_id)
        request = reports.request_for_report(request.pk)
        number = (request.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        published_at = timezone.now()
        version = ReportVersion(
            request=request,
            number=number,
            published_at=published_at,
            published_by=actor,
            idempotency_key=idempotency_key,
            content=reports.snapshot(request, number=number, published_at=published_at),
        )
        version.full_clean(validate_unique=False)
        version.save()
        if request.status in (request.Status.RECEIVED, request.Status.IN_PROGRESS):
            save_version(request, started_from=request.version)
            request.status = request.Status.ANSWERED
            request.save(update_fields=["status"])
        return version

    return create_once(
        ReportVersion, key_field="idempotency_key", key=idempotency_key, create=create
    )
