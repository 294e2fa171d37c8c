"""`/api/v1/vorderingen`: the claims the caller may see, one claim with its ledger, and
booking a receipt, write-off or correction or a payment arrangement on it (NLGov ADR:
Dutch names, camelCase, problem+json). Thin: everything through
:mod:`samen.recovery.services`, so the one access policy scopes it and every read and write
is audited. A claim the caller may not see is a 404, as one that does not exist."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.recovery import services
from samen.recovery.models import MAX_AMOUNT, MAX_REASON

PURPOSE = Purpose.UITVOERING
NOT_FOUND = OpenApiResponse(description="Vordering niet gevonden, of u heeft geen toegang.")


def _service_errors(
    error: DjangoValidationError, names: Mapping[str, str]
) -> exceptions.ValidationError:
    out: dict[str, list[ErrorDetail]] = {}
    by_field = (
        error.error_dict if hasattr(error, "error_dict") else {"nonFieldErrors": error.error_list}
    )
    for field, errors in by_field.items():
        for item in errors:
            for message in item.messages:
                out.setdefault(names.get(field, field), []).append(
                    ErrorDetail(message, item.code or "invalid")
                )
    return exceptions.ValidationError(out)


def _amount(*, signed: bool = False, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=-MAX_AMOUNT if signed else Decimal("0.01"),
        max_value=MAX_AMOUNT,
        coerce_to_string=True,
        **kwargs,
    )


class BoekingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    soort = serializers.CharField(source="kind", read_only=True)
    bedrag = serializers.DecimalField(
        source="amount", max_digits=12, decimal_places=2, read_only=True
    )
    boekdatum = serializers.DateField(source="booked_on", read_only=True)
    reden = serializers.CharField(source="reason", read_only=True)


class BetalingsregelingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    termijnbedrag = serializers.DecimalField(
        source="instalment", max_digits=12, decimal_places=2, read_only=True
    )
    eersteMaand = serializers.DateField(source="start_month", read_only=True)  # noqa: N815
    beeindigdOp = serializers.DateField(source="ended_on", read_only=True)  # noqa: N815
    reden = serializers.CharField(source="reason", read_only=True)
    versie = serializers.IntegerField(source="version", read_only=True)


class VorderingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="claim.pk", read_only=True)
    kenmerk = serializers.CharField(source="claim.reference", read_only=True)
    persoon = serializers.IntegerField(source="claim.person_id", read_only=True)
    gemeente = serializers.CharField(source="claim.municipality.cbs_code", read_only=True)
    domein = serializers.CharField(source="claim.domain.code", read_only=True)
    herkomst = serializers.CharField(source="claim.origin", read_only=True)
    omschrijving = serializers.CharField(source="claim.description", read_only=True)
    ontstaanOp = serializers.DateField(source="claim.established_on", read_only=True)  # noqa: N815
    hoofdsom = serializers.DecimalField(
        source="claim.principal", max_digits=12, decimal_places=2, read_only=True
    )
    kosten = serializers.DecimalField(
        source="claim.costs", max_digits=12, decimal_places=2, read_only=True
    )
    saldo = serializers.DecimalField(
        source="balance", max_digits=12, decimal_places=2, read_only=True
    )
    versie = serializers.IntegerField(source="claim.version", read_only=True)


class InvorderingsstapSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    soort = serializers.CharField(source="kind", read_only=True)
    verzondenOp = serializers.DateField(source="sent_on", read_only=True)  # noqa: N815
    verzondenDoor = serializers.CharField(source="sent_by", read_only=True)  # noqa: N815
    toelichting = serializers.CharField(source="note", read_only=True)


class VorderingBesluitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    soort = serializers.CharField(source="kind", read_only=True)
    grondslag = serializers.CharField(source="ground", read_only=True)
    besluit = serializers.IntegerField(source="decision_id", read_only=True)
    zaak = serializers.CharField(source="decision.case.reference", read_only=True)
    besluittype = serializers.CharField(source="decision.decision_type.code", read_only=True)
    besluitdatum = serializers.DateField(source="decided_on", read_only=True)
    periodeVanaf = serializers.DateField(source="period_from", read_only=True)  # noqa: N815
    periodeTotEnMet = serializers.DateField(source="period_until", read_only=True)  # noqa: N815
    bedrag = serializers.DecimalField(
        source="amount", max_digits=12, decimal_places=2, read_only=True
    )
    bruto = serializers.BooleanField(source="gross", read_only=True)
    brutoBedrag = serializers.DecimalField(  # noqa: N815
        source="gross_amount", max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )


class VerjaringSerializer(serializers.Serializer):
    termijnVanaf = serializers.DateField(source="term_starts", read_only=True)  # noqa: N815
    verjaartOp = serializers.DateField(source="limited_on", read_only=True)  # noqa: N815
    toelichting = serializers.ListField(
        source="explanation", child=serializers.CharField(), read_only=True
    )


class VorderingDetailSerializer(VorderingSerializer):
    betalenUiterlijkOp = serializers.DateField(source="claim.due_on", read_only=True)  # noqa: N815
    soortVerstrekking = serializers.CharField(  # noqa: N815
        source="claim.benefit_type.code", read_only=True, allow_null=True, default=None
    )
    invorderingsstappen = InvorderingsstapSerializer(source="steps", many=True, read_only=True)
    besluiten = VorderingBesluitSerializer(source="decisions", many=True, read_only=True)
    verjaring = VerjaringSerializer(source="limitation", read_only=True, allow_null=True)
    boekingen = BoekingSerializer(source="movements", many=True, read_only=True)
    betalingsregelingen = BetalingsregelingSerializer(
        source="arrangements", many=True, read_only=True
    )
    gemisteTermijnen = serializers.ListField(  # noqa: N815
        source="missed", child=serializers.DateField(), read_only=True
    )


class VorderingenQuery(QuerySerializer):
    persoon = fields.id_field("Het id van de persoon", required=False)


class NieuweBoekingSerializer(StrictSerializer):
    soort = serializers.ChoiceField(
        choices=["ontvangst", "afboeking", "correctie"],
        error_messages={"invalid_choice": "Kies ontvangst, afboeking of correctie."},
    )
    bedrag = _amount(
        signed=True,
        help_text="Het ontvangen of afgeboekte bedrag (positief); bij een correctie met teken.",
    )
    boekdatum = fields.DateField(help_text="JJJJ-MM-DD; niet in de toekomst.")
    reden = fields.TextField(max_length=MAX_REASON, multiline=True)
    versie = fields.version_field("De versie van de vordering die u heeft gezien.")


class NieuweBetalingsregelingSerializer(StrictSerializer):
    termijnbedrag = _amount(help_text="Het bedrag per maand.")
    eersteMaand = fields.DateField(help_text="Een dag in de eerste maand (JJJJ-MM-DD).")  # noqa: N815
    reden = fields.TextField(max_length=MAX_REASON, multiline=True)
    versie = fields.version_field("De versie van de vordering die u heeft gezien.")


def _detail(view: services.ClaimView, code: int = status.HTTP_200_OK) -> Response:
    response = Response(VorderingDetailSerializer(view).data, status=code)
    response["ETag"] = f'"{view.claim.version}"'
    return response


def _validated(request: Request, serializer_class: type[StrictSerializer]) -> tuple[dict, int]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    return data, fields.expected_version(request, data.get("versie"))


class VorderingenView(APIView):
    """De vorderingen die u mag inzien (gemeente, domein en vertrouwelijkheid van uw
    autorisatie), de nieuwste eerst, met hun saldo. Elke getoonde vordering komt in de
    audittrail."""

    pagination_class = Pagination

    @extend_schema(
        operation_id="vorderingenList",
        summary="Vorderingen",
        parameters=[VorderingenQuery],
        responses={200: VorderingSerializer(many=True)},
        tags=["vorderingen"],
    )
    def get(self, request: Request) -> Response:
        query = VorderingenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        total, rows = services.list_claims(
            request.user,
            person_pk=query.validated_data.get("persoon"),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(request, page, total, VorderingSerializer(rows, many=True).data)


class VorderingView(APIView):
    """Eén vordering met al haar boekingen (het saldo is hun som), haar betalingsregelingen
    en de gemiste termijnen."""

    @extend_schema(
        operation_id="vorderingRetrieve",
        summary="Vordering",
        responses={200: VorderingDetailSerializer, 404: NOT_FOUND},
        tags=["vorderingen"],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(services.get_claim(request.user, pk, purpose=PURPOSE))


class VorderingBoekingenView(APIView):
    """Leg een ontvangst, afboeking of correctie vast op een vordering."""

    @extend_schema(
        operation_id="vorderingBoekingCreate",
        summary="Boek op een vordering",
        request=NieuweBoekingSerializer,
        responses={
            201: VorderingDetailSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            404: NOT_FOUND,
            412: OpenApiResponse(description="De vordering is intussen gewijzigd (versie)."),
        },
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data, version = _validated(request, NieuweBoekingSerializer)
        try:
            services.book(
                request.user,
                pk,
                kind=data["soort"],
                amount=data["bedrag"],
                booked_on=data["boekdatum"],
                reason=data["reden"],
                expected_version=version,
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(
                error,
                {"kind": "soort", "amount": "bedrag", "booked_on": "boekdatum", "reason": "reden"},
            ) from error
        return _detail(services.get_claim(request.user, pk, purpose=PURPOSE), 201)


class VorderingBetalingsregelingView(APIView):
    """Leg een betalingsregeling vast; een lopende regeling eindigt de maand ervoor."""

    @extend_schema(
        operation_id="vorderingBetalingsregelingCreate",
        summary="Betalingsregeling op een vordering",
        request=NieuweBetalingsregelingSerializer,
        responses={
            201: VorderingDetailSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            404: NOT_FOUND,
            412: OpenApiResponse(description="De vordering is intussen gewijzigd (versie)."),
        },
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data, version = _validated(request, NieuweBetalingsregelingSerializer)
        try:
            services.create_arrangement(
                request.user,
                pk,
                instalment=data["termijnbedrag"],
                start_month=data["eersteMaand"],
                reason=data["reden"],
                expected_version=version,
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(
                error,
                {"instalment": "termijnbedrag", "start_month": "eersteMaand", "reason": "reden"},
            ) from error
        return _detail(services.get_claim(request.user, pk, purpose=PURPOSE), 201)
