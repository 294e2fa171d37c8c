"""API of the people app: `/personen` (list, detail, create, change).

Thin by design: every read and change goes through :mod:`samen.people.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it; this module
never queries ``Person`` itself. A person the actor may not see answers 404 (existence must
not leak), a person the actor may see but not change answers 403, a stale version 412
(optimistic locking with the ``versie`` field or an ``If-Match`` header). The mapping of those
exceptions to problem responses is in :mod:`samen.api.problems`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samen.access.models import Confidentiality
from samen.access.policy import Purpose
from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.common.validators import validate_bsn
from samen.organisation.api import DomeinField, GemeenteField
from samen.people import moves, services

PURPOSE = Purpose.UITVOERING

# The ZGW vertrouwelijkheidaanduiding values ("zaakvertrouwelijk", "zeer_geheim", ...).
LEVELS: dict[str, int] = {c.name.lower(): c.value for c in Confidentiality}
LEVEL_NAMES: dict[int, str] = {v: k for k, v in LEVELS.items()}

# API name -> model field, for changes and for errors raised by the services.
PERSON_FIELDS = {
    "voornamen": "given_names",
    "voorvoegsel": "surname_prefix",
    "achternaam": "surname",
    "geboortedatum": "birth_date",
}
MODEL_TO_API = {
    **{model: api for api, model in PERSON_FIELDS.items()},
    "bsn": "bsn",
    "street": "adres.straat",
    "house_number": "adres.huisnummer",
    "postal_code": "adres.postcode",
    "city": "adres.woonplaats",
    "municipality": "adres.gemeente",
    "valid_from": "adres.woontSinds",
    "domain": "inschrijving.domein",
    "subject": "inschrijving.onderwerp",
    "confidentiality": "inschrijving.vertrouwelijkheid",
}


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------


class AdresSerializer(serializers.Serializer):
    straat = serializers.CharField(source="street")
    huisnummer = serializers.CharField(source="house_number")
    postcode = serializers.CharField(source="postal_code")
    woonplaats = serializers.CharField(source="city")
    gemeente = serializers.CharField(source="municipality.cbs_code", help_text="CBS-code.")
    woontSinds = serializers.DateField(source="valid_from", help_text="Eerste dag op dit adres.")


class VertrouwelijkheidField(serializers.ChoiceField):
    """The vertrouwelijkheidaanduiding as its ZGW name; internally the level (1-8)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", "Vertrouwelijkheidaanduiding (ZGW), van openbaar tot zeer_geheim."
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": "Onbekende vertrouwelijkheid: {input}."},
        )
        super().__init__(choices=list(LEVELS), **kwargs)

    def to_representation(self, value: Any) -> str:
        return LEVEL_NAMES[int(value)]

    def to_internal_value(self, data: Any) -> int:  # type: ignore[override]
        return LEVELS[super().to_internal_value(data)]


class InschrijvingSerializer(serializers.Serializer):
    domein = serializers.CharField(source="domain.code")
    onderwerp = serializers.CharField(source="subject")
    vertrouwelijkheid = VertrouwelijkheidField(source="confidentiality")
    ingeschrevenOp = serializers.DateField(source="registered_on")


class PersoonSerializer(serializers.Serializer):
    """A person as the actor may see it (a :class:`services.PersonView`): only the
    registrations (inschrijvingen) in the actor's grants."""

    id = serializers.IntegerField(source="person.pk")
    bsn = serializers.CharField(source="person.bsn", help_text="Burgerservicenummer.")
    voornamen = serializers.CharField(source="person.given_names")
    voorvoegsel = serializers.CharField(source="person.surname_prefix")
    achternaam = serializers.CharField(source="person.surname")
    geboortedatum = serializers.DateField(source="person.birth_date")
    versie = serializers.IntegerField(
        source="person.version", help_text="Versie, voor optimistische vergrendeling."
    )
    verantwoordelijkeGemeente = serializers.CharField(
        source="municipality.cbs_code",
        allow_null=True,
        help_text="CBS-code van de gemeente die vandaag verantwoordelijk is (volgt het adres).",
    )
    adres = AdresSerializer(allow_null=True, source="address", help_text="Het huidige adres.")
    inschrijvingen = InschrijvingSerializer(
        many=True, source="registrations", help_text="Alleen de domeinen waarvoor u bent bevoegd."
    )


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------


def not_in_future(value: Any) -> None:
    if value > timezone.localdate():
        raise serializers.ValidationError("De geboortedatum ligt in de toekomst.")


def geboortedatum_field(*, required: bool = True) -> fields.DateField:
    return fields.DateField(example="1980-05-01", required=required, validators=[not_in_future])


