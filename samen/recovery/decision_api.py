"""Sub-resources of ``/api/v1/vorderingen/{id}`` for the decisions on a claim and the
collection steps: the recovery decision, the dwangbevel, forgoing recovery, a reminder or
summons, and the worklist of claims nearing limitation (NLGov ADR: Dutch names, camelCase,
problem+json). Thin: everything through :mod:`samen.recovery.decisions` and
:mod:`samen.recovery.steps`, so the one access policy scopes it (a claim the caller may not
see is a 404) and every read and write is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.recovery import decisions, services, steps
from samen.recovery.api import (
    NOT_FOUND,
    PURPOSE,
    VerjaringSerializer,
    VorderingSerializer,
    _amount,
    _detail,
    _service_errors,
    _validated,
)
from samen.recovery.bank_api import PAGING
from samen.recovery.decisions import MAX_REASONING
from samen.recovery.models import MAX_REASON, CollectionStep, RecoveryDecision

WRITE_RESPONSES = {
    201: OpenApiResponse(description="De vordering met het nieuwe besluit of de nieuwe stap."),
    400: OpenApiResponse(description="Ongeldige invoer of geen mandaat (problem+json)."),
    404: NOT_FOUND,
    412: OpenApiResponse(description="De vordering is intussen gewijzigd (versie)."),
}
DECISION_FIELDS = {
    "ground": "grondslag",
    "benefit_type": "soortVerstrekking",
    "period_from": "periodeVanaf",
    "period_until": "periodeTotEnMet",
    "decided_on": "besluitdatum",
    "reasoning": "motivering",
    "gross_amount": "brutoBedrag",
    "amount": "bedrag",
    "kind": "soort",
    "sent_on": "verzondenOp",
    "note": "toelichting",
}


def _motivering() -> fields.TextField:
    return fields.TextField(
        max_length=MAX_REASONING,
        multiline=True,
        help_text="De motivering van het besluit (Awb 3:46); die staat in de brief.",
    )


def _versie() -> Any:
    return fields.version_field("De versie van de vordering die u heeft gezien.")


class NieuwTerugvorderingsbesluitSerializer(StrictSerializer):
    grondslag = serializers.ChoiceField(
        choices=[RecoveryDecision.Ground.MANDATORY, RecoveryDecision.Ground.DISCRETIONARY],
        help_text="pw-58-1: inlichtingenplicht geschonden (verplicht); pw-58-2: bevoegdheid.",
        error_messages={"invalid_choice": "Kies pw-58-1 of pw-58-2."},
    )
    soortVerstrekking = fields.slug_code_field(  # noqa: N815
        "De code van het besluittype van de verstrekking",
        help_text="Het besluittype van de teruggevorderde verstrekking, bijvoorbeeld "
        "pw-algemene-bijstand of bijzondere-bijstand.",
    )
    periodeVanaf = fields.DateField(help_text="Eerste dag van de periode.")  # noqa: N815
    periodeTotEnMet = fields.DateField(help_text="Laatste dag van de periode.")  # noqa: N815
    besluitdatum = fields.DateField(help_text="Niet in de toekomst.")
    motivering = _motivering()
    brutoBedrag = _amount(  # noqa: N815
        required=False,
        allow_null=True,
        help_text="Verplicht als een deel van de periode in een eerder kalenderjaar ligt "
        "(Participatiewet art. 58 lid 5); anders leeg.",
    )
    versie = _versie()


class NieuwDwangbevelSerializer(StrictSerializer):
    besluitdatum = fields.DateField(help_text="Na afloop van de termijn van de aanmaning.")
    motivering = _motivering()
    versie = _versie()


class NieuwAfzienSerializer(StrictSerializer):
    grondslag = serializers.ChoiceField(
        choices=[RecoveryDecision.Ground.FURTHER, RecoveryDecision.Ground.URGENT],
        help_text="pw-58-7: afzien van verdere terugvordering (het hele saldo); pw-58-8: "
        "dringende redenen (geheel of gedeeltelijk).",
        error_messages={"invalid_choice": "Kies pw-58-7 of pw-58-8."},
    )
    bedrag = _amount(
        required=False, allow_null=True, help_text="Alleen bij pw-58-8; leeg: het hele saldo."
    )
    besluitdatum = fields.DateField(help_text="Niet in de toekomst.")
    motivering = _motivering()
    versie = _versie()


class NieuweInvorderingsstapSerializer(StrictSerializer):
    soort = serializers.ChoiceField(
        choices=CollectionStep.Kind.values,
        error_messages={"invalid_choice": "Kies herinnering of aanmaning."},
    )
    verzondenOp = fields.DateField(help_text="Niet in de toekomst.")  # noqa: N815
    toelichting = fields.TextField(max_length=MAX_REASON, required=False, allow_blank=True)
    versie = _versie()


def _write(request: Request, pk: int, serializer: type[StrictSerializer], perform: Any) -> Response:
    data, version = _validated(request, serializer)
    try:
        perform(data, version)
    except DjangoValidationError as error:
        raise _service_errors(error, DECISION_FIELDS) from error
    return _detail(services.get_claim(request.user, pk, purpose=PURPOSE), 201)


class TerugvorderingsbesluitView(APIView):
    """Neem het terugvorderingsbesluit op een vordering (Participatiewet art. 58 lid 1 of 2),
    onder mandaat en met de brief, als een besluit van een eigen zaak: daartegen staat bezwaar
    open. Netto of bruto volgt uit art. 58 lid 5 (een regel met geldigheid en bron)."""

    @extend_schema(
        operation_id="vorderingTerugvorderingsbesluitCreate",
        summary="Terugvorderingsbesluit",
        request=NieuwTerugvorderingsbesluitSerializer,
        responses=WRITE_RESPONSES,
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        def perform(data: dict[str, Any], version: int) -> None:
            decisions.decide_recovery(
                request.user,
                pk,
                decisions.NewRecovery(
                    ground=data["grondslag"],
                    benefit_type=data["soortVerstrekking"],
                    period_from=data["periodeVanaf"],
                    period_until=data["periodeTotEnMet"],
                    decided_on=data["besluitdatum"],
                    reasoning=data["motivering"],
                    gross_amount=data.get("brutoBedrag"),
                ),
                expected_version=version,
                purpose=PURPOSE,
            )

        return _write(request, pk, NieuwTerugvorderingsbesluitSerializer, perform)


class DwangbevelView(APIView):
    """Vaardig een dwangbevel uit (Participatiewet art. 60) voor het saldo van een vordering
    waarop na een aanmaning niet is betaald, onder mandaat en met de brief."""

    @extend_schema(
        operation_id="vorderingDwangbevelCreate",
        summary="Dwangbevel",
        request=NieuwDwangbevelSerializer,
        responses=WRITE_RESPONSES,
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        def perform(data: dict[str, Any], version: int) -> None:
            decisions.issue_writ(
                request.user,
                pk,
                decided_on=data["besluitdatum"],
                reasoning=data["motivering"],
                expected_version=version,
                purpose=PURPOSE,
            )

        return _write(request, pk, NieuwDwangbevelSerializer, perform)


class AfzienView(APIView):
    """Zie af van (verdere) terugvordering (Participatiewet art. 58 lid 7 of 8), onder mandaat
    en met de brief; het bedrag wordt afgeboekt."""

    @extend_schema(
        operation_id="vorderingAfzienCreate",
        summary="Afzien van terugvordering",
        request=NieuwAfzienSerializer,
        responses=WRITE_RESPONSES,
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        def perform(data: dict[str, Any], version: int) -> None:
            decisions.forgo(
                request.user,
                pk,
                ground=data["grondslag"],
                amount=data.get("bedrag"),
                decided_on=data["besluitdatum"],
                reasoning=data["motivering"],
                expected_version=version,
                purpose=PURPOSE,
            )

        return _write(request, pk, NieuwAfzienSerializer, perform)


class InvorderingsstappenView(APIView):
    """Leg vast dat een herinnering of aanmaning is verstuurd (de datum en wie); een aanmaning
    stuit de verjaring (Awb 4:106)."""

    @extend_schema(
        operation_id="vorderingInvorderingsstapCreate",
        summary="Herinnering of aanmaning",
        request=NieuweInvorderingsstapSerializer,
        responses=WRITE_RESPONSES,
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        def perform(data: dict[str, Any], version: int) -> None:
            steps.record_step(
                request.user,
                pk,
                kind=data["soort"],
                sent_on=data["verzondenOp"],
                note=data.get("toelichting", ""),
                expected_version=version,
                purpose=PURPOSE,
            )

        return _write(request, pk, NieuweInvorderingsstapSerializer, perform)


class BijnaVerjaardSerializer(VorderingSerializer):
    verjaring = VerjaringSerializer(source="limitation", read_only=True)


class VorderingenVerjaringView(APIView):
    """De open vorderingen die u mag inzien en die binnen de signaaltermijn verjaren (of al
    verjaard zijn), de eerste eerst. De signaaltermijn is een instelling met geldigheid."""

    pagination_class = Pagination

    @extend_schema(
        operation_id="vorderingenVerjaringList",
        summary="Vorderingen die bijna verjaren",
        parameters=PAGING,
        responses={200: BijnaVerjaardSerializer(many=True)},
        tags=["vorderingen"],
    )
    def get(self, request: Request) -> Response:
        QuerySerializer(data=request.query_params).is_valid(raise_exception=True)
        page = page_request(request)
        _months, total, items = steps.nearing_limitation(
            request.user, offset=page.offset, limit=page.size, purpose=PURPOSE
        )
        return page_response(request, page, total, BijnaVerjaardSerializer(items, many=True).data)
