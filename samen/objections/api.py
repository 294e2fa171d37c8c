"""API of the objections app: `/bezwaren` (list, detail, create) with its actions as
sub-resources: `hoorzitting`, `verdaging`, `verschoonbaar`, `beslissing`.

Thin, like :mod:`samen.cases.api`: every read and change goes through
:mod:`samen.objections.services` and :mod:`samen.objections.handling` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. An
objection the actor may not see answers 404, one the actor may see but not change 403, a
stale ``versie`` 412; a rule of law that forbids an action is a 400 problem whose
``invalidParams`` name the field in the API's (Dutch) terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
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
from samen.cases.models import MAX_REASONING
from samen.correspondence.api import BriefSerializer
from samen.objections import handling, letters, penalties, services
from samen.objections.models import (
    MAX_GROUNDS,
    MAX_MINUTES,
    MAX_NAME,
    MAX_PLACE,
    MAX_TEXT,
    HearingSkipped,
    Objection,
    ObjectionOutcome,
    ReceivedVia,
)

PURPOSE = Purpose.UITVOERING

FILE_FIELDS = {
    "decision": "besluit",
    "filed_on": "datumOntvangst",
    "posted_on": "datumPoststempel",
    "announced_on": "datumBekendmaking",
    "received_via": "ontvangenVia",
    "grounds": "gronden",
    "objector_name": "indiener",
    "excuse": "verschoonbaarReden",
    "moved": "besluit",
}
HEARING_FIELDS = {
    "hearing_on": "datumHoorzitting",
    "hearing_time": "tijdHoorzitting",
    "place": "plaatsHoorzitting",
    "invited_on": "datumUitnodiging",
    "minutes": "verslag",
    "skipped": "nietHorenGrond",
}
POSTPONE_FIELDS = {
    "weeks": "weken",
    "notified_on": "datumBericht",
    "consented_on": "datumInstemming",
    "reason": "reden",
    "late_extension": "datumBericht",
}
EXCUSE_FIELDS = {"excuse": "reden"}
REPAIR_FIELDS = {
    "requested_on": "datum",
    "until": "uiterlijk",
    "what": "omschrijving",
    "repaired_on": "datumHerstel",
}
OUTCOME_FIELDS = {
    "outcome": "uitkomst",
    "decided_on": "besluitdatum",
    "reasoning": "motivering",
    "follow_up": "vervolg",
    "decision_type": "uitkomst",
    "no_mandate": "besluitdatum",
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
            name = names.get(item.code or "", "nonFieldErrors")
            for message in item.messages:
                out.setdefault(name, []).append(ErrorDetail(message, item.code or "invalid"))
    return exceptions.ValidationError(out)


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------
class DwangsomSerializer(serializers.Serializer):
    stand = serializers.CharField(source="state")
    dagen = serializers.IntegerField(source="days")
    bedrag = serializers.DecimalField(source="amount", max_digits=9, decimal_places=2)
    eersteDag = serializers.DateField(source="first_day", allow_null=True)
    laatsteDag = serializers.DateField(source="last_day", allow_null=True)
    toelichting = serializers.ListField(source="explanation", child=serializers.CharField())


class UitstelSerializer(serializers.Serializer):
    weken = serializers.IntegerField(source="weeks")
    datumBericht = serializers.DateField(source="notified_on")
    datumInstemming = serializers.DateField(source="consented_on", allow_null=True)
    reden = serializers.CharField(source="reason")


class BezwaarSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    zaak = serializers.IntegerField(source="case_id", help_text="Id van de zaak in /zaken.")
    zaaknummer = serializers.CharField(source="case.reference")
    gemeente = serializers.CharField(source="case.municipality.cbs_code", help_text="CBS-code.")
    indiener = serializers.CharField(source="objector_name")
    bestredenBesluit = serializers.IntegerField(source="contested_id")
    datumOntvangst = serializers.DateField(source="filed_on")
    termijn = serializers.CharField(
        source="timeliness", help_text="tijdig, tijdig_per_post, te_laat of te_vroeg."
    )
    uitersteBeslisdatum = serializers.DateField(source="case.deadline", allow_null=True)
    uitkomst = serializers.CharField(source="outcome", allow_blank=True)
    versie = serializers.IntegerField(source="version")


class BezwaarSerializer(BezwaarSamenvattingSerializer):
    datumBekendmaking = serializers.DateField(source="announced_on")
    eindeBezwaartermijn = serializers.DateField(source="term_end")
    toelichtingTermijn = serializers.ListField(
        source="term_explanation", child=serializers.CharField()
    )
    toelichtingBeslistermijn = serializers.ListField(
        source="case.deadline_explanation", child=serializers.CharField()
    )
    ontvankelijkheid = serializers.SerializerMethodField(
        help_text="Wat de behandeling in de weg staat (leeg: niets dat het product ziet)."
    )
    datumPoststempel = serializers.DateField(source="posted_on", allow_null=True)
    ontvangenVia = serializers.CharField(source="received_via")
    gronden = serializers.CharField(source="grounds")
    doorGemachtigde = serializers.BooleanField(source="by_representative")
    adviescommissie = serializers.BooleanField(source="committee")
    verschoonbaarReden = serializers.CharField(source="excuse")
    datumHoorzitting = serializers.DateField(source="hearing_on", allow_null=True)
    tijdHoorzitting = fields.LocalTimeField(source="hearing_time", allow_null=True)
    plaatsHoorzitting = serializers.CharField(source="hearing_place")
    datumUitnodiging = serializers.DateField(source="invited_on", allow_null=True)
    verslag = serializers.CharField(source="minutes")
    nietHorenGrond = serializers.CharField(source="hearing_skipped")
    uitstel = UitstelSerializer(source="postponements.all", many=True)
    beslissing = serializers.IntegerField(source="decision_id", allow_null=True)
    herroeping = serializers.BooleanField(source="revokes")
    vervolg = serializers.CharField(source="follow_up")
    dwangsom = serializers.SerializerMethodField()
    brieven = serializers.SerializerMethodField(
        help_text="De brieven van de procedure die geen besluit zijn (ontvangstbevestiging, "
        "herstel verzuim, uitnodiging hoorzitting, verdaging), elk met een downloadUrl."
    )

    @extend_schema_field(BriefSerializer(many=True))
    def get_brieven(self, obj: Objection) -> list[dict[str, Any]]:
        request = self.context.get("request")
        found = letters.letters_of(request.user, obj, PURPOSE) if request else []
        return list(BriefSerializer(found, many=True, context=self.context).data)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_ontvankelijkheid(self, obj: Objection) -> list[str]:
        return services.admissibility(obj)

    @extend_schema_field(DwangsomSerializer(allow_null=True))
    def get_dwangsom(self, obj: Objection) -> dict[str, Any] | None:
        found = penalties.penalty_of(obj.case)
        return dict(DwangsomSerializer(found).data) if found is not None else None


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
def _choice(choices: Any, what: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"Onbekende {what}: {{input}}."},
        **kwargs,
    )


def version_field() -> Any:
    return fields.version_field(
        "De versie van het bezwaar die u heeft gezien; of geef die mee in If-Match."
    )


class BezwaarNieuwSerializer(StrictSerializer):
    besluit = fields.id_field("Het id van het besluit", help_text="Het bestreden besluit.")
    datumOntvangst = date_field("De dag waarop het bezwaar binnenkwam.")
    ontvangenVia = _choice(ReceivedVia.choices, "manier van ontvangst")
    datumPoststempel = date_field("Bij post: de datum van de poststempel.", required=False)
    datumBekendmaking = date_field(
        "Als bij de zaak geen bekendmaking staat: de dag van verzending.", required=False
    )
    gronden = fields.TextField(allow_blank=True, max_length=MAX_GROUNDS, multiline=True)
    indiener = fields.TextField(allow_blank=True, max_length=MAX_NAME)
    doorGemachtigde = fields.StrictBooleanField(required=False, default=False)
    adviescommissie = fields.StrictBooleanField(required=False, default=False)
    verschoonbaarReden = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_TEXT, multiline=True
    )


class HoorzittingSerializer(StrictSerializer):
    datumHoorzitting = date_field("Datum van de hoorzitting.", required=False, future=True)
    tijdHoorzitting = fields.LocalTimeField(
        required=False,
        allow_null=True,
        help_text="Aanvang (UU:MM); verplicht bij een hoorzitting vanaf vandaag, want die staat "
        "in de uitnodiging.",
    )
    plaatsHoorzitting = fields.TextField(
        required=False,
        allow_blank=True,
        max_length=MAX_PLACE,
        help_text="Plaats; verplicht bij een hoorzitting vanaf vandaag (in de uitnodiging).",
    )
    datumUitnodiging = date_field("Dag waarop de uitnodiging is verstuurd.", required=False)
    verslag = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_MINUTES, multiline=True
    )
    nietHorenGrond = _choice(
        HearingSkipped.choices,
        "grond",
        required=False,
        allow_blank=True,
        help_text="Grond uit artikel 7:3 Awb (a tot en met e) om niet te horen.",
    )
    versie = version_field()


class VerdagingSerializer(StrictSerializer):
    weken = fields.BoundedIntegerField(min_value=1, max_value=52, what="Het aantal weken")
    datumBericht = date_field("Dag waarop de indiener bericht kreeg.")
    datumInstemming = date_field(
        "Alleen bij verder uitstel (7:10 lid 4): dag waarop de indiener instemde.", required=False
    )
    reden = fields.TextField(allow_blank=True, max_length=MAX_TEXT, multiline=True)
    versie = version_field()


class VerschoonbaarSerializer(StrictSerializer):
    reden = fields.TextField(allow_blank=True, max_length=MAX_TEXT, multiline=True)
    versie = version_field()


class HerstelVerzoekSerializer(StrictSerializer):
    datum = date_field("De dag van het verzoek om herstel; de beslistermijn staat daarna stil.")
    uiterlijk = date_field("De laatste dag om te herstellen.", future=True)
    omschrijving = fields.TextField(allow_blank=True, max_length=MAX_TEXT, multiline=True)
    versie = version_field()


class HerstelEindeSerializer(StrictSerializer):
    datumHerstel = date_field(
        "De dag waarop het verzuim is hersteld; leeg of weg: de termijn is ongebruikt verstreken.",
        required=False,
    )
    versie = version_field()


class BeslissingSerializer(StrictSerializer):
    uitkomst = _choice(ObjectionOutcome.choices, "uitkomst")
    besluitdatum = date_field("De datum van de beslissing op bezwaar.")
    motivering = fields.TextField(allow_blank=True, max_length=MAX_REASONING, multiline=True)
    vervolg = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_TEXT, multiline=True
    )
    versie = version_field()


class BezwarenQuery(QuerySerializer):
    afgehandeld = fields.QueryBooleanField(
        required=False, help_text="Ook bezwaren waarop is beslist."
    )


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
OBJECTION_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het bezwaar."
)
IF_MATCH = fields.if_match('De versie van het bezwaar die u heeft gezien, bijvoorbeeld "3".')
CONFLICT = OpenApiResponse(description="Het bezwaar is intussen gewijzigd (versie).")


def _objection_action(request_serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        request=request_serializer,
        responses={200: BezwaarSerializer, 412: CONFLICT},
        parameters=[OBJECTION_ID, IF_MATCH],
        description=description + " Geef de versie mee (veld versie of If-Match).",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[BezwarenQuery],
        responses={200: BezwaarSamenvattingSerializer(many=True)},
        description="Open bezwaren die u mag inzien, de vroegste uiterste beslisdatum eerst. "
        "Elk getoond bezwaar komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[OBJECTION_ID],
        responses={200: BezwaarSerializer},
        description="Eén bezwaar met termijnen, horen, uitstel, uitkomst en dwangsom. Een "
        "bezwaar dat u niet mag zien geeft 404. Het inzien komt in de audittrail.",
    ),
    create=extend_schema(
        request=BezwaarNieuwSerializer,
        responses={201: BezwaarSerializer},
        description="Registreer een bezwaar tegen een besluit: het wordt een zaak van het "
        "type bezwaar met de beslistermijn van artikel 7:10 Awb; de bezwaartermijn wordt "
        "getoetst (artikel 6:9 en 6:11 Awb).",
    ),
)
class BezwaarViewSet(viewsets.ViewSet):
    """Bezwaren: bezwaar tegen een besluit, met bezwaartermijn, horen, verdaging en de
    beslissing op bezwaar onder mandaat."""

    serializer_class = BezwaarSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = BezwarenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        found, total = services.worklist(
            request.user,
            include_decided=query.validated_data.get("afgehandeld", False),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(
            request, page, total, BezwaarSamenvattingSerializer(found, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(services.get_objection(request.user, pk, PURPOSE))

    def create(self, request: Request) -> Response:
        body = BezwaarNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewObjection(
            decision_pk=data["besluit"],
            filed_on=data["datumOntvangst"],
            received_via=data["ontvangenVia"],
            grounds=data["gronden"],
            objector_name=data["indiener"],
            by_representative=data.get("doorGemachtigde", False),
            posted_on=data.get("datumPoststempel"),
            announced_on=data.get("datumBekendmaking"),
            committee=data.get("adviescommissie", False),
            excuse=data.get("verschoonbaarReden", ""),
        )
        try:
            objection = services.file_objection(request.user, new, PURPOSE)
        except DjangoValidationError as error:
            raise _service_errors(error, FILE_FIELDS) from error
        except services.NotVisible as error:
            # The decision is named in the body: a 400 on the field, the same words for
            # "does not exist" and "not yours".
            raise exceptions.ValidationError({"besluit": [str(error)]}) from error
        response = self._answer(objection, status.HTTP_201_CREATED)
        response["Location"] = reverse(
            "bezwaar-detail", kwargs={"pk": objection.pk}, request=request
        )
        return response

    @_objection_action(
        HoorzittingSerializer,
        "Leg de hoorzitting vast (datum, uitnodiging, verslag; artikel 7:2 Awb), of de grond "
        "om niet te horen (artikel 7:3 Awb).",
    )
    @action(detail=True, methods=["post"], url_path="hoorzitting")
    def hoorzitting(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, HoorzittingSerializer)
        hearing = handling.Hearing(
            hearing_on=data.get("datumHoorzitting"),
            invited_on=data.get("datumUitnodiging"),
            minutes=data.get("verslag", ""),
            skipped=data.get("nietHorenGrond", ""),
            hearing_time=data.get("tijdHoorzitting"),
            place=data.get("plaatsHoorzitting", ""),
        )
        return self._answer(
            self._call(
                handling.record_hearing,
                HEARING_FIELDS,
                request.user,
                pk,
                hearing,
                version=version,
                purpose=PURPOSE,
            )
        )

    @_objection_action(
        VerdagingSerializer,
        "Verdaag de beslissing (één keer, ten hoogste zes weken, artikel 7:10 lid 3 Awb) of, "
        "met instemming van de indiener, stel haar verder uit (lid 4).",
    )
    @action(detail=True, methods=["post"], url_path="verdaging")
    def verdaging(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, VerdagingSerializer)
        return self._answer(
            self._call(
                handling.postpone,
                POSTPONE_FIELDS,
                request.user,
                pk,
                weeks=data["weken"],
                notified_on=data["datumBericht"],
                consented_on=data.get("datumInstemming"),
                reason=data["reden"],
                version=version,
                purpose=PURPOSE,
            )
        )

    @_objection_action(
        VerschoonbaarSerializer,
        "Leg vast waarom de te late indiening verschoonbaar is (artikel 6:11 Awb).",
    )
    @action(detail=True, methods=["post"], url_path="verschoonbaar")
    def verschoonbaar(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, VerschoonbaarSerializer)
        return self._answer(
            self._call(
                services.record_excuse,
                EXCUSE_FIELDS,
                request.user,
                pk,
                excuse=data["reden"],
                version=version,
                purpose=PURPOSE,
            )
        )

    @_objection_action(
        HerstelVerzoekSerializer,
        "Vraag de indiener een verzuim te herstellen (artikel 6:6 Awb); de beslistermijn staat "
        "stil tot het herstel of het einde van de hersteltermijn (artikel 7:10 lid 2).",
    )
    @action(detail=True, methods=["post"], url_path="herstelverzoek")
    def herstelverzoek(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, HerstelVerzoekSerializer)
        return self._answer(
            self._call(
                handling.request_repair,
                REPAIR_FIELDS,
                request.user,
                pk,
                requested_on=data["datum"],
                until=data["uiterlijk"],
                what=data["omschrijving"],
                version=version,
                purpose=PURPOSE,
            )
        )

    @_objection_action(
        HerstelEindeSerializer,
        "Het verzuim is hersteld, of de hersteltermijn is ongebruikt verstreken: de "
        "beslistermijn loopt weer.",
    )
    @action(detail=True, methods=["post"], url_path="herstel-einde")
    def herstel_einde(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, HerstelEindeSerializer)
        return self._answer(
            self._call(
                handling.repair_ended,
                REPAIR_FIELDS,
                request.user,
                pk,
                repaired_on=data.get("datumHerstel"),
                version=version,
                purpose=PURPOSE,
            )
        )

    @_objection_action(
        BeslissingSerializer,
        "Beslis op het bezwaar namens het college, onder mandaat; de brief wordt gemaakt. Een "
        "(deels) gegrond bezwaar herroept of wijzigt het bestreden besluit.",
    )
    @action(detail=True, methods=["post"], url_path="beslissing")
    def beslissing(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, BeslissingSerializer)
        outcome = handling.NewOutcome(
            outcome=data["uitkomst"],
            decided_on=data["besluitdatum"],
            reasoning=data["motivering"],
            follow_up=data.get("vervolg", ""),
        )
        return self._answer(
            self._call(
                handling.decide,
                OUTCOME_FIELDS,
                request.user,
                pk,
                outcome,
                version=version,
                purpose=PURPOSE,
            )
        )

    # -- helpers -------------------------------------------------------------------------------
    _version = staticmethod(fields.versioned_body)

    @staticmethod
    def _call(function: Any, names: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DjangoValidationError as error:
            raise _service_errors(error, names) from error

    def _answer(self, objection: Objection, code: int = status.HTTP_200_OK) -> Response:
        context = {"request": self.request}
        response = Response(BezwaarSerializer(objection, context=context).data, status=code)
        response["ETag"] = f'"{objection.version}"'
        return response