class AdresInvoerSerializer(StrictSerializer):
    straat = fields.TextField(max_length=200)
    huisnummer = fields.TextField(max_length=20)
    postcode = fields.TextField(max_length=7)
    woonplaats = fields.TextField(max_length=100)
    gemeente = GemeenteField(help_text="CBS-code van de gemeente, bijv. GM0981.")
    woontSinds = fields.DateField(help_text="Eerste dag op dit adres.")


class InschrijvingInvoerSerializer(StrictSerializer):
    domein = DomeinField(help_text="Code van het domein, bijv. participatiewet.")
    onderwerp = fields.TextField(max_length=200)
    vertrouwelijkheid = VertrouwelijkheidField(
        required=False,
        help_text="Vertrouwelijkheidaanduiding (ZGW); standaard zaakvertrouwelijk.",
    )


class PersoonNieuwSerializer(StrictSerializer):
    bsn = fields.bsn_field(
        validators=[validate_bsn], help_text="Burgerservicenummer: negen cijfers, elfproef."
    )
    voornamen = fields.TextField(max_length=200)
    voorvoegsel = fields.TextField(max_length=20, required=False, allow_blank=True)
    achternaam = fields.TextField(max_length=200)
    geboortedatum = geboortedatum_field()
    adres = AdresInvoerSerializer()
    inschrijving = InschrijvingInvoerSerializer()


class PersoonWijzigingSerializer(StrictSerializer):
    unknown_message = "Dit gegeven kan hier niet worden gewijzigd."

    voornamen = fields.TextField(max_length=200, required=False)
    voorvoegsel = fields.TextField(max_length=20, required=False, allow_blank=True)
    achternaam = fields.TextField(max_length=200, required=False)
    geboortedatum = geboortedatum_field(required=False)
    versie = fields.version_field(
        "De versie die u heeft gezien; of geef die mee in de If-Match-header."
    )


class VerhuizingSerializer(StrictSerializer):
    """A move: the new address and the first day there."""

    straat = fields.TextField(max_length=200)
    huisnummer = fields.TextField(max_length=20)
    postcode = fields.TextField(max_length=7)
    woonplaats = fields.TextField(max_length=100)
    gemeente = GemeenteField(help_text="CBS-code van de gemeente van het nieuwe adres.")
    verhuisdatum = fields.DateField(
        example="2026-03-01", help_text="De eerste dag op het nieuwe adres (JJJJ-MM-DD)."
    )
    versie = fields.version_field(
        "De versie die u heeft gezien; of geef die mee in de If-Match-header."
    )


MOVE_TO_API = {
    "street": "straat",
    "house_number": "huisnummer",
    "postal_code": "postcode",
    "city": "woonplaats",
    "municipality": "gemeente",
    "moved_on": "verhuisdatum",
    "valid_from": "verhuisdatum",
}


class PersonenQuery(QuerySerializer):
    bsn = fields.bsn_field(
        required=False, help_text="Alleen de persoon met dit burgerservicenummer."
    )
    zoek = fields.TextField(
        required=False, max_length=100, help_text="Zoek op (een deel van) de naam, of een BSN."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("bsn") and attrs.get("zoek"):
            raise serializers.ValidationError({"zoek": "Gebruik bsn of zoek, niet allebei."})
        return attrs


IF_MATCH = fields.if_match(
    'De versie die u heeft gezien, bijvoorbeeld "3" (de ETag van de persoon); '
    "in plaats van het veld versie."
)
PERSON_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de persoon."
)


