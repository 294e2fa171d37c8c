"""API of the enforcement app: `/signalen` (list, detail, `afhandeling`) and `/onderzoeken`
(list, detail, `handelingen`, `afronding`).

Thin, like :mod:`samen.complaints.api`: every read and change goes through
:mod:`samen.enforcement.signals` and :mod:`samen.enforcement.investigations` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. A signal or
investigation the actor may not see answers 404 (an investigation needs a grant of an
enforcement role), a stale ``versie`` 412; a rule that forbids a step is a 400 problem whose
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
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.cases.api_base import date_field
from samen.enforcement import investigations, signals
from samen.enforcement.investigations import MAX_AMOUNT
from samen.enforcement.models import MAX_REPORT, MAX_TEXT, Activity, Investigation, Signal

PURPOSE = Purpose.UITVOERING

HANDLE_FIELDS = {"outcome": "uitkomst", "reason": "toelichting"}
ACTIVITY_FIELDS = {"kind": "soort", "on": "datum", "report": "verslag", "staff": "medewerker"}
CONCLUSION_FIELDS = {
    "outcome": "uitkomst",
    "concluded_on": "datumAfronding",
    "conclusion": "conclusie",
    "amount": "benadelingsbedrag",
    "harm_from": "benadelingVanaf",
    "harm_until": "benadelingTot",
    "report_number": "procesVerbaal",
    "report_sent_on": "datumProcesVerbaal",
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
        for message in error.messages:
            out.setdefault("nonFieldErrors", []).append(ErrorDetail(message, "invalid"))
    return exceptions.ValidationError(out)


def _call(function: Any, names: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as error:
        raise _service_errors(error, names) from error


def _choice(choices: Any, what: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"Onbekende {what}: {{input}}."},
        **kwargs,
    )


# --------------------------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------------------------
class SignaalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    product = serializers.CharField()
    bsn = serializers.CharField()
    persoon = serializers.IntegerField(source="person_id", allow_null=True)
    vanaf = serializers.DateField(source="period_from")
    totEnMet = serializers.DateField(source="period_until", allow_null=True)
    gegevens = serializers.DictField(source="details", child=serializers.CharField())
    gemeente = serializers.CharField(source="municipality.cbs_code")
    uitkering = serializers.IntegerField(
        source="benefit_id", allow_null=True, help_text="Leeg: niet gekoppeld."
    )
    consulent = serializers.CharField(
        source="assigned_to.employee_number", allow_null=True, help_text="Personeelsnummer."
    )
    behandelenUiterlijk = serializers.DateField(source="deadline", allow_null=True)
    uitkomst = serializers.CharField(source="outcome", help_text="Leeg: open.")
    toelichting = serializers.CharField(source="outcome_reason")
    datumAfhandeling = serializers.DateField(source="handled_on", allow_null=True)
    versie = serializers.IntegerField(source="version")


class HandelingSerializer(serializers.Serializer):
    soort = serializers.CharField(source="kind")
    datum = serializers.DateField(source="on")
    medewerker = serializers.CharField(source="staff.employee_number")
    verslag = serializers.CharField(source="report")


class OnderzoekSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    onderzoeksnummer = serializers.CharField(source="reference")
    persoon = serializers.IntegerField(source="person_id")
    gemeente = serializers.CharField(source="municipality.cbs_code")
    aanleiding = serializers.CharField(source="origin")
    datumStart = serializers.DateField(source="started_on")
    onderzoeker = serializers.CharField(source="investigator.employee_number", allow_null=True)
    uitkomst = serializers.CharField(source="outcome", help_text="Leeg: loopt.")
    versie = serializers.IntegerField(source="version")


class OnderzoekSerializer(OnderzoekSamenvattingSerializer):
    toelichting = serializers.CharField(source="reason")
    signaal = serializers.IntegerField(source="signal_id", allow_null=True)
    handelingen = serializers.SerializerMethodField()
    datumAfronding = serializers.DateField(source="concluded_on", allow_null=True)
    conclusie = serializers.CharField(source="conclusion")
    benadelingsbedrag = serializers.DecimalField(
        source="amount", max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=True
    )
    benadelingVanaf = serializers.DateField(source="harm_from", allow_null=True)
    benadelingTot = serializers.DateField(source="harm_until", allow_null=True)
    vordering = serializers.IntegerField(source="claim_id", allow_null=True)
    procesVerbaal = serializers.CharField(source="report_number")
    datumProcesVerbaal = serializers.DateField(source="report_sent_on", allow_null=True)

    @staticmethod
    def get_handelingen(obj: Investigation) -> list[dict[str, Any]]:
        return list(HandelingSerializer(obj.activities.select_related("staff"), many=True).data)


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------
def _version() -> Any:
    return fields.version_field("De versie die u heeft gezien; of geef die mee in If-Match.")


class SignaalAfhandelingSerializer(StrictSerializer):
    uitkomst = _choice(Signal.Outcome.choices, "uitkomst")
    toelichting = fields.TextField(allow_blank=True, max_length=MAX_TEXT, multiline=True)
    versie = _version()


class SignalenQuery(QuerySerializer):
    weergave = _choice(
        [("mijn", "mijn"), ("alle", "alle"), ("niet-gekoppeld", "niet-gekoppeld")],
        "weergave (mijn, alle of niet-gekoppeld)",
        required=False,
        help_text="mijn (standaard): de open signalen waarvan u de vaste consulent bent.",
    )


class OnderzoekHandelingSerializer(StrictSerializer):
    soort = _choice(Activity.Kind.choices, "soort handeling")
    datum = date_field("De dag van de handeling.")
    verslag = fields.TextField(allow_blank=True, max_length=MAX_REPORT, multiline=True)
    medewerker = fields.TextField(
        required=False, allow_blank=True, max_length=20, help_text="Personeelsnummer; weg: uzelf."
    )


class OnderzoekAfrondingSerializer(StrictSerializer):
    uitkomst = _choice(Investigation.Outcome.choices, "uitkomst")
    datumAfronding = date_field("De dag waarop het onderzoek is afgerond.")
    conclusie = fields.TextField(allow_blank=True, max_length=MAX_TEXT, multiline=True)
    benadelingsbedrag = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        required=False,
        allow_null=True,
        coerce_to_string=True,
    )
    benadelingVanaf = date_field("Eerste dag van de benadeling.", required=False)
    benadelingTot = date_field("Laatste dag van de benadeling.", required=False)
    procesVerbaal = fields.TextField(required=False, allow_blank=True, max_length=40)
    datumProcesVerbaal = date_field(
        "De dag waarop het proces-verbaal naar het OM ging.", required=False
    )
    versie = _version()


class OnderzoekenQuery(QuerySerializer):
    afgerond = _choice(
        [("true", "true"), ("false", "false")],
        "waarde voor afgerond (true of false)",
        required=False,
        help_text="true: ook afgeronde onderzoeken.",
    )


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het id.")
IF_MATCH = fields.if_match('De versie die u heeft gezien, bijvoorbeeld "3".')
CONFLICT = OpenApiResponse(description="Intussen gewijzigd (versie).")


@extend_schema_view(
    list=extend_schema(
        parameters=[SignalenQuery],
        responses={200: SignaalSerializer(many=True)},
        description="Signalen van het Inlichtingenbureau die u mag inzien: de open gekoppelde "
        "signalen, de vroegste behandeltermijn eerst, of de niet-gekoppelde. Elk getoond "
        "signaal komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[ID],
        responses={200: SignaalSerializer},
        description="Eén signaal. Een signaal dat u niet mag zien geeft 404. Het inzien komt "
        "in de audittrail.",
    ),
)
class SignaalViewSet(viewsets.ViewSet):
    """Signalen: samenloop van het Inlichtingenbureau, gekoppeld aan uitkeringen."""

    serializer_class = SignaalSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = SignalenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        view = query.validated_data.get("weergave", "mijn")
        page = page_request(request)
        items, total = signals.worklist(
            request.user,
            mine=view == "mijn",
            unmatched=view == "niet-gekoppeld",
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        data = SignaalSerializer([i.signal for i in items], many=True).data
        return page_response(request, page, total, data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return _answer(SignaalSerializer, signals.get_signal(request.user, pk, PURPOSE))

    @extend_schema(
        request=SignaalAfhandelingSerializer,
        responses={200: SignaalSerializer, 412: CONFLICT},
        parameters=[ID, IF_MATCH],
        description="Handel een gekoppeld signaal af: geen_gevolg (met de reden), wijziging "
        "(leg die daarna vast met POST /uitkeringen/{id}/wijzigingen, die herberekent) of "
        "onderzoek (de sociale recherche pakt het op). Geef de versie mee.",
    )
    @action(detail=True, methods=["post"], url_path="afhandeling")
    def afhandeling(self, request: Request, pk: str) -> Response:
        data, version = fields.versioned_body(request, SignaalAfhandelingSerializer)
        signal = _call(
            signals.handle,
            HANDLE_FIELDS,
            request.user,
            pk,
            outcome=data["uitkomst"],
            reason=data["toelichting"],
            version=version,
            purpose=PURPOSE,
        )
        return _answer(SignaalSerializer, signal)


@extend_schema_view(
    list=extend_schema(
        parameters=[OnderzoekenQuery],
        responses={200: OnderzoekSamenvattingSerializer(many=True)},
        description="Fraudeonderzoeken die u mag inzien (alleen met een autorisatie voor "
        "handhaving). Elk getoond onderzoek komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[ID],
        responses={200: OnderzoekSerializer},
        description="Eén fraudeonderzoek met zijn handelingen en uitkomst. Zonder autorisatie "
        "voor handhaving: 404. Het inzien komt in de audittrail.",
    ),
)
class OnderzoekViewSet(viewsets.ViewSet):
    """Onderzoeken: fraudeonderzoek door de sociale recherche."""

    serializer_class = OnderzoekSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = OnderzoekenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        found, total = investigations.list_investigations(
            request.user,
            closed=query.validated_data.get("afgerond") == "true",
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        data = OnderzoekSamenvattingSerializer(found, many=True).data
        return page_response(request, page, total, data)

    def retrieve(self, request: Request, pk: str) -> Response:
        found, _activities = investigations.get_investigation(request.user, pk, PURPOSE)
        return _answer(OnderzoekSerializer, found)

    @extend_schema(
        request=OnderzoekHandelingSerializer,
        responses={200: OnderzoekSerializer},
        parameters=[ID],
        description="Leg een onderzoekshandeling vast: huisbezoek, verhoor met verslag, "
        "observatie, internetonderzoek of bestandskoppeling, met datum en medewerker.",
    )
    @action(detail=True, methods=["post"], url_path="handelingen")
    def handelingen(self, request: Request, pk: str) -> Response:
        body = OnderzoekHandelingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        _call(
            investigations.add_activity,
            ACTIVITY_FIELDS,
            request.user,
            pk,
            kind=data["soort"],
            on=data["datum"],
            report=data["verslag"],
            staff_number=data.get("medewerker", ""),
            purpose=PURPOSE,
        )
        found, _activities = investigations.get_investigation(request.user, pk, PURPOSE)
        return _answer(OnderzoekSerializer, found)

    @extend_schema(
        request=OnderzoekAfrondingSerializer,
        responses={200: OnderzoekSerializer, 412: CONFLICT},
        parameters=[ID, IF_MATCH],
        description="Rond het onderzoek af: geen_fraude, bestuurlijk (benadelingsbedrag en "
        "periode; de vordering komt in de debiteurenadministratie met herkomst schending "
        "inlichtingenplicht) of strafrechtelijk (ook het proces-verbaal aan het OM).",
    )
    @action(detail=True, methods=["post"], url_path="afronding")
    def afronding(self, request: Request, pk: str) -> Response:
        data, version = fields.versioned_body(request, OnderzoekAfrondingSerializer)
        conclusion = investigations.Conclusion(
            outcome=data["uitkomst"],
            concluded_on=data["datumAfronding"],
            conclusion=data["conclusie"],
            amount=data.get("benadelingsbedrag"),
            harm_from=data.get("benadelingVanaf"),
            harm_until=data.get("benadelingTot"),
            report_number=data.get("procesVerbaal", ""),
            report_sent_on=data.get("datumProcesVerbaal"),
        )
        found = _call(
            investigations.conclude,
            CONCLUSION_FIELDS,
            request.user,
            pk,
            conclusion,
            version,
            PURPOSE,
        )
        return _answer(OnderzoekSerializer, found)


def _answer(serializer: type[serializers.Serializer], obj: Any) -> Response:
    response = Response(serializer(obj).data)
    response["ETag"] = f'"{obj.version}"'
    return response
