"""API of internal control: ``/steekproeven`` (list, draw), ``/steekproeven/{id}`` (the
sample with its items and score) and ``/steekproeven/{id}/bevindingen`` (the findings, and
recording one).

Thin, like :mod:`samen.dossier.api`: every read and write goes through
:mod:`samen.control.services` with purpose *controle*, so the one access policy scopes it and
the audit trail records it. A sample the actor may not see answers 404, exactly like one that
does not exist; a stale ``versie`` 412; a refusal by a rule 400 naming the field in Dutch.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.control import sampling, services
from samen.control.models import MAX_AMOUNT, MAX_REMARK, Verdict

TAGS = ["interne controle"]
SAMPLE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de steekproef."
)
API_NAMES = {
    "municipality": "gemeente",
    "period_from": "periodeVanaf",
    "period_until": "periodeTotEnMet",
    "seed": "startwaarde",
    "question": "vraag",
    "item": "post",
    "verdict": "bevinding",
    "amount": "bedrag",
    "remark": "toelichting",
    "status": "status",
}
NOT_FOUND = OpenApiResponse(description="Niet gevonden, of u heeft geen toegang.")
INVALID = OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams).")


def _errors(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {API_NAMES.get(k, k): v for k, v in error.message_dict.items()}
        )
    return exceptions.ValidationError({"nonFieldErrors": error.messages})


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------
class SteekproefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    gemeente = serializers.CharField(source="municipality.cbs_code")
    periodeVanaf = serializers.DateField(source="period_from")
    periodeTotEnMet = serializers.DateField(source="period_until")
    startwaarde = serializers.CharField(
        source="seed", help_text="Dezelfde startwaarde geeft dezelfde steekproef (als tekst)."
    )
    startwaardeOpgegeven = serializers.BooleanField(source="seed_given")
    regels = serializers.JSONField(
        source="rules", help_text="Per populatie: regel, omvang populatie en steekproef, bron."
    )
    besluitenInPopulatie = serializers.IntegerField(source="population_decisions")
    betaalregelsInPopulatie = serializers.IntegerField(source="population_lines")
    betaaldInPopulatie = serializers.DecimalField(
        source="population_amount", max_digits=14, decimal_places=2
    )
    status = serializers.CharField()
    getrokkenOp = serializers.DateTimeField(source="drawn_at")
    getrokkenDoor = serializers.CharField(source="drawn_by_name")
    versie = serializers.IntegerField(source="version")


class BevindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    post = serializers.IntegerField(source="item_id")
    vraag = serializers.IntegerField(source="question_id")
    bevinding = serializers.CharField(source="verdict")
    bedrag = serializers.DecimalField(source="amount", max_digits=12, decimal_places=2)
    toelichting = serializers.CharField(source="remark")
    vastgelegdDoor = serializers.CharField(source="recorded_by_name")
    vastgelegdOp = serializers.DateTimeField(source="recorded_at")
    versie = serializers.IntegerField(source="version")


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    populatie = serializers.CharField(source="item.population")
    volgnummer = serializers.IntegerField(source="item.position")
    objectId = serializers.IntegerField(
        source="item.object_id", help_text="Het id van het besluit of de betaalregel."
    )
    zaaktype = serializers.CharField(source="item.case_type_code")
    bedrag = serializers.DecimalField(
        source="item.amount", max_digits=12, decimal_places=2, allow_null=True
    )
    zichtbaar = serializers.SerializerMethodField(
        help_text="Of u het besluit of de betaalregel zelf mag inzien."
    )
    bevindingen = BevindingSerializer(source="findings", many=True)

    def get_zichtbaar(self, entry: services.ItemView) -> bool:
        return entry.source is not None


class ScoreSerializer(serializers.Serializer):
    posten = serializers.IntegerField(source="items")
    fouten = serializers.IntegerField(source="errors")
    onzekerheden = serializers.IntegerField(source="uncertainties")
    inOrde = serializers.IntegerField(source="in_order")
    nietBeoordeeld = serializers.IntegerField(source="unanswered")
    foutbedrag = serializers.DecimalField(source="error_amount", max_digits=14, decimal_places=2)
    onzekerBedrag = serializers.DecimalField(
        source="uncertain_amount", max_digits=14, decimal_places=2
    )
    betaald = serializers.DecimalField(source="paid", max_digits=14, decimal_places=2)
    foutscore = serializers.DecimalField(
        source="error_score", max_digits=7, decimal_places=2, allow_null=True
    )
    onzekerheidsscore = serializers.DecimalField(
        source="uncertainty_score", max_digits=7, decimal_places=2, allow_null=True
    )


class SteekproefDetailSerializer(serializers.Serializer):
    steekproef = SteekproefSerializer(source="sample")
    score = ScoreSerializer()
    posten = PostSerializer(source="items", many=True)


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
class SteekproefNieuwSerializer(StrictSerializer):
    gemeente = fields.cbs_code_field(help_text="CBS-code, bijv. GM0981.")
    periodeVanaf = fields.DateField(example="2026-01-01")
    periodeTotEnMet = fields.DateField(
        example="2026-06-30", help_text="Voorbij, hoogstens een jaar na het begin."
    )
    startwaarde = fields.BoundedIntegerField(
        min_value=1,
        max_value=sampling.MAX_SEED,
        what="De startwaarde",
        required=False,
        help_text="Leeg: het systeem kiest er een en legt die vast.",
    )


class BevindingNieuwSerializer(StrictSerializer):
    post = fields.id_field("Het id van de post")
    vraag = fields.id_field("Het id van de vraag")
    bevinding = serializers.ChoiceField(choices=Verdict.values)
    bedrag = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        required=False,
        coerce_to_string=True,
    )
    toelichting = fields.TextField(max_length=MAX_REMARK, multiline=True, required=False)
    versie = fields.version_field("De versie van de bevinding die u heeft gezien, bij wijzigen.")


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
class SteekproevenView(APIView):
    """De steekproeven van de gemeenten die u controleert; of een nieuwe steekproef."""

    @extend_schema(
        operation_id="steekproevenList",
        responses={200: SteekproefSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        self._check(request)
        return Response(SteekproefSerializer(services.samples(request.user), many=True).data)

    @extend_schema(
        operation_id="steekproevenCreate",
        request=SteekproefNieuwSerializer,
        responses={201: SteekproefSerializer, 400: INVALID, 404: NOT_FOUND},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        self._check(request)
        body = SteekproefNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewSample(
            data["gemeente"], data["periodeVanaf"], data["periodeTotEnMet"], data.get("startwaarde")
        )
        try:
            sample = services.draw_sample(request.user, new)
        except DjangoValidationError as error:
            raise _errors(error) from error
        return Response(SteekproefSerializer(sample).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _check(request: Request) -> None:
        if not services.may_control(request.user):
            raise exceptions.PermissionDenied("U voert geen interne controle uit.")


class SteekproefView(APIView):
    """Eén steekproef met haar posten, bevindingen en foutscore."""

    @extend_schema(
        operation_id="steekproefRetrieve",
        parameters=[SAMPLE_ID],
        responses={200: SteekproefDetailSerializer, 404: NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(SteekproefDetailSerializer(services.get_sample(request.user, pk)).data)


class SteekproefBevindingenView(APIView):
    """De bevindingen van een steekproef; of een bevinding vastleggen of wijzigen."""

    @extend_schema(
        operation_id="steekproefBevindingenList",
        parameters=[SAMPLE_ID],
        responses={200: BevindingSerializer(many=True), 404: NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        view = services.get_sample(request.user, pk)
        found = [f for entry in view.items for f in entry.findings]
        return Response(BevindingSerializer(found, many=True).data)

    @extend_schema(
        operation_id="steekproefBevindingenCreate",
        parameters=[SAMPLE_ID],
        request=BevindingNieuwSerializer,
        responses={
            201: BevindingSerializer,
            400: INVALID,
            403: OpenApiResponse(description="De steekproef is afgerond."),
            404: NOT_FOUND,
            412: OpenApiResponse(description="De bevinding is intussen gewijzigd."),
        },
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = BevindingNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        new = services.NewFinding(
            question_id=data["vraag"],
            verdict=data["bevinding"],
            amount=data["bedrag"] if data.get("bedrag") is not None else Decimal("0.00"),
            remark=data.get("toelichting", ""),
            version=data.get("versie"),
        )
        try:
            finding = services.record_finding(request.user, pk, data["post"], new)
        except DjangoValidationError as error:
            raise _errors(error) from error
        return Response(BevindingSerializer(finding).data, status=status.HTTP_201_CREATED)
