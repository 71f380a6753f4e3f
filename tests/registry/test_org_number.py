import pytest
from django.core.exceptions import ValidationError

from registry import orgnr
from tests.factories import make_org_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("802002-4280", "802002-4280"),
        ("8020024280", "802002-4280"),
        (" 802002 4280 ", "802002-4280"),
        ("16802002-4280", "802002-4280"),
        ("168020024280", "802002-4280"),
        ("556036-0793", "556036-0793"),
        ("769600-4972", "769600-4972"),
        ("802002\u20134280", "802002-4280"),  # en dash pasted from a document
        ("16769600-4972", "769600-4972"),
        ("167696004972", "769600-4972"),
        (" 16769600-4972 ", "769600-4972"),
    ],
)
def test_normalises_valid_numbers(raw, expected):
    assert orgnr.normalise_org_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "required"),
        ("80200A-4280", "invalid_characters"),
        ("802002-428", "invalid_length"),
        ("802002-42800", "invalid_length"),
        ("802002-4281", "checksum"),
        ("046036-0795", "invalid_group"),
        ("178020024280", "invalid_prefix"),
    ],
)
def test_rejects_invalid_numbers(raw, code):
    with pytest.raises(ValidationError) as excinfo:
        orgnr.normalise_org_number(raw)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    "personnummer",
    [
        "811218-9876",
        "8112189876",
        "19811218-9876",
        "200101011234",
        "19900101-1234",
        "199001011234",
        "900101-1234",
        " 19900101-1234 ",
        "18991231-1234",
        "20050101 1234",
        "101231+1234",  # someone over 100
    ],
)
def test_rejects_personnummer(personnummer):
    with pytest.raises(ValidationError) as excinfo:
        orgnr.normalise_org_number(personnummer)
    assert excinfo.value.code == "personnummer"


def test_luhn_check_digit_known_values():
    assert orgnr.luhn_check_digit("802002428") == 0
    assert orgnr.luhn_check_digit("556036079") == 3
    assert orgnr.is_valid_luhn("5560360793")
    assert not orgnr.is_valid_luhn("5560360794")


@pytest.mark.parametrize(
    ("number", "legal_form", "matches"),
    [
        ("802002-4280", "61", True),  # ideell förening, group 8
        ("802002-4280", "72", True),  # stiftelse, group 8
        ("802002-4280", "49", False),  # aktiebolag needs group 5
        ("556036-0793", "49", True),
        ("556036-0793", "51", False),  # ekonomisk förening needs group 7
        ("769600-4972", "51", True),
        ("769600-4972", "99", True),  # legal form not determined: anything goes
    ],
)
def test_group_digit_against_legal_form(number, legal_form, matches):
    assert orgnr.legal_form_matches_group(number, legal_form) is matches


def test_identifiers_for_open_data():
    assert orgnr.org_id("802002-4280") == "SE-ON-802002-4280"
    assert orgnr.vat_number("556036-0793") == "SE556036079301"


@pytest.mark.parametrize("group", ["2", "5", "7", "8", "9"])
def test_generated_numbers_for_every_group_are_valid(group):
    for _ in range(50):
        number = make_org_number(group)
        assert orgnr.normalise_org_number(number) == number


def test_the_form_field_takes_the_12_digit_forms_whole():
    from registry.models import Organisation

    field = Organisation._meta.get_field("org_number").formfield()
    assert field.max_length == orgnr.INPUT_MAX_LENGTH == len("19900101-1234")
    assert int(field.widget.attrs["maxlength"]) >= len("  19900101-1234  ")
    assert field.clean("  19900101-1234  ") == "19900101-1234"
    assert field.clean("16 769600 4972") == "167696004972"  # spaces are not counted
    with pytest.raises(ValidationError):
        field.clean("19900101-12345")
