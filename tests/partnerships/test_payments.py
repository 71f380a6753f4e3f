"""Dated payments on an effort: paid out is their sum, kept by the services and checked by
the database at commit; the effort form lists them like its organisations."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partnerships import services
from partnerships.models import Effort, EffortPayment
from partnerships.services import PaymentLine
from tests.partnerships.factories import EffortFactory
from tests.partnerships.test_effort_views import CREATE_URL, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
NOT_THE_SUM = "not the sum of its payments"


def fields(unit, officer, **overrides):
    return {
        "title": "IOP om mötesplats",
        "kind": "iop",
        "status": "ongoing",
        "responsible_unit": unit,
        "responsible_officer": officer,
        "start_date": D(2024, 1, 1),
        "end_date": D(2026, 12, 31),
        "amount_awarded": Decimal("300000"),
        **overrides,
    }


def log(unit, officer, payments):
    return services.effort_log(
        actor=officer,
        idempotency_key=uuid.uuid4(),
        fields=fields(unit, officer),
        goals=[],
        organisations=[],
        payments=payments,
    ).effort


def check_at_commit():
    """What the deferred constraint triggers say when the transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_paid_out_is_the_sum_of_the_payments(motala_unit, motala_officer):
    effort = log(
        motala_unit,
        motala_officer,
        [
            PaymentLine(D(2024, 3, 1), Decimal("100000")),
            PaymentLine(D(2025, 3, 1), Decimal("0.50")),
        ],
    )
    effort.refresh_from_db()
    assert effort.amount_paid == Decimal("100000.50")
    assert list(effort.payments.values_list("date", "amount")) == [
        (D(2024, 3, 1), Decimal("100000.00")),
        (D(2025, 3, 1), Decimal("0.50")),
    ]
    check_at_commit()  # the database agrees
    history = EffortPayment.history.filter(effort_id=effort.pk)
    assert [(h.history_type, h.history_user) for h in history] == [("+", motala_officer)] * 2


def test_payments_above_the_award_are_refused(motala_unit, motala_officer):
    with pytest.raises(ValidationError) as error:
        log(
            motala_unit,
            motala_officer,
            [PaymentLine(D(2024, 3, 1), Decimal("200000")), PaymentLine(D(2025, 3, 1), "100001")],
        )
    assert "add up to 300,001.00 kronor, more than the 300,000.00 awarded" in str(
        error.value.message_dict["payments"]
    )
    assert not Effort.objects.exists()


def test_an_edit_replaces_the_payments_and_keeps_the_unchanged(motala_unit, motala_officer):
    effort = log(motala_unit, motala_officer, [PaymentLine(D(2024, 3, 1), Decimal("100000"))])
    kept = effort.payments.get()
    services.effort_update(
        actor=motala_officer,
        effort_id=effort.pk,
        version=effort.version,
        fields=fields(motala_unit, motala_officer),
        goals=[],
        organisations=[],
        payments=[
            PaymentLine(D(2024, 3, 1), Decimal("100000")),
            PaymentLine(D(2025, 2, 1), Decimal("50000"), "Andra utbetalningen"),
        ],
    )
    effort.refresh_from_db()
    assert effort.amount_paid == Decimal("150000")
    assert effort.payments.filter(pk=kept.pk).exists()
    assert effort.payments.get(date=D(2025, 2, 1)).note == "Andra utbetalningen"
    services.effort_update(
        actor=motala_officer,
        effort_id=effort.pk,
        version=effort.version,
        fields=fields(motala_unit, motala_officer),
        goals=[],
        organisations=[],
        payments=[],
    )
    effort.refresh_from_db()
    assert effort.amount_paid == Decimal("0") and not effort.payments.exists()
    check_at_commit()
    deleted = EffortPayment.history.filter(effort_id=effort.pk, history_type="-")
    assert deleted.count() == 2


def test_the_database_refuses_a_paid_out_that_is_not_the_sum(motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit, payments=[(D(2024, 1, 5), "1000")])
    with pytest.raises(IntegrityError, match=NOT_THE_SUM), transaction.atomic():
        Effort.objects.filter(pk=effort.pk).update(amount_paid=Decimal("999"))
        check_at_commit()
    with pytest.raises(IntegrityError, match=NOT_THE_SUM), transaction.atomic():
        EffortPayment.objects.create(effort=effort, date=D(2024, 2, 1), amount=Decimal("1"))
        check_at_commit()
    with pytest.raises(IntegrityError, match=NOT_THE_SUM), transaction.atomic():
        effort.payments.all().delete()
        check_at_commit()


def test_a_payment_is_more_than_nothing(motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        EffortPayment.objects.create(effort=effort, date=D(2024, 2, 1), amount=Decimal("0"))


def test_deleting_an_effort_takes_its_payments(motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit, payments=[(D(2024, 1, 5), "1000")])
    effort.delete()
    check_at_commit()
    assert not EffortPayment.objects.exists()


def test_the_form_logs_payments(client, motala_officer, motala_unit):
    client.force_login(motala_officer)
    data = form_data(
        motala_unit, motala_officer, payments=[("2024-02-01", "100 000"), ("2025-02-01", "50000")]
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 302
    effort = Effort.objects.get()
    assert effort.amount_paid == Decimal("150000")
    assert effort.payments.count() == 2
    edit = client.get(f"/en/handlaggare/insatser/{effort.pk}/andra/").content.decode()
    assert 'name="pay-1-amount"' in edit and 'name="pay-2-amount"' in edit  # and an empty row


def test_a_payment_row_needs_its_date_and_amount(client, motala_officer, motala_unit):
    client.force_login(motala_officer)
    data = form_data(motala_unit, motala_officer, payments=[("", "1000"), ("2024-02-01", "")])
    response = client.post("/en" + CREATE_URL, data)
    assert response.status_code == 200
    forms = response.context["bundle"].payments_formset.forms
    assert forms[0].errors["date"] == ["Give the day the money was paid."]
    assert forms[1].errors["amount"] == ["Give the amount paid in kronor, more than 0."]
    html = response.content.decode()
    assert 'href="#id_pay-0-date"' in html and 'href="#id_pay-1-amount"' in html
    assert 'value="1000"' in html  # nothing typed is lost
    assert not Effort.objects.exists()


def test_another_payment_row_keeps_what_was_typed(client, motala_officer, motala_unit):
    client.force_login(motala_officer)
    data = form_data(motala_unit, motala_officer, payments=[("2024-02-01", "1000")])
    data["add_payment"] = "1"
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="pay-1-date"' in html
    assert 'value="2024-02-01"' in html
    assert not Effort.objects.exists()
