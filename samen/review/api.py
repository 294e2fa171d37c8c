"""API of four-eyes review: `/toetsingen` (the decisions awaiting review, one toetsing) and
`/toetsingen/{id}/oordeel` (the reviewer's verdict). A toetsing's id is the decision's id.

Thin, like :mod:`samen.complaints.api`: every read and change goes through
:mod:`samen.review.services` with purpose *controle*, so the one access policy scopes it and
the audit trail records it. A decision the actor may not see answers 404, an actor who is no
reviewer 403, a stale ``versie`` 412; a refusal (her own decision, already reviewed) is a 400
problem whose ``invalidParams`` name the field in the API's (Dutch) terms.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import StrictSerializer
from samen.review import services
from samen.review.models import MAX_REMARKS, Verdict

VERDICT_FIELDS = {"verdict": "oordeel", "remarks": "opmerkingen"}


def _service_errors(error: DjangoValidationError) -> exceptions.ValidationError:
    out: dict[str, list[ErrorDetail]] = {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    out.setdefault(VERDICT_FIELDS.get(field, field), []).append(
                        ErrorDetail(message, item.code or "invalid")
                    )
    else:
        for item in error.error_list:
            for message in item.messages:
                out.setdefault("nonFieldErrors", []).append(
                    ErrorDetail(message, item.code or "invalid")
                )
    return exceptions.ValidationError(out)


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------
class ToetsingSamenvattingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="Het id van het besluit.")
    zaak = serializers.IntegerField(source="decision.case_id", help_text="Id in /zaken.")
    zaaknummer = serializers.CharField(source="decision.case.reference")
    gemeente = serializers.CharField(
        source="decision.case.municipality.cbs_code", help_text="CBS-code."
    )
    besluittype = serializers.CharField(source="decision.decision_type.code")
    uitkomst = serializers.CharField(source="decision.outcome")
    besluitdatum = serializers.DateField(source="decision.decided_on")
    genomenDoor = serializers.CharField(
        source="decision.taken_by.employee_number", help_text="Personeelsnummer."
    )
    oordeel = serializers.CharField(
        source="review.verdict",
        allow_null=True,
        help_text="akkoord of niet_akkoord; null: wacht op toetsing.",
    )
    versie = serializers.IntegerField(source="version")


class ToetsingSerializer(ToetsingSamenvattingSerializer):
    motivering = serializers.CharField(source="decision.reasoning")
    wettelijkeGrondslag = serializers.CharField(source="decision.legal_basis")
    ingangsdatum = serializers.DateField(source="decision.effective_from", allow_null=True)
    berekening = serializers.JSONField(
        source="decision.calculation", help_text="De toegekende berekening, als die er is."
    )
    toetser = serializers.CharField(
        source="review.reviewer.employee_number",
        allow_null=True,
        help_text="Personeelsnummer van de toetser; null: nog niet getoetst.",
    )
    opmerkingen = serializers.CharField(source="review.remarks", allow_null=True)
    getoetstOp = serializers.DateTimeField(source="review.reviewed_at", allow_null=True)


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
class OordeelSerializer(StrictSerializer):
    oordeel = serializers.ChoiceField(
        choices=Verdict.choices,
        error_messages={
            "invalid_choice": "Onbekend oordeel: {input}. Kies akkoord of niet_akkoord."
        },
    )
    opmerkingen = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_REMARKS, multiline=True
    )
    versie = fields.version_field("De versie van de toetsing die u heeft gezien.")


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
TOETSING_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het besluit."
)
IF_MATCH = fields.if_match('De versie van de toetsing die u heeft gezien, bijvoorbeeld "1".')


@extend_schema_view(
    list=extend_schema(
        responses={200: ToetsingSamenvattingSerializer(many=True)},
        description="Besluiten die op uw toetsing wachten en die u mag inzien, het oudste "
        "eerst. Elk getoond besluit komt in de audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[TOETSING_ID],
        responses={200: ToetsingSerializer},
        description="Eén toetsing: het besluit met motivering en berekening, en het oordeel "
        "als dat er is. Een besluit dat u niet mag zien geeft 404. Het inzien komt in de "
        "audittrail.",
    ),
)
class ToetsingViewSet(viewsets.ViewSet):
    """Toetsingen: het vier-ogenprincipe op besluiten vóór de bekendmaking."""

    serializer_class = ToetsingSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def list(self, request: Request) -> Response:
        page = page_request(request)
        found = services.worklist(request.user)
        shown = found[page.offset : page.offset + page.size]
        return page_response(
            request, page, len(found), ToetsingSamenvattingSerializer(shown, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(services.get(request.user, pk))

    @extend_schema(
        request=OordeelSerializer,
        responses={
            200: ToetsingSerializer,
            412: OpenApiResponse(description="De toetsing is intussen gewijzigd (versie)."),
        },
        parameters=[TOETSING_ID, IF_MATCH],
        description="Geef uw oordeel over het besluit: akkoord (het besluit mag worden "
        "bekendgemaakt) of niet_akkoord (met opmerkingen; de consulent neemt een nieuw "
        "besluit). Uw eigen besluit kunt u niet toetsen. Geef de versie mee (veld versie of "
        "If-Match).",
    )
    @action(detail=True, methods=["post"], url_path="oordeel")
    def oordeel(self, request: Request, pk: str) -> Response:
        body = OordeelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(body.validated_data)
        version = fields.expected_version(request, data.pop("versie", None))
        try:
            toetsing = services.give_verdict(
                request.user,
                pk,
                verdict=data["oordeel"],
                remarks=data.get("opmerkingen", ""),
                version=version,
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return self._answer(toetsing)

    @staticmethod
    def _answer(toetsing: services.Toetsing, code: int = status.HTTP_200_OK) -> Response:
        response = Response(ToetsingSerializer(toetsing).data, status=code)
        response["ETag"] = f'"{toetsing.version}"'
        return response
