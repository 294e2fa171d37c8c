"""API of the cases app: `/zaaktypen`, `/zaken` with its actions as sub-resources, and
`/werkvoorraad`.

Thin by design, like :mod:`samen.people.api`: every read and change of a case, a decision or
a letter goes through :mod:`samen.cases.services` with purpose *uitvoering*, so the one access
policy scopes it and the audit trail records it; this module never queries ``Case``,
``Decision`` or ``Letter`` itself (it only follows the relations of a case the services
handed out). Case types are configuration without personal data and are read directly.

A case the actor may not see answers 404 (existence must not leak), one the actor may see but
not change 403, a stale ``versie`` 412. A rule of law or of the organisation that forbids an
action is a 400 problem whose ``invalidParams`` name the field in the API's own (Dutch) terms.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.cases import assignment, services
from samen.cases.models import (
    MAX_NOTE,
    MAX_REASONING,
    Case,
    CaseType,
    Decision,
    Outcome,
    Status,
)
from samen.organisation.models import Team
from samen.people.api import LEVEL_NAMES

PURPOSE = Purpose.UITVOERING

# Field names of the services (model fields) -> the API's names, per operation; and the codes
# of message-only errors that are about one field.
OPEN_FIELDS = {
    "person": "persoon",
    "case_type": "zaaktype",
    "reported_on": "datumMelding",
    "unknown_case_type": "zaaktype",
    "not_contracted": "persoon",
}
INFORMATION_FIELDS = {"what": "omschrijving", "requested_on": "datum", "supply_by": "uiterlijk"}
RECEIVED_FIELDS = {"received_on": "datum"}
EXTENSION_FIELDS = {
    "reason": "reden",
    "notified_on": "datumBericht",
    "late_extension": "datumBericht",
}
DECISION_FIELDS = {
    "decision_type": "besluittype",
    "outcome": "uitkomst",
    "decided_on": "besluitdatum",
    "effective_from": "ingangsdatum",
    "reasoning": "motivering",
    "iban": "iban",
    "no_mandate": "besluittype",
}
ASSIGN_FIELDS = {"staff": "consulent", "reason": "reden"}


def _service_errors(
    error: DjangoValidationError, names: Mapping[str, str]
) -> exceptions.ValidationError:
    """A validation error of the services as a DRF error with the API's field names (and the
    services' error codes, so ``invalidParams`` tells a missing mandate from a typo)."""
    out: dict[str, list[ErrorDetail]] = {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = names.get(field, field)
            for item in errors:
                for message in item.messages:
                    out.setdefault(name, []).append(ErrorDetail(message, item.code or "invalid"))
    else:
        for item in error.error_list:
            name = names.get(item.code or "", "nonFieldErrors")
            for message in item.messages:
                out.setdefault(name, []).append(ErrorDetail(message, item.code or "invalid"))
    return exceptions.ValidationError(out)


# ---------------------------------------------------------------------------------------------
# Case types
# ---------------------------------------------------------------------------------------------


class TermijnSerializer(serializers.Serializer):
    aantal = serializers.IntegerField()
    eenheid = serializers.CharField(help_text="dagen, weken of maanden.")


class VerlengingMogelijkSerializer(serializers.Serializer):
    toegestaan = serializers.BooleanField()
    aantal = serializers.IntegerField(allow_null=True, help_text="Ten hoogste; leeg: geen.")
    eenheid = serializers.CharField()


class ZaaktypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField(source="name")
    domein = serializers.CharField(source="domain.code")
    wettelijkeGrondslag = serializers.CharField(source="legal_basis")
    beslistermijn = serializers.SerializerMethodField(
        help_text="De wettelijke beslistermijn; leeg als er geen is."
    )
    verlenging = serializers.SerializerMethodField(help_text="Awb 4:14 lid 3.")
    opschortingToegestaan = serializers.BooleanField(
        source="suspension_allowed", help_text="Awb 4:15."
    )
    zoektermijnJongerenWeken = serializers.IntegerField(
        source="youth_search_weeks",
        allow_null=True,
        help_text="Onder 27 jaar: eerst deze zoektermijn (art. 41 lid 4 Pw).",
    )
    vertrouwelijkheid = serializers.SerializerMethodField()
    besluittypen = serializers.SerializerMethodField(help_text="Codes van de besluittypen.")
    geldigVanaf = serializers.DateField(source="valid_from", help_text="Eerste dag.")
    geldigTot = serializers.DateField(
        source="valid_until", allow_null=True, help_text="Laatste dag; leeg: onbepaalde tijd."
    )

    @extend_schema_field(TermijnSerializer(allow_null=True))
    def get_beslistermijn(self, obj: CaseType) -> dict[str, Any] | None:
        if obj.term_amount is None:
            return None
        return {"aantal": obj.term_amount, "eenheid": obj.term_unit}

    @extend_schema_field(VerlengingMogelijkSerializer)
    def get_verlenging(self, obj: CaseType) -> dict[str, Any]:
        return {
            "toegestaan": bool(obj.extension_allowed and obj.extension_amount),
            "aantal": obj.extension_amount,
            "eenheid": obj.extension_unit,
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_vertrouwelijkheid(self, obj: CaseType) -> str:
        return LEVEL_NAMES[int(obj.confidentiality)]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_besluittypen(self, obj: CaseType) -> list[str]:
        return sorted(d.code for d in obj.decision_types.all())


class ZaaktypenQuery(StrictSerializer):
    peildatum = fields.DateField(
        required=False,
        help_text="Zaaktypen zoals ze op deze datum (JJJJ-MM-DD) gelden; standaard vandaag.",
    )


def _peildatum(request: Request) -> dt.date:
    query = ZaaktypenQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    day: dt.date = query.validated_data.get("peildatum") or timezone.localdate()
    return day


@extend_schema_view(
    list=extend_schema(
        parameters=[ZaaktypenQuery],
        description="De zaaktypen die op de peildatum gelden, met hun wettelijke termijnen.",
    ),
    retrieve=extend_schema(
        parameters=[ZaaktypenQuery],
        description="Het zaaktype met deze code zoals het op de peildatum geldt.",
    ),
)
class ZaaktypeViewSet(viewsets.ViewSet):
    """Zaaktypen: soorten zaken met hun beslistermijn, verlenging, opschorting en
    besluittypen. Configuratie, geen persoonsgegevens."""

    serializer_class = ZaaktypeSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    http_method_names = ["get", "head", "options"]

    @staticmethod
    def _valid_on(day: dt.date) -> Any:
        return (
            CaseType.objects.valid_on(day)
            .select_related("domain")
            .prefetch_related("decision_types")
        )

    def list(self, request: Request) -> Response:
        found = self._valid_on(_peildatum(request))
        return Response(ZaaktypeSerializer(found, many=True).data)

    def retrieve(self, request: Request, code: str) -> Response:
        found = self._valid_on(_peildatum(request)).filter(code=code).first()
        if found is None:
            raise exceptions.NotFound("Zaaktype niet gevonden op deze datum.")
        return Response(ZaaktypeSerializer(found).data)


# ---------------------------------------------------------------------------------------------
# Cases: responses
# ---------------------------------------------------------------------------------------------


class PersoonKortSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    bsn = serializers.CharField(help_text="Burgerservicenummer.")
    naam = serializers.CharField(source="full_name")


class MedewerkerSerializer(serializers.Serializer):
    personeelsnummer = serializers.CharField(source="employee_number")
    naam = serializers.CharField(source="name")


class StatuswijzigingSerializer(serializers.Serializer):
    status = serializers.CharField()
    datum = serializers.DateField(source="on_date")
    door = serializers.CharField(source="by_name")
    toelichting = serializers.CharField(source="note")
    geregistreerdOp = serializers.DateTimeField(source="at")


class OpschortingSerializer(serializers.Serializer):
    datumVerzoek = serializers.DateField(source="requested_on")
    omschrijving = serializers.CharField(source="what")
    uiterlijk = serializers.DateField(source="supply_by", allow_null=True)
    datumOntvangst = serializers.DateField(
        source="received_on", allow_null=True, help_text="Leeg: de termijn is opgeschort."
    )


class VerlengingSerializer(serializers.Serializer):
    aantal = serializers.IntegerField(source="amount")
    eenheid = serializers.CharField(source="unit")
    datumBericht = serializers.DateField(source="notified_on")
    reden = serializers.CharField(source="reason")


class MandaatSchakelSerializer(serializers.Serializer):
    mandaat = serializers.IntegerField(source="id", help_text="Id van het mandaat in /mandaten.")
    titel = serializers.CharField()
    mandaatgever = serializers.CharField(source="van")
    gemandateerde = serializers.CharField(source="aan")


def _brief_url(request: Request | None, decision: Decision) -> str:
    return reverse(
        "zaak-brief", kwargs={"pk": decision.case_id, "besluitId": decision.pk}, request=request
    )


class BesluitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    besluittype = serializers.CharField(source="decision_type.code")
    uitkomst = serializers.CharField(source="outcome")
    besluitdatum = serializers.DateField(source="decided_on")
    ingangsdatum = serializers.DateField(source="effective_from", allow_null=True)
    namensCollegeVan = serializers.CharField(
        source="municipality.cbs_code", help_text="CBS-code van de gemeente."
    )
    genomenDoor = serializers.CharField(source="taken_by.name")
    mandaatketen = MandaatSchakelSerializer(
        source="chain", many=True, help_text="Het college eerst."
    )
    wettelijkeGrondslag = serializers.CharField(source="legal_basis")
    motivering = serializers.CharField(source="reasoning")
    brief = serializers.SerializerMethodField(help_text="De beschikking als PDF.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_brief(self, obj: Decision) -> str:
        return _brief_url(self.context.get("request"), obj)


class ZaakSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    zaaknummer = serializers.CharField(source="reference")
    zaaktype = serializers.CharField(source="case_type.code")
    persoon = PersoonKortSerializer(source="person")
    gemeente = serializers.CharField(source="municipality.cbs_code", help_text="CBS-code.")
    domein = serializers.CharField(source="domain.code")
    status = serializers.ChoiceField(choices=Status.choices)
    datumMelding = serializers.DateField(source="reported_on", allow_null=True)
    uitersteBeslisdatum = serializers.DateField(
        source="deadline", allow_null=True, help_text="Leeg zolang de termijn is opgeschort."
    )
    consulent = MedewerkerSerializer(source="assigned_to", allow_null=True)
    versie = serializers.IntegerField(
        source="version", help_text="Versie, voor optimistische vergrendeling."
    )


class ZaakSerializer(ZaakSamenvattingSerializer):
    vertrouwelijkheid = serializers.SerializerMethodField()
    datumOntvangst = serializers.DateField(
        source="received_on", allow_null=True, help_text="Leeg zolang de zoektermijn loopt."
    )
    zoektermijnTot = serializers.DateField(
        source="search_period_until", allow_null=True, help_text="Tot en met; art. 41 Pw."
    )
    toelichtingTermijn = serializers.ListField(
        source="deadline_explanation",
        child=serializers.CharField(),
        help_text="Hoe de uiterste beslisdatum is berekend, in gewone taal.",
    )
    team = serializers.CharField(source="team.name", allow_null=True)
    besluitdatum = serializers.DateField(source="decided_on", allow_null=True)
    afsluitdatum = serializers.DateField(source="closed_on", allow_null=True)
    statusgeschiedenis = StatuswijzigingSerializer(source="history.all", many=True)
    opschortingen = OpschortingSerializer(source="suspensions.all", many=True)
    verlengingen = VerlengingSerializer(source="extensions.all", many=True)
    besluiten = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_vertrouwelijkheid(self, obj: Case) -> str:
        return LEVEL_NAMES[int(obj.confidentiality)]

    @extend_schema_field(BesluitSerializer(many=True))
    def get_besluiten(self, obj: Case) -> list[Any]:
        found = obj.decisions.select_related("decision_type", "municipality", "taken_by")
        return list(BesluitSerializer(found, many=True, context=self.context).data)


class WerkItemSerializer(serializers.Serializer):
    zaak = ZaakSamenvattingSerializer(source="case")
    dagenOver = serializers.IntegerField(
        source="days_left", allow_null=True, help_text="Dagen tot de uiterste beslisdatum."
    )
    termijnVerstreken = serializers.BooleanField(source="overdue")
    bijnaVerlopen = serializers.BooleanField(
        source="near", help_text=f"Binnen {services.NEAR_DAYS} dagen."
    )


# ---------------------------------------------------------------------------------------------
# Cases: requests
# ---------------------------------------------------------------------------------------------


def not_in_future(value: dt.date) -> None:
    if value > timezone.localdate():
        raise serializers.ValidationError("Deze datum ligt in de toekomst.")


def date_field(help_text: str, *, required: bool = True, future: bool = False) -> Any:
    return fields.DateField(
        example="2026-03-02",
        required=required,
        allow_null=not required,
        help_text=help_text,
        validators=[] if future else [not_in_future],
    )


def version_field() -> Any:
    return fields.version_field(
        "De versie van de zaak die u heeft gezien; of geef die mee in If-Match."
    )


class ZaakNieuwSerializer(StrictSerializer):
    persoon = fields.id_field(
        "Het id van de persoon", help_text="Id van de persoon (zie /personen)."
    )
    zaaktype = fields.slug_code_field(
        "De code van het zaaktype", help_text="Code van het zaaktype (zie /zaaktypen)."
    )
    datumMelding = date_field("De dag waarop de melding of aanvraag binnenkwam.")
    toelichting = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_NOTE, multiline=True
    )


class VersieSerializer(StrictSerializer):
    versie = version_field()


class InformatieverzoekSerializer(StrictSerializer):
    datum = date_field(
        "De dag waarop de informatie is opgevraagd; de termijn is daarna opgeschort."
    )
    omschrijving = fields.TextField(
        allow_blank=True,
        max_length=MAX_NOTE,
        multiline=True,
        help_text="Welke informatie u opvraagt.",
    )
    uiterlijk = date_field(
        "Aan te leveren vóór deze datum; niet vóór de datum van het verzoek.",
        required=False,
        future=True,
    )
    versie = version_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        supply_by = attrs.get("uiterlijk")
        if supply_by is not None and supply_by < attrs["datum"]:
            raise serializers.ValidationError(
                {"uiterlijk": "Deze datum ligt vóór de datum van het verzoek."}
            )
        return attrs


class DatumSerializer(StrictSerializer):
    datum = date_field("De datum (JJJJ-MM-DD).")
    versie = version_field()


class VerlengingNieuwSerializer(StrictSerializer):
    datumBericht = date_field("De dag waarop de aanvrager bericht kreeg van de verlenging.")
    reden = fields.TextField(
        allow_blank=True,
        max_length=MAX_NOTE,
        multiline=True,
        help_text="De reden; die staat in de brief.",
    )
    versie = version_field()


class BesluitNieuwSerializer(StrictSerializer):
    besluittype = fields.slug_code_field(
        "De code van het besluittype", help_text="Code van een besluittype van het zaaktype."
    )
    uitkomst = serializers.ChoiceField(
        choices=Outcome.choices,
        error_messages={"invalid_choice": "Onbekende uitkomst: {input}."},
    )
    besluitdatum = date_field("De besluitdatum; niet in de toekomst.")
    ingangsdatum = date_field("Ingangsdatum van het besluit.", required=False, future=True)
    motivering = fields.TextField(
        allow_blank=True,
        max_length=MAX_REASONING,
        multiline=True,
        help_text="De motivering (Awb 3:46); alinea's gescheiden door een witregel.",
    )
    iban = fields.TextField(
        required=False,
        allow_blank=True,
        max_length=42,
        help_text="IBAN waarop een toegekende uitkering wordt betaald (verplicht bij "
        "toekenning van een besluittype dat een uitkering geeft).",
    )
    versie = version_field()


class ZakenQuery(QuerySerializer):
    bsn = fields.bsn_field(
        required=False, help_text="Alleen zaken van de persoon met dit burgerservicenummer."
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        help_text="Alleen zaken met deze status.",
        error_messages={"invalid_choice": "Onbekende status: {input}."},
    )


class WerkvoorraadQuery(StrictSerializer):
    team = fields.id_field(
        "Het id van het team",
        required=False,
        help_text="Id van een team: de werkvoorraad van het hele team.",
    )

    def validate_team(self, value: int) -> Team:
        found = Team.objects.filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError(f"Onbekend team: {value}.")
        return found


class ToewijzingSerializer(StrictSerializer):
    consulent = fields.id_field(
        "Het id van de medewerker",
        help_text="Id van de medewerker (Staff) die de zaak krijgt: een lid van het team van "
        "de zaak dat aan deze zaak mag werken.",
    )
    reden = fields.TextField(
        max_length=assignment.MAX_REASON,
        help_text="Waarom de zaak naar deze consulent gaat; komt in de statusgeschiedenis.",
    )
    versie = version_field()


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='De versie van de zaak die u heeft gezien, bijvoorbeeld "3" (de ETag); in '
    "plaats van het veld versie.",
)
CASE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de zaak."
)
DECISION_ID = OpenApiParameter(
    "besluitId", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het besluit."
)
CONFLICT = OpenApiResponse(description="De zaak is intussen gewijzigd (versie).")


