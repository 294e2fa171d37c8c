"""`/api/v1/dwangsommen`: fixing the penalty for not deciding in time on a case (Awb 4:18) so
that income's next payment run pays it once, and reading a case's fixed penalty with its
payment. Its own module: :mod:`samen.objections.api` holds the objections resource."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.cases import services as cases
from samen.cases.api import date_field
from samen.objections import penalties
from samen.objections.api import _service_errors
from samen.objections.models import FixedPenalty

PURPOSE = Purpose.UITVOERING
CASE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de zaak."
)
FIX_FIELDS = {"fixed_on": "vastgesteldOp", "iban": "iban", "fixed": "zaak", "not_final": "zaak"}


class VaststellingSerializer(StrictSerializer):
    zaak = fields.id_field("Het id van de zaak waarop de dwangsom is verbeurd.")
    vastgesteldOp = date_field("De dag waarop het college de dwangsom vaststelt.")
    iban = fields.TextField(max_length=42, help_text="IBAN van de aanvrager.")


class DwangsomBetalingSerializer(serializers.Serializer):
    zaak = serializers.IntegerField(source="case_id")
    bedrag = serializers.DecimalField(source="amount", max_digits=9, decimal_places=2)
    dagen = serializers.IntegerField(source="days")
    vastgesteldOp = serializers.DateField(source="fixed_on")
    betaaldInMaand = serializers.SerializerMethodField(
        help_text="De maand (JJJJ-MM) van de betaalrun die het bedrag betaalde; leeg zolang "
        "het wacht."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_betaaldInMaand(self, obj: FixedPenalty) -> str | None:  # noqa: N802
        payment = self.context.get("payment")
        return payment.run.month.isoformat()[:7] if payment is not None else None


class DwangsomViewSet(viewsets.ViewSet):
    lookup_value_regex = "[0-9]+"

    @extend_schema(
        request=VaststellingSerializer,
        responses={201: DwangsomBetalingSerializer},
        description="Stel de verbeurde dwangsom op een zaak vast (artikel 4:18 Awb). Alleen "
        "als het bedrag vaststaat (het besluit is te laat genomen of het maximum is bereikt). "
        "De volgende betaalrun betaalt het één keer uit op het IBAN van de aanvrager.",
    )
    def create(self, request: Request) -> Response:
        serializer = VaststellingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            fixed = penalties.fix_penalty(
                request.user,
                data["zaak"],
                fixed_on=data["vastgesteldOp"],
                iban=data["iban"],
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(error, FIX_FIELDS) from error
        except cases.NotVisible as error:
            # The case is named in the body: a 400 on the field, the same words for "does not
            # exist" and "not yours" (as filing an objection on a decision).
            raise exceptions.ValidationError({"zaak": [str(error)]}) from error
        return Response(
            DwangsomBetalingSerializer(fixed, context={"payment": None}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[CASE_ID],
        responses={200: DwangsomBetalingSerializer},
        description="De vastgestelde dwangsom op een zaak (het id is dat van de zaak) en of "
        "die al betaald is.",
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        case = cases.get_case(request.user, pk, PURPOSE)  # audited; 404 when not visible
        fixed, payment = penalties.fixed_penalty_of(case)
        if fixed is None:
            raise cases.NotVisible("Geen vastgestelde dwangsom op deze zaak.")
        return Response(DwangsomBetalingSerializer(fixed, context={"payment": payment}).data)
