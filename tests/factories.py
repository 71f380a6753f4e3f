"""factory_boy factories with Faker's sv_SE locale. Chain: municipality → organisation → contact."""

import datetime
import random

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from registry import orgnr
from registry.models import ContactPerson, LegalForm, Municipality, Organisation

factory.Faker._DEFAULT_LOCALE = "sv_SE"


def make_org_number(group: str = "8") -> str:
    """A valid organisation number in the given group (first digit)."""
    nine = (
        group
        + str(random.randint(0, 9))
        + str(random.randint(2, 9))
        + "".join(str(random.randint(0, 9)) for _ in range(6))
    )
    ten = nine + str(orgnr.luhn_check_digit(nine))
    return f"{ten[:6]}-{ten[6:]}"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testföreningen nummer {n}")
    slug = factory.Sequence(lambda n: f"testforeningen-{n}")
    org_number = factory.LazyFunction(lambda: make_org_number("8"))
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(code="61"))
    kind = Organisation.Kind.ASSOCIATION
    home_municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="0583"))
    presentation = factory.Faker("sentence", nb_words=12)
    description = factory.Faker("paragraph", nb_sentences=4)
    publication_state = Organisation.PublicationState.PUBLISHED
    last_verified_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted or [self.home_municipality])

    @factory.post_generation
    def activity_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.activity_areas.set(extracted)

    @factory.post_generation
    def global_goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.global_goals.set(extracted)


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    role = "Ordförande"
    email = factory.Faker("email")
    phone = factory.Faker("phone_number")
    show_publicly = False
    legal_basis = ContactPerson.LegalBasis.CONSENT
    consent_given_at = None
