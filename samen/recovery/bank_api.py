"""`/api/v1/bankafschriften` (camt.053 statements: upload as multipart/form-data, field
``bestand``; the list), `/api/v1/onbekende-ontvangsten` (the credits still to match) and
`POST /api/v1/onbekende-ontvangsten/{id}/koppeling`, and `/api/v1/vorderingen-stand` (the
month-end stock per municipality and origin). Thin: everything through
:mod:`samen.recovery.bank` and :mod:`samen.recovery.collection`, so the one access policy
scopes it and the audit trail records it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.recovery import bank, camt, collection, services
from samen.recovery.api import VorderingDetailSerializer, _service_errors

TAGS = ["vorderingen"]
#: ``pagina`` and ``paginaGrootte`` in the document, as the viewsets' lists have them
PAGING = [
    OpenApiParameter(
        p["name"], p["schema"], OpenApiParameter.QUERY, required=False, description=p["description"]
    )
    for p in Pagination().get_schema_operation_parameters(None)
]
FORBIDDEN = OpenApiResponse(description="U mag geen bankafschriften inlezen of inzien.")
NOT_FOUND = OpenApiResponse(
    description="Ontvangst niet gevonden, al gekoppeld, of u heeft geen toegang."
)


def _allowed(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error)) from error


class BankafschriftSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    rekening = serializers.CharField(source="account_iban", read_only=True)
    afschriftnummer = serializers.CharField(source="statement_id", read_only=True)
    berichtnummer = serializers.CharField(source="message_id", read_only=True)
    aangemaaktOp = serializers.DateTimeField(source="created_on", read_only=True)  # noqa: N815
    bestandsnaam = serializers.CharField(source="file_name", read_only=True)
    sha256 = serializers.CharField(read_only=True)
    bijschrijvingen = serializers.IntegerField(source="credits", read_only=True)
    gekoppeld = serializers.IntegerField(source="matched", read_only=True)
    overgeslagen = serializers.IntegerField(source="skipped", read_only=True)
    totaalBijgeschreven = serializers.DecimalField(  # noqa: N815
        source="credit_total", max_digits=14, decimal_places=2, read_only=True
    )
    ingelezenOp = serializers.DateTimeField(source="imported_at", read_only=True)  # noqa: N815
    ingelezenDoor = serializers.CharField(source="imported_by", read_only=True)  # noqa: N815


@extend_schema_field({"type": "string", "format": "binary", "maxLength": camt.MAX_BYTES})
class AfschriftBestandField(serializers.FileField):
    """The camt.053 file; its largest size in bytes is ``camt.MAX_BYTES`` (200 MB)."""


class BankafschriftNieuwSerializer(StrictSerializer):
    bestand = AfschriftBestandField(
        max_length=200,
        help_text="Het camt.053-bestand (ISO 20022, camt.053.001.02 of later), hoogstens 200 MB.",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg.",
            "invalid": "Stuur het bestand als multipart/form-data.",
            "max_length": "De bestandsnaam is te lang (hoogstens {max_length} tekens).",
        },
    )


class OntvangstSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    bankafschrift = serializers.CharField(source="statement.statement_id", read_only=True)
    referentie = serializers.CharField(source="entry_reference", read_only=True)
    bedrag = serializers.DecimalField(
        source="amount", max_digits=12, decimal_places=2, read_only=True
    )
    boekdatum = serializers.DateField(source="booked_on", read_only=True)
    omschrijving = serializers.CharField(source="remittance", read_only=True)
    naamTegenpartij = serializers.CharField(source="counterparty_name", read_only=True)  # noqa: N815
    rekeningTegenpartij = serializers.CharField(source="counterparty_iban", read_only=True)  # noqa: N815
    betalingskenmerk = serializers.CharField(source="payment_reference", read_only=True)
    genoemdeVordering = serializers.IntegerField(  # noqa: N815
        source="referenced_claim_id", read_only=True
    )


class KoppelingSerializer(StrictSerializer):
    vordering = fields.TextField(
        max_length=20,
        help_text="Het id van de vordering of haar betalingskenmerk (VORD-00000012).",
    )


class StatementResult(serializers.Serializer):
    bankafschrift = BankafschriftSerializer(source="statement", read_only=True)
    nieuw = serializers.BooleanField(source="created", read_only=True)
    nietGekoppeld = serializers.IntegerField(source="unmatched", read_only=True)  # noqa: N815


class BankafschriftenView(APIView):
    """De ingelezen bankafschriften (camt.053), de nieuwste eerst; of een nieuw afschrift
    inlezen. Een bijschrijving met het betalingskenmerk van een vordering die u mag wijzigen
    wordt een ontvangst op die vordering; de rest komt bij de onbekende ontvangsten.
    Hetzelfde afschrift nog eens inlezen verandert niets (200 met het eerdere afschrift)."""

    parser_classes = [MultiPartParser]
    pagination_class = Pagination

    @extend_schema(
        operation_id="bankafschriftenList",
        summary="Bankafschriften",
        parameters=PAGING,
        responses={200: BankafschriftSerializer(many=True), 403: FORBIDDEN},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        total, rows = _allowed(bank.statements, request.user, page.offset, page.size)
        return page_response(request, page, total, BankafschriftSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="bankafschriftCreate",
        summary="Lees een bankafschrift in",
        request={"multipart/form-data": BankafschriftNieuwSerializer},
        responses={
            201: StatementResult,
            200: OpenApiResponse(StatementResult, description="Dit afschrift was al ingelezen."),
            400: OpenApiResponse(description="Geen geldig camt.053-afschrift (problem+json)."),
            403: FORBIDDEN,
        },
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        body = BankafschriftNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["bestand"]
        if upload.size > camt.MAX_BYTES:
            raise exceptions.ValidationError({"bestand": ["Het bestand is groter dan 200 MB."]})
        try:
            result = _allowed(bank.import_statement, request.user, upload.read(), upload.name)
        except DjangoValidationError as error:
            raise _service_errors(error, {"file": "bestand"}) from error
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(StatementResult(result).data, status=code)


class OnbekendeOntvangstenView(APIView):
    """De bijschrijvingen die nog aan een vordering gekoppeld moeten worden, de oudste eerst:
    zonder (bekend) betalingskenmerk, hoger dan het saldo, of op een vordering die de inlezer
    niet mocht wijzigen. U ziet een bijschrijving die een vordering noemt alleen als u die
    vordering mag inzien. Elke getoonde bijschrijving komt in de audittrail."""

    pagination_class = Pagination

    @extend_schema(
        operation_id="onbekendeOntvangstenList",
        summary="Onbekende ontvangsten",
        parameters=PAGING,
        responses={200: OntvangstSerializer(many=True), 403: FORBIDDEN},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        total, rows = _allowed(bank.open_credits, request.user, page.offset, page.size)
        return page_response(request, page, total, OntvangstSerializer(rows, many=True).data)


class OntvangstKoppelingView(APIView):
    """Koppel een onbekende ontvangst aan een vordering die u mag wijzigen: het wordt een
    ontvangst op die vordering (niet hoger dan haar saldo)."""

    @extend_schema(
        operation_id="onbekendeOntvangstKoppelingCreate",
        summary="Koppel een ontvangst aan een vordering",
        request=KoppelingSerializer,
        responses={
            201: OpenApiResponse(description="Gekoppeld; de vordering met haar boekingen."),
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = KoppelingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            movement = _allowed(
                bank.match_credit, request.user, pk, body.validated_data["vordering"]
            )
        except DjangoValidationError as error:
            raise _service_errors(error, {"claim": "vordering", "credit": "id"}) from error
        view = services.get_claim(request.user, movement.claim_id, purpose=Purpose.UITVOERING)
        return Response(VorderingDetailSerializer(view).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# The month-end stock
# ---------------------------------------------------------------------------------------------
class HerkomstStandSerializer(serializers.Serializer):
    herkomst = serializers.CharField(source="origin", read_only=True)
    naam = serializers.CharField(source="label", read_only=True)
    aantal = serializers.IntegerField(source="number", read_only=True)
    saldo = serializers.DecimalField(
        source="balance", max_digits=14, decimal_places=2, read_only=True
    )


class GemeenteStandSerializer(serializers.Serializer):
    gemeente = serializers.CharField(source="municipality.cbs_code", read_only=True)
    naam = serializers.CharField(source="municipality.name", read_only=True)
    aantal = serializers.IntegerField(source="number", read_only=True)
    saldo = serializers.DecimalField(
        source="balance", max_digits=14, decimal_places=2, read_only=True
    )
    herkomsten = HerkomstStandSerializer(source="origins", many=True, read_only=True)


class StandSerializer(serializers.Serializer):
    maandeinde = serializers.DateField(read_only=True)
    gemeenten = GemeenteStandSerializer(many=True, read_only=True)


class StandQuery(StrictSerializer):
    maand = fields.TextField(max_length=7, help_text="De maand als jjjj-mm, bv. 2026-11.")


class VorderingenStandView(APIView):
    """De stand van de vorderingen aan het eind van een maand: per gemeente en herkomst het
    aantal vorderingen met een saldo boven nul en hun totaal, berekend uit de boekingen tot
    en met de laatste dag van de maand. Alleen de gemeenten waarvan u cijfers of
    vorderingen mag inzien."""

    @extend_schema(
        operation_id="vorderingenStandRetrieve",
        summary="Stand van de vorderingen per maandeinde",
        parameters=[StandQuery],
        responses={200: StandSerializer},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = StandQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            month = collection.parse_month(query.validated_data["maand"], "maand")
        except DjangoValidationError as error:
            raise _service_errors(error, {}) from error
        end, rows = collection.month_end_stock(request.user, month, Purpose.STURING)
        return Response(StandSerializer({"maandeinde": end, "gemeenten": rows}).data)
