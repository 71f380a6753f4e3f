"""Forms of the import pages (``registry.views.imports``): the upload and the mapping."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from registry import imports, reference
from registry.models import Municipality, Organisation
from socialeconomy.forms import BLANK_CHOICE_LABEL, PortalForm


def max_file_size() -> int:
    return settings.IMPORT_MAX_FILE_SIZE


class UploadForm(PortalForm, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file (semicolon, comma or tab between the columns) or an Excel workbook "
            "(.xlsx), with a header row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
        error_messages={"empty": _("The file is empty. Choose the file with the register.")},
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        help_text=_("The home municipality of rows that name none."),
    )
    publish = forms.TypedChoiceField(
        label=_("New entries"),
        choices=[
            ("1", _("Publish them in the directory at once")),
            ("0", _("Keep them as drafts, not shown in the directory")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
        help_text=_("Entries already in the register keep their publication state."),
    )
    required_messages = {
        "file": _("Choose the file to import"),
        "municipality": _("Choose the municipality to import into"),
        "publish": _("Choose whether new entries are published"),
    }

    def __init__(self, *args, codes: frozenset[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.order_by("name")
        if codes is not None:
            municipalities = municipalities.filter(code__in=codes)
        choices = [(m.code, m.name) for m in municipalities]
        self.fields["municipality"].choices = (
            choices if len(choices) == 1 else [("", BLANK_CHOICE_LABEL), *choices]
        )
        self.fields["file"].help_text = format_help(self.fields["file"].help_text)
        self.table: imports.Table | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_file_size():
            raise forms.ValidationError(
                _(
                    "The file is %(size)s: at most %(limit)s is accepted. Split it into smaller "
                    "files."
                )
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_file_size())},
                code="too_large",
            )
        try:
            self.table = imports.read_table(upload.read(), upload.name or "")
        except imports.ImportFileError as error:
            raise forms.ValidationError(error.message, code="unreadable") from None
        return upload


def format_help(text) -> str:
    return _("%(text)s At most %(limit)s.") % {
        "text": text,
        "limit": filesizeformat(max_file_size()),
    }


class MappingForm(PortalForm, forms.Form):
    """A select per column of the file, and what to use where a row gives no legal form
    or kind."""

    default_legal_form = forms.ChoiceField(
        label=_("Legal form of rows that give none"),
        required=False,
    )
    default_kind = forms.ChoiceField(
        label=_("Kind of rows that give none"),
        required=False,
        choices=[("", BLANK_CHOICE_LABEL), *Organisation.Kind.choices],
    )

    def __init__(self, *args, headers: list[str], rows: list[list], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_legal_form"].choices = [
            ("", BLANK_CHOICE_LABEL),
            *reference.legal_form_choices(),
        ]
        choices = [("", _("Do not import")), *imports.field_choices()]
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            examples = [cells[index] for _line, cells in rows[:50] if index < len(cells)]
            examples = [value for value in examples if value][:3]
            self.fields[name] = forms.ChoiceField(
                label=header or _("Column %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                help_text=(
                    _("For example: %(values)s") % {"values": "; ".join(v[:40] for v in examples)}
                    if examples
                    else _("Empty in the first rows.")
                ),
            )
            self.columns.append(name)
        self.fieldsets = [
            (_("Columns of the file"), [(name,) for name in self.columns]),
            (_("Rows that leave these out"), [("default_legal_form",), ("default_kind",)]),
        ]

    @classmethod
    def initial_for(cls, job) -> dict:
        initial = {f"column_{column}": name for column, name in imports.job_columns(job).items()}
        initial["default_legal_form"] = job.mapping.get("default_legal_form", "")
        initial["default_kind"] = job.mapping.get("default_kind", "")
        return initial

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        labels = dict(imports.field_choices())
        for name in self.columns:
            target = cleaned.get(name)
            if not target:
                continue
            if target in used:
                self.add_error(
                    name,
                    _(
                        "%(field)s is chosen for column %(other)s already: choose it for one "
                        "column only."
                    )
                    % {"field": labels[target], "other": self.fields[used[target]].label},
                )
            else:
                used[target] = name
        if "name" not in used and self.columns:
            self.add_error(
                self.columns[0],
                _("Choose the column that holds the organisations' names (Name)."),
            )
        return cleaned

    @property
    def column_mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): self.cleaned_data[name]
            for name in self.columns
            if self.cleaned_data.get(name)
        }
