"""Forms for follow-up notes and for the reference data officers manage: units, policy
documents and their goals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships import selectors
from partnerships.forms.common import DateInput
from partnerships.models import FollowUpNote, MunicipalUnit, PolicyDocument, PolicyGoal
from socialeconomy.forms import KeyField, PortalForm


class NoteForm(PortalForm, forms.ModelForm):
    idempotency_key = KeyField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    fieldsets = [(None, [("date", "kind"), ("text",)])]

    class Meta:
        model = FollowUpNote
        fields = ["date", "kind", "text"]
        widgets = {"date": DateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *FollowUpNote.Kind.choices]


class UnitForm(PortalForm, forms.ModelForm):
    required_messages = {
        "name": _("Enter the unit's name"),
        "kind": _("Choose the kind of unit"),
    }

    class Meta:
        model = MunicipalUnit
        fields = ["municipality", "name", "kind", "is_active"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["municipality"].disabled = True
            codes = [self.instance.municipality_id]
        else:
            codes = [m.code for m in municipalities]
        self.fields["municipality"].queryset = selectors.municipalities_by_code(codes)
        self.fields["kind"].choices = [("", _("Choose a kind")), *MunicipalUnit.Kind.choices]


class DocumentForm(PortalForm, forms.ModelForm):
    required_messages = {
        "title": _("Enter the document's title"),
        "valid_from": _("Give the date the document applies from, for example 2026-03-31"),
    }
    fieldsets = [
        (None, [("title",)]),
        (_("Whose document"), [("municipality", "county")]),
        (_("Decision"), [("deciding_body", "decision_date"), ("paragraph", "diary_number")]),
        (_("Validity"), [("valid_from", "valid_to")]),
        (None, [("url",), ("text",)]),
    ]

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
        codes = {m.code for m in municipalities} | {self.instance.municipality_id}
        counties = {m.county_id for m in municipalities} | {self.instance.county_id}
        self.fields["municipality"].queryset = selectors.municipalities_by_code(codes - {None})
        self.fields["county"].queryset = selectors.counties_by_code(counties - {None})
        self.fields["url"].assume_scheme = "https"


class GoalForm(PortalForm, forms.ModelForm):
    required_messages = {
        "order": _("Enter the goal's place in the list, as a whole number"),
    }

    class Meta:
        model = PolicyGoal
        fields = ["code", "name_sv", "name_en", "text", "order", "retired_on"]
        widgets = {"retired_on": DateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
