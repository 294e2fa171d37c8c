"""API of the people app: `/personen` (list, detail, create, change).

Thin by design: every read and change goes through :mod:`samen.people.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it; this module
never queries ``Person`` itself. A person the actor may not see answers 404 (existence must
not leak), a person the actor may see but not change answers 403, a stale version 412
(optimistic locking with the ``versie`` field or an ``If-Match`` header). The mapping of those
exceptions to problem responses is in :mod:`samen.api.problems`.
"""

from __future__ import annotations

import re
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
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from samen.access.models import Confidentiality
from samen.access.policy import Purpose
from samen.api.pagination import Pagination
from samen.organisation.api import DomeinField, GemeenteField
from samen.people import services
from samen.people.models import validate_bsn

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


def geboortedatum_field(*, required: bool = True) -> serializers.DateField:
    return serializers.DateField(
        required=required,
        validators=[not_in_future],
        error_messages={"invalid": "Ongeldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 1980-05-01."},
    )


class AdresInvoerSerializer(serializers.Serializer):
    straat = serializers.CharField(max_length=200)
    huisnummer = serializers.CharField(max_length=20)
    postcode = serializers.CharField(max_length=7)
    woonplaats = serializers.CharField(max_length=100)
    gemeente = GemeenteField(help_text="CBS-code van de gemeente, bijv. GM0981.")
    woontSinds = serializers.DateField(help_text="Eerste dag op dit adres.")


class InschrijvingInvoerSerializer(serializers.Serializer):
    domein = DomeinField(help_text="Code van het domein, bijv. participatiewet.")
    onderwerp = serializers.CharField(max_length=200)
    vertrouwelijkheid = VertrouwelijkheidField(
        required=False,
        help_text="Vertrouwelijkheidaanduiding (ZGW); standaard zaakvertrouwelijk.",
    )


class PersoonNieuwSerializer(serializers.Serializer):
    bsn = serializers.CharField(
        validators=[validate_bsn], help_text="Burgerservicenummer: negen cijfers, elfproef."
    )
    voornamen = serializers.CharField(max_length=200)
    voorvoegsel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    achternaam = serializers.CharField(max_length=200)
    geboortedatum = geboortedatum_field()
    adres = AdresInvoerSerializer()
    inschrijving = InschrijvingInvoerSerializer()


class PersoonWijzigingSerializer(serializers.Serializer):
    voornamen = serializers.CharField(max_length=200, required=False)
    voorvoegsel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    achternaam = serializers.CharField(max_length=200, required=False)
    geboortedatum = geboortedatum_field(required=False)
    versie = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="De versie die u heeft gezien; of geef die mee in de If-Match-header.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(unknown, "Dit gegeven kan hier niet worden gewijzigd.")
            )
        return attrs


class PersonenQuery(serializers.Serializer):
    bsn = serializers.RegexField(
        r"^\d{9}$",
        required=False,
        help_text="Alleen de persoon met dit burgerservicenummer.",
        error_messages={"invalid": "Een BSN bestaat uit negen cijfers."},
    )
    zoek = serializers.CharField(
        required=False, max_length=100, help_text="Zoek op (een deel van) de naam, of een BSN."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("bsn") and attrs.get("zoek"):
            raise serializers.ValidationError({"zoek": "Gebruik bsn of zoek, niet allebei."})
        return attrs


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='De versie die u heeft gezien, bijvoorbeeld "3" (de ETag van de persoon); '
    "in plaats van het veld versie.",
)
PERSON_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de persoon."
)
VERSION_IN_HEADER = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


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
        "bevoegd zijn om gegevens van die gemeente en dat domein te wijzigen.",
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
        paginator = Pagination()
        size = paginator.get_page_size(request) or 100
        number = self._page_number(request, paginator)
        page = services.list_persons(
            request.user, PURPOSE, search=search, offset=(number - 1) * size, limit=size
        )
        if number > 1 and (number - 1) * size >= page.total:
            raise exceptions.NotFound(paginator.invalid_page_message)
        url = request.build_absolute_uri()
        param = paginator.page_query_param
        following = replace_query_param(url, param, number + 1)
        previous = None
        if number == 2:
            previous = remove_query_param(url, param)
        elif number > 2:
            previous = replace_query_param(url, param, number - 1)
        return Response(
            {
                "count": page.total,
                "next": following if number * size < page.total else None,
                "previous": previous,
                "results": PersoonSerializer(page.items, many=True).data,
            }
        )

    @staticmethod
    def _page_number(request: Request, paginator: Pagination) -> int:
        raw = request.query_params.get(paginator.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1:
            raise exceptions.NotFound(paginator.invalid_page_message)
        return int(raw)

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
        version = self._expected_version(request, data.pop("versie", None))
        changes = {PERSON_FIELDS[name]: value for name, value in data.items()}
        try:
            view = services.change_person(
                request.user, pk, changes, expected_version=version, purpose=PURPOSE
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return self._answer(view)

    @staticmethod
    def _expected_version(request: Request, in_body: int | None) -> int:
        header = request.headers.get("If-Match", "")
        in_header = None
        if header:
            match = VERSION_IN_HEADER.match(header)
            if match is None:
                raise exceptions.ValidationError(
                    {"If-Match": 'Geef de versie als getal, bijvoorbeeld "3".'}
                )
            in_header = int(match.group(1))
        if in_body is not None and in_header is not None and in_body != in_header:
            raise exceptions.ValidationError(
                {"versie": "De versie in het veld versie en in If-Match verschillen."}
            )
        version = in_body if in_body is not None else in_header
        if version is None:
            raise exceptions.ValidationError(
                {"versie": "Geef de versie mee die u heeft gezien (veld versie of If-Match)."}
            )
        return version

    @staticmethod
    def _answer(view: services.PersonView, code: int = status.HTTP_200_OK) -> Response:
        response = Response(PersoonSerializer(view).data, status=code)
        response["ETag"] = f'"{view.person.version}"'
        return response
