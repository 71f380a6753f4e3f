"""The effort form, its goals and its organisations, validated, shown and summarised
together: one submit shows every error, the goal rules included."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from partnerships import selectors
from partnerships.forms.effort import (
    EffortForm,
    GoalLinksForm,
    OrganisationLinkFormSet,
    PaymentFormSet,
    organisation_choices,
)
from partnerships.models import Effort, EffortOrganisation
from partnerships.services import EFFORT_FIELDS, goal_errors, payment_errors
from registry.display import EMPTY, display_value
from socialeconomy.forms import initial_from_data


class EffortFormBundle:
    """The effort form, its goals and its organisations: validated, rendered and
    summarised together."""

    def __init__(
        self,
        data=None,
        *,
        municipalities,
        effort: Effort | None = None,
        initial=None,
        goals_initial=None,
        organisation_rows=None,
        payment_rows=None,
    ):
        self.effort = effort
        municipalities = list(municipalities)
        linked_goals = {}
        linked_orgs = []
        payments = []
        if effort is not None and effort.pk:
            payments = [
                {"date": p.date, "amount": p.amount, "note": p.note} for p in effort.payments.all()
            ]
            linked_goals = {link.goal_id: link.note for link in effort.goal_links.all()}
            linked_orgs = [
                {"organisation": link.organisation_id, "role": link.role}
                for link in effort.organisation_links.all()
            ]
        self.effort_form = EffortForm(
            data,
            instance=effort,
            initial=initial,
            units=selectors.effort_units(
                municipalities, current_id=effort.responsible_unit_id if effort else None
            ),
            officers=selectors.effort_officers(
                municipalities, current_id=effort.responsible_officer_id if effort else None
            ),
        )
        goals = list(selectors.effort_goals(municipalities, extra_ids=linked_goals.keys()))
        documents = {goal.document_id: goal.document for goal in goals}.values()
        self.goals_form = GoalLinksForm(
            data,
            initial=goals_initial,
            goals=goals,
            linked=linked_goals,
            municipality_codes=selectors.document_municipality_codes(documents),
        )
        linked_ids = [row["organisation"] for row in linked_orgs]
        rows = selectors.effort_organisations(municipalities, linked_ids=linked_ids)
        self.organisations_formset = OrganisationLinkFormSet(
            data,
            prefix="org",
            initial=(linked_orgs if organisation_rows is None else organisation_rows) or None,
            form_kwargs={"organisation_choices": organisation_choices(rows)},
        )
        if organisation_rows is not None:
            self.organisations_formset.extra = 1
        self.payments_formset = PaymentFormSet(
            data,
            prefix="pay",
            initial=(payments if payment_rows is None else payment_rows) or None,
        )
        if payment_rows is not None:
            self.payments_formset.extra = 1

    @classmethod
    def with_another_row(cls, data, **kwargs) -> "EffortFormBundle":
        """The submitted values shown again with one more organisation row and one more
        payment row ("add a row"): unbound, so nothing typed is lost and no error shows
        before the officer saves."""
        submitted = cls(data, **kwargs)
        return cls(
            initial=initial_from_data(submitted.effort_form),
            goals_initial=initial_from_data(submitted.goals_form),
            organisation_rows=[
                initial_from_data(form) for form in submitted.organisations_formset.forms
            ],
            payment_rows=[initial_from_data(form) for form in submitted.payments_formset.forms],
            **kwargs,
        )

    def is_valid(self) -> bool:
        valid = [
            self.effort_form.is_valid(),
            self.goals_form.is_valid(),
            self.organisations_formset.is_valid(),
            self.payments_formset.is_valid(),
        ]
        self._check_goal_rules()
        self._check_payments()
        return all(valid) and self.goals_form.is_valid() and self.payments_formset.is_valid()

    def _check_payments(self) -> None:
        """The services' rule on payments (``services.payment_errors``): together never
        more than awarded, shown above the payments beside every other error."""
        awarded = getattr(self.effort_form, "cleaned_data", {}).get("amount_awarded")
        if awarded is None or not self.payments_formset.is_valid():
            return
        self._add_payment_errors(payment_errors(awarded, self.payments_formset.lines()))

    def _add_payment_errors(self, messages) -> None:
        """Errors about the payments as a whole, shown above them and in the summary."""
        self.payments_formset.non_form_errors().extend(messages)

    def _check_goal_rules(self) -> None:
        """The rules the service applies to goals (``services.goal_errors``), as soon as the
        fields they need are valid: the unit and the start date (and the end date when it
        is valid). So one submit shows the goal errors beside every other error."""
        cleaned = getattr(self.effort_form, "cleaned_data", {})
        unit, start = cleaned.get("responsible_unit"), cleaned.get("start_date")
        if unit is None or start is None:
            return
        effort = Effort(responsible_unit=unit, start_date=start, end_date=cleaned.get("end_date"))
        for key, message in goal_errors(effort, self.goals_form.chosen_goals()).items():
            if key not in self.goals_form.errors:
                self.goals_form.add_error(key, message)

    def service_arguments(self) -> dict:
        ids = self.organisations_formset.chosen_ids()
        organisations = selectors.organisations_by_id(ids)
        return {
            "fields": self.effort_form.effort_fields(),
            "goals": self.goals_form.links(),
            "organisations": self.organisations_formset.links(organisations),
            "payments": self.payments_formset.lines(),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the errors a service raised beside the fields they concern."""
        if not hasattr(error, "error_dict"):
            self.effort_form.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            if key in self.goals_form.fields:
                for message in messages:
                    self.goals_form.add_error(key, message)
            elif key == "goals":
                for message in messages:
                    self.goals_form.add_error(None, message)
            elif key in ("payments", "amount_paid"):
                self._add_payment_errors(messages)
            elif key == "organisations" and self.organisations_formset.forms:
                first = self.organisations_formset.forms[0]
                for message in messages:
                    first.add_error("organisation", message)
            elif key in self.effort_form.fields:
                for message in messages:
                    self.effort_form.add_error(key, message)
            else:
                for message in messages:
                    self.effort_form.add_error(None, message)

    @property
    def has_errors(self) -> bool:
        formset = self.organisations_formset
        return bool(
            self.effort_form.errors
            or self.goals_form.errors
            or formset.total_error_count()
            or self.payments_formset.total_error_count()
        )

    def differences(self, current: Effort) -> list[dict]:
        """What the submitted (valid) form says against what is saved now."""
        rows = []
        cleaned = self.effort_form.cleaned_data
        for name in EFFORT_FIELDS:
            field = self.effort_form.fields[name]
            mine, saved = cleaned.get(name), getattr(current, name)
            if isinstance(saved, Decimal) and mine is not None:
                same = saved == Decimal(mine)
            else:
                same = mine == saved
            if not same:
                rows.append(
                    {
                        "label": field.label,
                        "saved": _show(name, field, saved),
                        "yours": _show(name, field, mine),
                    }
                )
        saved_goals = sorted(
            f"{link.goal.code}{': ' + link.note if link.note else ''}"
            for link in current.goal_links.all()
        )
        my_goals = sorted(
            f"{link.goal.code}{': ' + link.note if link.note else ''}"
            for link in self.goals_form.links()
        )
        if saved_goals != my_goals:
            rows.append(
                {
                    "label": _("Policy goals"),
                    "saved": "; ".join(saved_goals) or EMPTY,
                    "yours": "; ".join(my_goals) or EMPTY,
                }
            )
        chosen = selectors.organisations_by_id(self.organisations_formset.chosen_ids())
        names = {pk: organisation.name for pk, organisation in chosen.items()}
        roles = dict(EffortOrganisation.Role.choices)
        saved_orgs = sorted(
            f"{link.organisation.name} ({link.get_role_display()})"
            for link in current.organisation_links.all()
        )
        my_orgs = sorted(
            f"{names.get(form.cleaned_data['organisation'], '?')} "
            f"({roles.get(form.cleaned_data['role'], '')})"
            for form in self.organisations_formset.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        )
        if saved_orgs != my_orgs:
            rows.append(
                {
                    "label": _("Organisations"),
                    "saved": "; ".join(saved_orgs) or EMPTY,
                    "yours": "; ".join(my_orgs) or EMPTY,
                }
            )
        saved_payments = sorted(_payment(p.date, p.amount) for p in current.payments.all())
        my_payments = sorted(_payment(p.date, p.amount) for p in self.payments_formset.lines())
        if saved_payments != my_payments:
            rows.append(
                {
                    "label": _("Payments"),
                    "saved": "; ".join(saved_payments) or EMPTY,
                    "yours": "; ".join(my_payments) or EMPTY,
                }
            )
        return rows


def _show(name: str, field, value) -> str:
    """A value of the effort form as the table of differences shows it: the unit and the
    officer as the form lists them, the rest as every page shows a stored value."""
    if value is not None and hasattr(field, "label_from_instance"):
        return field.label_from_instance(value)
    return display_value(Effort._meta.get_field(name), value)


def _payment(day, amount) -> str:
    return f"{formats.date_format(day, 'SHORT_DATE_FORMAT')}: {formats.localize(amount)} kr"
