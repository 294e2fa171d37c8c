"""The actions that move a case through its lifecycle, as sub-resources of `/zaken/{id}`:
`oppakken`, `toewijzen`, `in-behandeling`, `informatieverzoeken`, `informatie-ontvangen`,
`verlengingen`, `bekendmaking` and `afsluiting`. Each reads its body with the case's
version, calls :mod:`samen.cases.services` (or :mod:`samen.cases.assignment`) and answers
with the case; the decision and its letter are in :mod:`samen.cases.decision_api`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samen.api import fields
from samen.api.serializers import StrictSerializer
from samen.cases import assignment, services
from samen.cases.api_base import (
    CASE_ID,
    CONFLICT,
    IF_MATCH,
    PURPOSE,
    CaseViewSetBase,
    ZaakSerializer,
    date_field,
    version_field,
)
from samen.cases.models import MAX_NOTE

# Field names of the services (model fields) -> the API's names, per operation; and the codes
# of message-only errors that are about one field.
INFORMATION_FIELDS = {"what": "omschrijving", "requested_on": "datum", "supply_by": "uiterlijk"}
RECEIVED_FIELDS = {"received_on": "datum"}
EXTENSION_FIELDS = {
    "reason": "reden",
    "notified_on": "datumBericht",
    "late_extension": "datumBericht",
}
ASSIGN_FIELDS = {"staff": "consulent", "reason": "reden"}


class VersieSerializer(StrictSerializer):
    versie = version_field()


class InformatieverzoekSerializer(StrictSerializer):
    datum = date_field(
        "De dag waarop de informatie is opgevraagd; de termijn is daarna opgeschort."
    )
    omschrijving = fields.TextField(
        allow_blank=True,
        max_length=MAX_NOTE,
        multiline=True,
        help_text="Welke informatie u opvraagt.",
    )
    uiterlijk = date_field(
        "Aan te leveren vóór deze datum; niet vóór de datum van het verzoek.",
        required=False,
        future=True,
    )
    versie = version_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        supply_by = attrs.get("uiterlijk")
        if supply_by is not None and supply_by < attrs["datum"]:
            raise serializers.ValidationError(
                {"uiterlijk": "Deze datum ligt vóór de datum van het verzoek."}
            )
        return attrs


class DatumSerializer(StrictSerializer):
    datum = date_field("De datum (JJJJ-MM-DD).")
    versie = version_field()


class VerlengingNieuwSerializer(StrictSerializer):
    datumBericht = date_field("De dag waarop de aanvrager bericht kreeg van de verlenging.")
    reden = fields.TextField(
        allow_blank=True,
        max_length=MAX_NOTE,
        multiline=True,
        help_text="De reden; die staat in de brief.",
    )
    versie = version_field()


class ToewijzingSerializer(StrictSerializer):
    consulent = fields.id_field(
        "Het id van de medewerker",
        help_text="Id van de medewerker (Staff) die de zaak krijgt: een lid van het team van "
        "de zaak dat aan deze zaak mag werken.",
    )
    reden = fields.TextField(
        max_length=assignment.MAX_REASON,
        help_text="Waarom de zaak naar deze consulent gaat; komt in de statusgeschiedenis.",
    )
    versie = version_field()


def _case_action(request_serializer: type[serializers.Serializer], description: str) -> Any:
    return extend_schema(
        request=request_serializer,
        responses={200: ZaakSerializer, 412: CONFLICT},
        parameters=[CASE_ID, IF_MATCH],
        description=description
        + " Geef de versie mee (veld versie of If-Match); is de zaak intussen gewijzigd, dan "
        "volgt 412 en verandert er niets.",
    )


class CaseActions(CaseViewSetBase):
    """The lifecycle actions of :class:`samen.cases.api.ZaakViewSet`."""

    @_case_action(
        VersieSerializer,
        "Pak de zaak op: u wordt de consulent van de zaak en de vaste contactpersoon van de "
        "inwoner in dit domein (de wisseling blijft in de geschiedenis).",
    )
    @action(detail=True, methods=["post"], url_path="oppakken")
    def oppakken(self, request: Request, pk: str) -> Response:
        version = self._version(request, VersieSerializer)[1]
        case = self._call(services.take_case, {}, request.user, pk, version, PURPOSE)
        return self._answer(request, case)

    @_case_action(
        ToewijzingSerializer,
        "Teammanager: wijs de zaak toe aan een consulent van het team van de zaak, met de "
        "reden. De consulent wordt ook de vaste contactpersoon van de inwoner in dit domein; "
        "de andere open zaken van de inwoner in dit domein gaan mee. Bent u niet de "
        "teammanager van het team van de zaak, dan volgt 404. Een zaak waarover al besloten "
        "is kan niet meer worden toegewezen (400).",
    )
    @action(detail=True, methods=["post"], url_path="toewijzen")
    def toewijzen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, ToewijzingSerializer)
        result = self._call(
            assignment.assign_case,
            ASSIGN_FIELDS,
            request.user,
            pk,
            staff_pk=data["consulent"],
            reason=data["reden"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, result.case)

    @_case_action(
        VersieSerializer,
        "Neem de zaak in behandeling (na de melding, de ontvangst of ontvangen informatie).",
    )
    @action(detail=True, methods=["post"], url_path="in-behandeling")
    def in_behandeling(self, request: Request, pk: str) -> Response:
        version = self._version(request, VersieSerializer)[1]
        case = self._call(services.start_handling, {}, request.user, pk, version, PURPOSE)
        return self._answer(request, case)

    @_case_action(
        InformatieverzoekSerializer,
        "Vraag de aanvrager om informatie (Awb 4:15): de beslistermijn is opgeschort tot de "
        "informatie binnen is.",
    )
    @action(detail=True, methods=["post"], url_path="informatieverzoeken")
    def informatieverzoeken(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, InformatieverzoekSerializer)
        case = self._call(
            services.request_information,
            INFORMATION_FIELDS,
            request.user,
            pk,
            requested_on=data["datum"],
            what=data["omschrijving"],
            supply_by=data.get("uiterlijk"),
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(
        DatumSerializer,
        "De opgevraagde informatie is ontvangen: de opschorting eindigt en de zaak is weer in "
        "behandeling.",
    )
    @action(detail=True, methods=["post"], url_path="informatie-ontvangen")
    def informatie_ontvangen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, DatumSerializer)
        case = self._call(
            services.information_received,
            RECEIVED_FIELDS,
            request.user,
            pk,
            received_on=data["datum"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(
        VerlengingNieuwSerializer,
        "Verleng de beslistermijn met de verlenging van het zaaktype (Awb 4:14 lid 3), met "
        "bericht aan de aanvrager vóór het einde van de termijn.",
    )
    @action(detail=True, methods=["post"], url_path="verlengingen")
    def verlengingen(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, VerlengingNieuwSerializer)
        case = self._call(
            services.extend_term,
            EXTENSION_FIELDS,
            request.user,
            pk,
            notified_on=data["datumBericht"],
            reason=data["reden"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(
        DatumSerializer,
        "Het besluit is bekendgemaakt (verzonden, Awb 3:41): de bezwaartermijn loopt vanaf de "
        "dag erna.",
    )
    @action(detail=True, methods=["post"], url_path="bekendmaking")
    def bekendmaking(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, DatumSerializer)
        case = self._call(
            services.announce,
            {},
            request.user,
            pk,
            on=data["datum"],
            version=version,
            purpose=PURPOSE,
        )
        return self._answer(request, case)

    @_case_action(DatumSerializer, "Sluit de zaak af (na de bekendmaking).")
    @action(detail=True, methods=["post"], url_path="afsluiting")
    def afsluiting(self, request: Request, pk: str) -> Response:
        data, version = self._version(request, DatumSerializer)
        case = self._call(
            services.close, {}, request.user, pk, on=data["datum"], version=version, purpose=PURPOSE
        )
        return self._answer(request, case)