def _service_errors(error: DjangoValidationError) -> exceptions.ValidationError:
    """A validation error of the services, with the API's (Dutch) field names."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {MODEL_TO_API.get(k, k): v for k, v in error.message_dict.items()}
        )
    return exceptions.ValidationError({"nonFieldErrors": error.messages})


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[PersonenQuery],
        description="Personen die u mag inzien: alleen die van uw gemeenten en domeinen, tot "
        "uw vertrouwelijkheidsniveau. Elke getoonde persoon komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[PERSON_ID],
        description="Eén persoon, met alleen de inschrijvingen waarvoor u bevoegd bent. Een "
        "persoon die u niet mag zien geeft 404, net als een persoon die niet bestaat.",
    ),
    create=extend_schema(
        request=PersoonNieuwSerializer,
        responses={201: PersoonSerializer},
        description="Leg een persoon vast met adres en inschrijving in een domein. U moet "
        "bevoegd zijn om gegevens van die gemeente en dat domein te wijzigen. Is het BSN al "
        "bekend bij een persoon die u niet mag zien, die in de opgegeven gemeente woont en "
        "dezelfde achternaam en geboortedatum heeft, dan krijgt die persoon de inschrijving "
        "(het antwoord is hetzelfde als bij een nieuwe persoon). Elk ander bekend BSN geeft één "
        "en dezelfde weigering op bsn, die niet zegt of en waar het BSN bekend is; de poging "
        "staat in de audittrail.",
    ),
    partial_update=extend_schema(
        request=PersoonWijzigingSerializer,
        responses={
            200: PersoonSerializer,
            412: OpenApiResponse(description="De persoon is intussen gewijzigd (versie)."),
        },
        parameters=[PERSON_ID, IF_MATCH],
        description="Wijzig namen of geboortedatum. Geef de versie mee (veld versie of "
        "If-Match-header); is de persoon intussen gewijzigd, dan volgt 412.",
    ),
)
class PersoonViewSet(viewsets.ViewSet):
    """Personen (burgers) met BSN, adres en inschrijvingen per domein, gescheiden per
    gemeente, domein en vertrouwelijkheid."""

    serializer_class = PersoonSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"  # any other id is a 404 problem from the API's fallback
    http_method_names = ["get", "post", "patch", "head", "options"]

    def list(self, request: Request) -> Response:
        query = PersonenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        search = query.validated_data.get("bsn") or query.validated_data.get("zoek", "")
        page = page_request(request)
        found = services.list_persons(
            request.user, PURPOSE, search=search, offset=page.offset, limit=page.size
        )
        results = PersoonSerializer(found.items, many=True).data
        return page_response(request, page, found.total, results)

    def retrieve(self, request: Request, pk: str) -> Response:
        view = services.get_person(request.user, pk, PURPOSE)
        return self._answer(view)

    def create(self, request: Request) -> Response:
        body = PersoonNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        adres, inschrijving = data["adres"], data["inschrijving"]
        new = services.NewPerson(
            bsn=data["bsn"],
            given_names=data["voornamen"],
            surname_prefix=data.get("voorvoegsel", ""),
            surname=data["achternaam"],
            birth_date=data["geboortedatum"],
            street=adres["straat"],
            house_number=adres["huisnummer"],
            postal_code=adres["postcode"],
            city=adres["woonplaats"],
            municipality=adres["gemeente"],
            living_since=adres["woontSinds"],
            domain=inschrijving["domein"],
            subject=inschrijving["onderwerp"],
            confidentiality=inschrijving.get(
                "vertrouwelijkheid", Confidentiality.ZAAKVERTROUWELIJK
            ),
        )
        try:
            view = services.create_person(request.user, new, PURPOSE)
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return self._answer(view, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        body = PersoonWijzigingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = fields.expected_version(request, data.pop("versie", None))
        changes = {PERSON_FIELDS[name]: value for name, value in data.items()}
        try:
            view = services.change_person(
                request.user, pk, changes, expected_version=version, purpose=PURPOSE
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return self._answer(view)

    @extend_schema(
        operation_id="persoonVerhuizingCreate",
        summary="Leg een verhuizing vast",
        request=VerhuizingSerializer,
        parameters=[PERSON_ID, IF_MATCH],
        responses={
            200: PersoonSerializer,
            204: OpenApiResponse(
                description="Vastgelegd; u mag de persoon sinds de verhuisdatum niet meer zien."
            ),
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            403: OpenApiResponse(description="U mag deze persoon inzien maar niet wijzigen."),
            404: OpenApiResponse(description="Persoon niet gevonden, of u heeft geen toegang."),
            412: OpenApiResponse(description="De persoon is intussen gewijzigd (versie)."),
        },
        description="Het huidige adres eindigt op de dag vóór de verhuisdatum; het nieuwe adres "
        "geldt vanaf de verhuisdatum. Vanaf die dag is de gemeente van het nieuwe adres "
        "verantwoordelijk; zaken blijven bij de gemeente namens wie ze zijn behandeld. Een "
        "gemeente die niet alle domeinen van de persoon op die datum door ons laat uitvoeren, "
        "wordt geweigerd. De verhuizing komt in de audittrail.",
    )
    @action(detail=True, methods=["post"], url_path="verhuizing")
    def verhuizing(self, request: Request, pk: str) -> Response:
        body = VerhuizingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = fields.expected_version(request, data.pop("versie", None))
        new = moves.NewAddress(
            street=data["straat"],
            house_number=data["huisnummer"],
            postal_code=data["postcode"],
            city=data["woonplaats"],
            municipality=data["gemeente"],
            moved_on=data["verhuisdatum"],
        )
        try:
            moved = moves.move_person(
                request.user, pk, new, expected_version=version, purpose=PURPOSE
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise exceptions.ValidationError(
                    {MOVE_TO_API.get(k, k): v for k, v in error.message_dict.items()}
                ) from error
            raise exceptions.ValidationError({"nonFieldErrors": error.messages}) from error
        if moved.view is None:
            response = Response(status=status.HTTP_204_NO_CONTENT)
            response["ETag"] = f'"{moved.person.version}"'
            return response
        return self._answer(moved.view)

    @staticmethod
    def _answer(view: services.PersonView, code: int = status.HTTP_200_OK) -> Response:
        response = Response(PersoonSerializer(view).data, status=code)
        response["ETag"] = f'"{view.person.version}"'
        return response
