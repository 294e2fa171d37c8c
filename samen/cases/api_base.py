"""What the modules of `/zaken` share: how a case, its history, its decisions and a worklist
row look in the API (the response serializers), the request fields for a date and a version,
the OpenAPI parameters of a case and a decision, a service's validation error in the API's
own field names, and the base of the case viewset, which reads a body with its version,
calls a service and answers with the case and its ETag.

The resource itself is :mod:`samen.cases.api`; its actions are in
:mod:`samen.cases.lifecycle_api` and :mod:`samen.cases.decision_api`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from samen.access.policy import Purpose
from samen.api import fields
from samen.cases import services
from samen.cases.models import Case, Decision, Status
from samen.people.api import LEVEL_NAMES

PURPOSE = Purpose.UITVOERING


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
# Responses
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
    vervangt = serializers.IntegerField(
        source="replaces_id",
        allow_null=True,
        help_text="Het id van het eerdere, niet bekendgemaakte besluit dat dit besluit "
        "vervangt (bijvoorbeeld na een toetsing niet akkoord).",
    )
    redenVervanging = serializers.CharField(source="replacement_reason")
    vervangenDoor = serializers.SerializerMethodField(
        help_text="Het id van het besluit dat dit besluit vervangt; leeg als het geldt."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_brief(self, obj: Decision) -> str:
        return _brief_url(self.context.get("request"), obj)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_vervangenDoor(self, obj: Decision) -> int | None:  # noqa: N802
        replacement = Decision.objects.filter(replaces=obj).values_list("pk", flat=True).first()
        return int(replacement) if replacement is not None else None


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
# Requests
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


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------

IF_MATCH = fields.if_match(
    'De versie van de zaak die u heeft gezien, bijvoorbeeld "3" (de ETag); in '
    "plaats van het veld versie."
)
CASE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de zaak."
)
DECISION_ID = OpenApiParameter(
    "besluitId", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het besluit."
)
CONFLICT = OpenApiResponse(description="De zaak is intussen gewijzigd (versie).")


class CaseViewSetBase(viewsets.ViewSet):
    """What every part of the case viewset (:class:`samen.cases.api.ZaakViewSet`) does around
    a service call."""

    _version = staticmethod(fields.versioned_body)

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
