"""Dated payments on an effort (EffortPayment); the effort's paid-out total becomes
their sum, kept by the services and checked by the database at every commit.

Data: every effort with a paid-out total gets one payment of that total, dated at its end
date when it has ended (an end date not after the day of the migration), else at its
start date, with a note saying so, and a history row ("+") for it. The paid-out column
stays (the list pages, exports and the check "paid not above awarded" read it); two
deferred constraint triggers check at commit that it equals the sum of the payments, so
no write path, bulk loads included, can leave them apart.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MIGRATE_PAID = """
INSERT INTO partnerships_effortpayment (effort_id, date, amount, note)
SELECT id,
       CASE WHEN end_date IS NOT NULL AND end_date <= CURRENT_DATE THEN end_date
            ELSE start_date END,
       amount_paid,
       'Överfört vid införandet av utbetalningar: hela det utbetalda beloppet, '
       || 'daterat till insatsens slutdatum (eller startdatum om den inte har slutat).'
FROM partnerships_effort
WHERE amount_paid > 0;
INSERT INTO partnerships_historicaleffortpayment
    (id, effort_id, date, amount, note, history_date, history_type, history_change_reason)
SELECT id, effort_id, date, amount, note, now(), '+', 'migration 0007_payments'
FROM partnerships_effortpayment;
"""

UNMIGRATE_PAID = """
DELETE FROM partnerships_historicaleffortpayment;
DELETE FROM partnerships_effortpayment;
"""

CHECK_PAID = """
CREATE FUNCTION partnerships_check_paid(effort bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    stored numeric;
    total numeric;
BEGIN
    SELECT amount_paid INTO stored FROM partnerships_effort WHERE id = effort;
    IF NOT FOUND THEN
        RETURN;  -- the effort was deleted, and its payments with it
    END IF;
    SELECT COALESCE(SUM(amount), 0) INTO total
    FROM partnerships_effortpayment WHERE effort_id = effort;
    IF stored <> total THEN
        RAISE EXCEPTION 'effort %: paid out % is not the sum of its payments (%)',
            effort, stored, total
            USING ERRCODE = '23514', CONSTRAINT = 'effort_paid_is_sum_of_payments';
    END IF;
END $$;

CREATE FUNCTION partnerships_paid_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'partnerships_effort' THEN
        PERFORM partnerships_check_paid(NEW.id);
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM partnerships_check_paid(OLD.effort_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM partnerships_check_paid(NEW.effort_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER effort_paid_is_sum_of_payments
AFTER INSERT OR UPDATE OF amount_paid ON partnerships_effort
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partnerships_paid_trigger();

CREATE CONSTRAINT TRIGGER payments_sum_is_paid_out
AFTER INSERT OR UPDATE OR DELETE ON partnerships_effortpayment
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partnerships_paid_trigger();
"""

UNCHECK_PAID = """
DROP TRIGGER payments_sum_is_paid_out ON partnerships_effortpayment;
DROP TRIGGER effort_paid_is_sum_of_payments ON partnerships_effort;
DROP FUNCTION partnerships_paid_trigger();
DROP FUNCTION partnerships_check_paid(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_data_version_replaces_log_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="effort",
            name="amount_paid",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                help_text="The sum of the payments; never more than awarded.",
                max_digits=14,
                validators=[django.core.validators.MinValueValidator(Decimal("0.00"))],
                verbose_name="paid out (SEK)",
            ),
        ),
        migrations.AlterField(
            model_name="historicaleffort",
            name="amount_paid",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                help_text="The sum of the payments; never more than awarded.",
                max_digits=14,
                validators=[django.core.validators.MinValueValidator(Decimal("0.00"))],
                verbose_name="paid out (SEK)",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalEffortPayment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="date paid")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="amount (SEK)",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "effort",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.effort",
                        verbose_name="effort",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical payment",
                "verbose_name_plural": "historical payments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="EffortPayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="date paid")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=14,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="amount (SEK)",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "effort",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payments",
                        to="partnerships.effort",
                        verbose_name="effort",
                    ),
                ),
            ],
            options={
                "verbose_name": "payment",
                "verbose_name_plural": "payments",
                "ordering": ["date", "id"],
                "indexes": [
                    models.Index(fields=["effort", "date"], name="payment_effort_date_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)),
                        name="payment_amount_positive",
                        violation_error_message="A payment is more than 0 kronor.",
                    )
                ],
            },
        ),
        migrations.RunSQL(MIGRATE_PAID, UNMIGRATE_PAID),
        migrations.RunSQL(CHECK_PAID, UNCHECK_PAID),
    ]
