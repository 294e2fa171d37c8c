"""`POST /api/v1/bijstandsberekeningen`: a stateless benefit calculation; and
`POST /api/v1/uitkeringen/{id}/wijzigingen`: a change in a benefit's household or income.

The calculation stores nothing and reads no personal record: the client sends birth dates and
amounts, the answer is computed by :func:`samen.income.calculation.calculate` and forgotten.
That is why it writes no audit line (the audit trail records reads and changes of personal
data, and there are none). It still needs a login (session or token), like all of `/api/v1`.

A change of a benefit goes through :func:`samen.income.services.record_change`, which checks
the access policy, the version and the new facts, and audits the change: a benefit the actor
may not see answers 404, one they may see but not change 403, a stale ``versie`` 412.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.fields import BoundedIntegerField, StrictBooleanField
from samen.api.serializers import StrictSerializer
from samen.cases.api import ZaakViewSet, _service_errors
from samen.common import codes
from samen.income import services
from samen.income.calculation import (
    CalculationError,
    CalculationInput,
    CalculationResult,
    Housemate,
    Income,
    Person,
    calculate,
)
from samen.income.models import MAX_REASON, Benefit, EndReason
from samen.income.norms import NormError
from samen.organisation.models import CbsMunicipalityCode

# Bounds of the household a calculation or a change describes, and of its figures. They are
# sanity limits of the API (documented as maxItems, minimum and maximum), not legal rules.
MAX_PERSONS = 20
MAX_INCOMES = 20
MAX_MONTHS_USED = 120
MAX_AMOUNT = Decimal("99999999.99")


class GeboortedatumSerializer(StrictSerializer):
    geboortedatum = fields.DateField(example="1990-05-01", help_text="Geboortedatum (JJJJ-MM-DD).")


class MedebewonerSerializer(StrictSerializer):
    geboortedatum = fields.DateField(example="1990-05-01")
    studeert = StrictBooleanField(
        default=False, help_text="Volgt een opleiding met studiefinanciering of BBL."
    )
    commercieleHuur = StrictBooleanField(
        default=False, help_text="Huurt op commerciële basis van het huishouden."
    )


class InkomenSerializer(StrictSerializer):
    persoon = serializers.ChoiceField(choices=["aanvrager", "partner"])
    soort = serializers.ChoiceField(choices=["arbeid", "overig"])
    nettoPerMaand = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        error_messages={"min_value": "Een inkomen kan niet negatief zijn."},
    )


class BerekeningPersoonSerializer(GeboortedatumSerializer):
    """Aanvrager or partner in a calculation: the birth date and, for 18-20, whether the person
    can rely on his or her parents."""

    geenBeroepOpOuders = StrictBooleanField(  # noqa: N815
        required=False,
        default=False,
        help_text="De persoon is 18, 19 of 20 jaar en kan voor het levensonderhoud geen beroep "
        "doen op de ouders (artikel 20 lid 3 Participatiewet, vanaf 1 januari 2026): de norm "
        "wordt verhoogd. Voor anderen zonder gevolg.",
    )


class BijstandsberekeningVraagSerializer(StrictSerializer):
    peildatum = fields.DateField(help_text="De dag waarvoor de bijstand wordt berekend.")
    gemeente = fields.cbs_code_field(help_text="CBS-gemeentecode, bv. GM0935.")
    aanvrager = BerekeningPersoonSerializer()
    partner = BerekeningPersoonSerializer(allow_null=True, required=False, default=None)
    kinderen = GeboortedatumSerializer(
        many=True, required=False, default=list, max_length=MAX_PERSONS
    )
    medebewoners = MedebewonerSerializer(
        many=True, required=False, default=list, max_length=MAX_PERSONS
    )
    inkomsten = InkomenSerializer(many=True, required=False, default=list, max_length=MAX_INCOMES)
    vrijlatingGebruiktMaanden = BoundedIntegerField(
        min_value=0,
        max_value=MAX_MONTHS_USED,
        required=False,
        default=0,
        what="Het aantal maanden",
        help_text="Het aantal maanden dat de inkomstenvrijlating al is gebruikt.",
    )
    verblijfInInrichting = StrictBooleanField(
        required=False,
        default=False,
        help_text="De aanvrager (en de partner, als die er is) verblijft in een inrichting: "
        "de norm van artikel 23 Participatiewet.",
    )
    mantelzorgTijdelijkElders = StrictBooleanField(  # noqa: N815
        required=False,
        default=False,
        help_text="De aanvrager (en de partner) woont tijdelijk elders om mantelzorg te geven "
        "bij een intensieve zorgbehoefte: de kostendelersnorm geldt dan niet (artikel 22a lid 4 "
        "Participatiewet, vanaf 1 januari 2026; daarvoor zonder gevolg).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        day: dt.date = attrs["peildatum"]
        errors: dict[str, Any] = {}
        if not CbsMunicipalityCode.objects.valid_on(day).filter(code=attrs["gemeente"]).exists():
            # A well-formed code (the field checked its shape) that is no municipality that day.
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
            in_institution=data["verblijfInInrichting"],
            temporary_caregiver_elsewhere=data["mantelzorgTijdelijkElders"],
            applicant_without_parental_support=data["aanvrager"]["geenBeroepOpOuders"],
            partner_without_parental_support=bool(partner and partner["geenBeroepOpOuders"]),
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


# ---------------------------------------------------------------------------------------------
# `POST /api/v1/uitkeringen/{id}/wijzigingen`: a change in household or income
# ---------------------------------------------------------------------------------------------
# Field names of the service -> the API's names, for invalidParams.
CHANGE_FIELDS = {"valid_from": "ingangsdatum", "reason": "reden", "changes": "wijzigingen"}
REASON_ERRORS: dict[str, Any] = {
    "required": "Geef de reden van de wijziging.",
    "blank": "Geef de reden van de wijziging.",
    "null": "Geef de reden van de wijziging.",
}


class WijzigingenSerializer(StrictSerializer):
    """Alleen wat u meegeeft verandert; wat ontbreekt blijft zoals het was. Een lijst
    vervangt de hele lijst (een lege lijst: geen kinderen, medebewoners of inkomsten meer)."""

    partner = GeboortedatumSerializer(
        allow_null=True, required=False, help_text="De partner; null: geen partner meer."
    )
    kinderen = GeboortedatumSerializer(many=True, required=False, max_length=MAX_PERSONS)
    medebewoners = MedebewonerSerializer(many=True, required=False, max_length=MAX_PERSONS)
    inkomsten = InkomenSerializer(many=True, required=False, max_length=MAX_INCOMES)
    vrijlatingGebruiktMaanden = BoundedIntegerField(
        min_value=0,
        max_value=MAX_MONTHS_USED,
        what="Het aantal maanden",
        required=False,
        help_text="Het aantal maanden dat de inkomstenvrijlating al is gebruikt.",
    )
    verblijfInInrichting = StrictBooleanField(
        required=False,
        help_text="true: de aanvrager (en de partner) verblijft vanaf de ingangsdatum in een "
        "inrichting (artikel 23 Participatiewet); false: niet meer.",
    )
    mantelzorgTijdelijkElders = StrictBooleanField(  # noqa: N815
        required=False,
        help_text="true: woont vanaf de ingangsdatum tijdelijk elders om mantelzorg te geven "
        "(artikel 22a lid 4 Participatiewet); false: niet meer.",
    )
    aanvragerGeenBeroepOpOuders = StrictBooleanField(  # noqa: N815
        required=False,
        help_text="true: de aanvrager van 18-20 jaar kan geen beroep doen op de ouders "
        "(artikel 20 lid 3 Participatiewet); false: wel.",
    )
    partnerGeenBeroepOpOuders = StrictBooleanField(  # noqa: N815
        required=False,
        help_text="Hetzelfde voor de partner.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Geef ten minste één wijziging.")
        return attrs

    @staticmethod
    def to_facts(data: dict[str, Any]) -> dict[str, Any]:
        """The validated changes in the service's stored fact keys and JSON form."""
        facts: dict[str, Any] = {}
        if "partner" in data:
            partner = data["partner"]
            facts["partner"] = (
                {"geboortedatum": partner["geboortedatum"].isoformat()} if partner else None
            )
        if "kinderen" in data:
            facts["kinderen"] = [
                {"geboortedatum": c["geboortedatum"].isoformat()} for c in data["kinderen"]
            ]
        if "medebewoners" in data:
            facts["medebewoners"] = [
                {
                    "geboortedatum": h["geboortedatum"].isoformat(),
                    "studeert": h["studeert"],
                    "commerciele_huur": h["commercieleHuur"],
                }
                for h in data["medebewoners"]
            ]
        if "inkomsten" in data:
            facts["inkomsten"] = [
                {
                    "persoon": i["persoon"],
                    "soort": i["soort"],
                    "netto_per_maand": f"{i['nettoPerMaand']:.2f}",
                }
                for i in data["inkomsten"]
            ]
        if "vrijlatingGebruiktMaanden" in data:
            facts["vrijlating_maanden_gebruikt"] = data["vrijlatingGebruiktMaanden"]
        if "verblijfInInrichting" in data:
            facts["inrichting"] = data["verblijfInInrichting"]
        for field, key in (
            ("mantelzorgTijdelijkElders", "mantelzorg_tijdelijk_elders"),
            ("aanvragerGeenBeroepOpOuders", "aanvrager_geen_beroep_op_ouders"),
            ("partnerGeenBeroepOpOuders", "partner_geen_beroep_op_ouders"),
        ):
            if field in data:
                facts[key] = data[field]
        return facts


