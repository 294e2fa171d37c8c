"""API of the cases app: `/zaaktypen`, `/zaken` with its actions as sub-resources, and
`/werkvoorraad`.

Thin by design, like :mod:`samen.people.api`: every read and change of a case, a decision or
a letter goes through :mod:`samen.cases.services` with purpose *uitvoering*, so the one access
policy scopes it and the audit trail records it; this module never queries ``Case``,
``Decision`` or ``Letter`` itself (it only follows the relations of a case the services
handed out). Case types are configuration without personal data and are read directly.

A case the actor may not see answers 404 (existence must not leak), one the actor may see but
not change 403, a stale ``versie`` 412. A rule of law or of the organisation that forbids an
action is a 400 problem whose ``invalidParams`` name the field in the API's own (Dutch) terms.

This module is the resource `/zaken` (list, detail, opening) and `/werkvoorraad`, and the
names the API's URL list and the other apps import. The rest is split by purpose:
`/zaaktypen` in :mod:`samen.cases.case_type_api`, the lifecycle actions in
:mod:`samen.cases.lifecycle_api`, decisions and letters in :mod:`samen.cases.decision_api`,
and what they share (the case as the API shows it, the request fields, the viewset's
helpers) in :mod:`samen.cases.api_base`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from samen.api import fields
from samen.api.pagination import Pagination, page_request, page_response
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.cases import services
from samen.cases.api_base import (
    CASE_ID,
    PURPOSE,
    WerkItemSerializer,
    ZaakSamenvattingSerializer,
    ZaakSerializer,
    _service_errors,
    date_field,
)
from samen.cases.case_type_api import ZaaktypeViewSet as ZaaktypeViewSet
from samen.cases.decision_api import DecisionActions
from samen.cases.lifecycle_api import CaseActions
from samen.cases.models import MAX_NOTE, Status
from samen.organisation.models import Team

# Field names of the services (model fields) -> the API's names, per operation; and the codes
# of message-only errors that are about one field.
OPEN_FIELDS = {
    "person": "persoon",
    "case_type": "zaaktype",
    "reported_on": "datumMelding",
    "unknown_case_type": "zaaktype",
    "not_contracted": "persoon",
}


class ZaakNieuwSerializer(StrictSerializer):
    persoon = fields.id_field(
        "Het id van de persoon", help_text="Id van de persoon (zie /personen)."
    )
    zaaktype = fields.slug_code_field(
        "De code van het zaaktype", help_text="Code van het zaaktype (zie /zaaktypen)."
    )
    datumMelding = date_field("De dag waarop de melding of aanvraag binnenkwam.")
    toelichting = fields.TextField(
        required=False, allow_blank=True, max_length=MAX_NOTE, multiline=True
    )


class ZakenQuery(QuerySerializer):
    bsn = fields.bsn_field(
        required=False, help_text="Alleen zaken van de persoon met dit burgerservicenummer."
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        help_text="Alleen zaken met deze status.",
        error_messages={"invalid_choice": "Onbekende status: {input}."},
    )


class WerkvoorraadQuery(StrictSerializer):
    team = fields.id_field(
        "Het id van het team",
        required=False,
        help_text="Id van een team: de werkvoorraad van het hele team.",
    )

    def validate_team(self, value: int) -> Team:
        found = Team.objects.filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError(f"Onbekend team: {value}.")
        return found


@extend_schema_view(
    list=extend_schema(
        parameters=[ZakenQuery],
        description="Zaken die u mag inzien, de nieuwste eerst: alleen die van uw gemeenten "
        "en domeinen, tot uw vertrouwelijkheidsniveau. Elke getoonde zaak komt in de "
        "audittrail.",
    ),
    retrieve=extend_schema(
        parameters=[CASE_ID],
        responses={200: ZaakSerializer},
        description="Eén zaak met status, termijn, geschiedenis en besluiten. Een zaak die u "
        "niet mag zien geeft 404, net als een zaak die niet bestaat. Het inzien komt in de "
        "audittrail.",
    ),
    create=extend_schema(
        request=ZaakNieuwSerializer,
        responses={201: ZaakSerializer},
        description="Open een zaak voor een inwoner. Geweigerd (400) als de gemeente van de "
        "inwoner dit domein die dag niet bij ons heeft belegd, of als het zaaktype die dag niet "
        "bestaat; 403 als u voor die gemeente of dat domein niet mag werken.",
    ),
)
class ZaakViewSet(CaseActions, DecisionActions):
    """Zaken: aanvragen en meldingen van inwoners, met hun wettelijke beslistermijn, de vaste
    consulent, opschortingen, verlengingen en besluiten onder mandaat."""

    serializer_class = ZaakSamenvattingSerializer
    pagination_class = Pagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    # -- reading -------------------------------------------------------------------------------
    def list(self, request: Request) -> Response:
        query = ZakenQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = page_request(request)
        cases, total = services.search_cases(
            request.user,
            bsn=query.validated_data.get("bsn", ""),
            status=query.validated_data.get("status", ""),
            offset=page.offset,
            limit=page.size,
            purpose=PURPOSE,
        )
        return page_response(
            request, page, total, ZaakSamenvattingSerializer(cases, many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._answer(request, services.get_case(request.user, pk, PURPOSE))

    # -- opening -------------------------------------------------------------------------------
    def create(self, request: Request) -> Response:
        body = ZaakNieuwSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        new = services.NewCase(
            person_pk=data["persoon"],
            case_type_code=data["zaaktype"],
            reported_on=data["datumMelding"],
            note=data.get("toelichting", ""),
        )
        try:
            case = services.open_case(request.user, new, PURPOSE)
        except DjangoValidationError as error:
            raise _service_errors(error, OPEN_FIELDS) from error
        except services.NotVisible as error:
            # The person is named in the body, not in the path: a 400 on the field, with the
            # same words for "does not exist" and "not yours" (existence must not leak).
            raise exceptions.ValidationError({"persoon": [str(error)]}) from error
        response = self._answer(request, case, status.HTTP_201_CREATED)
        response["Location"] = reverse("zaak-detail", kwargs={"pk": case.pk}, request=request)
        return response


class WerkvoorraadView(APIView):
    """Uw werkvoorraad: de open zaken waarvan u de consulent bent (of, met `team`, die van
    een team), de vroegste uiterste beslisdatum eerst; zaken zonder termijn achteraan. Elke
    getoonde zaak komt in de audittrail."""

    @extend_schema(
        operation_id="werkvoorraad",
        parameters=[WerkvoorraadQuery],
        responses=WerkItemSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = WerkvoorraadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        items = services.worklist(request.user, team=query.validated_data.get("team"))
        return Response(WerkItemSerializer(items, many=True).data)
