"""Forms of the register's public side: registration, self-service, problem reports,
search suggestions and the embeddable directory's options. The officers' forms are in
``registry.officer_forms``."""

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry import reference, selectors
from registry.changes import SELF_SERVICE_FIELDS
from registry.models import Organisation, ProblemReport
from registry.services import ContactData
from registry.widgets import FastSelect, MunicipalityPicker
from socialeconomy.forms import BLANK_CHOICE_LABEL, KeyField, PortalForm


class HoneypotField(forms.CharField):
    """Hidden from people and assistive technology; bots fill it in."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_length=200,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            **kwargs,
        )


class OrganisationForm(PortalForm, forms.ModelForm):
    """The organisation's own details, for registration and for change requests."""

    required_messages = {
        "name": _("Enter the organisation's name"),
        "legal_form": _("Choose the organisation's legal form"),
        "kind": _("Choose what kind of organisation it is"),
        "home_municipality": _("Choose the municipality where the organisation is based"),
        "presentation": _("Write one or two sentences about the organisation"),
    }

    class Meta:
        model = Organisation
        fields = SELF_SERVICE_FIELDS
        widgets = {
            "alternate_names": forms.Textarea(attrs={"rows": 2}),
            "activity_areas": forms.CheckboxSelectMultiple,
            "global_goals": forms.CheckboxSelectMultiple,
            "offer_categories": forms.CheckboxSelectMultiple,
            "home_municipality": FastSelect,
            "municipalities": MunicipalityPicker,
            "presentation": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "offers": forms.Textarea(attrs={"rows": 4}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {
            "municipalities": _(
                "Other municipalities where the organisation works, if any, by county."
            ),
            "presentation": _("One or two sentences shown in the directory."),
        }

    def __init__(self, *args, existing_pk: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_pk = existing_pk
        self.existing_organisation: Organisation | None = None
        # A step of the registration holds only some of the fields.
        if "municipalities" in self.fields:
            municipalities = self.fields["municipalities"]
            municipalities.required = False
            municipalities.widget.choices = reference.municipality_choices_by_county()
        if "website" in self.fields:
            self.fields["website"].assume_scheme = "https"
        if "presentation" in self.fields:
            self.fields["presentation"].required = True

    def clean_org_number(self):
        number = self.cleaned_data.get("org_number")
        if not number:
            return None
        self.existing_organisation = selectors.organisation_with_number(
            number, exclude_pk=self.existing_pk
        )
        if self.existing_organisation:
            raise forms.ValidationError(
                _("An organisation with this number is already in the register."),
                code="duplicate_org_number",
            )
        return number


@dataclass(frozen=True)
class RegistrationStep:
    """One page of the registration: the ``OrganisationForm`` fields it asks for (none
    for the contact persons' step)."""

    slug: str
    url_name: str
    title: str
    fields: tuple[str, ...] = ()

    @property
    def template_name(self) -> str:
        return f"registry/registration/_step_{self.slug}.html"

    def organisation_form(self, data=None) -> OrganisationForm:
        form_class = forms.modelform_factory(
            Organisation, form=OrganisationForm, fields=list(self.fields)
        )
        return form_class(data, prefix="org")


REGISTRATION_STEPS = (
    RegistrationStep(
        "organisation",
        "registry:register-organisation",
        _("The organisation"),
        (
            "name",
            "alternate_names",
            "org_number",
            "legal_form",
            "kind",
            "work_integrating",
            "founded_year",
        ),
    ),
    RegistrationStep(
        "activities",
        "registry:register-activities",
        _("What it does"),
        (
            "presentation",
            "description",
            "activity_areas",
            "global_goals",
            "employees",
            "people_in_work_integration",
            "offers",
            "offer_categories",
            "sells_to_public_sector",
            "sells_to_business",
        ),
    ),
    RegistrationStep(
        "places",
        "registry:register-places",
        _("Where it works"),
        (
            "home_municipality",
            "municipalities",
            "street_address",
            "postal_code",
            "city",
            "website",
            "email",
            "phone",
        ),
    ),
    RegistrationStep("contacts", "registry:register-contacts", _("Contact persons")),
)


class SimilarNameForm(PortalForm, forms.Form):
    """Beside the first step: the honeypot, and "register it anyway" once the page has
    warned of published entries with a very similar name."""

    homepage = HoneypotField()
    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("The organisation is not one of the similar entries above; register it anyway."),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage")))


class RegistrationExtrasForm(PortalForm, forms.Form):
    """The "check your answers" page's form: the key that makes a double submission one
    registration, and the honeypot."""

    submission_key = KeyField()
    homepage = HoneypotField()

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage")))


class EmailRequestForm(PortalForm, forms.Form):
    """A stranger asks for a link by e-mail: the address, and the honeypot."""

    email_help = ""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    homepage = HoneypotField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.email_help


class ConfirmationResendForm(EmailRequestForm):
    email_help = _("The address you gave for the first contact person when you registered.")


class ContactForm(PortalForm, forms.Form):
    required_messages = {
        "name": _("Enter the contact person's name"),
        "email": _("Enter the contact person's e-mail address"),
    }
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    role = forms.CharField(label=_("Role"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    show_publicly = forms.BooleanField(
        label=_("Show this person's name, role, e-mail and phone on the public page"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "The person agrees that the municipality stores these details "
            "as the privacy notice describes"
        ),
        required=True,
        error_messages={"required": _("The person's consent is needed to store their details.")},
    )

    def to_data(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(
            name=data["name"],
            email=data["email"],
            role=data.get("role", ""),
            phone=data.get("phone", ""),
            show_publicly=data.get("show_publicly", False),
        )


class BaseContactFormSet(forms.BaseFormSet):
    """Contact persons are all new: none is "initial", so an added, empty one is skipped."""

    item_label = _("Contact person %(number)s")
    default_error_messages = {
        "too_few_forms": ngettext_lazy(
            "Give at least %(num)d contact person.", "Give at least %(num)d contact persons.", "num"
        ),
        "too_many_forms": ngettext_lazy(
            "Give at most %(num)d contact person.", "Give at most %(num)d contact persons.", "num"
        ),
    }

    def initial_form_count(self):
        return 0

    def total_form_count(self):
        if self.is_bound:
            return super().total_form_count()
        return min(max(len(self.initial or []), self.min_num) + self.extra, self.absolute_max)

    def clean(self):
        super().clean()
        emails = [
            form.cleaned_data.get("email", "").lower() for form in self.forms if form.cleaned_data
        ]
        if not any(emails):
            raise forms.ValidationError(_("Give at least one contact person."))


ContactFormSet = forms.formset_factory(
    ContactForm,
    formset=BaseContactFormSet,
    extra=0,
    min_num=1,
    max_num=5,
    validate_min=True,
    validate_max=True,
    absolute_max=5,
)


class EditLinkRequestForm(EmailRequestForm):
    email_help = _("The address the municipality has for you as a contact person.")


class ChangeRequestExtrasForm(PortalForm, forms.Form):
    submission_key = KeyField()


class CeasedForm(PortalForm, forms.Form):
    submission_key = KeyField()
    ceased_on = forms.DateField(
        label=_("Date the organisation ceased"),
        help_text=_("For example 2025-06-30."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_ceased_on(self):
        date = self.cleaned_data["ceased_on"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date it ceased cannot be in the future."))
        if date < datetime.date(1500, 1, 1):
            raise forms.ValidationError(_("Give a date after the year 1500."))
        return date


class ProblemReportForm(PortalForm, forms.ModelForm):
    required_messages = {
        "category": _("Choose what is wrong"),
        "message": _("Describe what is wrong, so that the municipality can correct it"),
    }
    submission_key = KeyField()
    homepage = HoneypotField()

    class Meta:
        model = ProblemReport
        fields = ["category", "message", "reporter_email"]
        widgets = {
            "category": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "reporter_email": _("Only if you want an answer. It is not shown publicly."),
        }


class SuggestionQueryForm(forms.Form):
    """The query of the directory's search-as-you-type (``views.suggestions``): the same
    bound as the directory's own search field, so nothing longer reaches the database."""

    q = forms.CharField(max_length=200, required=False)


class StepQueryForm(forms.Form):
    """The registration steps' one query parameter: ``change=1`` when a step is opened
    from the check page."""

    change = forms.BooleanField(required=False)


class EmbedOptionsForm(PortalForm, forms.Form):
    """What an embedded directory (``registry.embed``) is preset to: a municipality, and
    optionally a kind and a language. The officers' page chooses them; the widget's own
    address carries them, and an address whose options are not these is a 404."""

    municipality = forms.ChoiceField(
        label=_("Municipality"),
        choices=lambda: [("", BLANK_CHOICE_LABEL), *reference.municipality_choices_by_county()],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=lambda: [("", _("All kinds")), *Organisation.Kind.choices],
        required=False,
    )
    lang = forms.ChoiceField(
        label=_("Language"), choices=lambda: settings.LANGUAGES, required=False
    )

    def clean_lang(self):
        return self.cleaned_data["lang"] or settings.LANGUAGE_CODE
