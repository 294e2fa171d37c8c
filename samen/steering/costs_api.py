"""`GET /api/v1/kostenverdelingen/{jaar}`: the cost allocation of one year as data, with the
dossiers and days behind each share, as on the page.

Scoped as the page: every caller with a figures grant (any municipality) reads the whole
allocation (what a GR publishes to every member council); a caller without one, a malformed
year or a year without costs answers 404. Every read is audited (purpose *sturing*). A year
whose figures cannot be divided answers 409 with the Dutch reason.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.steering import allocation


class CannotDivide(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "De kosten van dit jaar kunnen niet worden verdeeld."


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


class GemeenteAandeelSerializer(serializers.Serializer):
    gemeente = serializers.CharField(help_text="CBS-code.")
    naam = serializers.CharField()
    deelnames = serializers.ListField(
        child=serializers.DictField(), help_text="Van, tot en met, dagen, dossiers, telling."
    )
    dagen = serializers.IntegerField(help_text="Dagen deelnemer in het jaar.")
    dagenInJaar = serializers.IntegerField()  # noqa: N815
    dossiers = serializers.DecimalField(max_digits=12, decimal_places=2)
    aandeelProcent = serializers.DecimalField(max_digits=6, decimal_places=2)  # noqa: N815
    gedeeldeKosten = serializers.DecimalField(max_digits=14, decimal_places=2)  # noqa: N815
    centNaarBoven = serializers.BooleanField(  # noqa: N815
        help_text="Kreeg een overgebleven cent (grootste rest)."
    )
    additioneleDiensten = serializers.DecimalField(max_digits=14, decimal_places=2)  # noqa: N815
    totaal = serializers.DecimalField(max_digits=14, decimal_places=2)


class DienstSerializer(serializers.Serializer):
    gemeente = serializers.CharField()
    wat = serializers.CharField()
    bedrag = serializers.DecimalField(max_digits=14, decimal_places=2)
    aangevraagdDoor = serializers.CharField()  # noqa: N815


class KostenverdelingSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    uitvoeringskosten = serializers.DecimalField(max_digits=14, decimal_places=2)
    omschrijving = serializers.CharField()
    bron = serializers.CharField()
    telgrondslag = serializers.ChoiceField(choices=["gemiddelde", "peildatum"])
    peildatum = serializers.DateField(allow_null=True)
    gedeeldeKosten = serializers.DecimalField(max_digits=14, decimal_places=2)  # noqa: N815
    additioneleDiensten = serializers.DecimalField(max_digits=14, decimal_places=2)  # noqa: N815
    afronding = serializers.CharField()
    gemeenten = GemeenteAandeelSerializer(many=True)
    diensten = DienstSerializer(many=True)


class KostenverdelingView(APIView):
    """De verdeling van de uitvoeringskosten van een jaar naar dossiers (GR artikel 13 lid
    2): per gemeente de dagen deelnemer, de dossiers, het aandeel in de gedeelde kosten, de
    additionele diensten en het totaal. De aandelen tellen op tot het totaal, op de cent."""

    @extend_schema(
        operation_id="kostenverdeling",
        parameters=[
            OpenApiParameter(
                "jaar",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                OpenApiParameter.PATH,
                description="Het jaar, bv. 2025.",
            )
        ],
        responses=KostenverdelingSerializer,
    )
    def get(self, request: Request, jaar: str) -> Response:
        try:
            page = allocation.allocation_page(request.user, jaar, view="api")
        except allocation.NotVisible:
            raise exceptions.NotFound("Kostenverdeling niet gevonden.") from None
        cost_year = page.cost_year
        if cost_year is None:
            raise exceptions.NotFound("Kostenverdeling niet gevonden.")
        if page.allocation is None:
            raise CannotDivide(page.problem)
        result = page.allocation
        return Response(
            {
                "jaar": page.year,
                "uitvoeringskosten": _money(result.total),
                "omschrijving": cost_year.description,
                "bron": cost_year.source,
                "telgrondslag": cost_year.count_basis,
                "peildatum": (
                    cost_year.reference_date.isoformat() if cost_year.reference_date else None
                ),
                "gedeeldeKosten": _money(result.shared),
                "additioneleDiensten": _money(result.services_total),
                "afronding": "grootste rest: naar beneden op centen, de overgebleven centen "
                "naar de grootste resten (gelijk: de laagste CBS-code)",
                "gemeenten": [
                    {
                        "gemeente": row.share.member.code,
                        "naam": row.share.member.name,
                        "deelnames": [
                            {
                                "van": c.valid_from.isoformat(),
                                "totEnMet": c.valid_until.isoformat(),
                                "dagen": c.days,
                                "dossiers": f"{c.dossiers:f}",
                                "telling": c.query,
                            }
                            for c in row.counts
                        ],
                        "dagen": row.share.member.member_days,
                        "dagenInJaar": row.share.member.year_days,
                        "dossiers": f"{row.share.member.dossiers:f}",
                        "aandeelProcent": f"{row.weight_percentage:f}",
                        "gedeeldeKosten": _money(row.share.shared),
                        "centNaarBoven": row.share.rounded_up,
                        "additioneleDiensten": _money(row.share.services),
                        "totaal": _money(row.share.total),
                    }
                    for row in page.rows
                ],
                "diensten": [
                    {
                        "gemeente": s.municipality.cbs_code,
                        "wat": s.description,
                        "bedrag": _money(s.amount),
                        "aangevraagdDoor": s.requested,
                    }
                    for s in page.services
                ],
            }
        )
