"""The register in the shape of Open Referral's Human Services Data Specification 3.0:
each published organisation as an HSDS ``organization`` with its ``organization_
identifiers`` (SE-ON), ``phones``, ``contacts`` (public ones only), ``locations`` (its
address and coordinates) and one ``service`` (what it does and offers) whose
``assured_date`` is the day the entry was last verified.

HSDS wants a UUID for every object. They are derived from the row's primary key, so they
stay the same when a name or slug changes and lead back to the row: a version-8 UUID
whose first part says the kind of object and whose last part is the key."""

import uuid

from rest_framework import serializers

from registry.api.serializers import api_url, portal_url
from registry.orgnr import ORG_ID_SCHEME

KINDS = {
    "organization": "5e0c0001",
    "organization_identifier": "5e0c0002",
    "phone": "5e0c0003",
    "contact": "5e0c0004",
    "location": "5e0c0005",
    "address": "5e0c0006",
    "service": "5e0c0007",
    "contact_phone": "5e0c0008",
}
_MIDDLE = "0000-8000-8000"

COUNTRY = "SE"


def hsds_id(kind: str, pk: int) -> str:
    return str(uuid.UUID(f"{KINDS[kind]}-{_MIDDLE}-{pk:012x}"))


def pk_from_hsds_id(kind: str, value: str) -> int | None:
    """The primary key in an id made by ``hsds_id``, or None."""
    try:
        parsed = uuid.UUID(str(value))
    except ValueError:
        return None
    text = str(parsed)
    if not text.startswith(f"{KINDS[kind]}-{_MIDDLE}-"):
        return None
    return int(text[-12:], 16)


def _phone(kind: str, pk: int, number: str, **links) -> dict:
    return {"id": hsds_id(kind, pk), **links, "number": number, "type": "voice"}


class PhoneSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField(required=False)
    contact_id = serializers.UUIDField(required=False)
    number = serializers.CharField()
    type = serializers.CharField()


class IdentifierSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    identifier_scheme = serializers.CharField()
    identifier_type = serializers.CharField()
    identifier = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    name = serializers.CharField()
    title = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    phones = PhoneSerializer(many=True)


class AddressSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    location_id = serializers.UUIDField()
    address_1 = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField()
    state_province = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()
    address_type = serializers.CharField()


class LocationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    location_type = serializers.CharField()
    name = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    addresses = AddressSerializer(many=True)


class ServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    url = serializers.URLField()
    email = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["active", "defunct"])
    assured_date = serializers.DateField(allow_null=True)
    last_modified = serializers.DateTimeField()


class HsdsOrganizationSerializer(serializers.Serializer):
    """An organisation as an HSDS 3.0 ``organization`` (Open Referral)."""

    def to_representation(self, organisation):
        request = self.context["request"]
        org = hsds_id("organization", organisation.pk)
        web_url = portal_url(request, organisation)

        def blank(value):
            return value or None

        contacts = [
            {
                "id": hsds_id("contact", contact.pk),
                "organization_id": org,
                "name": contact.name,
                "title": blank(contact.role),
                "email": blank(contact.email),
                "phones": [
                    _phone(
                        "contact_phone",
                        contact.pk,
                        contact.phone,
                        contact_id=hsds_id("contact", contact.pk),
                    )
                ]
                if contact.phone
                else [],
            }
            for contact in organisation.public_contacts
        ]
        locations = []
        if organisation.has_address or organisation.latitude is not None:
            location = hsds_id("location", organisation.pk)
            municipality = organisation.home_municipality
            locations.append(
                {
                    "id": location,
                    "organization_id": org,
                    "location_type": "physical",
                    "name": organisation.name,
                    "latitude": _float(organisation.latitude),
                    "longitude": _float(organisation.longitude),
                    "addresses": [
                        {
                            "id": hsds_id("address", organisation.pk),
                            "location_id": location,
                            "address_1": organisation.street_address,
                            "city": organisation.city or municipality.name,
                            "region": municipality.name,
                            "state_province": municipality.county.name,
                            "postal_code": organisation.postal_code,
                            "country": COUNTRY,
                            "address_type": "physical",
                        }
                    ]
                    if organisation.has_address
                    else [],
                }
            )
        description = "\n\n".join(
            part for part in (organisation.presentation, organisation.offers) if part
        )
        return {
            "id": org,
            "url": api_url(request, "hsds-organization-detail", id=org),
            "name": organisation.name,
            "alternate_name": blank("; ".join(organisation.alternate_name_list)),
            "description": organisation.description or organisation.presentation,
            "email": blank(organisation.email),
            "website": blank(organisation.website),
            "tax_id": organisation.org_number,
            "year_incorporated": organisation.founded_year,
            "legal_status": organisation.legal_form.name_sv,
            "uri": web_url,
            "organization_identifiers": [
                {
                    "id": hsds_id("organization_identifier", organisation.pk),
                    "organization_id": org,
                    "identifier_scheme": ORG_ID_SCHEME,
                    "identifier_type": "Organisationsnummer",
                    "identifier": organisation.org_number,
                }
            ]
            if organisation.org_number
            else [],
            "phones": [_phone("phone", organisation.pk, organisation.phone, organization_id=org)]
            if organisation.phone
            else [],
            "contacts": contacts,
            "locations": locations,
            "services": [
                {
                    "id": hsds_id("service", organisation.pk),
                    "organization_id": org,
                    "name": organisation.name,
                    "description": blank(description),
                    "url": web_url,
                    "email": blank(organisation.email),
                    "status": "defunct" if organisation.has_ceased else "active",
                    "assured_date": _date(organisation.last_verified_on),
                    "last_modified": organisation.updated_at.isoformat(),
                }
            ],
        }


def _float(value):
    return None if value is None else float(value)


def _date(value):
    return value.isoformat() if value else None


class HsdsOrganizationSchema(serializers.Serializer):
    """The shape ``HsdsOrganizationSerializer`` writes, for the OpenAPI schema."""

    id = serializers.UUIDField()
    url = serializers.URLField(help_text="This entry in the API.")
    name = serializers.CharField()
    alternate_name = serializers.CharField(allow_null=True)
    description = serializers.CharField()
    email = serializers.CharField(allow_null=True)
    website = serializers.CharField(allow_null=True)
    tax_id = serializers.CharField(allow_null=True)
    year_incorporated = serializers.IntegerField(allow_null=True)
    legal_status = serializers.CharField()
    uri = serializers.URLField()
    organization_identifiers = IdentifierSerializer(many=True)
    phones = PhoneSerializer(many=True)
    contacts = ContactSerializer(many=True)
    locations = LocationSerializer(many=True)
    services = ServiceSerializer(many=True)
