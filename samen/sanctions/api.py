"""API of the sanctions app: `/boetes` (list, detail, create, and the decision as the
sub-resource `besluit`) and `/maatregelen` (list, detail, create).

Thin, like :mod:`samen.complaints.api`: every read and change goes through
:mod:`samen.sanctions.services` and :mod:`samen.sanctions.measure_services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. A fine or
measure the actor may not see answers 404; a benefit named in the body that the actor may
not see is a 400 on that field; a stale ``versie`` 412; a rule of law is a 400 problem whose
``invalidParams`` name the field in the API's (Dutch) terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.cases.api import date_field
from samen.sanctions import measure_services, services
from samen.sanctions.models import MAX_REFERENCE, MAX_TEXT, Blame, Fine, FineStatus, Measure

PURPOSE = Purpose.UITVOERING
MAX_AMOUNT = Decimal("9999999.99")

FINE_FIELDS = {
    "benefit_pk": "uitkering",
    "breach_on": "datumGedraging",
    "report_on": "datumBoeterapport",
    "breach": "gedraging",
    "detriment": "benadelingsbedrag",
    "blame": "verwijtbaarheid",
    "previous_fine_on": "datumEerdereBoete",
    "previous_warning_or_fine_on": "datumLaatsteWaarschuwingOfBoete",
    "warning_requested": "waarschuwing",
    "urgent_reasons": "dringendeRedenen",
    "investigation_reference": "kenmerkOnderzoek",
}
DECISION_FIELDS = {
    "decided_on": "besluitdatum",
    "decision_type": "besluitdatum",
    "status": "nonFieldErrors",
    "amount": "nonFieldErrors",
}
MEASURE_FIELDS = {
    "benefit_pk": "uitkering",
    "rule_code": "gedraging",
    "breach_on": "datumGedraging",
    "start_month": "eersteMaand",
    "reason": "toelichting",
}


def _service_errors(
    error: DjangoValidationError, names: Mapping[str, str]
) -> exceptions.ValidationError:
    out: dict[str, list[ErrorDetail]] = {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    out.setdefault(names.get(field, field), []).append(
                        ErrorDetail(message, item.code or "invalid")
                    )
    else:
        for item in error.error_list:
            for message in item.messages:
                out.setdefault("nonFieldErrors", []).append(
                    ErrorDetail(message, item.code or "invalid")
                )
    return exceptions.ValidationError(out)


def _call(function: Any, names: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as error:
        raise _service_errors(error, names) from error


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------
class StapSerializer(serializers.Serializer):
    tekst = serializers.CharField()
    bedrag = serializers.CharField(required=False, help_text="Bedrag in euro's, bijv. 300.00.")


class BoeteSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kenmerk = serializers.CharField(source="reference")
    persoon = serializers.IntegerField(source="person_id", help_text="Id in /personen.")
    uitkering = serializers.IntegerField(source="benefit_id")
    gemeente = serializers.CharField(source="municipality.cbs_code", help_text="CBS-code.")
    datumGedraging = serializers.DateField(source="breach_on")
    uitkomst = serializers.CharField(source="result", help_text="boete, waarschuwing of afgezien.")
    bedrag = serializers.DecimalField(source="amount", max_digits=12, decimal_places=2)
    status = serializers.CharField(help_text="berekend, opgelegd, waarschuwing of afgezien.")
    versie = serializers.IntegerField(source="version")


class BoeteSerializer(BoeteSamenvattingSerializer):
    zaak = serializers.CharField(source="case.reference", help_text="Het zaaknummer.")
    datumBoeterapport = serializers.DateField(source="report_on")
    gedraging = serializers.CharField(source="breach")
    benadelingsbedrag = serializers.DecimalField(
        source="detriment", max_digits=12, decimal_places=2
    )
    verwijtbaarheid = serializers.CharField(source="blame")
    datumEerdereBoete = serializers.DateField(source="previous_fine_on", allow_null=True)
    datumLaatsteWaarschuwingOfBoete = serializers.DateField(
        source="previous_warning_or_fine_on", allow_null=True
    )
    waarschuwing = serializers.BooleanField(source="warning_requested")
    dringendeRedenen = serializers.CharField(source="urgent_reasons")
    kenmerkOnderzoek = serializers.CharField(source="investigation_reference")
    berekening = StapSerializer(source="steps", many=True)
    besluit = serializers.IntegerField(source="decision_id", allow_null=True)
    vordering = serializers.IntegerField(
        source="claim_id", allow_null=True, help_text="Id in /vorderingen."
    )


class MaatregelSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    persoon = serializers.IntegerField(source="person_id")
    uitkering = serializers.IntegerField(source="benefit_id")
    gemeente = serializers.CharField(source="municipality.cbs_code")
    gedraging = serializers.CharField(source="rule.code")
    omschrijving = serializers.CharField(source="rule.name")
    datumGedraging = serializers.DateField(source="breach_on")
    eersteMaand = serializers.DateField(source="start_month")
    maanden = serializers.IntegerField(source="months")
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2)
    toelichting = serializers.CharField(source="reason")
    bron = serializers.CharField(source="rule.source")


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
def _choice(choices: Any, what: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"Onbekende {what}: {{input}}."},
        **kwargs,
    )


def _amount(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.00"),
        max_value=MAX_AMOUNT,
        coerce_to_string=True,
        **kwargs,
    )


class BoeteNieuwSerializer(StrictSerializer):
    uitkering = fields.id_field("Het id van de uitkering", help_text="Zie /uitkeringen.")
    datumGedraging = date_field("De dag van de gedraging (de regels van die dag gelden).")
    datumBoeterapport = date_field("De datum van het boeterapport.")
    gedraging = fields.TextField(max_length=MAX_TEXT, multiline=True)
    benadelingsbedrag = _amount(help_text="Bruto te veel ontvangen; 0.00 als er geen is.")
    verwijtbaarheid = _choice(Blame.choices, "mate van verwijtbaarheid")
    datumEerdereBoete = date_field("Datum van een eerdere boete (recidive).", required=False)
    datumLaatsteWaarschuwingOfBoete = date_field(
        "Datum van de laatste waarschuwing of boete.", required=False
    )
    waarschuwing = fields.StrictBooleanField(required=False, default=False)
    dringendeRedenen = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_TEXT, multiline=True
    )
    kenmerkOnderzoek = fields.TextField(required=False, allow_blank=True, max_length=MAX_REFERENCE)


class BoeteBesluitSerializer(StrictSerializer):
    besluitdatum = date_field("De datum van het besluit.")
    versie = fields.version_field(
        "De versie van de boete die u heeft gezien; of geef die mee in If-Match."
    )


class BoetesQuery(QuerySerializer):
    status = _choice(FineStatus.choices, "status", required=False)


class MaatregelNieuwSerializer(StrictSerializer):
    uitkering = fields.id_field("Het id van de uitkering", help_text="Zie /uitkeringen.")
    gedraging = fields.slug_code_field(
        "De code van de gedraging uit de verordening", help_text="Bijvoorbeeld categorie-2."
    )
    datumGedraging = date_field("De dag van de gedraging (de verordening van die dag geldt).")
    eersteMaand = fields.DateField(
        example="2026-06-01", help_text="De eerste dag van de eerste maand van de verlaging."
    )
    toelichting = fields.TextField(max_length=MAX_TEXT, multiline=True)


class MaatregelenQuery(QuerySerializer):
    uitkering = fields.id_field("Het id van de uitkering", required=False)


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id.")
IF_MATCH = fields.if_match('De versie van de boete die u heeft gezien, bijvoorbeeld "1".')


def _body_benefit(function: Any, names: Mapping[str, str], *args: Any) -> Any:
    try:
        return _call(function, names, *args)
    except services.NotVisible as error:
        # The benefit is named in the body: a 400 on the field, the same words for "does not
        # exist" and "not yours".
        raise exceptions.ValidationError({"uitkering": [str(error)]}) from error


@extend_schema_view(
    list=extend_schema(
        parameters=[BoetesQuery],
        responses={200: BoeteSamenvattingSerializer(many=True)},
        description="Boetes die u mag inzien, de nieuwste eerst. Elke getoonde boete komt in "
        "de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[ID],
        responses={200: BoeteSerializer},
        description="Eén boete met de berekening stap voor stap. Een boete die u niet mag "
        "zien geeft 404. Het inzien komt in de audittrail.",
    ),
    create=extend_schema(
        request=BoeteNieuwSerializer,
        responses={201: BoeteSerializer},
        description="Bereken en registreer een bestuurlijke boete (artikel 18a "
        "Participatiewet) op een uitkering, met de regels van de dag van de gedraging, op een "
        "nieuwe zaak van het zaaktype boete.",
    ),
)
class BoeteViewSet(viewsets.ViewSet):
    """Boetes: de bestuurlijke boete van artikel 18a Participatiewet, berekend, besloten onder
    mandaat en als vordering (herkomst boete) in de debiteurenadministratie."""

    serializer_class = BoeteSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = BoetesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        found, total = services.list_fines(
            request.user,
            status=query.validated_data.get("status", ""),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(
            request, page, total, BoeteSamenvattingSerializer(found, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(services.get_fine(request.user, pk, PURPOSE))

    def create(self, request: Request) -> Response:
        body = BoeteNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewFine(
            benefit_pk=data["uitkering"],
            breach_on=data["datumGedraging"],
            report_on=data["datumBoeterapport"],
            breach=data["gedraging"],
            detriment=data["benadelingsbedrag"],
            blame=data["verwijtbaarheid"],
            previous_fine_on=data.get("datumEerdereBoete"),
            previous_warning_or_fine_on=data.get("datumLaatsteWaarschuwingOfBoete"),
            warning_requested=data.get("waarschuwing", False),
            urgent_reasons=data.get("dringendeRedenen", ""),
            investigation_reference=data.get("kenmerkOnderzoek", ""),
        )
        fine = _body_benefit(services.create_fine, FINE_FIELDS, request.user, new, PURPOSE)
        response = self._answer(fine, status.HTTP_201_CREATED)
        response["Location"] = reverse("boete-detail", kwargs={"pk": fine.pk}, request=request)
        return response

    @extend_schema(
        request=BoeteBesluitSerializer,
        responses={200: BoeteSerializer, 412: OpenApiResponse(description="Versie gewijzigd.")},
        parameters=[ID, IF_MATCH],
        description="Neem het besluit over de boete onder mandaat (besluittype pw-boete), met "
        "de brief; een boete wordt een vordering met herkomst boete. Geef de versie mee (veld "
        "versie of If-Match).",
    )
    @action(detail=True, methods=["post"], url_path="besluit")
    def besluit(self, request: Request, pk: str) -> Response:
        data, version = fields.versioned_body(request, BoeteBesluitSerializer)
        return self._answer(
            _call(
                services.decide_fine,
                DECISION_FIELDS,
                request.user,
                pk,
                data["besluitdatum"],
                version=version,
                purpose=PURPOSE,
            )
        )

    @staticmethod
    def _answer(fine: Fine, code: int = status.HTTP_200_OK) -> Response:
        response = Response(BoeteSerializer(fine).data, status=code)
        response["ETag"] = f'"{fine.version}"'
        return response


@extend_schema_view(
    list=extend_schema(
        parameters=[MaatregelenQuery],
        responses={200: MaatregelSerializer(many=True)},
        description="Maatregelen die u mag inzien, de nieuwste eerst. Elke getoonde "
        "maatregel komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[ID],
        responses={200: MaatregelSerializer},
        description="Eén maatregel. Een maatregel die u niet mag zien geeft 404.",
    ),
    create=extend_schema(
        request=MaatregelNieuwSerializer,
        responses={201: MaatregelSerializer},
        description="Leg een maatregel vast op een uitkering (artikel 18 lid 2 "
        "Participatiewet): percentage en duur uit de verordening van de gemeente die gold op "
        "de dag van de gedraging. De betaalrun verlaagt de uitkering in precies die maanden.",
    ),
)
class MaatregelViewSet(viewsets.ViewSet):
    """Maatregelen: verlaging van de uitkering bij het niet nakomen van verplichtingen."""

    serializer_class = MaatregelSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = MaatregelenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        found, total = measure_services.list_measures(
            request.user,
            benefit_pk=query.validated_data.get("uitkering"),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(request, page, total, MaatregelSerializer(found, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        measure = measure_services.get_measure(request.user, pk, PURPOSE)
        return Response(MaatregelSerializer(measure).data)

    def create(self, request: Request) -> Response:
        body = MaatregelNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = measure_services.NewMeasure(
            benefit_pk=data["uitkering"],
            rule_code=data["gedraging"],
            breach_on=data["datumGedraging"],
            start_month=data["eersteMaand"],
            reason=data["toelichting"],
        )
        measure: Measure = _body_benefit(
            measure_services.record_measure, MEASURE_FIELDS, request.user, new, PURPOSE
        )
        response = Response(MaatregelSerializer(measure).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse(
            "maatregel-detail", kwargs={"pk": measure.pk}, request=request
        )
        return response
