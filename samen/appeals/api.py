"""API of the appeals app: `/beroepen` (list, detail, create a beroep on an objection), the
worklist of court deadlines `/beroepen/termijnen`, and the steps as sub-resources:
`hoger-beroep`, `verweerschrift`, `zitting`, `uitspraak`, `nieuwe-beslissing`.

Thin, like :mod:`samen.objections.api`: every read and change goes through
:mod:`samen.appeals.services` and :mod:`samen.appeals.proceedings` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. An appeal
the actor may not see answers 404, one the actor may see but not change 403, a stale
``versie`` 412; a rule that forbids a step is a 400 problem whose ``invalidParams`` name the
field in the API's (Dutch) terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
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
from samen.appeals import proceedings, services, terms
from samen.appeals.models import MAX_TEXT, Appeal, AppealOutcome, Consequence, FiledBy
from samen.cases.api import date_field
from samen.cases.models import MAX_REASONING
from samen.objections.models import ObjectionOutcome

PURPOSE = Purpose.UITVOERING

FIELDS = {
    "objection": "bezwaar",
    "appeal": "hogerBeroepVan",
    "filed_on": "datumIngesteld",
    "filed_by": "ingesteldDoor",
    "court_reference": "zaaknummer",
    "notified_on": "datumOntvangen",
    "defence_due": "verweerschriftUiterlijk",
    "defence_sent_on": "verweerschriftVerzonden",
    "hearing_on": "datumZitting",
    "outcome": "uitkomst",
    "ruling_on": "datumUitspraak",
    "ruling_sent_on": "datumVerzonden",
    "consequence": "gevolg",
    "court_until": "termijnRechter",
    "follow_up": "vervolg",
    "decided_on": "besluitdatum",
    "reasoning": "motivering",
    "decision_type": "uitkomst",
    "no_mandate": "besluitdatum",
    "moved": "gevolg",
}


def _service_errors(
    error: DjangoValidationError, names: Mapping[str, str] = FIELDS
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
class BeroepTermijnSerializer(serializers.Serializer):
    soort = serializers.CharField(source="kind")
    omschrijving = serializers.CharField(source="label")
    datum = serializers.DateField(source="due")


class BeroepSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    bezwaar = serializers.IntegerField(source="objection_id", help_text="Id in /bezwaren.")
    instantie = serializers.CharField(source="instance", help_text="beroep of hoger_beroep.")
    rechter = serializers.CharField(source="court")
    zaaknummer = serializers.CharField(source="court_reference")
    gemeente = serializers.CharField(source="objection.case.municipality.cbs_code")
    datumIngesteld = serializers.DateField(source="filed_on")
    ingesteldDoor = serializers.CharField(source="filed_by", help_text="indiener of college.")
    uitkomst = serializers.CharField(source="outcome", allow_blank=True)
    versie = serializers.IntegerField(source="version")


class BeroepSerializer(BeroepSamenvattingSerializer):
    bestredenBesluit = serializers.IntegerField(source="contested_id")
    hogerBeroepVan = serializers.IntegerField(source="parent_id", allow_null=True)
    eindeBeroepstermijn = serializers.DateField(source="term_end", allow_null=True)
    toelichtingTermijn = serializers.ListField(
        source="term_explanation", child=serializers.CharField()
    )
    datumOntvangen = serializers.DateField(source="notified_on", allow_null=True)
    verweerschriftUiterlijk = serializers.DateField(source="defence_due", allow_null=True)
    verweerschriftVoorstel = serializers.SerializerMethodField(
        help_text="Zonder datum van de rechter: vier weken na ontvangst (artikel 8:42 Awb)."
    )
    verweerschriftVerzonden = serializers.DateField(source="defence_sent_on", allow_null=True)
    datumZitting = serializers.DateField(source="hearing_on", allow_null=True)
    datumUitspraak = serializers.DateField(source="ruling_on", allow_null=True)
    datumVerzonden = serializers.DateField(source="ruling_sent_on", allow_null=True)
    gevolg = serializers.CharField(source="consequence", allow_blank=True)
    eindeTermijnHogerBeroep = serializers.DateField(
        source="higher_appeal_term_end", allow_null=True
    )
    toelichtingHogerBeroep = serializers.ListField(
        source="higher_appeal_explanation", child=serializers.CharField()
    )
    nieuweBeslissingUiterlijk = serializers.DateField(source="new_decision_due", allow_null=True)
    toelichtingNieuweBeslissing = serializers.ListField(
        source="new_decision_explanation", child=serializers.CharField()
    )
    zaakNieuweBeslissing = serializers.IntegerField(
        source="new_case_id", allow_null=True, help_text="Id van de zaak in /zaken."
    )
    uitkomstNieuweBeslissing = serializers.CharField(source="new_outcome", allow_blank=True)
    vervolg = serializers.CharField(source="follow_up")
    termijnen = serializers.SerializerMethodField(help_text="Wat nog van ons wordt gevraagd.")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_verweerschriftVoorstel(self, obj: Appeal) -> str | None:  # noqa: N802
        found = proceedings.defence_proposal(obj)
        return found.end.isoformat() if found else None

    @extend_schema_field(BeroepTermijnSerializer(many=True))
    def get_termijnen(self, obj: Appeal) -> list[Any]:
        today = self.context.get("today")
        found = terms.court_deadlines(services.facts(obj), today) if today else []
        return list(BeroepTermijnSerializer(found, many=True).data)


class BeroepTermijnRegelSerializer(serializers.Serializer):
    soort = serializers.CharField(source="deadline.kind")
    omschrijving = serializers.CharField(source="deadline.label")
    datum = serializers.DateField(source="deadline.due")
    dagenOver = serializers.IntegerField(source="days_left")
    beroep = BeroepSamenvattingSerializer(source="appeal")


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
def _choice(choices: Any, what: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f"Onbekende {what}: {{input}}."},
        **kwargs,
    )


def _version() -> Any:
    return fields.version_field(
        "De versie van het beroep die u heeft gezien; of geef die mee in If-Match."
    )


def _reference() -> fields.TextField:
    return fields.TextField(
        max_length=terms.MAX_COURT_REFERENCE,
        allow_blank=True,
        help_text="Het zaaknummer van de rechter, bijvoorbeeld ROE 26/1234 PW.",
    )


class BeroepNieuwSerializer(StrictSerializer):
    bezwaar = fields.id_field("Het id van het bezwaar", help_text="Het bezwaar in /bezwaren.")
    datumIngesteld = date_field("De dag waarop het beroep is ingesteld.")
    zaaknummer = _reference()
    datumOntvangen = date_field(
        "De dag waarop de rechter het beroepschrift stuurde.", required=False
    )
    verweerschriftUiterlijk = date_field(
        "De uiterste datum uit de brief van de rechter (artikel 8:42 Awb).",
        required=False,
        future=True,
    )


class HogerBeroepSerializer(StrictSerializer):
    datumIngesteld = date_field("De dag waarop het hoger beroep is ingesteld.")
    zaaknummer = _reference()
    ingesteldDoor = _choice(FiledBy.choices, "indiener")
    datumOntvangen = date_field(
        "De dag waarop de rechter het beroepschrift stuurde.", required=False
    )
    verweerschriftUiterlijk = date_field(
        "De uiterste datum uit de brief van de rechter.", required=False, future=True
    )


class VerweerschriftSerializer(StrictSerializer):
    datumOntvangen = date_field(
        "De dag waarop de rechter het beroepschrift stuurde.", required=False
    )
    verweerschriftUiterlijk = date_field(
        "De uiterste datum uit de brief van de rechter.", required=False, future=True
    )
    verweerschriftVerzonden = date_field("De dag waarop wij het verzonden.", required=False)
    versie = _version()


class ZittingSerializer(StrictSerializer):
    datumZitting = date_field("De dag van de zitting.", future=True)
    versie = _version()


class UitspraakSerializer(StrictSerializer):
    uitkomst = _choice(AppealOutcome.choices, "uitkomst")
    datumUitspraak = date_field("De dag van de uitspraak (of van intrekking of schikking).")
    datumVerzonden = date_field("De dag waarop de uitspraak is verzonden.", required=False)
    gevolg = _choice(Consequence.choices, "gevolg", required=False)
    termijnRechter = date_field(
        "De termijn die de rechter stelde voor de nieuwe beslissing (8:72 lid 4).",
        required=False,
        future=True,
    )
    vervolg = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_TEXT, multiline=True
    )
    versie = _version()


class NieuweBeslissingSerializer(StrictSerializer):
    uitkomst = _choice(ObjectionOutcome.choices, "uitkomst")
    besluitdatum = date_field("De datum van de nieuwe beslissing op bezwaar.")
    motivering = fields.TextField(allow_blank=True, max_length=MAX_REASONING, multiline=True)
    versie = _version()


class TermijnenQuery(QuerySerializer):
    """Only the paging keys."""


class BeroepenQuery(QuerySerializer):
    afgehandeld = fields.QueryBooleanField(
        required=False, help_text="Ook beroepen waarin uitspraak is gedaan."
    )


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
APPEAL_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het beroep."
)
IF_MATCH = fields.if_match('De versie van het beroep die u heeft gezien, bijvoorbeeld "3".')
CONFLICT = OpenApiResponse(description="Het beroep is intussen gewijzigd (versie).")


def _step(request_serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        request=request_serializer,
        responses={200: BeroepSerializer, 412: CONFLICT},
        parameters=[APPEAL_ID, IF_MATCH],
        description=description + " Geef de versie mee (veld versie of If-Match).",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[BeroepenQuery],
        responses={200: BeroepSamenvattingSerializer(many=True)},
        description="Beroepen en hoger beroepen die u mag inzien, het laatst ingestelde eerst. "
        "Elk getoond beroep komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[APPEAL_ID],
        responses={200: BeroepSerializer},
        description="Eén beroep met termijnen, verweerschrift, zitting, uitspraak en gevolg. Een "
        "beroep dat u niet mag zien geeft 404. Het inzien komt in de audittrail.",
    ),
    create=extend_schema(
        request=BeroepNieuwSerializer,
        responses={201: BeroepSerializer},
        description="Registreer een beroep bij de rechtbank van de gemeente tegen de (laatste) "
        "beslissing op een bezwaar; de beroepstermijn wordt berekend (artikel 6:7 Awb).",
    ),
)
class BeroepViewSet(viewsets.ViewSet):
    """Beroepen: beroep bij de rechtbank tegen een beslissing op bezwaar en hoger beroep bij
    de Centrale Raad van Beroep tegen de uitspraak."""

    serializer_class = BeroepSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        query = BeroepenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        found, total = services.appeal_list(
            request.user,
            include_ended=query.validated_data.get("afgehandeld", False),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(
            request, page, total, BeroepSamenvattingSerializer(found, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(services.get_appeal(request.user, pk, PURPOSE))

    def create(self, request: Request) -> Response:
        body = BeroepNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            appeal = services.file_appeal(
                request.user,
                data["bezwaar"],
                services.NewAppeal(
                    filed_on=data["datumIngesteld"],
                    court_reference=data["zaaknummer"],
                    notified_on=data.get("datumOntvangen"),
                    defence_due=data.get("verweerschriftUiterlijk"),
                ),
                PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        except services.NotVisible as error:
            raise exceptions.ValidationError({"bezwaar": [str(error)]}) from error
        return self._created(request, appeal)

    @extend_schema(
        responses={200: BeroepTermijnRegelSerializer(many=True)},
        description="De termijnen bij de rechter, de vroegste eerst: verweerschrift, zitting, "
        "einde termijn hoger beroep en nieuwe beslissing op bezwaar. Elk getoond beroep komt "
        "in de audittrail.",
    )
    @action(detail=False, methods=["get"], url_path="termijnen")
    def termijnen(self, request: Request) -> Response:
        TermijnenQuery(data=request.query_params).is_valid(raise_exception=True)
        page = page_request(request)
        items, total = services.deadline_page(
            request.user, offset=page.offset, size=page.size, purpose=PURPOSE
        )
        return page_response(
            request, page, total, BeroepTermijnRegelSerializer(items, many=True).data
        )

    @extend_schema(
        request=HogerBeroepSerializer,
        responses={201: BeroepSerializer},
        parameters=[APPEAL_ID],
        description="Registreer hoger beroep tegen de uitspraak op dit beroep, door de inwoner "
        "of het college (artikel 8:104 Awb).",
    )
    @action(detail=True, methods=["post"], url_path="hoger-beroep")
    def hoger_beroep(self, request: Request, pk: str) -> Response:
        body = HogerBeroepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewAppeal(
            filed_on=data["datumIngesteld"],
            court_reference=data["zaaknummer"],
            filed_by=data["ingesteldDoor"],
            notified_on=data.get("datumOntvangen"),
            defence_due=data.get("verweerschriftUiterlijk"),
        )
        appeal = self._call(services.file_higher_appeal, request.user, pk, new, PURPOSE)
        return self._created(request, appeal)

    @_step(
        VerweerschriftSerializer,
        "Leg de datum van de rechter voor het verweerschrift vast, "
        "of de dag van verzending (artikel 8:42 Awb).",
    )
    @action(detail=True, methods=["post"], url_path="verweerschrift")
    def verweerschrift(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, VerweerschriftSerializer)
        defence = proceedings.Defence(
            notified_on=data.get("datumOntvangen"),
            defence_due=data.get("verweerschriftUiterlijk"),
            defence_sent_on=data.get("verweerschriftVerzonden"),
        )
        return self._answer(
            self._call(
                proceedings.record_defence,
                request.user,
                pk,
                defence,
                version=version,
                purpose=PURPOSE,
            )
        )

    @_step(ZittingSerializer, "Leg de dag van de zitting vast; die kan tot de uitspraak wijzigen.")
    @action(detail=True, methods=["post"], url_path="zitting")
    def zitting(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, ZittingSerializer)
        return self._answer(
            self._call(
                proceedings.record_hearing,
                request.user,
                pk,
                hearing_on=data["datumZitting"],
                version=version,
                purpose=PURPOSE,
            )
        )

    @_step(
        UitspraakSerializer,
        "Leg de uitspraak vast en wat zij verandert (artikel 8:72 Awb). "
        "Draagt de rechter een nieuwe beslissing op, dan komt er een zaak met de termijn.",
    )
    @action(detail=True, methods=["post"], url_path="uitspraak")
    def uitspraak(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, UitspraakSerializer)
        ruling = proceedings.Ruling(
            outcome=data["uitkomst"],
            ruling_on=data["datumUitspraak"],
            ruling_sent_on=data.get("datumVerzonden"),
            consequence=data.get("gevolg") or Consequence.GEEN,
            court_until=data.get("termijnRechter"),
            follow_up=data.get("vervolg", ""),
        )
        return self._answer(
            self._call(
                proceedings.record_ruling,
                request.user,
                pk,
                ruling,
                version=version,
                purpose=PURPOSE,
            )
        )

    @_step(
        NieuweBeslissingSerializer,
        "Neem de nieuwe beslissing op bezwaar die de uitspraak "
        "opdroeg, namens het college en onder mandaat; de brief wordt gemaakt.",
    )
    @action(detail=True, methods=["post"], url_path="nieuwe-beslissing")
    def nieuwe_beslissing(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, NieuweBeslissingSerializer)
        new = proceedings.NewDecision(
            outcome=data["uitkomst"], decided_on=data["besluitdatum"], reasoning=data["motivering"]
        )
        return self._answer(
            self._call(
                proceedings.decide_anew, request.user, pk, new, version=version, purpose=PURPOSE
            )
        )

    # -- helpers -------------------------------------------------------------------------------
    _version = staticmethod(fields.versioned_body)

    @staticmethod
    def _call(function: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DjangoValidationError as error:
            raise _service_errors(error) from error

    def _created(self, request: Request, appeal: Appeal) -> Response:
        response = self._answer(appeal, status.HTTP_201_CREATED)
        response["Location"] = reverse("beroep-detail", kwargs={"pk": appeal.pk}, request=request)
        return response

    @staticmethod
    def _answer(appeal: Appeal, code: int = status.HTTP_200_OK) -> Response:
        body = BeroepSerializer(appeal, context={"today": timezone.localdate()}).data
        response = Response(body, status=code)
        response["ETag"] = f'"{appeal.version}"'
        return response
