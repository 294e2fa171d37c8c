"""API of the complaints app: `/klachten` (list, detail, create) with its steps as
sub-resources: `horen`, `verdaging`, `behandelaar`, `afhandeling`.

Thin, like :mod:`samen.objections.api`: every read and change goes through
:mod:`samen.complaints.services` and :mod:`samen.complaints.handling` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. A complaint
the actor may not see answers 404, one the actor may see but not change 403, a stale
``versie`` 412; a rule of law that forbids a step is a 400 problem whose ``invalidParams``
name the field in the API's (Dutch) terms.
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
from samen.common import codes
from samen.complaints import handling, letters, services
from samen.complaints.models import (
    MAX_BEHAVIOUR,
    MAX_CONCLUSION,
    MAX_MINUTES,
    MAX_NAME,
    MAX_TEXT,
    Complaint,
    HearingSkipped,
    NotHandledGround,
    Outcome,
    ReceivedVia,
)
from samen.correspondence.api import BriefSerializer

PURPOSE = Purpose.UITVOERING

REGISTER_FIELDS = {
    "domain": "domein",
    "received_on": "datumOntvangst",
    "received_via": "ontvangenVia",
    "behaviour": "gedraging",
    "behaviour_on": "datumGedraging",
    "handler": "behandelaar",
    "official": "beklaagde",
    "committee": "adviescommissie",
    "representative": "gemachtigde",
}
HANDLER_FIELDS = {"handler": "behandelaar"}
HEARING_FIELDS = {
    "hearing_on": "datumHoren",
    "minutes": "verslag",
    "official_heard": "beklaagdeGehoord",
    "skipped": "nietHorenGrond",
}
POSTPONE_FIELDS = {
    "weeks": "weken",
    "notified_on": "datumBericht",
    "consented_on": "datumInstemming",
    "reason": "reden",
}
CONCLUSION_FIELDS = {
    "outcome": "uitkomst",
    "concluded_on": "datumAfhandeling",
    "conclusion": "conclusie",
    "not_handled_ground": "grondNietBehandelen",
    "measures": "maatregelen",
}
# Refusals without a field: Awb 9:7 for the official complained about.
CODE_FIELDS = {"awb_9_7": "nonFieldErrors"}


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
            name = CODE_FIELDS.get(item.code or "", "nonFieldErrors")
            for message in item.messages:
                out.setdefault(name, []).append(ErrorDetail(message, item.code or "invalid"))
    return exceptions.ValidationError(out)


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------
class KlachtUitstelSerializer(serializers.Serializer):
    weken = serializers.IntegerField(source="weeks")
    datumBericht = serializers.DateField(source="notified_on")
    datumInstemming = serializers.DateField(source="consented_on", allow_null=True)
    reden = serializers.CharField(source="reason")


class KlachtSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    klachtnummer = serializers.CharField(source="reference")
    persoon = serializers.IntegerField(source="person_id", help_text="Id in /personen.")
    gemeente = serializers.CharField(source="municipality.cbs_code", help_text="CBS-code.")
    domein = serializers.CharField(source="domain.code")
    datumOntvangst = serializers.DateField(source="received_on")
    behandelaar = serializers.CharField(
        source="handler.employee_number", help_text="Personeelsnummer."
    )
    uitersteAfhandeldatum = serializers.DateField(source="deadline")
    uitkomst = serializers.CharField(
        source="outcome",
        allow_blank=True,
        help_text="gegrond, ongegrond, niet_in_behandeling of naar_tevredenheid; leeg: open.",
    )
    versie = serializers.IntegerField(source="version")


class KlachtSerializer(KlachtSamenvattingSerializer):
    gemachtigde = serializers.CharField(source="representative")
    ontvangenVia = serializers.CharField(source="received_via")
    gedraging = serializers.CharField(source="behaviour")
    datumGedraging = serializers.DateField(source="behaviour_on")
    beklaagde = serializers.CharField(
        source="official.employee_number",
        allow_null=True,
        help_text="Personeelsnummer van de medewerker over wie geklaagd wordt.",
    )
    adviescommissie = serializers.BooleanField(source="committee")
    zaaktype = serializers.CharField(
        source="case_type.code", help_text="Het zaaktype waaruit de termijn komt."
    )
    toelichtingTermijn = serializers.ListField(
        source="deadline_explanation", child=serializers.CharField()
    )
    aandachtspunten = serializers.SerializerMethodField(
        help_text="Wat de behandelaar moet weten (artikel 9:8 en 9:10 Awb)."
    )
    datumHoren = serializers.DateField(source="hearing_on", allow_null=True)
    verslag = serializers.CharField(source="minutes")
    beklaagdeGehoord = serializers.BooleanField(source="official_heard")
    nietHorenGrond = serializers.CharField(source="hearing_skipped")
    uitstel = KlachtUitstelSerializer(source="postponements.all", many=True)
    datumAfhandeling = serializers.DateField(source="concluded_on", allow_null=True)
    conclusie = serializers.CharField(source="conclusion")
    grondNietBehandelen = serializers.CharField(source="not_handled_ground")
    maatregelenGenomen = serializers.BooleanField(source="measures_taken")
    maatregelen = serializers.CharField(source="measures")
    brieven = serializers.SerializerMethodField(
        help_text="De brieven van de klachtprocedure (ontvangstbevestiging, afschrift aan de "
        "medewerker, afhandeling), elk met een downloadUrl."
    )

    @extend_schema_field(BriefSerializer(many=True))
    def get_brieven(self, obj: Complaint) -> list[dict[str, Any]]:
        request = self.context.get("request")
        found = letters.letters_of(request.user, obj, PURPOSE) if request else []
        return list(BriefSerializer(found, many=True, context=self.context).data)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aandachtspunten(self, obj: Complaint) -> list[str]:
        return services.findings(obj)


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
def _choice(choices: Any, what: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"Onbekende {what}: {{input}}."},
        **kwargs,
    )


def employee_field(**kwargs: Any) -> fields.CodeField:
    return fields.CodeField(
        codes.parse_employee_number,
        max_length=20,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        **kwargs,
    )


def version_field() -> Any:
    return fields.version_field(
        "De versie van de klacht die u heeft gezien; of geef die mee in If-Match."
    )


class KlachtNieuwSerializer(StrictSerializer):
    persoon = fields.id_field("Het id van de persoon", help_text="De klager (zie /personen).")
    domein = fields.slug_code_field(
        "De code van het domein", help_text="Het domein waarover de klacht gaat."
    )
    datumOntvangst = date_field("De dag waarop de klacht binnenkwam.")
    ontvangenVia = _choice(ReceivedVia.choices, "manier van ontvangst")
    gedraging = fields.TextField(allow_blank=True, max_length=MAX_BEHAVIOUR, multiline=True)
    datumGedraging = date_field("De dag van de gedraging waarover geklaagd wordt.")
    behandelaar = employee_field(
        required=False, help_text="Personeelsnummer van de behandelaar; weg: uzelf."
    )
    beklaagde = employee_field(
        required=False,
        help_text="Personeelsnummer van de medewerker over wie geklaagd wordt, als die er is.",
    )
    adviescommissie = fields.StrictBooleanField(required=False, default=False)
    gemachtigde = fields.TextField(required=False, allow_blank=True, max_length=MAX_NAME)


class KlachtBehandelaarSerializer(StrictSerializer):
    behandelaar = employee_field(help_text="Personeelsnummer van de nieuwe behandelaar.")
    versie = version_field()


class KlachtHorenSerializer(StrictSerializer):
    datumHoren = date_field("Datum van het hoorgesprek.", required=False, future=True)
    verslag = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_MINUTES, multiline=True
    )
    beklaagdeGehoord = fields.StrictBooleanField(required=False, default=False)
    nietHorenGrond = _choice(
        HearingSkipped.choices,
        "grond",
        required=False,
        allow_blank=True,
        help_text="Grond uit artikel 9:10 lid 2 Awb (a, b of c) om de klager niet te horen.",
    )
    versie = version_field()


class KlachtVerdagingSerializer(StrictSerializer):
    weken = fields.BoundedIntegerField(min_value=1, max_value=52, what="Het aantal weken")
    datumBericht = date_field("Dag waarop klager en medewerker bericht kregen.")
    datumInstemming = date_field(
        "Alleen bij verder uitstel (9:11 lid 3): dag waarop de klager schriftelijk instemde.",
        required=False,
    )
    reden = fields.TextField(allow_blank=True, max_length=MAX_TEXT, multiline=True)
    versie = version_field()


class KlachtAfhandelingSerializer(StrictSerializer):
    uitkomst = _choice(Outcome.choices, "uitkomst")
    datumAfhandeling = date_field("De datum van de brief aan de klager.")
    conclusie = fields.TextField(allow_blank=True, max_length=MAX_CONCLUSION, multiline=True)
    grondNietBehandelen = _choice(
        NotHandledGround.choices,
        "grond",
        required=False,
        allow_blank=True,
        help_text="Bij niet_in_behandeling: de grond uit artikel 9:8 Awb (1a tot en met 1f, 2).",
    )
    maatregelenGenomen = fields.StrictBooleanField(required=False, default=False)
    maatregelen = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_TEXT, multiline=True
    )
    versie = version_field()


class KlachtenQuery(QuerySerializer):
    # A query string holds text: "true" or "false", nothing else (no 1, ja or yes).
    afgehandeld = _choice(
        [("true", "true"), ("false", "false")],
        "waarde voor afgehandeld (true of false)",
        required=False,
        help_text="true: ook klachten die zijn afgehandeld.",
    )


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
COMPLAINT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de klacht."
)
IF_MATCH = fields.if_match('De versie van de klacht die u heeft gezien, bijvoorbeeld "3".')
CONFLICT = OpenApiResponse(description="De klacht is intussen gewijzigd (versie).")


def _step(request_serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        request=request_serializer,
        responses={200: KlachtSerializer, 412: CONFLICT},
        parameters=[COMPLAINT_ID, IF_MATCH],
        description=description + " Geef de versie mee (veld versie of If-Match).",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[KlachtenQuery],
        responses={200: KlachtSamenvattingSerializer(many=True)},
        description="Open klachten die u mag inzien, de vroegste uiterste afhandeldatum "
        "eerst. Elke getoonde klacht komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[COMPLAINT_ID],
        responses={200: KlachtSerializer},
        description="Eén klacht met termijn, horen, uitstel en afhandeling. Een klacht die u "
        "niet mag zien geeft 404. Het inzien komt in de audittrail.",
    ),
    create=extend_schema(
        request=KlachtNieuwSerializer,
        responses={201: KlachtSerializer},
        description="Registreer een klacht over een gedraging (artikel 9:1 en 9:4 Awb), met de "
        "termijn van artikel 9:11 Awb uit de zaaktypecatalogus. De behandelaar is niet de "
        "medewerker over wie geklaagd wordt (artikel 9:7 Awb).",
    ),
)
class KlachtViewSet(viewsets.ViewSet):
    """Klachten: klachtbehandeling volgens titel 9.1 Awb, met behandelaar, horen, verdaging en
    afhandeling."""

    serializer_class = KlachtSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = KlachtenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        found, total = services.worklist(
            request.user,
            include_concluded=query.validated_data.get("afgehandeld") == "true",
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(
            request, page, total, KlachtSamenvattingSerializer(found, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(services.get_complaint(request.user, pk, PURPOSE))

    def create(self, request: Request) -> Response:
        body = KlachtNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewComplaint(
            person_pk=data["persoon"],
            domain_code=data["domein"],
            received_on=data["datumOntvangst"],
            received_via=data["ontvangenVia"],
            behaviour=data["gedraging"],
            behaviour_on=data["datumGedraging"],
            handler=data.get("behandelaar", ""),
            official=data.get("beklaagde", ""),
            committee=data.get("adviescommissie", False),
            representative=data.get("gemachtigde", ""),
        )
        try:
            complaint = services.register(request.user, new, PURPOSE)
        except DjangoValidationError as error:
            raise _service_errors(error, REGISTER_FIELDS) from error
        except services.NotVisible as error:
            # The person is named in the body: a 400 on the field, the same words for "does
            # not exist" and "not yours".
            raise exceptions.ValidationError({"persoon": [str(error)]}) from error
        response = self._answer(complaint, status.HTTP_201_CREATED)
        response["Location"] = reverse(
            "klacht-detail", kwargs={"pk": complaint.pk}, request=request
        )
        return response

    @_step(
        KlachtHorenSerializer,
        "Leg het horen vast (datum, verslag, of ook de medewerker is gehoord; artikel 9:10 lid "
        "1 en 3 Awb), of de grond om de klager niet te horen (lid 2).",
    )
    @action(detail=True, methods=["post"], url_path="horen")
    def horen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, KlachtHorenSerializer)
        hearing = handling.Hearing(
            hearing_on=data.get("datumHoren"),
            minutes=data.get("verslag", ""),
            official_heard=data.get("beklaagdeGehoord", False),
            skipped=data.get("nietHorenGrond", ""),
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

    @_step(
        KlachtVerdagingSerializer,
        "Verdaag de afhandeling (één keer, ten hoogste vier weken, artikel 9:11 lid 2 Awb) of, "
        "met schriftelijke instemming van de klager, stel haar verder uit (lid 3).",
    )
    @action(detail=True, methods=["post"], url_path="verdaging")
    def verdaging(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, KlachtVerdagingSerializer)
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

    @_step(
        KlachtBehandelaarSerializer,
        "Geef de klacht een andere behandelaar: niet de medewerker over wie geklaagd wordt "
        "(artikel 9:7 Awb).",
    )
    @action(detail=True, methods=["post"], url_path="behandelaar")
    def behandelaar(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, KlachtBehandelaarSerializer)
        return self._answer(
            self._call(
                handling.assign_handler,
                HANDLER_FIELDS,
                request.user,
                pk,
                handler=data["behandelaar"],
                version=version,
                purpose=PURPOSE,
            )
        )

    @_step(
        KlachtAfhandelingSerializer,
        "Handel de klacht af: gegrond of ongegrond met de conclusie van artikel 9:12 Awb, niet "
        "in behandeling met een grond van artikel 9:8 Awb, of naar tevredenheid opgelost "
        "(artikel 9:5 Awb).",
    )
    @action(detail=True, methods=["post"], url_path="afhandeling")
    def afhandeling(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, KlachtAfhandelingSerializer)
        conclusion = handling.NewConclusion(
            outcome=data["uitkomst"],
            concluded_on=data["datumAfhandeling"],
            conclusion=data["conclusie"],
            not_handled_ground=data.get("grondNietBehandelen", ""),
            measures_taken=data.get("maatregelenGenomen", False),
            measures=data.get("maatregelen", ""),
        )
        return self._answer(
            self._call(
                handling.conclude,
                CONCLUSION_FIELDS,
                request.user,
                pk,
                conclusion,
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

    def _answer(self, complaint: Complaint, code: int = status.HTTP_200_OK) -> Response:
        context = {"request": self.request}
        response = Response(KlachtSerializer(complaint, context=context).data, status=code)
        response["ETag"] = f'"{complaint.version}"'
        return response
