"""The demo data command: valid, believable, deterministic and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from registry import demo, orgnr
from registry.models import ContactPerson, LegalForm, Organisation

KIND_LEGAL_FORMS = {
    Organisation.Kind.ASSOCIATION: {"61", "00"},
    Organisation.Kind.SOCIAL_ENTERPRISE: {"51", "49", "61"},
    Organisation.Kind.COOPERATIVE: {"51"},
    Organisation.Kind.FOUNDATION: {"71", "72"},
}


def seed(count: int = 30, **options) -> str:
    out = StringIO()
    call_command("seed_demo", organisations=count, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_the_organisations_asked_for():
    output = seed(30)

    assert Organisation.objects.count() == 30
    assert "Added 30 demo organisations" in output


@pytest.mark.django_db
def test_org_numbers_are_valid_unique_and_fit_the_legal_form():
    seed(30)

    numbered = Organisation.objects.exclude(org_number=None)
    numbers = list(numbered.values_list("org_number", flat=True))
    assert len(numbers) == len(set(numbers))
    for organisation in numbered:
        assert orgnr.normalise_org_number(organisation.org_number) == organisation.org_number
        assert orgnr.legal_form_matches_group(organisation.org_number, organisation.legal_form_id)
    unregistered = Organisation.objects.filter(legal_form=LegalForm.UNREGISTERED)
    assert not unregistered.exclude(org_number=None).exists()


@pytest.mark.django_db
def test_legal_forms_fit_the_kind():
    seed(60)

    for kind, legal_form in Organisation.objects.values_list("kind", "legal_form"):
        assert legal_form in KIND_LEGAL_FORMS[kind]


@pytest.mark.django_db
def test_every_row_passes_validation_and_constraints():
    seed(30)

    for organisation in Organisation.objects.all():
        organisation.full_clean()
        codes = set(organisation.municipalities.values_list("code", flat=True))
        assert organisation.home_municipality_id in codes
    for contact in ContactPerson.objects.all():
        contact.full_clean()
        if contact.show_publicly:
            assert contact.legal_basis == ContactPerson.LegalBasis.CONSENT
            assert contact.consent_given_at is not None


@pytest.mark.django_db
def test_motala_and_lekeberg_are_represented():
    seed(30)

    homes = list(Organisation.objects.values_list("home_municipality", flat=True))
    assert homes.count(demo.MOTALA) >= 1
    assert homes.count(demo.LEKEBERG) >= 1


@pytest.mark.django_db
def test_a_second_run_adds_nothing():
    seed(30)

    output = seed(30)

    assert Organisation.objects.count() == 30
    assert "Nothing added" in output


@pytest.mark.django_db
def test_a_bigger_run_adds_only_the_new_ones():
    seed(20)
    first = set(Organisation.objects.values_list("slug", flat=True))

    output = seed(30, batch_size=7)

    assert Organisation.objects.count() == 30
    assert first <= set(Organisation.objects.values_list("slug", flat=True))
    assert "30 / 30 organisations" in output


@pytest.mark.django_db
def test_all_published_publishes_every_organisation():
    seed(40, all_published=True)

    assert set(Organisation.objects.values_list("publication_state", flat=True)) == {
        Organisation.PublicationState.PUBLISHED
    }


@pytest.mark.django_db
def test_verbosity_zero_is_silent():
    assert seed(30, verbosity=0) == ""


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_organisations():
    reference = demo.Reference.load()

    def generated(seed: int) -> list[tuple]:
        register = demo.DemoRegister(seed=seed, reference=reference, all_published=False)
        return [
            (item.organisation.name, item.organisation.slug, item.organisation.org_number)
            for item in register.generate(50)
        ]

    assert generated(7) == generated(7)
    assert generated(7) != generated(8)