class UitkeringWijzigingNieuwSerializer(StrictSerializer):
    ingangsdatum = fields.DateField(
        help_text="De wijziging geldt vanaf deze dag (JJJJ-MM-DD); niet vóór de ingangsdatum "
        "van de uitkering.",
    )
    wijzigingen = WijzigingenSerializer()
    reden = fields.TextField(max_length=MAX_REASON, multiline=True, error_messages=REASON_ERRORS)
    versie = fields.version_field(
        "De versie van de uitkering die u heeft gezien; of geef die mee in If-Match."
    )


class HerberekendeMaandSerializer(serializers.Serializer):
    maand = serializers.DateField(help_text="De eerste dag van de herberekende maand.")
    bedrag = serializers.DecimalField(max_digits=10, decimal_places=2)
    reden = serializers.CharField()


class HerberekeningSerializer(serializers.Serializer):
    terugvorderingen = HerberekendeMaandSerializer(
        many=True, help_text="Al betaalde maanden waarin te veel is betaald."
    )
    aanvullingen = HerberekendeMaandSerializer(
        many=True,
        help_text="Al betaalde maanden waarin te weinig is betaald; de volgende betaalrun "
        "betaalt ze bij.",
    )


BENEFIT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de uitkering."
)
BENEFIT_IF_MATCH = fields.if_match(
    'De versie van de uitkering die u heeft gezien, bijvoorbeeld "3"; in plaats '
    "van het veld versie."
)


