"""API of the access app: `/auditregels`, the audit trail for the data-protection officer.

Only an actor whose grants include a role that may read the audit trail (the functionaris
gegevensbescherming) gets an answer; everyone else gets a 403 problem. The answer says who
processed whose data, when, on behalf of which municipality and why, but never the case
contents: of a change only the names of the changed fields are shown, not the values. Reading
the audit trail is itself recorded in the audit trail (purpose *toezicht*).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from samen.access import services
from samen.access.models import AuditEntry
from samen.access.services import AuditFilters, AuditRow
from samen.api import fields
from samen.api.pagination import page_request, page_response
from samen.api.serializers import QuerySerializer
from samen.organisation.api import GemeenteField, datum_field

# Stored action codes -> Dutch codes in the API (and back, for the filter).
HANDELINGEN = {
    AuditEntry.Kind.READ.value: "inzien",
    AuditEntry.Kind.LIST.value: "lijst-inzien",
    AuditEntry.Kind.CREATE.value: "aanmaken",
    AuditEntry.Kind.UPDATE.value: "wijzigen",
    AuditEntry.Kind.DELETE.value: "verwijderen",
    AuditEntry.Kind.EXPORT.value: "exporteren",
    AuditEntry.Kind.REFUSED.value: "geweigerd",
}
KINDS = {dutch: kind for kind, dutch in HANDELINGEN.items()}


class AuditregelSerializer(serializers.Serializer):
    """One processing of personal data, without the case contents."""

    volgnummer = serializers.IntegerField(source="sequence")
    tijdstip = serializers.DateTimeField(source="occurred_at")
    gebruikerId = serializers.IntegerField(source="actor_id", allow_null=True)
    gebruiker = serializers.CharField(source="actor_name")
    rollen = serializers.CharField(source="roles")
    gemeente = serializers.CharField(
        source="municipality_code", help_text="CBS-code van de gemeente namens wie."
    )
    domein = serializers.CharField(source="domain_code", help_text="Code(s) van het domein.")
    handeling = serializers.SerializerMethodField()
    soortObject = serializers.CharField(source="object_type")
    objectId = serializers.CharField(source="object_id")
    bsn = serializers.CharField(source="data_subject_id", help_text="BSN van de betrokkene.")
    doel = serializers.CharField(source="purpose")
    gewijzigdeVelden = serializers.ListField(
        source="changed_fields",
        child=serializers.CharField(),
        help_text="Namen van de gewijzigde velden; nooit de oude of nieuwe waarden.",
    )
    verzoekId = serializers.CharField(source="trace_id")
    adresClient = serializers.CharField(source="client_address")

    @extend_schema_field(serializers.ChoiceField(choices=list(KINDS)))
    def get_handeling(self, obj: AuditRow) -> str:
        return HANDELINGEN.get(obj.action, obj.action)


class AuditregelsQuery(QuerySerializer):
    bsn = fields.bsn_field(
        required=False, help_text="Alleen verwerkingen van gegevens van deze persoon (BSN)."
    )
    gebruiker = fields.TextField(
        required=False,
        max_length=150,
        help_text="Alleen verwerkingen door deze medewerker: gebruikers-id of (deel van) de naam.",
    )
    gemeente = GemeenteField(required=False, help_text="CBS-code van de gemeente, bijv. GM0981.")
    handeling = serializers.ChoiceField(
        choices=list(KINDS),
        required=False,
        help_text="Soort handeling.",
        error_messages={"invalid_choice": "Onbekende handeling: {input}."},
    )
    vanaf = datum_field("Vanaf deze dag (JJJJ-MM-DD), inclusief.")
    tot = datum_field("Tot en met deze dag (JJJJ-MM-DD).")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("vanaf") and attrs.get("tot") and attrs["tot"] < attrs["vanaf"]:
            raise serializers.ValidationError({"tot": "De einddatum ligt vóór de begindatum."})
        return attrs


def _filters(data: dict[str, Any]) -> AuditFilters:
    gemeente = data.get("gemeente")
    return AuditFilters(
        bsn=data.get("bsn", ""),
        actor=data.get("gebruiker", ""),
        municipality_code=gemeente.cbs_code if gemeente else "",
        date_from=data.get("vanaf"),
        date_until=data.get("tot"),
        action=KINDS[data["handeling"]] if data.get("handeling") else "",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[AuditregelsQuery],
        description="De audittrail: wie verwerkte wanneer welke persoonsgegevens, namens welke "
        "gemeente en waarvoor. Alleen voor de functionaris gegevensbescherming; zonder "
        "dossierinhoud (van wijzigingen alleen de namen van de velden).",
    )
)
class AuditregelViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Auditregels (verwerkingen van persoonsgegevens), voor toezicht."""

    serializer_class = AuditregelSerializer
    queryset = AuditEntry.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = AuditregelsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        try:
            # The one way to read the audit trail: refuses anyone but the officer and records
            # the search itself (purpose toezicht).
            found = services.search_audit(
                request.user, _filters(query.validated_data), offset=page.offset, limit=page.size
            )
        except PermissionDenied as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from refusal
        results = AuditregelSerializer(found.rows, many=True).data
        return page_response(request, page, found.total, results)
