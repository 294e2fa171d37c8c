"""Decisions and their letters as sub-resources of `/zaken/{id}`: taking a decision under
mandate (`POST besluiten`), one decision (`GET besluiten/{besluitId}`) and its beschikking as
PDF (`GET besluiten/{besluitId}/brief`), each through :mod:`samen.cases.services`. How a
decision looks in the API is :class:`samen.cases.api_base.BesluitSerializer`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.cases import services
from samen.cases.api_base import (
    CASE_ID,
    CONFLICT,
    DECISION_ID,
    IF_MATCH,
    PURPOSE,
    BesluitSerializer,
    CaseViewSetBase,
    date_field,
    version_field,
)
from samen.cases.models import MAX_REASONING, Outcome

# Field names of the services (model fields) -> the API's names, per operation; and the codes
# of message-only errors that are about one field.
DECISION_FIELDS = {
    "decision_type": "besluittype",
    "outcome": "uitkomst",
    "decided_on": "besluitdatum",
    "effective_from": "ingangsdatum",
    "reasoning": "motivering",
    "iban": "iban",
    "no_mandate": "besluittype",
}


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


class DecisionActions(CaseViewSetBase):
    """The decisions and letters of :class:`samen.cases.api.ZaakViewSet`."""

    @extend_schema(
        request=BesluitNieuwSerializer,
        responses={201: BesluitSerializer, 412: CONFLICT},
        parameters=[CASE_ID, IF_MATCH],
        description="Neem een besluit namens het college van de gemeente van de zaak. Het "
        "mandaatregister moet uw mandaat voor dit besluittype, deze gemeente en deze datum "
        "bevestigen; anders volgt 400 en wordt niets vastgelegd. De beschikking (PDF) wordt "
        "meteen gemaakt en bij de zaak bewaard. Een besluit dat niet is bekendgemaakt en "
        "waarmee de toetser niet akkoord ging, vervangt u zo door een nieuw besluit "
        "(`vervangt` in het antwoord); het oude blijft bewaard en het nieuwe wordt opnieuw "
        "getoetst.",
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