class UitkeringWijzigingenView(APIView):
    """Leg een wijziging in het huishouden of het inkomen van een uitkering vast, vanaf een
    ingangsdatum. Al betaalde maanden vanaf die datum worden herberekend: te veel betaald
    wordt een terugvordering, te weinig betaald een aanvulling. Betalingen zelf veranderen
    nooit. De wijziging komt in de audittrail."""

    @extend_schema(
        operation_id="uitkeringWijzigingCreate",
        summary="Leg een wijziging in huishouden of inkomen vast",
        request=UitkeringWijzigingNieuwSerializer,
        parameters=[BENEFIT_ID, BENEFIT_IF_MATCH],
        responses={
            201: HerberekeningSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            403: OpenApiResponse(description="U mag deze uitkering inzien maar niet wijzigen."),
            404: OpenApiResponse(description="Uitkering niet gevonden, of u heeft geen toegang."),
            412: OpenApiResponse(description="De uitkering is intussen gewijzigd (versie)."),
        },
        description="Geef de versie mee (veld versie of If-Match); is de uitkering intussen "
        "gewijzigd, dan volgt 412 en verandert er niets.",
        tags=["uitkeringen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data, version = ZaakViewSet._version(request, UitkeringWijzigingNieuwSerializer)
        try:
            result = services.record_change(
                request.user,
                pk,
                valid_from=data["ingangsdatum"],
                changes=WijzigingenSerializer.to_facts(data["wijzigingen"]),
                reason=data["reden"],
                expected_version=version,
                purpose=Purpose.UITVOERING,
            )
        except DjangoValidationError as error:
            raise _service_errors(error, CHANGE_FIELDS) from error
        return _recalculation_response(pk, result)


def _recalculation_response(pk: int, result: Any) -> Response:
    """201 with the months recalculated; the ETag is the benefit's version now (the
    recalculation itself raises it once more when it records claims or supplements)."""
    body = {
        "terugvorderingen": [
            {"maand": c.month, "bedrag": c.amount, "reden": c.reason} for c in result.claims
        ],
        "aanvullingen": [
            {"maand": s.month, "bedrag": s.amount, "reden": s.reason} for s in result.supplements
        ],
    }
    response = Response(HerberekeningSerializer(body).data, status=status.HTTP_201_CREATED)
    version = Benefit.objects.filter(pk=pk).values_list("version", flat=True).first()
    response["ETag"] = f'"{version}"'
    return response


# ---------------------------------------------------------------------------------------------
# `GET /api/v1/redenen-beeindiging`: the coded reasons for ending a benefit (reference data)
# ---------------------------------------------------------------------------------------------
class RedenBeeindigingSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="name")
    naarWerk = serializers.BooleanField(  # noqa: N815
        source="towards_work", help_text="Telt mee als uitstroom naar regulier werk."
    )
    geldigVanaf = serializers.DateField(source="valid_from")  # noqa: N815
    geldigTotEnMet = serializers.DateField(source="valid_until", allow_null=True)  # noqa: N815
    bron = serializers.CharField(source="source")

    class Meta:
        model = EndReason
        fields = ["code", "naam", "naarWerk", "geldigVanaf", "geldigTotEnMet", "bron"]


class RedenBeeindigingViewSet(viewsets.ReadOnlyModelViewSet):
    """De redenen van beëindiging van een uitkering, met hun geldigheid. Geen
    persoonsgegevens; de uitstroom wordt naar deze redenen geteld."""

    queryset = EndReason.objects.all()
    serializer_class = RedenBeeindigingSerializer
    lookup_field = "code"

    def get_object(self) -> EndReason:
        self.kwargs["code"] = fields.path_code(self.kwargs, "code", codes.parse_slug)
        return super().get_object()


# ---------------------------------------------------------------------------------------------
# `POST /api/v1/uitkeringen/{id}/beeindiging`: end a benefit
# ---------------------------------------------------------------------------------------------
END_FIELDS = {"end_date": "einddatum", "end_reason": "redenCode", "reason": "reden"}


class UitkeringBeeindigingSerializer(StrictSerializer):
    einddatum = fields.DateField(
        example="2026-03-31",
        help_text="De laatste dag waarover de uitkering wordt betaald (JJJJ-MM-DD); niet vóór "
        "de ingangsdatum.",
    )
    redenCode = fields.slug_code_field(  # noqa: N815
        "De reden van beëindiging",
        help_text="De code van de reden van beëindiging (GET /api/v1/redenen-beeindiging), "
        "bijvoorbeeld werk-loondienst; de reden moet gelden op de einddatum.",
        error_messages={
            "required": "Kies de reden van de beëindiging.",
            "null": "Kies de reden van de beëindiging.",
        },
    )
    reden = fields.TextField(
        max_length=MAX_REASON,
        multiline=True,
        help_text="De toelichting op de beëindiging.",
        error_messages={
            "required": "Licht de beëindiging toe.",
            "blank": "Licht de beëindiging toe.",
            "null": "Licht de beëindiging toe.",
        },
    )
    versie = fields.version_field(
        "De versie van de uitkering die u heeft gezien; of geef die mee in If-Match."
    )


class UitkeringBeeindigingView(APIView):
    """Beëindig een uitkering op een einddatum (ook een datum in het verleden of een geplande
    datum). Al betaalde maanden na de einddatum worden teruggevorderd; de gereserveerde
    vakantietoeslag wordt bij de volgende betaalrun uitbetaald. Een latere einddatum geeft
    aanvullingen. De beëindiging komt in de audittrail."""

    @extend_schema(
        operation_id="uitkeringBeeindigingCreate",
        summary="Beëindig een uitkering",
        request=UitkeringBeeindigingSerializer,
        parameters=[BENEFIT_ID, BENEFIT_IF_MATCH],
        responses={
            201: HerberekeningSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            403: OpenApiResponse(description="U mag deze uitkering inzien maar niet wijzigen."),
            404: OpenApiResponse(description="Uitkering niet gevonden, of u heeft geen toegang."),
            412: OpenApiResponse(description="De uitkering is intussen gewijzigd (versie)."),
        },
        tags=["uitkeringen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data, version = ZaakViewSet._version(request, UitkeringBeeindigingSerializer)
        try:
            result = services.end_benefit(
                request.user,
                pk,
                end_date=data["einddatum"],
                end_reason=data["redenCode"],
                reason=data["reden"],
                expected_version=version,
                purpose=Purpose.UITVOERING,
            )
        except DjangoValidationError as error:
            raise _service_errors(error, END_FIELDS) from error
        return _recalculation_response(pk, result)
