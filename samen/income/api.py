"""`POST /api/v1/bijstandsberekeningen`: a stateless benefit calculation.

Nothing is stored and no personal record is read: the client sends birth dates and amounts,
the answer is computed by :func:`samen.income.calculation.calculate` and forgotten. That is
why this endpoint writes no audit line (the audit trail records reads and changes of personal
data, and there are none). It still needs a login (session or token), like all of `/api/v1`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.income.calculation import (
    CalculationError,
    CalculationInput,
    CalculationResult,
    Housemate,
    Income,
    Person,
    calculate,
)
from samen.income.norms import NormError
from samen.organisation.models import CbsMunicipalityCode


class GeboortedatumSerializer(serializers.Serializer):
    geboortedatum = serializers.DateField(help_text="Geboortedatum (JJJJ-MM-DD).")


class MedebewonerSerializer(serializers.Serializer):
    geboortedatum = serializers.DateField()
    studeert = serializers.BooleanField(
        default=False, help_text="Volgt een opleiding met studiefinanciering of BBL."
    )
    commercieleHuur = serializers.BooleanField(
        default=False, help_text="Huurt op commerciële basis van het huishouden."
    )


class InkomenSerializer(serializers.Serializer):
    persoon = serializers.ChoiceField(choices=["aanvrager", "partner"])
    soort = serializers.ChoiceField(choices=["arbeid", "overig"])
    nettoPerMaand = serializers.DecimalField(max_digits=10, decimal_places=2)

    def validate_nettoPerMaand(self, value: Decimal) -> Decimal:  # noqa: N802
        if value < 0:
            raise serializers.ValidationError("Een inkomen kan niet negatief zijn.")
        return value


class BijstandsberekeningVraagSerializer(serializers.Serializer):
    peildatum = serializers.DateField(help_text="De dag waarvoor de bijstand wordt berekend.")
    gemeente = serializers.CharField(max_length=6, help_text="CBS-gemeentecode, bv. GM0935.")
    aanvrager = GeboortedatumSerializer()
    partner = GeboortedatumSerializer(allow_null=True, required=False, default=None)
    kinderen = GeboortedatumSerializer(many=True, required=False, default=list)
    medebewoners = MedebewonerSerializer(many=True, required=False, default=list)
    inkomsten = InkomenSerializer(many=True, required=False, default=list)
    vrijlatingGebruiktMaanden = serializers.IntegerField(min_value=0, required=False, default=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        day: dt.date = attrs["peildatum"]
        errors: dict[str, Any] = {}
        if not CbsMunicipalityCode.objects.valid_on(day).filter(code=attrs["gemeente"]).exists():
            errors["gemeente"] = "Onbekende CBS-gemeentecode op de peildatum."
        for name in ("aanvrager", "partner"):
            person = attrs.get(name)
            if person and person["geboortedatum"] > day:
                errors[f"{name}.geboortedatum"] = "De geboortedatum ligt na de peildatum."
        for name in ("kinderen", "medebewoners"):
            for i, person in enumerate(attrs.get(name) or []):
                if person["geboortedatum"] > day:
                    errors[f"{name}.{i}.geboortedatum"] = "De geboortedatum ligt na de peildatum."
        if attrs.get("partner") is None:
            for i, income in enumerate(attrs.get("inkomsten") or []):
                if income["persoon"] == "partner":
                    errors[f"inkomsten.{i}.persoon"] = (
                        "Er is een inkomen van de partner opgegeven, maar geen partner."
                    )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_input(self) -> CalculationInput:
        data = self.validated_data
        partner = data.get("partner")
        return CalculationInput(
            peildatum=data["peildatum"],
            municipality_code=data["gemeente"],
            applicant=Person(data["aanvrager"]["geboortedatum"]),
            partner=Person(partner["geboortedatum"]) if partner else None,
            children=tuple(Person(c["geboortedatum"]) for c in data["kinderen"]),
            housemates=tuple(
                Housemate(h["geboortedatum"], h["studeert"], h["commercieleHuur"])
                for h in data["medebewoners"]
            ),
            incomes=tuple(
                Income(i["persoon"], i["soort"], i["nettoPerMaand"]) for i in data["inkomsten"]
            ),
            exemption_months_used=data["vrijlatingGebruiktMaanden"],
        )


class BijstandsberekeningSerializer(serializers.Serializer):
    norm = serializers.DecimalField(max_digits=10, decimal_places=2)
    normZonderVakantietoeslag = serializers.DecimalField(max_digits=10, decimal_places=2)
    vakantietoeslag = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Per maand gereserveerde vakantietoeslag."
    )
    kostendelersAantal = serializers.IntegerField()
    inkomstenInMindering = serializers.DecimalField(max_digits=10, decimal_places=2)
    vrijlating = serializers.DecimalField(max_digits=10, decimal_places=2)
    bijstandPerMaand = serializers.DecimalField(max_digits=10, decimal_places=2)
    toelichting = serializers.ListField(child=serializers.CharField())

    @staticmethod
    def from_result(result: CalculationResult) -> dict[str, Any]:
        return {
            "norm": result.norm,
            "normZonderVakantietoeslag": result.norm_without_holiday_allowance,
            "vakantietoeslag": result.holiday_allowance,
            "kostendelersAantal": result.cost_sharers,
            "inkomstenInMindering": result.income_deducted,
            "vrijlating": result.exemption,
            "bijstandPerMaand": result.benefit_per_month,
            "toelichting": list(result.explanation),
        }


class BijstandsberekeningView(APIView):
    """Bereken de algemene bijstand (Participatiewet) van één huishouden op een peildatum.
    Er wordt niets opgeslagen en geen persoonsgegeven opgevraagd; daarom geen auditregel."""

    @extend_schema(
        operation_id="bijstandsberekeningCreate",
        summary="Bereken de bijstand per maand",
        request=BijstandsberekeningVraagSerializer,
        responses={
            200: BijstandsberekeningSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
        },
        tags=["bijstandsberekeningen"],
    )
    def post(self, request: Request) -> Response:
        query = BijstandsberekeningVraagSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            result = calculate(query.to_input())
        except CalculationError as error:
            raise exceptions.ValidationError({error.field: str(error)}) from error
        except NormError as error:
            raise exceptions.ValidationError({"peildatum": str(error)}) from error
        body = BijstandsberekeningSerializer(BijstandsberekeningSerializer.from_result(result))
        return Response(body.data)
