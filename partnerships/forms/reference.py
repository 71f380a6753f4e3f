"""Forms for follow-up notes and for the reference data officers manage: units, policy
documents and their goals."""

from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships import selectors
from partnerships.forms.common import DateInput, crispy_helper
from partnerships.models import FollowUpNote, MunicipalUnit, PolicyDocument, PolicyGoal


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


class UnitForm(forms.ModelForm):
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
        codes = {m.code for m in municipalities} | {self.instance.municipality_id}
        counties = {m.county_id for m in municipalities} | {self.instance.county_id}
        self.fields["municipality"].queryset = selectors.municipalities_by_code(codes - {None})
        self.fields["county"].queryset = selectors.counties_by_code(counties - {None})
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
