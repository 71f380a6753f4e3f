"""Forms for officers: an effort (with its goals and organisations), notes and
reference data. Laid out with crispy forms (Bootstrap 5); the ``<form>`` element, the
CSRF token and the error summary are in the templates, so several forms can share one
page and one summary."""

import datetime
import re
import uuid
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    Effort,
    EffortOrganisation,
    FollowUpNote,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)
from partnerships.services import EFFORT_FIELDS, GoalLink, OrganisationLink
from registry.forms import apply_bootstrap_classes
from registry.models import Municipality, Organisation

DATE_FORMAT = "%Y-%m-%d"
EMPTY = "\u2013"  # an en dash: nothing


def new_key() -> str:
    return str(uuid.uuid4())


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATE_FORMAT)


class SEKField(forms.DecimalField):
    """Kronor as typed by people: "12 500", "12 500,50", "12500.50 kr" are all fine."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]+", "", value)
            value = re.sub(r"(?i)(kr|sek|:-)$", "", value).replace(",", ".")
            if value == "":
                return Decimal("0.00") if not self.required else None
            try:
                Decimal(value)
            except InvalidOperation:
                raise ValidationError(
                    _("Write an amount in kronor, for example 12 500 or 12 500,50."),
                    code="invalid",
                ) from None
        return super().to_python(value)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.municipality.name})"


def crispy_helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


# --- The effort ------------------------------------------------------------------------------


class EffortForm(forms.ModelForm):
    """The effort's own fields. Goals and organisations have their own forms below."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    amount_applied = SEKField(label=_("Applied for (SEK)"), required=False)
    amount_awarded = SEKField(label=_("Awarded (SEK)"), required=False)
    amount_paid = SEKField(
        label=_("Paid out (SEK)"),
        required=False,
        help_text=_("Paid out so far; never more than awarded."),
    )
    in_kind_value = SEKField(
        label=_("In-kind value (SEK)"),
        required=False,
        help_text=_("The value of premises, staff time or other support in kind."),
    )

    class Meta:
        model = Effort
        fields = EFFORT_FIELDS
        field_classes = {
            "responsible_unit": UnitChoiceField,
            "responsible_officer": OfficerChoiceField,
        }
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "decision_date": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "outcome_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        codes = [m.code for m in municipalities]
        current_unit = self.instance.responsible_unit_id
        self.fields["responsible_unit"].queryset = (
            MunicipalUnit.objects.filter(municipality_id__in=codes)
            .filter(Q(is_active=True) | Q(pk=current_unit))
            .select_related("municipality")
            .order_by("municipality__name", "name")
        )
        self.fields["responsible_unit"].empty_label = _("Choose a unit")
        self.fields["kind"].choices = [("", _("Choose a kind")), *Effort.Kind.choices]
        current_officer = self.instance.responsible_officer_id
        self.fields["responsible_officer"].queryset = (
            get_user_model()
            .objects.filter(
                Q(is_active=True, municipality_memberships__municipality_id__in=codes)
                | Q(pk=current_officer)
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["responsible_officer"].required = True
        self.fields["responsible_officer"].empty_label = _("Choose an officer")
        for name in ("decision_diary_number", "decision_date", "decision_body"):
            self.fields[name].label = {
                "decision_diary_number": _("Diary number of the decision"),
                "decision_date": _("Date of the decision"),
                "decision_body": _("Deciding body"),
            }[name]
        self.helper = crispy_helper(
            Layout(
                Fieldset(
                    _("The effort"),
                    "title",
                    Div(
                        Div("kind", css_class="col-md-6"),
                        Div("status", css_class="col-md-6"),
                        css_class="row",
                    ),
                    Div(
                        Div("responsible_unit", css_class="col-md-6"),
                        Div("responsible_officer", css_class="col-md-6"),
                        css_class="row",
                    ),
                    Div(
                        Div("start_date", css_class="col-md-6"),
                        Div("end_date", css_class="col-md-6"),
                        css_class="row",
                    ),
                    "purpose",
                    "description",
                ),
                Fieldset(
                    _("Money"),
                    Div(
                        Div("amount_applied", css_class="col-md-6"),
                        Div("amount_awarded", css_class="col-md-6"),
                        Div("amount_paid", css_class="col-md-6"),
                        Div("in_kind_value", css_class="col-md-6"),
                        css_class="row",
                    ),
                ),
                Fieldset(
                    _("Decision"),
                    Div(
                        Div("decision_diary_number", css_class="col-md-4"),
                        Div("decision_date", css_class="col-md-4"),
                        Div("decision_body", css_class="col-md-4"),
                        css_class="row",
                    ),
                ),
                Fieldset(
                    _("Outcomes"),
                    Div(
                        Div("work_training_people", css_class="col-md-4"),
                        Div("participants", css_class="col-md-4"),
                        Div("new_enterprises", css_class="col-md-4"),
                        css_class="row",
                    ),
                    "outcome_notes",
                ),
                Fieldset(_("Publication"), Field("is_public")),
                "idempotency_key",
                "version",
            )
        )

    def clean_amount_applied(self):
        return self.cleaned_data["amount_applied"] or Decimal("0.00")

    def clean_amount_awarded(self):
        return self.cleaned_data["amount_awarded"] or Decimal("0.00")

    def clean_amount_paid(self):
        return self.cleaned_data["amount_paid"] or Decimal("0.00")

    def clean_in_kind_value(self):
        return self.cleaned_data["in_kind_value"] or Decimal("0.00")

    def effort_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EFFORT_FIELDS}


class GoalLinksForm(forms.Form):
    """One checkbox per goal the officer can choose, each with a note on how."""

    def __init__(self, *args, goals, linked: dict[int, str] | None = None, **kwargs):
        kwargs.setdefault("prefix", "goals")
        super().__init__(*args, **kwargs)
        linked = linked or {}
        today = timezone.localdate()
        self.goals = [g for g in goals if g.pk in linked or not g.is_retired_on(today)]
        self.groups: list[tuple[PolicyDocument, list]] = []
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.BooleanField(
                required=False, label=f"{goal.code} {goal.name}", initial=goal.pk in linked
            )
            self.fields[f"goal_{goal.pk}_note"] = forms.CharField(
                required=False,
                max_length=500,
                label=_("How the effort serves goal %(code)s") % {"code": goal.code},
                initial=linked.get(goal.pk, ""),
            )
            if not self.groups or self.groups[-1][0].pk != goal.document_id:
                self.groups.append((goal.document, []))
            self.groups[-1][1].append((goal, self[f"goal_{goal.pk}"], self[f"goal_{goal.pk}_note"]))
        apply_bootstrap_classes(self)

    def clean(self):
        cleaned = super().clean()
        for goal in self.goals:
            if cleaned.get(f"goal_{goal.pk}_note") and not cleaned.get(f"goal_{goal.pk}"):
                self.add_error(
                    f"goal_{goal.pk}",
                    _(
                        "You wrote how the effort serves goal %(code)s: tick the goal too, or "
                        "clear the note."
                    )
                    % {"code": goal.code},
                )
        return cleaned

    def links(self) -> list[GoalLink]:
        return [
            GoalLink(goal=goal, note=self.cleaned_data.get(f"goal_{goal.pk}_note", "").strip())
            for goal in self.goals
            if self.cleaned_data.get(f"goal_{goal.pk}")
        ]


class OrganisationLinkForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *EffortOrganisation.Role.choices],
        required=False,
    )

    def __init__(self, *args, organisation_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices
        apply_bootstrap_classes(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("organisation") and not cleaned.get("role"):
            self.add_error("role", _("Choose the organisation's role in the effort."))
        if cleaned.get("role") and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation, or clear the role."))
        return cleaned


class BaseOrganisationLinkFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        columns = [
            Div("organisation", css_class="col-md-7"),
            Div("role", css_class="col-md-5" if "DELETE" not in form.fields else "col-md-3"),
        ]
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove from the effort")
            columns.append(Div("DELETE", css_class="col-md-2 pt-md-4"))
        form.helper = crispy_helper(Layout(Div(*columns, css_class="row")))

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            organisation = form.cleaned_data.get("organisation")
            if not organisation or form.cleaned_data.get("DELETE"):
                continue
            if organisation in seen:
                raise ValidationError(
                    _(
                        "An organisation is listed twice. "
                        "List each organisation once, with one role."
                    ),
                    code="duplicate",
                )
            seen.add(organisation)

    def links(self, organisations: dict[int, Organisation]) -> list[OrganisationLink]:
        return [
            OrganisationLink(
                organisations[form.cleaned_data["organisation"]], form.cleaned_data["role"]
            )
            for form in self.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        ]

    def chosen_ids(self) -> set[int]:
        return {
            form.cleaned_data["organisation"]
            for form in self.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        }


OrganisationLinkFormSet = forms.formset_factory(
    OrganisationLinkForm,
    formset=BaseOrganisationLinkFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=50,
    validate_max=True,
)


def organisation_choices(municipalities, linked_ids) -> list[tuple]:
    """Organisations that work in the officer's municipalities (home or operates in),
    plus those already in the effort. Drafts (unconfirmed registrations) are left out."""
    codes = [m.code for m in municipalities]
    operates = Organisation.municipalities.through.objects.filter(
        organisation_id=OuterRef("pk"), municipality_id__in=codes
    )
    rows = (
        Organisation.objects.filter(
            (Q(home_municipality_id__in=codes) | Exists(operates))
            & ~Q(publication_state=Organisation.PublicationState.DRAFT)
            | Q(pk__in=linked_ids)
        )
        .order_by("name", "id")
        .values_list("pk", "name", "org_number")
    )
    choices = [("", _("Choose an organisation"))]
    choices += [(pk, f"{name} ({number})" if number else name) for pk, name, number in rows]
    return choices


class EffortFormBundle:
    """The effort form, its goals and its organisations: validated, rendered and
    summarised together."""

    def __init__(self, data=None, *, municipalities, effort: Effort | None = None, initial=None):
        self.effort = effort
        linked_goals = {}
        linked_orgs = []
        if effort is not None and effort.pk:
            linked_goals = {link.goal_id: link.note for link in effort.goal_links.all()}
            linked_orgs = [
                {"organisation": link.organisation_id, "role": link.role}
                for link in effort.organisation_links.all()
            ]
        self.effort_form = EffortForm(
            data, instance=effort, municipalities=municipalities, initial=initial
        )
        goals = list(_goals_for(municipalities, extra_ids=linked_goals.keys()))
        self.goals_form = GoalLinksForm(data, goals=goals, linked=linked_goals)
        linked_ids = [row["organisation"] for row in linked_orgs]
        self.organisations_formset = OrganisationLinkFormSet(
            data,
            prefix="org",
            initial=linked_orgs or None,
            form_kwargs={"organisation_choices": organisation_choices(municipalities, linked_ids)},
        )

    def is_valid(self) -> bool:
        valid = [
            self.effort_form.is_valid(),
            self.goals_form.is_valid(),
            self.organisations_formset.is_valid(),
        ]
        return all(valid)

    def service_arguments(self) -> dict:
        ids = self.organisations_formset.chosen_ids()
        organisations = Organisation.objects.in_bulk(ids)
        return {
            "fields": self.effort_form.effort_fields(),
            "goals": self.goals_form.links(),
            "organisations": self.organisations_formset.links(organisations),
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
            elif key == "organisations":
                self.organisations_formset._non_form_errors = (
                    self.organisations_formset.error_class(
                        list(self.organisations_formset.non_form_errors()) + messages,
                        error_class="nonform",
                    )
                )
            elif key in self.effort_form.fields:
                for message in messages:
                    self.effort_form.add_error(key, message)
            else:
                for message in messages:
                    self.effort_form.add_error(None, message)

    def error_items(self) -> list[dict]:
        """Every error, in the order of the page, for the shared error summary
        (``includes/_error_summary.html``): ``href`` to the field and ``text``."""
        items: list[tuple[str, str, str]] = []
        items += _form_error_items(self.effort_form)
        items += _form_error_items(self.goals_form, fallback="goals")
        formset = self.organisations_formset
        for message in formset.non_form_errors():
            items.append(("id_org-0-organisation", _("Organisations"), message))
        for number, form in enumerate(formset.forms, start=1):
            for name, messages in form.errors.items():
                if name == "__all__":
                    continue
                label = _("Organisation %(number)s, %(field)s") % {
                    "number": number,
                    "field": str(form.fields[name].label).lower(),
                }
                items += [(form[name].id_for_label, label, message) for message in messages]
        return [
            {
                "href": f"#{anchor}" if anchor else "",
                "text": f"{label}: {message}" if label else message,
            }
            for anchor, label, message in items
        ]

    @property
    def has_errors(self) -> bool:
        return bool(self.error_items())

    def unbound_copy(self) -> "EffortFormBundle":
        """Show the submitted values without validating them (after "add a row")."""
        for form in [self.effort_form, self.goals_form, *self.organisations_formset.forms]:
            form._errors = ErrorDict()
        self.organisations_formset._errors = []
        self.organisations_formset._non_form_errors = self.organisations_formset.error_class()
        return self

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
                        "saved": _show(field, saved),
                        "yours": _show(field, mine),
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
        names = dict(
            Organisation.objects.filter(pk__in=self.organisations_formset.chosen_ids()).values_list(
                "pk", "name"
            )
        )
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
        return rows


def _show(field, value) -> str:
    """A value as the form shows it, for the table of differences."""
    from django.utils import formats

    from partnerships.templatetags.partnerships_tags import sek

    if value in (None, ""):
        return EMPTY
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, Decimal):
        return sek(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if hasattr(field, "label_from_instance"):
        return field.label_from_instance(value)
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _goals_for(municipalities, *, extra_ids):
    codes = [m.code for m in municipalities]
    counties = {m.county_id for m in municipalities}
    return (
        PolicyGoal.objects.filter(
            Q(document__municipality_id__in=codes)
            | Q(document__county_id__in=counties)
            | Q(pk__in=list(extra_ids))
        )
        .select_related("document__municipality", "document__county")
        .order_by("-document__valid_from", "document_id", "order", "code")
    )


def _form_error_items(form, fallback: str = "") -> list[tuple[str, str, str]]:
    items = []
    for message in form.non_field_errors():
        items.append((fallback, "", message))
    for name, messages in form.errors.items():
        if name == "__all__":
            continue
        if form.fields[name].widget.is_hidden:
            items += [("", "", message) for message in messages]
            continue
        label = form.fields[name].label
        items += [(form[name].id_for_label, label, message) for message in messages]
    return items


# --- Follow-up notes -----------------------------------------------------------------------


class NoteForm(forms.ModelForm):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUpNote
        fields = ["date", "kind", "text"]
        widgets = {"date": DateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *FollowUpNote.Kind.choices]
        self.helper = crispy_helper(
            Layout(
                Div(
                    Div("date", css_class="col-md-6"),
                    Div("kind", css_class="col-md-6"),
                    css_class="row",
                ),
                "text",
                "idempotency_key",
                "version",
            )
        )


# --- Reference data ---------------------------------------------------------------------------


class UnitForm(forms.ModelForm):
    class Meta:
        model = MunicipalUnit
        fields = ["municipality", "name", "kind", "is_active"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["municipality"].disabled = True
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk=self.instance.municipality_id
            )
        else:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                code__in=[m.code for m in municipalities]
            )
        self.fields["kind"].choices = [("", _("Choose a kind")), *MunicipalUnit.Kind.choices]
        self.helper = crispy_helper()


class DocumentForm(forms.ModelForm):
    class Meta:
        model = PolicyDocument
        fields = [
            "title",
            "municipality",
            "county",
            "deciding_body",
            "decision_date",
            "paragraph",
            "diary_number",
            "valid_from",
            "valid_to",
            "url",
            "text",
        ]
        widgets = {
            "decision_date": DateInput,
            "valid_from": DateInput,
            "valid_to": DateInput,
            "text": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        codes = [m.code for m in municipalities]
        counties = {m.county_id for m in municipalities}
        self.fields["municipality"].queryset = Municipality.objects.filter(
            Q(code__in=codes) | Q(code=self.instance.municipality_id)
        )
        self.fields["county"].queryset = self.fields["county"].queryset.filter(
            Q(code__in=counties) | Q(code=self.instance.county_id)
        )
        self.fields["url"].assume_scheme = "https"
        self.helper = crispy_helper(
            Layout(
                "title",
                Fieldset(
                    _("Whose document"),
                    Div(
                        Div("municipality", css_class="col-md-6"),
                        Div("county", css_class="col-md-6"),
                        css_class="row",
                    ),
                ),
                Fieldset(
                    _("Decision"),
                    Div(
                        Div("deciding_body", css_class="col-md-6"),
                        Div("decision_date", css_class="col-md-6"),
                        Div("paragraph", css_class="col-md-6"),
                        Div("diary_number", css_class="col-md-6"),
                        css_class="row",
                    ),
                ),
                Fieldset(
                    _("Validity"),
                    Div(
                        Div("valid_from", css_class="col-md-6"),
                        Div("valid_to", css_class="col-md-6"),
                        css_class="row",
                    ),
                ),
                "url",
                "text",
            )
        )


class GoalForm(forms.ModelForm):
    class Meta:
        model = PolicyGoal
        fields = ["code", "name_sv", "name_en", "text", "order", "retired_on"]
        widgets = {"retired_on": DateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()


# --- Follow-up filters ---------------------------------------------------------------------


def year_choices():
    this_year = timezone.localdate().year
    return [("", _("Any year"))] + [(str(y), str(y)) for y in range(this_year + 1, 2009, -1)]


class YearRangeForm(forms.Form):
    """The period of a follow-up page, by the year efforts started."""

    from_year = forms.TypedChoiceField(
        label=_("From year"), coerce=int, required=False, empty_value=None
    )
    to_year = forms.TypedChoiceField(
        label=_("To year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_year", "to_year"):
            self.fields[name].choices = year_choices()
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_year"), cleaned.get("to_year")
        if start and end and end < start:
            self.add_error("to_year", _("The last year cannot be before the first."))
        return cleaned

    def years(self) -> tuple[int | None, int | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("from_year"), self.cleaned_data.get("to_year")
