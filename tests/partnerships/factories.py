"""factory_boy factories for the effort log (Faker sv_SE). Chain: municipality → unit →
effort → goals, organisations and notes. Organisations come from tests.factories."""

import datetime
import uuid
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.db import transaction
from factory.django import DjangoModelFactory

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    EffortPayment,
    FollowUpNote,
    MunicipalUnit,
    OfficerMembership,
    PolicyDocument,
    PolicyGoal,
)
from registry.access import OFFICERS_GROUP
from registry.models import Municipality
from tests.factories import OrganisationFactory

factory.Faker._DEFAULT_LOCALE = "sv_SE"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kommun.example.se")


class OfficerFactory(UserFactory):
    """A user in the Officers group, working for the given municipalities (codes)."""

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if not create:
            return
        self.groups.add(Group.objects.get(name=OFFICERS_GROUP))
        for code in extracted if extracted is not None else ["0583"]:
            OfficerMembership.objects.create(user=self, municipality_id=code)


class MunicipalUnitFactory(DjangoModelFactory):
    class Meta:
        model = MunicipalUnit

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="0583"))
    name = factory.Sequence(lambda n: f"Förvaltning nummer {n}")
    kind = MunicipalUnit.Kind.DEPARTMENT


class PolicyDocumentFactory(DjangoModelFactory):
    class Meta:
        model = PolicyDocument

    title = factory.Sequence(lambda n: f"Policy nummer {n}")
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="0583"))
    deciding_body = "Kommunfullmäktige"
    valid_from = datetime.date(2015, 9, 1)


class PolicyGoalFactory(DjangoModelFactory):
    class Meta:
        model = PolicyGoal

    document = factory.SubFactory(PolicyDocumentFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    name_sv = factory.Sequence(lambda n: f"Testmål {n}")
    name_en = factory.Sequence(lambda n: f"Test goal {n}")
    text = factory.Faker("sentence")
    order = factory.Sequence(int)


class EffortFactory(DjangoModelFactory):
    class Meta:
        model = Effort
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Insats nummer {n}")
    kind = Effort.Kind.GRANT
    status = Effort.Status.ONGOING
    responsible_unit = factory.SubFactory(MunicipalUnitFactory)
    start_date = datetime.date(2023, 3, 1)
    amount_awarded = Decimal("10000.00")
    amount_paid = Decimal("0.00")
    is_public = True
    idempotency_key = factory.LazyFunction(uuid.uuid4)

    @classmethod
    def create(cls, **kwargs):
        """In one transaction, so that the effort and its payments are there together
        when the database checks paid out against them (at commit), in live-server tests
        too."""
        with transaction.atomic():
            return super().create(**kwargs)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        """organisations=[org, (org, role), …]"""
        if create and extracted:
            for item in extracted:
                organisation, role = item if isinstance(item, tuple) else (item, "recipient")
                EffortOrganisation.objects.create(effort=self, organisation=organisation, role=role)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        """goals=[goal, (goal, note), …]"""
        if create and extracted:
            for item in extracted:
                goal, note = item if isinstance(item, tuple) else (item, "")
                EffortGoal.objects.create(effort=self, goal=goal, note=note)

    @factory.post_generation
    def payments(self, create, extracted, **kwargs):
        """payments=[(date, amount), …]; amount_paid becomes their sum. Without them, an
        amount_paid above 0 is one payment, dated at the end date, else the start date."""
        if not create:
            return
        if extracted is None:
            extracted = (
                [(self.end_date or self.start_date, self.amount_paid)] if self.amount_paid else []
            )
        for day, amount in extracted:
            EffortPayment.objects.create(effort=self, date=day, amount=Decimal(amount))
        total = sum((Decimal(amount) for _, amount in extracted), Decimal("0.00"))
        if total != self.amount_paid:
            self.amount_paid = total
            Effort.objects.filter(pk=self.pk).update(amount_paid=total)


class FollowUpNoteFactory(DjangoModelFactory):
    class Meta:
        model = FollowUpNote

    effort = factory.SubFactory(EffortFactory)
    date = datetime.date(2024, 1, 15)
    kind = FollowUpNote.Kind.MEETING
    text = factory.Faker("paragraph")
    idempotency_key = factory.LazyFunction(uuid.uuid4)


__all__ = [
    "EffortFactory",
    "FollowUpNoteFactory",
    "MunicipalUnitFactory",
    "OfficerFactory",
    "OrganisationFactory",
    "PolicyDocumentFactory",
    "PolicyGoalFactory",
    "UserFactory",
]
