"""The fields an import can fill and how a file's columns map to them: automatically
from the headers, or as last used in the municipality."""

import unicodedata
from dataclasses import dataclass

from django.utils import translation

from registry.models import ImportMapping, Organisation
from registry.models.imports import headers_key

# --- Fields -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    name: str
    # Headers besides the field's name and its model label in Swedish and English.
    synonyms: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(Organisation._meta.get_field(self.name).verbose_name).capitalize()


FIELDS = [
    ImportField("name", ("Namn", "Name", "Föreningens namn", "Föreningsnamn", "Organisation")),
    ImportField("alternate_names", ("Andra namn", "Förkortning")),
    ImportField("org_number", ("Organisationsnummer", "Org.nr", "Orgnr", "Org nr")),
    ImportField("legal_form", ("Juridisk form", "Bolagsform", "Associationsform")),
    ImportField("kind", ("Typ", "Type", "Kind", "Organisationstyp")),
    ImportField("work_integrating", ("Arbetsintegrerande",)),
    ImportField("home_municipality", ("Kommun", "Municipality", "Hemkommun")),
    ImportField("presentation", ("Presentation", "Kort presentation")),
    ImportField("description", ("Beskrivning", "Description")),
    ImportField("founded_year", ("Grundad", "Grundår", "Bildad", "Founded")),
    ImportField("website", ("Webbplats", "Hemsida", "Webb", "Webbadress", "Website", "URL")),
    ImportField("email", ("E-post", "Epost", "E-postadress", "Mejl", "E-mail", "Email")),
    ImportField("phone", ("Telefon", "Telefonnummer", "Tel", "Phone")),
    ImportField("street_address", ("Utdelningsadress", "Adress", "Gatuadress", "Address")),
    ImportField("postal_code", ("Postnummer", "Postnr", "Postal code", "Zip")),
    ImportField("city", ("Ort", "Postort", "City")),
    ImportField("employees", ("Anställda", "Antal anställda", "Employees")),
]
FIELD_NAMES = [f.name for f in FIELDS]
FOREIGN_KEYS = ("legal_form", "home_municipality")
INTEGERS = ("founded_year", "employees")
BOOLEANS = ("work_integrating",)
YES = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
NO = {"nej", "n", "no", "0", "false", "falskt"}


def fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: "E-post" and "epost" are one."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(char for char in decomposed if char.isalnum())


def field_choices() -> list[tuple[str, str]]:
    return [(f.name, f.label) for f in FIELDS]


def _field_keys() -> dict[str, str]:
    """Folded header → field name, from the synonyms and the labels in both languages."""
    keys: dict[str, str] = {}
    for item in FIELDS:
        names = [item.name, *item.synonyms]
        for language in ("sv", "en"):
            with translation.override(language):
                names.append(item.label)
        for name in names:
            keys.setdefault(fold(name), item.name)
    return keys


def automatic_mapping(headers: list[str]) -> dict[str, str]:
    """Column index (as text) → field, for the headers that name a field; each field once."""
    keys = _field_keys()
    mapping: dict[str, str] = {}
    for index, header in enumerate(headers):
        name = keys.get(fold(header))
        if name and name not in mapping.values():
            mapping[str(index)] = name
    return mapping


def remembered_mapping(municipality_id: str, headers: list[str]) -> dict[str, str] | None:
    saved = ImportMapping.objects.filter(
        municipality_id=municipality_id, headers_key=headers_key(headers)
    ).first()
    if saved is None:
        return None
    return {
        column: name
        for column, name in saved.mapping.items()
        if name in FIELD_NAMES and column.isdigit() and int(column) < len(headers)
    }


def initial_mapping(municipality_id: str, headers: list[str]) -> dict[str, str]:
    remembered = remembered_mapping(municipality_id, headers)
    return remembered if remembered is not None else automatic_mapping(headers)


def mapping_remember(*, municipality_id: str, headers: list[str], mapping: dict) -> None:
    ImportMapping.objects.update_or_create(
        municipality_id=municipality_id,
        headers_key=headers_key(headers),
        defaults={"mapping": mapping},
    )
