"""`/api/v1/uitkeringen/{id}/beslagen` and `/directe-betalingen`: the garnishments and the
client's direct payments on a benefit, registering and ending them, and
`/api/v1/vorderingen/{id}/verrekening` (verrekenen with the benefit). The deductions hang
under the benefit they are taken from (a garnishment is served on the paying party for one
benefit), so the paths follow the benefit. Thin: everything through
:mod:`samen.recovery.garnishments` (one access policy, audited); a benefit the caller may
not see is a 404, as one that does not exist; unknown fields and bad input are a Dutch 400
with nothing written."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.recovery import garnishments as service
from samen.recovery import services as claims
from samen.recovery.api import PURPOSE, _amount, _detail, _service_errors, _validated
from samen.recovery.models import MAX_NAME, MAX_REASON, MAX_REFERENCE

NOT_FOUND = OpenApiResponse(description="Uitkering niet gevonden, of u heeft geen toegang.")
BAD = OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams).")
NAMES = {
    "garnishee": "beslaglegger",
    "creditor": "ontvanger",
    "iban": "iban",
    "reference": "kenmerk",
    "monthly_amount": "bedragPerMaand",
    "amount": "bedrag",
    "served_on": "datumBetekening",
    "start_month": "eersteMaand",
    "ends_on": "einddatum",
    "reason": "toelichting",
}


class BeslagSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    uitkering = serializers.IntegerField(source="benefit_id", read_only=True)
    beslaglegger = serializers.CharField(source="garnishee", read_only=True)
    iban = serializers.CharField(read_only=True)
    kenmerk = serializers.CharField(source="reference", read_only=True)
    bedragPerMaand = serializers.DecimalField(  # noqa: N815
        source="monthly_amount", max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    datumBetekening = serializers.DateField(source="served_on", read_only=True)  # noqa: N815
    preferent = serializers.BooleanField(read_only=True)
    einddatum = serializers.DateField(source="ends_on", read_only=True)
    versie = serializers.IntegerField(source="version", read_only=True)


class DirecteBetalingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    uitkering = serializers.IntegerField(source="benefit_id", read_only=True)
    ontvanger = serializers.CharField(source="creditor", read_only=True)
    iban = serializers.CharField(read_only=True)
    kenmerk = serializers.CharField(source="reference", read_only=True)
    bedrag = serializers.DecimalField(
        source="amount", max_digits=12, decimal_places=2, read_only=True
    )
    eersteMaand = serializers.DateField(source="start_month", read_only=True)  # noqa: N815
    einddatum = serializers.DateField(source="ends_on", read_only=True)
    versie = serializers.IntegerField(source="version", read_only=True)


class NieuwBeslagSerializer(StrictSerializer):
    beslaglegger = fields.TextField(max_length=MAX_NAME)
    iban = fields.TextField(max_length=34)
    kenmerk = fields.TextField(max_length=MAX_REFERENCE)
    bedragPerMaand = _amount(  # noqa: N815
        required=False,
        allow_null=True,
        help_text="Het bedrag per maand; weglaten of null: alles boven de beslagvrije voet.",
    )
    datumBetekening = fields.DateField(help_text="De datum van betekening.")  # noqa: N815
    preferent = fields.StrictBooleanField(help_text="true: preferent; false: concurrent.")
    einddatum = fields.DateField(required=False, allow_null=True)
    toelichting = fields.TextField(max_length=MAX_REASON, multiline=True, required=False)


class NieuweDirecteBetalingSerializer(StrictSerializer):
    ontvanger = fields.TextField(max_length=MAX_NAME)
    iban = fields.TextField(max_length=34)
    kenmerk = fields.TextField(max_length=MAX_REFERENCE)
    bedrag = _amount(help_text="Het bedrag per maand.")
    eersteMaand = fields.DateField(help_text="Een dag in de eerste maand.")  # noqa: N815
    einddatum = fields.DateField(required=False, allow_null=True)
    toelichting = fields.TextField(max_length=MAX_REASON, multiline=True, required=False)


class BeeindigingSerializer(StrictSerializer):
    einddatum = fields.DateField()
    reden = fields.TextField(max_length=MAX_REASON, multiline=True)
    versie = fields.version_field("De versie die u heeft gezien.")


class VerrekeningSerializer(StrictSerializer):
    bedrag = _amount(help_text="Het bedrag per maand dat met de uitkering wordt verrekend.")
    eersteMaand = fields.DateField(help_text="Een dag in de eerste maand.")  # noqa: N815
    reden = fields.TextField(max_length=MAX_REASON, multiline=True)
    versie = fields.version_field("De versie van de vordering die u heeft gezien.")


def _valid(request: Request, serializer_class: type[StrictSerializer]) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class BeslagenView(APIView):
    """De beslagen op een uitkering (ook beëindigde); een nieuw beslag vastleggen."""

    @extend_schema(
        operation_id="uitkeringBeslagenList",
        summary="Beslagen op een uitkering",
        responses={200: BeslagSerializer(many=True), 404: NOT_FOUND},
        tags=["beslagen"],
    )
    def get(self, request: Request, pk: int) -> Response:
        view = service.on_benefit(request.user, pk, PURPOSE)
        return Response(BeslagSerializer(view.garnishments, many=True).data)

    @extend_schema(
        operation_id="uitkeringBeslagCreate",
        summary="Leg een beslag vast",
        request=NieuwBeslagSerializer,
        responses={201: BeslagSerializer, 400: BAD, 404: NOT_FOUND},
        tags=["beslagen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = _valid(request, NieuwBeslagSerializer)
        try:
            garnishment = service.register_garnishment(
                request.user,
                pk,
                garnishee=data["beslaglegger"],
                iban=data["iban"],
                reference=data["kenmerk"],
                monthly_amount=data.get("bedragPerMaand"),
                served_on=data["datumBetekening"],
                preferent=data["preferent"],
                ends_on=data.get("einddatum"),
                reason=data.get("toelichting", ""),
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(error, NAMES) from error
        return Response(BeslagSerializer(garnishment).data, status=status.HTTP_201_CREATED)


class DirecteBetalingenView(APIView):
    """De directe betalingen op een uitkering; een nieuwe vastleggen."""

    @extend_schema(
        operation_id="uitkeringDirecteBetalingenList",
        summary="Directe betalingen op een uitkering",
        responses={200: DirecteBetalingSerializer(many=True), 404: NOT_FOUND},
        tags=["beslagen"],
    )
    def get(self, request: Request, pk: int) -> Response:
        view = service.on_benefit(request.user, pk, PURPOSE)
        return Response(DirecteBetalingSerializer(view.direct_payments, many=True).data)

    @extend_schema(
        operation_id="uitkeringDirecteBetalingCreate",
        summary="Leg een directe betaling vast",
        request=NieuweDirecteBetalingSerializer,
        responses={201: DirecteBetalingSerializer, 400: BAD, 404: NOT_FOUND},
        tags=["beslagen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = _valid(request, NieuweDirecteBetalingSerializer)
        try:
            direct = service.register_direct_payment(
                request.user,
                pk,
                creditor=data["ontvanger"],
                iban=data["iban"],
                reference=data["kenmerk"],
                amount=data["bedrag"],
                start_month=data["eersteMaand"],
                ends_on=data.get("einddatum"),
                reason=data.get("toelichting", ""),
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(error, NAMES) from error
        return Response(DirecteBetalingSerializer(direct).data, status=status.HTTP_201_CREATED)


def _end(request: Request, pk: int, ender: object, serializer: type) -> Response:
    data = _valid(request, BeeindigingSerializer)
    version = fields.expected_version(request, data.get("versie"))
    try:
        row = ender(  # type: ignore[operator]
            request.user,
            pk,
            ends_on=data["einddatum"],
            reason=data["reden"],
            expected_version=version,
            purpose=PURPOSE,
        )
    except DjangoValidationError as error:
        raise _service_errors(error, {"ends_on": "einddatum", "reason": "reden"}) from error
    return Response(serializer(row).data)


class BeslagBeeindigingView(APIView):
    """Beëindig een beslag (opgeheven of voldaan), met de versie die u zag."""

    @extend_schema(
        operation_id="beslagBeeindiging",
        summary="Beëindig een beslag",
        request=BeeindigingSerializer,
        responses={200: BeslagSerializer, 400: BAD, 404: NOT_FOUND},
        tags=["beslagen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        return _end(request, pk, service.end_garnishment, BeslagSerializer)


class DirecteBetalingBeeindigingView(APIView):
    """Beëindig een directe betaling, met de versie die u zag."""

    @extend_schema(
        operation_id="directeBetalingBeeindiging",
        summary="Beëindig een directe betaling",
        request=BeeindigingSerializer,
        responses={200: DirecteBetalingSerializer, 400: BAD, 404: NOT_FOUND},
        tags=["beslagen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        return _end(request, pk, service.end_direct_payment, DirecteBetalingSerializer)


class VorderingVerrekeningView(APIView):
    """Verreken een vordering met de uitkering van de debiteur, vanaf een maand."""

    @extend_schema(
        operation_id="vorderingVerrekeningCreate",
        summary="Verrekenen met de uitkering",
        request=VerrekeningSerializer,
        responses={201: OpenApiResponse(description="De vordering."), 400: BAD, 404: NOT_FOUND},
        tags=["vorderingen"],
    )
    def post(self, request: Request, pk: int) -> Response:
        data, version = _validated(request, VerrekeningSerializer)
        try:
            service.set_offset(
                request.user,
                pk,
                amount=data["bedrag"],
                start_month=data["eersteMaand"],
                reason=data["reden"],
                expected_version=version,
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(
                error, {"amount": "bedrag", "start_month": "eersteMaand", "reason": "reden"}
            ) from error
        return _detail(claims.get_claim(request.user, pk, purpose=PURPOSE), 201)