def _case_action(request_serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        request=request_serializer,
        responses={200: ZaakSerializer, 412: CONFLICT},
        parameters=[CASE_ID, IF_MATCH],
        description=description
        + " Geef de versie mee (veld versie of If-Match); is de zaak intussen gewijzigd, dan "
        "volgt 412 en verandert er niets.",
    )


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for `application/pdf`; the letter itself is sent as is, an error as
    problem+json (the content type is set by :mod:`samen.api.problems`)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode()


@extend_schema_view(
    list=extend_schema(
        parameters=[ZakenQuery],
        description="Zaken die u mag inzien, de nieuwste eerst: alleen die van uw gemeenten "
        "en domeinen, tot uw vertrouwelijkheidsniveau. Elke getoonde zaak komt in de "
        "audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[CASE_ID],
        responses={200: ZaakSerializer},
        description="Eén zaak met status, termijn, geschiedenis en besluiten. Een zaak die u "
        "niet mag zien geeft 404, net als een zaak die niet bestaat. Het inzien komt in de "
        "audittrail.",
    ),
    create=extend_schema(
        request=ZaakNieuwSerializer,
        responses={201: ZaakSerializer},
        description="Open een zaak voor een inwoner. Geweigerd (400) als de gemeente van de "
        "inwoner dit domein die dag niet bij ons heeft belegd, of als het zaaktype die dag niet "
        "bestaat; 403 als u voor die gemeente of dat domein niet mag werken.",
    ),
)
class ZaakViewSet(viewsets.ViewSet):
    """Zaken: aanvragen en meldingen van inwoners, met hun wettelijke beslistermijn, de vaste
    consulent, opschortingen, verlengingen en besluiten onder mandaat."""

    serializer_class = ZaakSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    # -- reading -------------------------------------------------------------------------------
    def list(self, request: Request) -> Response:
        query = ZakenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        cases, total = services.search_cases(
            request.user,
            bsn=query.validated_data.get("bsn", ""),
            status=query.validated_data.get("status", ""),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(
            request, page, total, ZaakSamenvattingSerializer(cases, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(request, services.get_case(request.user, pk, PURPOSE))

    # -- opening -------------------------------------------------------------------------------
    def create(self, request: Request) -> Response:
        body = ZaakNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewCase(
            person_pk=data["persoon"],
            case_type_code=data["zaaktype"],
            reported_on=data["datumMelding"],
            note=data.get("toelichting", ""),
        )
        try:
            case = services.open_case(request.user, new, PURPOSE)
        except DjangoValidationError as error:
            raise _service_errors(error, OPEN_FIELDS) from error
        except services.NotVisible as error:
            # The person is named in the body, not in the path: a 400 on the field, with the
            # same words for "does not exist" and "not yours" (existence must not leak).
            raise exceptions.ValidationError({"persoon": [str(error)]}) from error
        response = self._answer(request, case, status.HTTP_201_CREATED)
        response["Location"] = reverse("zaak-detail", kwargs={"pk": case.pk}, request=request)
        return response

    # -- actions -------------------------------------------------------------------------------
    @_case_action(
        VersieSerializer,
        "Pak de zaak op: u wordt de consulent van de zaak en de vaste contactpersoon van de "
        "inwoner in dit domein (de wisseling blijft in de geschiedenis).",
    )
    @action(detail=True, methods=["post"], url_path="oppakken")
    def oppakken(self, request: Request, pk: str) -> Response:
        version = self._version(request, VersieSerializer)[1]
        case = self._call(services.take_case, {}, request.user, pk, version, PURPOSE)
        return self._answer(request, case)

    @_case_action(
        ToewijzingSerializer,
        "Teammanager: wijs de zaak toe aan een consulent van het team van de zaak, met de "
        "reden. De consulent wordt ook de vaste contactpersoon van de inwoner in dit domein; "
        "de andere open zaken van de inwoner in dit domein gaan mee. Bent u niet de "
        "teammanager van het team van de zaak, dan volgt 404. Een zaak waarover al besloten "
        "is kan niet meer worden toegewezen (400).",
    )
    @action(detail=True, methods=["post"], url_path="toewijzen")
    def toewijzen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, ToewijzingSerializer)
        result = self._call(
            assignment.assign_case,
            ASSIGN_FIELDS,
            request.user,
            pk,
            staff_pk=data["consulent"],
            reason=data["reden"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, result.case)

    @_case_action(
        VersieSerializer,
        "Neem de zaak in behandeling (na de melding, de ontvangst of ontvangen informatie).",
    )
    @action(detail=True, methods=["post"], url_path="in-behandeling")
    def in_behandeling(self, request: Request, pk: str) -> Response:
        version = self._version(request, VersieSerializer)[1]
        case = self._call(services.start_handling, {}, request.user, pk, version, PURPOSE)
        return self._answer(request, case)

    @_case_action(
        InformatieverzoekSerializer,
        "Vraag de aanvrager om informatie (Awb 4:15): de beslistermijn is opgeschort tot de "
        "informatie binnen is.",
    )
    @action(detail=True, methods=["post"], url_path="informatieverzoeken")
    def informatieverzoeken(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, InformatieverzoekSerializer)
        case = self._call(
            services.request_information,
            INFORMATION_FIELDS,
            request.user,
            pk,
            requested_on=data["datum"],
            what=data["omschrijving"],
            supply_by=data.get("uiterlijk"),
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(
        DatumSerializer,
        "De opgevraagde informatie is ontvangen: de opschorting eindigt en de zaak is weer in "
        "behandeling.",
    )
    @action(detail=True, methods=["post"], url_path="informatie-ontvangen")
    def informatie_ontvangen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, DatumSerializer)
        case = self._call(
            services.information_received,
            RECEIVED_FIELDS,
            request.user,
            pk,
            received_on=data["datum"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(
        VerlengingNieuwSerializer,
        "Verleng de beslistermijn met de verlenging van het zaaktype (Awb 4:14 lid 3), met "
        "bericht aan de aanvrager vóór het einde van de termijn.",
    )
    @action(detail=True, methods=["post"], url_path="verlengingen")
    def verlengingen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, VerlengingNieuwSerializer)
        case = self._call(
            services.extend_term,
            EXTENSION_FIELDS,
            request.user,
            pk,
            notified_on=data["datumBericht"],
            reason=data["reden"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @extend_schema(
        request=BesluitNieuwSerializer,
        responses={201: BesluitSerializer, 412: CONFLICT},
        parameters=[CASE_ID, IF_MATCH],
        description="Neem een besluit namens het college van de gemeente van de zaak. Het "
        "mandaatregister moet uw mandaat voor dit besluittype, deze gemeente en deze datum "
        "bevestigen; anders volgt 400 en wordt niets vastgelegd. De beschikking (PDF) wordt "
        "meteen gemaakt en bij de zaak bewaard.",
    )
    @action(detail=True, methods=["post"], url_path="besluiten")
    def besluiten(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, BesluitNieuwSerializer)
        decision = self._call(
            services.decide,
            DECISION_FIELDS,
            request.user,
            pk,
            services.NewDecision(
                decision_type_code=data["besluittype"],
                outcome=data["uitkomst"],
                decided_on=data["besluitdatum"],
                reasoning=data["motivering"],
                effective_from=data.get("ingangsdatum"),
                iban=data.get("iban", ""),
            ),
            version=version,
            purpose=PURPOSE,
        )
        body = BesluitSerializer(decision, context={"request": request}).data
        response = Response(body, status=status.HTTP_201_CREATED)
        response["Location"] = reverse(
            "zaak-besluit",
            kwargs={"pk": decision.case_id, "besluitId": decision.pk},
            request=request,
        )
        return response

    @_case_action(
        DatumSerializer,
        "Het besluit is bekendgemaakt (verzonden, Awb 3:41): de bezwaartermijn loopt vanaf de "
        "dag erna.",
    )
    @action(detail=True, methods=["post"], url_path="bekendmaking")
    def bekendmaking(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, DatumSerializer)
        case = self._call(
            services.announce,
            {},
            request.user,
            pk,
            on=data["datum"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(DatumSerializer, "Sluit de zaak af (na de bekendmaking).")
    @action(detail=True, methods=["post"], url_path="afsluiting")
    def afsluiting(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, DatumSerializer)
        case = self._call(
            services.close, {}, request.user, pk, on=data["datum"], version=version, purpose=PURPOSE
        )
        return self._answer(request, case)

    # -- decisions and letters -----------------------------------------------------------------
    @extend_schema(
        parameters=[CASE_ID, DECISION_ID],
        responses={200: BesluitSerializer},
        description="Eén besluit op een zaak die u mag inzien; het inzien van de zaak komt in "
        "de audittrail.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"besluiten/(?P<besluitId>[0-9]+)",
        url_name="besluit",
    )
    def besluit(self, request: Request, pk: str, besluitId: str) -> Response:  # noqa: N803
        case = services.get_case(request.user, pk, PURPOSE)
        decision = (
            case.decisions.select_related("decision_type", "municipality", "taken_by")
            .filter(pk=besluitId)
            .first()
        )
        if decision is None:
            raise exceptions.NotFound("Besluit niet gevonden.")
        return Response(BesluitSerializer(decision, context={"request": request}).data)

    @extend_schema(
        parameters=[CASE_ID, DECISION_ID],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="De beschikking zoals die is verzonden."
            )
        },
        description="De beschikking (brief) van een besluit als PDF, precies zoals die bij het "
        "besluit is gemaakt en bewaard. Het inzien komt in de audittrail.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"besluiten/(?P<besluitId>[0-9]+)/brief",
        url_name="brief",
        renderer_classes=[renderers.JSONRenderer, PdfRenderer],
    )
    def brief(self, request: Request, pk: str, besluitId: str) -> HttpResponse:  # noqa: N803
        decision, pdf = services.letter_pdf(request.user, pk, besluitId, PURPOSE)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"{decision.case.reference}-B{decision.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _version(
        request: Request, serializer: type[serializers.Serializer]
    ) -> tuple[dict[str, Any], int]:
        body = serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        return data, fields.expected_version(request, data.pop("versie", None))

    @staticmethod
    def _call(function: Any, names: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DjangoValidationError as error:
            raise _service_errors(error, names) from error

    @staticmethod
    def _answer(request: Request, case: Case, code: int = status.HTTP_200_OK) -> Response:
        response = Response(ZaakSerializer(case, context={"request": request}).data, status=code)
        response["ETag"] = f'"{case.version}"'
        return response


class WerkvoorraadView(APIView):
    """Uw werkvoorraad: de open zaken waarvan u de consulent bent (of, met `team`, die van
    een team), de vroegste uiterste beslisdatum eerst; zaken zonder termijn achteraan. Elke
    getoonde zaak komt in de audittrail."""

    @extend_schema(
        operation_id="werkvoorraad",
        parameters=[WerkvoorraadQuery],
        responses=WerkItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = WerkvoorraadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        items = services.worklist(request.user, team=query.validated_data.get("team"))
        return Response(WerkItemSerializer(items, many=True).data)
