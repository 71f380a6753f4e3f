"""seed_demo: valid, believable, deterministic and idempotent; written through the
register's services (or in bulk for benchmark loads)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from demo import organisations, register
from demo.officer import USERNAME
from registry import orgnr
from registry.models import ContactPerson, LegalForm, Organisation, Submission

KIND_LEGAL_FORMS = {
    Organisation.Kind.ASSOCIATION: {"61", "00"},
    Organisation.Kind.SOCIAL_ENTERPRISE: {"51", "49", "61"},
    Organisation.Kind.COOPERATIVE: {"51"},
    Organisation.Kind.FOUNDATION: {"71", "72"},
}
State = Organisation.PublicationState
# The first 12 organisations of this seed hold every publication state and a ceased one.
MIXED_SEED = 130


def seed(count: int = 20, **options) -> str:
    out = StringIO()
    call_command("seed_demo", organisations=count, stdout=out, **options)
    return out.getvalue()


def generated(count: int, seed: int = organisations.DEFAULT_SEED, **options):
    reference = organisations.Reference.load()
    demo = organisations.DemoRegister(
        seed=seed, reference=reference, all_published=options.get("all_published", False)
    )
    return list(demo.generate(count))


@pytest.mark.django_db
def test_registers_the_organisations_through_the_services():
    output = seed(20)

    assert "Added 20 demo organisations through the services" in output
    assert Organisation.objects.count() == 20
    officer = Submission.objects.filter(status=Submission.Status.APPROVED).first().decided_by
    assert officer.username == USERNAME
    assert not officer.has_usable_password()
    for organisation in Organisation.objects.all():
        registration = organisation.submissions.get(kind=Submission.Kind.REGISTRATION)
        assert organisation.history.exists()
        assert organisation.contacts.exists()  # the submitter, at least
        if organisation.is_published:
            assert registration.status == Submission.Status.APPROVED
            assert registration.decided_by == officer
            assert registration.confirmed_at is not None


@pytest.mark.django_db
def test_every_row_passes_validation_and_constraints():
    seed(20)

    today = timezone.localdate()
    for organisation in Organisation.objects.all():
        organisation.full_clean()
        codes = set(organisation.municipalities.values_list("code", flat=True))
        assert organisation.home_municipality_id in codes
        if organisation.last_verified_on:
            created = timezone.localdate(organisation.created_at)
            assert created <= organisation.last_verified_on <= today
    for contact in ContactPerson.objects.all():
        contact.full_clean()
        if contact.show_publicly:
            assert contact.legal_basis == ContactPerson.LegalBasis.CONSENT
            assert contact.consent_given_at is not None


@pytest.mark.django_db
def test_the_services_write_what_the_generator_made():
    seed(15)

    for item in generated(15):
        expected = item.organisation
        stored = Organisation.objects.get(slug=expected.slug)
        assert (stored.name, stored.org_number, stored.legal_form_id, stored.kind) == (
            expected.name,
            expected.org_number,
            expected.legal_form_id,
            expected.kind,
        )
        assert stored.home_municipality_id == expected.home_municipality_id
        assert sorted(stored.activity_areas.values_list("id", flat=True)) == sorted(item.area_ids)
        assert set(stored.municipalities.values_list("code", flat=True)) == set(
            item.municipality_codes
        )
        # Set back to the generator's date (a register kept for years), not the day of the run.
        assert abs(stored.created_at - expected.created_at) < datetime.timedelta(minutes=5)


@pytest.mark.django_db
def test_the_default_mix_of_states_comes_through_the_moderation_flow():
    items = generated(12, seed=MIXED_SEED)
    wanted = {item.organisation.slug: item.organisation for item in items}
    states = {o.publication_state for o in wanted.values()}
    assert states == {State.PUBLISHED, State.PENDING, State.DRAFT, State.HIDDEN}
    assert any(o.ceased_on and o.publication_state == State.PUBLISHED for o in wanted.values())

    seed(12, seed=MIXED_SEED)

    for organisation in Organisation.objects.all():
        expected = wanted[organisation.slug]
        assert organisation.publication_state == expected.publication_state
        registration = organisation.submissions.get(kind=Submission.Kind.REGISTRATION)
        assert (
            registration.status
            == {
                State.DRAFT: Submission.Status.UNCONFIRMED,
                State.PENDING: Submission.Status.PENDING,
                State.HIDDEN: Submission.Status.REJECTED,
                State.PUBLISHED: Submission.Status.APPROVED,
            }[expected.publication_state]
        )
        if organisation.publication_state == State.HIDDEN:
            assert registration.decision_message
        if expected.ceased_on and expected.publication_state == State.PUBLISHED:
            assert organisation.has_ceased
            assert organisation.ceased_on == expected.ceased_on
            assert organisation.submissions.filter(
                kind=Submission.Kind.CHANGE, status=Submission.Status.APPROVED
            ).exists()
        else:
            assert not organisation.has_ceased


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_email_leaves():
    seed(8)  # real commits: the e-mail of every registration and decision is "sent"

    assert Submission.objects.filter(status=Submission.Status.APPROVED).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_org_numbers_are_valid_unique_and_fit_the_legal_form():
    seed(60, bulk=True)

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
    seed(60, bulk=True)

    for kind, legal_form in Organisation.objects.values_list("kind", "legal_form"):
        assert legal_form in KIND_LEGAL_FORMS[kind]


@pytest.mark.django_db
def test_motala_and_lekeberg_are_represented():
    seed(30, bulk=True)

    homes = list(Organisation.objects.values_list("home_municipality", flat=True))
    assert homes.count(organisations.MOTALA) >= 1
    assert homes.count(organisations.LEKEBERG) >= 1


@pytest.mark.django_db
def test_a_second_run_adds_nothing():
    seed(12)
    counts = (Organisation.objects.count(), Submission.objects.count())

    output = seed(12)

    assert (Organisation.objects.count(), Submission.objects.count()) == counts == (12, 12)
    assert "Nothing added" in output


@pytest.mark.django_db
def test_a_bigger_run_adds_only_the_new_ones():
    seed(8)
    first = set(Organisation.objects.values_list("slug", flat=True))

    output = seed(12, batch_size=5)

    assert Organisation.objects.count() == 12
    assert first <= set(Organisation.objects.values_list("slug", flat=True))
    assert "12 / 12 organisations" in output
    assert "(8 already there)" in output


@pytest.mark.django_db
def test_bulk_after_the_services_skips_those_already_registered():
    seed(10)

    output = seed(25, bulk=True)

    assert "Added 15 demo organisations in bulk (10 already there)" in output
    assert Organisation.objects.count() == 25
    assert set(Organisation.objects.values_list("slug", flat=True)) == {
        item.organisation.slug for item in generated(25)
    }
    assert Submission.objects.count() == 10  # bulk rows have none


@pytest.mark.django_db
def test_large_loads_are_written_in_bulk(monkeypatch):
    monkeypatch.setattr(register, "BULK_FROM", 10)

    output = seed(11)

    assert "in bulk" in output
    assert Organisation.objects.count() == 11
    assert not Submission.objects.exists()
    assert not Organisation.history.exists()


@pytest.mark.django_db
def test_all_published_publishes_every_organisation():
    seed(12, seed=MIXED_SEED, all_published=True)

    assert set(Organisation.objects.values_list("publication_state", flat=True)) == {
        State.PUBLISHED
    }


@pytest.mark.django_db
def test_verbosity_zero_is_silent():
    assert seed(3, verbosity=0) == ""


@pytest.mark.django_db
def test_bad_numbers_are_refused():
    with pytest.raises(CommandError):
        seed(-1)
    with pytest.raises(CommandError):
        seed(5, batch_size=0)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_organisations():
    def names(seed: int) -> list[tuple]:
        return [
            (item.organisation.name, item.organisation.slug, item.organisation.org_number)
            for item in generated(50, seed=seed)
        ]

    assert names(7) == names(7)
    assert names(7) != names(8)


@pytest.mark.django_db
def test_the_first_n_of_a_larger_run_are_the_n_of_a_smaller_one():
    small = [item.organisation.slug for item in generated(20)]
    large = [item.organisation.slug for item in generated(60)]

    assert large[:20] == small


@pytest.mark.django_db
def test_dates_are_relative_to_the_day_of_the_run():
    today = timezone.localdate()
    for item in generated(100):
        organisation = item.organisation
        assert timezone.localdate(organisation.created_at) <= today
        assert organisation.created_at >= timezone.now() - datetime.timedelta(days=8 * 366 + 1)
        if organisation.ceased_on:
            assert organisation.ceased_on <= today
