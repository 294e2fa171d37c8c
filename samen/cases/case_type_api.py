"""API of the case types: `/zaaktypen`, the kinds of cases with their decision term,
extension, suspension and decision types, as they hold on a day. Configuration without
personal data, read directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.cases.models import CaseType
from samen.people.api import LEVEL_NAMES


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
