"""`GET /api/v1/bestuursrapportages/{gemeente}/{periode}`: the report of one partner over
one Marap period, with every KPI of its DVO against its norm, as on the page; and
`GET /api/v1/jaarcijfers/{gemeente}/{jaar}`: its annual figures, the KPIs over the year with
the caseload analysis.

Scoped by the one access policy (the grants whose role may read figures); a municipality the
caller may not see, an unknown code or a malformed period answer the same 404 problem, and the
attempt is audited, as every read is (purpose *sturing*). Small counts are hidden as on the
page: the field is ``null`` and named in ``verborgen``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.steering import services
from samen.steering.figures import Figure
from samen.steering.judgement import is_small


def _number(value: Decimal | int | None) -> str | None:
    return None if value is None else f"{Decimal(value):f}"


def figure_json(figure: Figure, threshold: int) -> dict[str, Any]:
    counts = figure.unit in ("aantal", "procent")
    hidden = []
    if counts and is_small(figure.numerator, threshold):
        hidden.append("teller")
    if counts and is_small(figure.denominator, threshold):
        hidden.append("noemer")
    if (figure.unit == "aantal" and is_small(figure.value, threshold)) or (
        figure.unit == "procent" and hidden
    ):
        hidden.append("waarde")
    return {
        "code": figure.kpi_code,
        "naam": figure.name,
        "eenheid": figure.unit,
        "richting": figure.direction,
        "norm": {
            "vergelijking": figure.comparator,
            "waarde": _number(figure.norm_value),
            "toelichting": figure.norm_note,
        },
        "waarde": None if "waarde" in hidden else _number(figure.value),
        "teller": None if "teller" in hidden else _number(figure.numerator),
        "noemer": None if "noemer" in hidden else _number(figure.denominator),
        "verborgen": hidden,
        "oordeel": figure.verdict.value,
        "herkomst": figure.origin,
        "berekening": figure.query,
    }


class KpiNormSerializer(serializers.Serializer):
    vergelijking = serializers.ChoiceField(choices=[">", ">=", "<", "<=", "=", "info"])
    waarde = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    toelichting = serializers.CharField()


class KpiWaardeSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    eenheid = serializers.ChoiceField(choices=["procent", "aantal", "bedrag", "cijfer"])
    richting = serializers.ChoiceField(choices=["hoger", "lager"])
    norm = KpiNormSerializer()
    waarde = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    teller = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    noemer = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    verborgen = serializers.ListField(
        child=serializers.CharField(),
        help_text="Velden die leeg zijn omdat ze op een klein aantal berusten.",
    )
    oordeel = serializers.ChoiceField(
        choices=["gehaald", "niet gehaald", "geen gegevens", "ter informatie"]
    )
    herkomst = serializers.ChoiceField(choices=["berekend", "handmatig", "geen"])
    berekening = serializers.CharField(help_text="Wat is geteld, over welke zaken en data.")


class BestuursrapportageSerializer(serializers.Serializer):
    gemeente = serializers.CharField(help_text="CBS-code.")
    periode = serializers.CharField()
    begin = serializers.DateField()
    einde = serializers.DateField()
    uiterlijkKlaar = serializers.DateField(allow_null=True)  # noqa: N815
    termijnGehaald = serializers.BooleanField(allow_null=True)  # noqa: N815
    status = serializers.CharField(help_text="concept of gepubliceerd (cijfers vastgelegd).")
    gepubliceerdOp = serializers.DateTimeField(allow_null=True)  # noqa: N815
    analyse = serializers.CharField()
    drempelKleinAantal = serializers.IntegerField()  # noqa: N815
    kpis = KpiWaardeSerializer(many=True)


class BestuursrapportageView(APIView):
    """De bestuursrapportage van een gemeente over een Marap-periode (`2026-1` is januari-april
    2026): elke KPI van de DVO met norm, waarde en oordeel. Gepubliceerd: de vastgelegde
    cijfers; concept: zoals ze nu berekend worden."""

    @extend_schema(
        operation_id="bestuursrapportage",
        parameters=[
            OpenApiParameter(
                "gemeente",
                {"type": "string", "maxLength": 6, "pattern": r"^[Gg][Mm][0-9]{4}$"},
                OpenApiParameter.PATH,
                description="CBS-code, bv. GM0938.",
            ),
            OpenApiParameter(
                "periode",
                {"type": "string", "maxLength": 6, "pattern": r"^[0-9]{4}-[123]$"},
                OpenApiParameter.PATH,
                description="Jaar en nummer van de Marap-periode, bv. 2026-1 (januari-april).",
            ),
        ],
        responses=BestuursrapportageSerializer,
    )
    def get(self, request: Request, gemeente: str, periode: str) -> Response:
        try:
            page = services.report_page(request.user, gemeente, periode, kind="tertiaal")
        except services.NotVisible:
            raise exceptions.NotFound("Bestuursrapportage niet gevonden.") from None
        return Response(report_json(page))


def _count_json(figure: Figure, threshold: int) -> dict[str, Any]:
    hidden = is_small(figure.value, threshold)
    return {
        "naam": figure.name,
        "aantal": None if hidden else _number(figure.value),
        "verborgen": hidden,
        "uitsplitsing": [
            {"reden": label, "aantal": None if is_small(n, threshold) else n}
            for label, n in figure.breakdown
        ],
        "berekening": figure.query,
    }


class AantalSerializer(serializers.Serializer):
    naam = serializers.CharField()
    aantal = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    verborgen = serializers.BooleanField(help_text="true: een klein aantal, niet getoond.")
    uitsplitsing = serializers.ListField(
        child=serializers.DictField(),
        help_text="Per reden het aantal (null: een klein aantal, niet getoond).",
    )
    berekening = serializers.CharField()


class BestandsanalyseSerializer(serializers.Serializer):
    begin = AantalSerializer(help_text="Uitkeringseenheden op 1 januari.")
    eind = AantalSerializer(help_text="Uitkeringseenheden op 31 december.")
    instroom = AantalSerializer()
    uitstroom = AantalSerializer()
    perMaand = AantalSerializer(many=True, help_text="Uitkeringseenheden eind elke maand.")  # noqa: N815


class JaarcijfersSerializer(BestuursrapportageSerializer):
    bestandsanalyse = BestandsanalyseSerializer()


def report_json(page: services.ReportPage) -> dict[str, Any]:
    report = page.report
    return {
        "gemeente": page.municipality.cbs_code,
        "periode": page.period.code,
        "begin": page.period.start.isoformat(),
        "einde": page.period.end.isoformat(),
        "uiterlijkKlaar": page.due.isoformat() if page.due else None,
        "termijnGehaald": page.due_met,
        "status": report.status if report else "concept",
        "gepubliceerdOp": (
            report.published_at.isoformat() if report and report.published_at else None
        ),
        "analyse": report.analysis if report else "",
        "drempelKleinAantal": page.threshold,
        "kpis": [figure_json(f, page.threshold) for f in page.figures],
    }


class JaarcijfersView(APIView):
    """De jaarcijfers van een gemeente over een kalenderjaar: elke KPI van de DVO over het
    hele jaar tegen de norm, en de analyse van het bestand (begin en eind van het jaar,
    instroom en uitstroom met hun uitsplitsing, het bestand per maand). Gepubliceerd: de
    vastgelegde cijfers; concept: zoals ze nu berekend worden."""

    @extend_schema(
        operation_id="jaarcijfers",
        parameters=[
            OpenApiParameter(
                "gemeente",
                {"type": "string", "maxLength": 6, "pattern": r"^[Gg][Mm][0-9]{4}$"},
                OpenApiParameter.PATH,
                description="CBS-code, bv. GM0938.",
            ),
            OpenApiParameter(
                "jaar",
                {"type": "string", "maxLength": 4, "pattern": r"^[0-9]{4}$"},
                OpenApiParameter.PATH,
                description="Het kalenderjaar, bv. 2026.",
            ),
        ],
        responses=JaarcijfersSerializer,
    )
    def get(self, request: Request, gemeente: str, jaar: str) -> Response:
        try:
            page = services.report_page(request.user, gemeente, jaar, view="api", kind="jaar")
        except services.NotVisible:
            raise exceptions.NotFound("Jaarcijfers niet gevonden.") from None
        caseload = page.caseload
        assert caseload is not None
        threshold = page.threshold
        return Response(
            {
                **report_json(page),
                "bestandsanalyse": {
                    "begin": _count_json(caseload.start, threshold),
                    "eind": _count_json(caseload.end, threshold),
                    "instroom": _count_json(caseload.inflow, threshold),
                    "uitstroom": _count_json(caseload.outflow, threshold),
                    "perMaand": [_count_json(f, threshold) for f in caseload.months],
                },
            }
        )
