"""API of correspondence: the letters of a procedure as a list in that procedure's detail
(:class:`BriefSerializer`, used by `/bezwaren/{id}` and `/klachten/{id}`) and the stored PDF
of one letter (`/brieven/{id}/pdf`). Thin: the read goes through
:func:`samen.correspondence.services.letter_pdf` with purpose *uitvoering*, so the access
policy scopes it (a letter the actor may not read answers 404) and the audit trail records
it."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from samen.access.policy import Purpose
from samen.correspondence import services
from samen.correspondence.models import SentLetter


class BriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    soort = serializers.CharField(source="kind.code", help_text="Code van de briefsoort.")
    soortNaam = serializers.CharField(source="kind.name")
    onderwerp = serializers.CharField(source="subject")
    datum = serializers.DateField(source="letter_date")
    aan = serializers.CharField(source="recipient_name")
    intern = serializers.BooleanField(source="internal")
    verstuurdDoor = serializers.CharField(source="sent_by.name")
    controlegetal = serializers.CharField(source="sha256", help_text="SHA-256 van de PDF.")
    downloadUrl = serializers.SerializerMethodField(help_text="De PDF zoals die is verstuurd.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_downloadUrl(self, obj: SentLetter) -> str:  # noqa: N802
        return reverse("brief-pdf", kwargs={"pk": obj.pk}, request=self.context.get("request"))


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for `application/pdf`; the letter is sent as is, an error as
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


class BriefPdfView(APIView):
    """Eén verstuurde brief als PDF."""

    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        operation_id="briefPdf",
        summary="Brief (PDF)",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="De brief zoals die is verstuurd."
            ),
            404: OpenApiResponse(description="Brief niet gevonden, of u heeft geen toegang."),
        },
        description="Een brief die geen besluit is (ontvangstbevestiging, uitnodiging, "
        "verdaging, herinnering) als PDF, precies zoals die is gemaakt en bewaard. Het inzien "
        "komt in de audittrail.",
        tags=["brieven"],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        letter, pdf = services.letter_pdf(request.user, pk, Purpose.UITVOERING)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{services.file_name(letter)}"'
        return response
