"""API of the client's file: a person's notes and documents.

- ``GET/POST /personen/{id}/notities``, ``GET /notities/{id}``;
- ``GET/POST /personen/{id}/documenten`` (upload as ``multipart/form-data``),
  ``GET /documenten/{id}``, ``GET /documenten/{id}/inhoud`` (the file itself),
  ``POST /documenten/{id}/intrekking``.

Thin: every read and write goes through :mod:`samen.dossier.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. A person,
note or document the actor may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.access.policy import Purpose
from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.dossier import models, services
from samen.organisation.api import DomeinField
from samen.people import services as people
from samen.people.api import VertrouwelijkheidField

PURPOSE = Purpose.UITVOERING
TAGS = ["dossier"]
PERSON_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van de persoon."
)
ITEM_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id.")
# Service/model field -> API field.
API_NAMES = {
    "domain": "domein",
    "case": "zaak",
    "on_date": "datum",
    "text": "tekst",
    "corrects": "corrigeert",
    "confidentiality": "vertrouwelijkheid",
    "file": "bestand",
    "title": "titel",
    "received_on": "ontvangenOp",
    "document_type": "documenttype",
    "retention_class": "selectielijstcategorie",
    "reason": "reden",
}


def _errors(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {API_NAMES.get(k, k): v for k, v in error.message_dict.items()}
        )
    return exceptions.ValidationError({"nonFieldErrors": error.messages})


def _person(request: Request, pk: int) -> int:
    """The person must be visible to the actor (404 otherwise); the read is audited."""
    return people.get_person(request.user, pk, PURPOSE).person.pk


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------
class NotitieSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    persoon = serializers.IntegerField(source="person_id")
    datum = serializers.DateField(source="on_date")
    tekst = serializers.CharField(source="text")
    auteur = serializers.CharField(source="author_name")
    gemeente = serializers.CharField(
        source="municipality.cbs_code", help_text="Namens welke gemeente (CBS-code)."
    )
    domein = serializers.CharField(source="domain.code")
    zaak = serializers.CharField(source="case.reference", allow_null=True, default=None)
    vertrouwelijkheid = VertrouwelijkheidField(source="confidentiality")
    corrigeert = serializers.IntegerField(
        source="corrects_id", allow_null=True, help_text="De notitie die deze corrigeert."
    )
    vastgelegdOp = serializers.DateTimeField(source="created_at")


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    persoon = serializers.IntegerField(source="person_id")
    titel = serializers.CharField(source="title")
    documenttype = serializers.CharField(source="document_type.code")
    selectielijstcategorie = serializers.CharField(source="retention_class.code")
    bewaartermijnJaren = serializers.IntegerField(
        source="retention_class.retention_years", allow_null=True
    )
    ontvangenOp = serializers.DateField(source="received_on")
    bestandsnaam = serializers.CharField(source="original_name")
    soortBestand = serializers.CharField(source="content_type")
    grootte = serializers.IntegerField(source="size", help_text="In bytes.")
    sha256 = serializers.CharField()
    auteur = serializers.CharField(source="author_name")
    gemeente = serializers.CharField(source="municipality.cbs_code")
    domein = serializers.CharField(source="domain.code")
    zaak = serializers.CharField(source="case.reference", allow_null=True, default=None)
    vertrouwelijkheid = VertrouwelijkheidField(source="confidentiality")
    ingetrokken = serializers.BooleanField(source="is_withdrawn")
    redenIntrekking = serializers.CharField(source="withdrawn_reason")
    versie = serializers.IntegerField(source="version")


# ---------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------
class NotitieNieuwSerializer(StrictSerializer):
    domein = DomeinField(help_text="Code van het domein, bijv. participatiewet.")
    zaak = fields.id_field("Het id van de zaak", required=False, allow_null=True)
    datum = fields.DateField(example="2026-02-16", help_text="Niet in de toekomst.")
    vertrouwelijkheid = VertrouwelijkheidField()
    tekst = fields.TextField(max_length=models.MAX_NOTE, multiline=True)
    corrigeert = fields.id_field(
        "Het id van de notitie", required=False, allow_null=True, help_text="Bij een correctie."
    )


@extend_schema_field(
    {"type": "string", "format": "binary", "maxLength": settings.DOSSIER_MAX_UPLOAD_BYTES}
)
class BestandField(serializers.FileField):
    """An uploaded file; its largest size in bytes is ``DOSSIER_MAX_UPLOAD_BYTES`` (checked by
    the service, stated in the schema)."""


class DocumentNieuwSerializer(StrictSerializer):
    bestand = BestandField(
        max_length=200,
        help_text="PDF, PNG of JPEG; het soort wordt uit de inhoud gelezen.",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg.",
            "invalid": "Stuur het bestand als multipart/form-data.",
            "max_length": "De bestandsnaam is te lang (hoogstens {max_length} tekens).",
        },
    )
    titel = fields.TextField(max_length=models.MAX_TITLE)
    documenttype = fields.slug_code_field("Het documenttype")
    selectielijstcategorie = fields.TextField(
        max_length=20, required=False, help_text="Leeg: de categorie van het documenttype."
    )
    domein = DomeinField(help_text="Code van het domein, bijv. participatiewet.")
    zaak = fields.id_field("Het id van de zaak", required=False)
    ontvangenOp = fields.DateField(example="2026-02-16", help_text="Niet in de toekomst.")
    vertrouwelijkheid = VertrouwelijkheidField()

    def validate_documenttype(self, value: str) -> models.DocumentType:
        found = models.DocumentType.objects.select_related("retention_class").filter(code=value)
        if not found.exists():
            raise serializers.ValidationError(f"Onbekend documenttype: {value}.")
        return found.get()

    def validate_selectielijstcategorie(self, value: str) -> models.RetentionClass | None:
        if not value:
            return None
        found = models.RetentionClass.objects.filter(code=value).first()
        if found is None:
            raise serializers.ValidationError("Onbekende selectielijstcategorie.")
        return found


class IntrekkingSerializer(StrictSerializer):
    reden = fields.TextField(max_length=models.MAX_REASON)
    versie = fields.version_field(
        "De versie van het document die u heeft gezien; of geef die mee in If-Match."
    )


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------
class PersoonNotitiesView(APIView):
    """De notities in het dossier van een persoon die u mag zien, nieuwste eerst; of een
    nieuwe notitie. Een notitie wordt niet gewijzigd: een correctie is een nieuwe notitie
    met `corrigeert`."""

    @extend_schema(
        operation_id="persoonNotitiesList",
        parameters=[PERSON_ID],
        responses={200: NotitieSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        notes = services.notes_of_person(request.user, person, PURPOSE)
        return Response(NotitieSerializer(notes, many=True).data)

    @extend_schema(
        operation_id="persoonNotitiesCreate",
        parameters=[PERSON_ID],
        request=NotitieNieuwSerializer,
        responses={
            201: NotitieSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            403: OpenApiResponse(description="U mag hier geen notitie vastleggen."),
            404: OpenApiResponse(description="Persoon niet gevonden, of u heeft geen toegang."),
        },
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = NotitieNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewNote(
            domain=data["domein"],
            text=data["tekst"],
            on_date=data["datum"],
            confidentiality=data["vertrouwelijkheid"],
            case_pk=data.get("zaak"),
            corrects_pk=data.get("corrigeert"),
        )
        try:
            note = services.write_note(request.user, pk, new, PURPOSE)
        except DjangoValidationError as error:
            raise _errors(error) from error
        return Response(NotitieSerializer(note).data, status=status.HTTP_201_CREATED)


class NotitieView(APIView):
    """Eén notitie; een notitie die u niet mag zien geeft 404."""

    @extend_schema(
        operation_id="notitieRetrieve",
        parameters=[ITEM_ID],
        responses={200: NotitieSerializer},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(NotitieSerializer(services.get_note(request.user, pk, PURPOSE)).data)


class PersoonDocumentenView(APIView):
    """De documenten in het dossier van een persoon die u mag zien (ook ingetrokken,
    gemarkeerd), nieuwste eerst; of een nieuw document (multipart/form-data)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="persoonDocumentenList",
        parameters=[PERSON_ID],
        responses={200: DocumentSerializer(many=True)},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        found = services.documents_of_person(request.user, person, PURPOSE)
        return Response(DocumentSerializer(found, many=True).data)

    @extend_schema(
        operation_id="persoonDocumentenCreate",
        parameters=[PERSON_ID],
        request={"multipart/form-data": DocumentNieuwSerializer},
        responses={
            201: DocumentSerializer,
            400: OpenApiResponse(description="Ongeldige invoer (problem+json, invalidParams)."),
            403: OpenApiResponse(description="U mag hier geen document vastleggen."),
            404: OpenApiResponse(description="Persoon niet gevonden, of u heeft geen toegang."),
            415: OpenApiResponse(description="Geen (leesbare) multipart/form-data."),
        },
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = DocumentNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewDocument(
            domain=data["domein"],
            document_type=data["documenttype"],
            title=data["titel"],
            received_on=data["ontvangenOp"],
            confidentiality=data["vertrouwelijkheid"],
            upload=data["bestand"],
            case_pk=data.get("zaak"),
            retention_class=data.get("selectielijstcategorie"),
        )
        try:
            document = services.upload_document(request.user, pk, new, PURPOSE)
        except DjangoValidationError as error:
            raise _errors(error) from error
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentView(APIView):
    """De gegevens van één document (niet de inhoud: zie `inhoud`)."""

    @extend_schema(
        operation_id="documentRetrieve",
        parameters=[ITEM_ID],
        responses={200: DocumentSerializer},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        document = services.get_document(request.user, pk, PURPOSE)
        response = Response(DocumentSerializer(document).data)
        response["ETag"] = f'"{document.version}"'
        return response


class DocumentInhoudView(APIView):
    """Het bestand zelf; het downloaden komt in de audittrail."""

    @extend_schema(
        operation_id="documentInhoud",
        parameters=[ITEM_ID],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Any:
        document, _chunks, handle = services.open_document(request.user, pk, PURPOSE)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentIntrekkingView(APIView):
    """Trek een document in, met een reden. De inhoud blijft zoals hij was."""

    @extend_schema(
        operation_id="documentIntrekkingCreate",
        parameters=[ITEM_ID],
        request=IntrekkingSerializer,
        responses={
            200: DocumentSerializer,
            400: OpenApiResponse(description="Ongeldige invoer of al ingetrokken."),
            403: OpenApiResponse(description="U mag dit document inzien maar niet wijzigen."),
            404: OpenApiResponse(description="Document niet gevonden, of u heeft geen toegang."),
            412: OpenApiResponse(description="Het document is intussen gewijzigd (versie)."),
        },
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        body = IntrekkingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = fields.expected_version(request, data.pop("versie", None))
        try:
            document = services.withdraw_document(
                request.user, pk, data["reden"], expected_version=version, purpose=PURPOSE
            )
        except DjangoValidationError as error:
            raise _errors(error) from error
        return Response(DocumentSerializer(document).data)
