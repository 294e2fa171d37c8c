"""`GET /api/v1/kpiwaarden?gemeente=GM0938&kpi=tijdig-pw-aanvragen&vanaf=2025-1&tot=2026-2`:
the values of one municipality's KPIs across periods (four-month periods, or years for the
annual figures: ``vanaf=2024&tot=2026``), per period the value, numerator, denominator, norm,
verdict, origin (computed or entered by hand) and whether it is frozen in a published
report (:mod:`samen.steering.values`).

A malformed or unknown query key, an unknown KPI, a malformed period, periods of two kinds,
``tot`` before ``vanaf`` or more than twelve periods are a 400 naming the key, in Dutch. A
municipality whose figures the caller may not see (or that does not exist) answers the same
404 problem as the other steering endpoints, audited as refused. Small counts are hidden as
in the reports: the field is ``null`` and named in ``verborgen``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer
from samen.common.codes import InputError
from samen.steering import services, values
from samen.steering.api import KpiWaardeSerializer, figure_json
from samen.steering.figures import small_count_threshold
from samen.steering.marap import MarapPeriod, NotAPeriod
from samen.steering.models import Kpi

PERIOD_PATTERN = r"^[0-9]{4}(-[123])?$"
#: periods shown when the question names neither end: the last four (as a report's trend)
DEFAULT_SPAN = 4


def _parse_period(raw: object) -> str:
    try:
        return MarapPeriod.parse(raw).code
    except NotAPeriod as error:
        raise InputError(str(error)) from None


def period_field(help_text: str) -> fields.CodeField:
    return fields.CodeField(
        _parse_period, max_length=6, pattern=PERIOD_PATTERN, required=False, help_text=help_text
    )


class KpiwaardenQuery(QuerySerializer):
    gemeente = fields.cbs_code_field(help_text="CBS-code van de gemeente, bijvoorbeeld GM0938.")
    kpi = fields.slug_code_field(
        "De KPI-code",
        required=False,
        help_text="Code van één KPI uit de catalogus, bijvoorbeeld tijdig-pw-aanvragen; zonder: "
        "elke KPI van de DVO die aan het eind van de laatste periode geldt.",
    )
    vanaf = period_field(
        "De eerste periode: jaar-nummer (2025-1 is januari-april 2025) of een jaar (2025, de "
        "jaarcijfers). Zonder: drie periodes vóór tot."
    )
    tot = period_field(
        "De laatste periode (tot en met), van hetzelfde soort als vanaf. Zonder: de laatste "
        "afgesloten periode."
    )

    def validate_kpi(self, value: str) -> str:
        if not Kpi.objects.filter(code=value).exists():
            raise serializers.ValidationError(f"Onbekende KPI: {value}.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first = MarapPeriod.parse(attrs["vanaf"]) if "vanaf" in attrs else None
        last = MarapPeriod.parse(attrs["tot"]) if "tot" in attrs else None
        if first is not None and last is not None and first.kind != last.kind:
            raise serializers.ValidationError(
                {
                    "tot": "Vanaf en tot zijn periodes van hetzelfde soort: allebei jaar-nummer "
                    "(2026-1) of allebei een jaar (2026)."
                }
            )
        if last is None:
            last = _last_ended(first.kind if first is not None else "tertiaal")
            if first is not None and last < first:
                last = first
        if first is None:
            first = (last.earlier(DEFAULT_SPAN - 1) or [last])[0]
        if last < first:
            raise serializers.ValidationError({"tot": "De periode tot ligt vóór vanaf."})
        if len(values.periods_between(first, last)) > values.MAX_PERIODS:
            raise serializers.ValidationError(
                {"vanaf": f"Vraag hoogstens {values.MAX_PERIODS} periodes tegelijk."}
            )
        return {**attrs, "first": first, "last": last}


def _last_ended(kind: str) -> MarapPeriod:
    today = timezone.localdate()
    if kind == "jaar":
        return MarapPeriod.whole_year(today.year - 1)
    return MarapPeriod.last_ended(today)


class KpiwaardeInPeriodeSerializer(KpiWaardeSerializer):
    periode = serializers.CharField(help_text="2026-1 (januari-april 2026) of 2026 (het jaar).")
    soort = serializers.ChoiceField(choices=["tertiaal", "jaar"])
    begin = serializers.DateField()
    einde = serializers.DateField()
    vastgelegd = serializers.BooleanField(
        help_text="true: het bevroren cijfer van een gepubliceerde rapportage; false: nu "
        "berekend of ingevoerd."
    )
    rapportageStatus = serializers.ChoiceField(choices=["concept", "gepubliceerd"])  # noqa: N815
    berekendOp = serializers.DateTimeField(  # noqa: N815
        allow_null=True,
        help_text="Wanneer een berekende waarde is berekend (de cijfers worden elke nacht en "
        "op verzoek bijgewerkt); null bij een vastgelegd, met de hand ingevoerd of ontbrekend "
        "cijfer.",
    )


class KpiwaardenPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    drempelKleinAantal = serializers.IntegerField()  # noqa: N815
    results = KpiwaardeInPeriodeSerializer(many=True)


#: ``pagina`` and ``paginaGrootte`` in the document, as the viewsets' lists have them
PAGING = [
    OpenApiParameter(
        p["name"], p["schema"], OpenApiParameter.QUERY, required=False, description=p["description"]
    )
    for p in Pagination().get_schema_operation_parameters(None)
]


class KpiwaardenView(APIView):
    """De waarden van de KPI's van één gemeente over meerdere periodes: per periode (de
    oudste eerst) en per KPI de waarde, teller en noemer, de norm van de DVO die in die
    periode gold, het oordeel, of de waarde berekend of met de hand ingevoerd is, en of het
    het vastgelegde cijfer van een gepubliceerde rapportage is."""

    @extend_schema(
        operation_id="kpiwaarden",
        parameters=[KpiwaardenQuery, *PAGING],
        responses=KpiwaardenPageSerializer,
    )
    def get(self, request: Request) -> Response:
        query = KpiwaardenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        page = page_request(request)
        try:
            rows, total = values.kpi_values(
                request.user,
                data["gemeente"],
                data.get("kpi"),
                data["first"],
                data["last"],
                offset=page.offset,
                limit=page.size,
            )
        except services.NotVisible:
            raise exceptions.NotFound("Gemeente niet gevonden.") from None
        threshold = small_count_threshold()
        results = [
            {
                **figure_json(row.figure, threshold),
                "periode": row.period.code,
                "soort": row.period.kind,
                "begin": row.period.start.isoformat(),
                "einde": row.period.end.isoformat(),
                "vastgelegd": row.frozen,
                "rapportageStatus": row.report_status,
                "berekendOp": (
                    timezone.localtime(row.figure.computed_at).isoformat()
                    if row.figure.computed_at is not None
                    else None
                ),
            }
            for row in rows
        ]
        response = page_response(request, page, total, results)
        response.data = {**response.data, "drempelKleinAantal": threshold}
        return response
