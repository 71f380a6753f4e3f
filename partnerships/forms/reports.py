"""Forms of reporting requests: the request, an answer, a block of data."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships import indicators
from partnerships.filters import EffortFilter
from partnerships.forms.common import DateInput, OfficerChoiceField
from partnerships.models import AnswerBlock, Effort, PolicyGoal, ReportingRequest
from partnerships.selectors import effort_goals, effort_officers
from registry.models import Municipality, Organisation
from socialeconomy.forms import KeyField, PortalForm

FILTER_PREFIX = "filter"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ReportingRequestForm(PortalForm, forms.ModelForm):
    """A request: new (with its questions, and a key against double submits) or edited
    (from its version, with questions to add)."""

    idempotency_key = KeyField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("One question per line, in the order they were asked."),
    )
    required_messages = {
        "title": _("Enter the request's title, for example Ledamotsinitiativ om sociala företag"),
        "asked_by": _("Enter who asked: a party or a body, for example Centerpartiet"),
        "questions": _("Enter at least one question, one per line"),
    }

    fieldsets = [
        (None, [("title",), ("instrument", "asked_by")]),
        (None, [("municipality", "diary_number"), ("received_on", "due_on")]),
        (None, [("status", "responsible_officer"), ("questions",)]),
    ]

    class Meta:
        model = ReportingRequest
        fields = [
            "title",
            "instrument",
            "asked_by",
            "municipality",
            "diary_number",
            "received_on",
            "due_on",
            "status",
            "responsible_officer",
        ]
        widgets = {"received_on": DateInput, "due_on": DateInput}
        field_classes = {"responsible_officer": OfficerChoiceField}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        codes = [m.code for m in municipalities]
        self.fields["municipality"].queryset = Municipality.objects.filter(code__in=codes).order_by(
            "name"
        )
        self.fields["responsible_officer"].queryset = effort_officers(
            municipalities, current_id=self.instance.responsible_officer_id
        )
        if self.instance.pk:
            self.fields["questions"].required = False
            self.fields["questions"].label = _("Questions to add")
            self.fields["questions"].help_text = _(
                "One question per line; they come after the questions already there."
            )
        else:
            self.fields["idempotency_key"].required = True
        self.fields["instrument"].choices = [
            ("", _("Choose an instrument")),
            *ReportingRequest.Instrument.choices,
        ]

    def question_texts(self) -> list[str]:
        return _lines(self.cleaned_data.get("questions", ""))

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class AnswerForm(PortalForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    question_text = forms.CharField(
        label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(
        label=_("Answer"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Your text. Leave a blank line between paragraphs."),
    )
    required_messages = {"question_text": _("Enter the question")}


def _year_choices():
    this_year = timezone.localdate().year
    return [("", _("Choose a year"))] + [(str(y), str(y)) for y in range(this_year, 1999, -1)]


class AnswerBlockForm(PortalForm, forms.Form):
    """A block of data to add to an answer: its kind and what that kind needs. The
    effort list's filters are a form of their own (``filter_form``), with a prefix."""

    kind = forms.ChoiceField(
        label=_("Kind of block"), choices=AnswerBlock.Kind.choices, widget=forms.RadioSelect
    )
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Empty: the request's municipality."),
    )
    first_year = forms.TypedChoiceField(
        label=_("From year"), coerce=int, required=False, empty_value=None
    )
    last_year = forms.TypedChoiceField(
        label=_("To year"), coerce=int, required=False, empty_value=None
    )
    goal = forms.ModelChoiceField(
        label=_("Policy goal"), queryset=PolicyGoal.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    required_messages = {"kind": _("Choose the kind of block")}

    fieldsets = [
        (None, [("kind",)]),
        (_("Period (indicator and goal)"), [("first_year", "last_year")]),
        (_("Indicator table"), [("indicator", "municipality")]),
        (_("Follow-up of a policy goal"), [("goal",)]),
        (_("Cooperation timeline"), [("organisation",)]),
    ]

    def __init__(self, data=None, *, request: ReportingRequest, **kwargs):
        super().__init__(data, **kwargs)
        self.request = request
        self.fields["indicator"].choices = [("", _("Choose an indicator"))] + [
            (item.key, item.title) for item in indicators.catalogue()
        ]
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        for name in ("first_year", "last_year"):
            self.fields[name].choices = _year_choices()
        municipality = request.municipality
        self.fields["goal"].queryset = effort_goals([municipality])
        self.fields["goal"].label_from_instance = lambda goal: (
            f"{goal.code} {goal.name} ({goal.document.title})"
        )
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(
                effort_links__effort__responsible_unit__municipality=municipality
            )
            .distinct()
            .order_by("name")
        )
        filter_data = None
        if data is not None:
            filter_data = {
                key[len(FILTER_PREFIX) + 1 :]: value
                for key, value in data.items()
                if key.startswith(FILTER_PREFIX + "-")
            }
        self.efforts = EffortFilter(data, queryset=Effort.objects.none(), prefix=FILTER_PREFIX)
        self.filter_form = self.efforts.form
        self.filter_data = filter_data or {}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))
        if kind == AnswerBlock.Kind.INDICATOR:
            if not cleaned.get("indicator"):
                self.add_error("indicator", _("Choose the indicator to show"))
            for name in ("first_year", "last_year"):
                if not cleaned.get(name):
                    self.add_error(name, _("Choose the year for the indicator's period"))
        elif kind == AnswerBlock.Kind.GOAL and not cleaned.get("goal"):
            self.add_error("goal", _("Choose the policy goal to follow up"))
        elif kind == AnswerBlock.Kind.TIMELINE and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation whose cooperation to show"))
        elif kind == AnswerBlock.Kind.EFFORTS and not self.filter_form.is_valid():
            self.add_error(None, _("Correct the filters of the list of efforts."))
        return cleaned

    def params(self) -> dict:
        """The block's settings as stored on ``AnswerBlock.params``."""
        cleaned = self.cleaned_data
        kind = cleaned["kind"]
        if kind == AnswerBlock.Kind.INDICATOR:
            municipality = cleaned.get("municipality")
            return {
                "indicator": cleaned["indicator"],
                "municipality": municipality.code if municipality else None,
                "first_year": cleaned["first_year"],
                "last_year": cleaned["last_year"],
            }
        if kind == AnswerBlock.Kind.GOAL:
            return {
                "goal": cleaned["goal"].pk,
                "first_year": cleaned.get("first_year"),
                "last_year": cleaned.get("last_year"),
            }
        if kind == AnswerBlock.Kind.TIMELINE:
            return {"organisation": cleaned["organisation"].pk}
        return {
            "filter": {
                name: value
                for name, value in self.filter_data.items()
                if value not in ("", None) and name in self.filter_form.fields
            }
        }


class PublishForm(forms.Form):
    """Publishing once, however many times the button is pressed."""

    idempotency_key = KeyField()
