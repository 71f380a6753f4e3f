"""Forms of the officers' pages: moderation, verification, personal data, history and
merge, and the officers' register (editing, contacts, bulk actions)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry import access
from registry.changes import SELF_SERVICE_FIELDS
from registry.forms import ContactForm, OrganisationForm
from registry.models import ContactPerson, OfficerAction, Organisation
from registry.widgets import FastSelect
from socialeconomy.forms import KeyField, PortalForm, new_key


class DecisionForm(PortalForm, forms.Form):
    class Action:
        APPROVE = "approve"
        REJECT = "reject"
        REQUEST_CHANGES = "request_changes"

    ACTIONS = [
        (Action.APPROVE, _("Approve and publish")),
        (Action.REQUEST_CHANGES, _("Ask for changes")),
        (Action.REJECT, _("Reject")),
    ]

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the submitter"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you reject or ask for changes; it is sent by e-mail."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") in (self.Action.REJECT, self.Action.REQUEST_CHANGES)
            and not (cleaned.get("message") or "").strip()
        ):
            self.add_error("message", _("Write the reason to the submitter."))
        return cleaned


class ResolveProblemForm(PortalForm, forms.Form):
    note = forms.CharField(
        label=_("How it was resolved"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerificationSendForm(PortalForm, forms.Form):
    """Sending "is this still right?" to every entry on the list, once it was read.

    ``expected`` is how many the officer saw; if the list changed since (an entry became
    due, or another officer sent them), nothing is sent and the page shows the new list.
    """

    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.BooleanField(
        error_messages={
            "required": _(
                "Tick the box to confirm that you have reviewed the list and the e-mail. "
                "Nothing was sent."
            )
        },
    )

    def __init__(self, *args, due: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.due = due
        self.fields["confirm"].label = ngettext(
            "I have reviewed the list and the e-mail. Send it to %(count)s organisation.",
            "I have reviewed the list and the e-mail. Send it to %(count)s organisations.",
            due,
        ) % {"count": due}

    def clean(self):
        cleaned = super().clean()
        if "expected" in cleaned and cleaned["expected"] != self.due:
            raise forms.ValidationError(
                _(
                    "The list has changed since the page was opened. "
                    "Nothing was sent: review it again."
                ),
                code="stale",
            )
        return cleaned


# --- Personal data (GDPR) -----------------------------------------------------------------


class PersonalDataFindForm(PortalForm, forms.Form):
    """The address whose data an administrator finds, exports or erases."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Upper or lower case does not matter."),
        error_messages={
            "invalid": _("Enter an e-mail address in the form name@example.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class ErasureConfirmForm(PersonalDataFindForm):
    """The last step of an erasure: the administrator has read what will be erased."""

    submission_key = KeyField()
    confirm = forms.BooleanField(
        label=_("I have read the list. Erase this person's data for good; it cannot be undone."),
        error_messages={"required": _("Tick the box to erase. Nothing was erased.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget = forms.HiddenInput()


class ContactRemoveForm(PortalForm, forms.Form):
    """An officer removes a contact person whose data is out of date."""

    confirm = forms.BooleanField(
        label=_("Remove this contact person and their history. It cannot be undone."),
        error_messages={"required": _("Tick the box to remove the contact person.")},
    )


# --- History, duplicates and merge -------------------------------------------------------


class RestoreForm(PortalForm, forms.Form):
    """Restoring an earlier version: the entry's version when the page was opened, so a
    change saved since is not overwritten (``registry.locking``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MergeForm(PortalForm, forms.Form):
    """Which entry is kept, and for each field where the two differ, whose value the
    kept entry has. A field empty on one side starts on the side that has a value."""

    FIRST, SECOND = "first", "second"

    survivor = forms.ChoiceField(
        label=_("Which entry is kept"),
        widget=forms.RadioSelect,
        help_text=_("The kept entry keeps its address; the other entry's address leads to it."),
        error_messages={"required": _("Choose which entry is kept")},
    )
    first_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    second_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, first: Organisation, second: Organisation, **kwargs):
        from registry import merge

        kwargs.setdefault(
            "initial", {"first_version": first.version, "second_version": second.version}
        )
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        self.fields["survivor"].choices = [
            (self.FIRST, first.name),
            (self.SECOND, second.name),
        ]
        self.merge_fields = merge.differing_fields(first, second)
        for merge_field in self.merge_fields:
            first_value = merge.shown_value(first, merge_field)
            second_value = merge.shown_value(second, merge_field)
            name = f"field_{merge_field.name}"
            self.fields[name] = forms.ChoiceField(
                label=merge_field.label,
                widget=forms.RadioSelect,
                choices=[
                    (
                        self.FIRST,
                        _("%(value)s (from %(entry)s)")
                        % {"value": first_value, "entry": first.name},
                    ),
                    (
                        self.SECOND,
                        _("%(value)s (from %(entry)s)")
                        % {"value": second_value, "entry": second.name},
                    ),
                ],
                error_messages={
                    "required": _("Choose which value the kept entry has: %(field)s")
                    % {"field": merge_field.label}
                },
            )
            if not self.is_bound:
                if merge.is_empty(first, merge_field):
                    self.initial[name] = self.SECOND
                elif merge.is_empty(second, merge_field):
                    self.initial[name] = self.FIRST
        self.fieldsets = [
            (None, [("survivor",)]),
            (
                _("The values the kept entry has"),
                [(f"field_{f.name}",) for f in self.merge_fields],
            ),
        ]

    @property
    def entries(self) -> list[Organisation]:
        return [self.first, self.second]

    def take_from_other(self) -> set[str]:
        """The fields (``merge.MERGE_FIELDS`` names) whose value comes from the entry
        that is not kept."""
        survivor = self.cleaned_data["survivor"]
        return {
            merge_field.name
            for merge_field in self.merge_fields
            if self.cleaned_data[f"field_{merge_field.name}"] != survivor
        }


# --- Officers: the register -------------------------------------------------------------

# What only officers set about an entry, beside what the organisation gives itself.
OFFICER_FIELDS = ["publication_state", "status", "ceased_on", "last_verified_on"]


class OfficerOrganisationForm(OrganisationForm):
    """An entry as an officer creates or edits it: the registration's fields, asked and
    checked as the registration asks them (``OrganisationForm``), and the officer's
    own. ``version`` is the entry's version when the form was opened
    (``locking.save_version``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    key = KeyField(required=False)  # a new entry: a double submit creates it once

    class Meta(OrganisationForm.Meta):
        fields = [*SELF_SERVICE_FIELDS, *OFFICER_FIELDS]
        widgets = {
            **OrganisationForm.Meta.widgets,
            "publication_state": FastSelect,
            "status": FastSelect,
            "ceased_on": forms.DateInput(attrs={"type": "date"}),
            "last_verified_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            **OrganisationForm.Meta.help_texts,
            "ceased_on": _("Only when the status is ceased. For example 2025-06-30."),
            "last_verified_on": _("When the organisation last confirmed that the entry is right."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            if self.instance.pk:
                self.initial["version"] = self.instance.version
            else:
                self.initial["key"] = new_key()

    def clean_home_municipality(self):
        municipality = self.cleaned_data.get("home_municipality")
        if (
            municipality
            and not self.instance.pk
            and not access.can_create_organisation_in(self.user, municipality.pk)
        ):
            raise forms.ValidationError(
                _("Choose one of your own municipalities: you enter organisations based there."),
                code="not_own_municipality",
            )
        return municipality


class OfficerContactForm(PortalForm, forms.ModelForm):
    """A contact person as an officer adds or edits them. Shown publicly only with the
    person's recorded consent (``ContactPerson.clean`` and its check constraint)."""

    required_messages = ContactForm.required_messages
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    consent = forms.BooleanField(
        label=_("The person has agreed that the municipality stores these details"),
        help_text=_("Ticking it records the consent with today's time."),
        required=False,
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone", "legal_basis", "show_publicly"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "legal_basis": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["consent"] = bool(self.instance.consent_given_at)
            if self.instance.pk:
                self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent"):
            if not self.instance.consent_given_at:
                self.instance.consent_given_at = timezone.now()
        else:
            self.instance.consent_given_at = None
        return cleaned


class KeyListField(forms.Field):
    """The keys of the rows ticked in a list (``name`` repeated), at most ``limit``."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, limit: int, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        if len(value) > self.limit:
            raise forms.ValidationError(
                ngettext(
                    "Choose at most %(limit)s organisation at a time, or all that match.",
                    "Choose at most %(limit)s organisations at a time, or all that match.",
                    self.limit,
                )
                % {"limit": self.limit},
                code="too_many",
            )
        keys = []
        for item in value:
            text = str(item)
            if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**63:
                raise forms.ValidationError(_("The list of chosen organisations is not valid."))
            keys.append(int(item))
        return sorted(set(keys))


class BulkActionForm(PortalForm, forms.Form):
    """A bulk action on the officers' list: what to do, and to which rows (ticked, or
    all that match the filter). Sent from the list it shows the confirmation; sent from
    the confirmation (``key`` set) it does the work, once per key."""

    ACTIONS = [
        (OfficerAction.Kind.PUBLISH, _("Publish")),
        (OfficerAction.Kind.HIDE, _("Hide")),
        (OfficerAction.Kind.VERIFY, _("Send a verification request")),
    ]

    required_messages = {"action": _("Choose what to do with the chosen organisations")}
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    selected = KeyListField(label=_("Chosen organisations"), limit=500)
    every = forms.BooleanField(label=_("All organisations that match the filter"), required=False)
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    expected = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    summary_anchor = "bulk-actions"

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("every")
            and not cleaned.get("selected")
            and not self.has_error("selected")
        ):
            raise forms.ValidationError(
                _("Tick the organisations to act on, or choose all that match the filter."),
                code="nothing_chosen",
            )
        return cleaned

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("key")) and self.cleaned_data.get("expected") is not None


# --- The embeddable directory -------------------------------------------------------------
