"""API for team managers: `GET /teams/{id}/werkvoorraad`, the open cases of a team the user
manages, with the filters and paging of the screen (see :mod:`samen.cases.assignment`).
Assigning a case is the action `POST /zaken/{id}/toewijzen` in :mod:`samen.cases.api`.

Thin, like :mod:`samen.cases.api`: the team is resolved through the appointments first (a team
the user does not manage is 404), then the query is parsed (an unknown value is a 400 naming
the filter), then the service lists the cases through the one access policy.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.api import fields
from samen.api.pagination import page_request, page_response
from samen.api.serializers import QuerySerializer
from samen.cases import assignment
from samen.cases.api import PURPOSE, WerkItemSerializer, _service_errors
from samen.organisation.models import Municipality


class TeamWerkvoorraadQuery(QuerySerializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in assignment.OPEN_STATUSES],
        required=False,
        help_text="Alleen open zaken met deze status.",
        error_messages={"invalid_choice": "Onbekende status: {input}."},
    )
    termijn = serializers.ChoiceField(
        choices=list(assignment.Deadline.CHOICES),
        required=False,
        help_text="verstreken, bijna (binnen zeven dagen) of geen (geen termijn bekend).",
        error_messages={"invalid_choice": "Onbekende termijn: {input}."},
    )
    consulent = fields.id_field(
        "Het id van de consulent",
        required=False,
        help_text="Alleen zaken van deze consulent (een lid van het team).",
    )
    nietToegewezen = serializers.ChoiceField(
        choices=[("true", "true"), ("false", "false")],
        required=False,
        help_text="true: alleen zaken zonder consulent.",
        error_messages={"invalid_choice": "Geef true of false."},
    )
    gemeente = fields.cbs_code_field(
        required=False, help_text="Alleen zaken namens deze gemeente (CBS-code, bijv. GM0981)."
    )


class TeamWerkvoorraadView(APIView):
    """De werkvoorraad van een team waarvan u op dit moment teammanager bent (een aanstelling
    als teammanager in dat team): de open zaken, de vroegste uiterste beslisdatum eerst, te
    filteren op status, termijn, consulent en gemeente, per pagina. Het team van een ander
    geeft 404, net als een team dat niet bestaat. Elke getoonde zaak komt in de audittrail."""

    @extend_schema(
        operation_id="teamWerkvoorraad",
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id van het team."
            ),
            TeamWerkvoorraadQuery,
        ],
        responses=WerkItemSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        today = timezone.localdate()
        team = assignment.team_for_manager(request.user, pk, today, PURPOSE)
        query = TeamWerkvoorraadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        page = page_request(request)
        consulent = None
        if data.get("consulent") is not None:
            members = assignment.team_members(team, today)
            consulent = next((s for s in members if s.pk == data["consulent"]), None)
            if consulent is None:
                raise exceptions.ValidationError(
                    {
                        "consulent": [
                            f"Onbekende consulent: {data['consulent']} werkt niet in {team.name}."
                        ]
                    }
                )
        municipality = None
        if data.get("gemeente"):
            municipality = Municipality.objects.filter(
                cbs_code=data["gemeente"], areas__teams=team
            ).first()
            if municipality is None:
                raise exceptions.ValidationError(
                    {
                        "gemeente": [
                            f"Onbekende gemeente: {data['gemeente']} hoort niet bij {team.name}."
                        ]
                    }
                )
        filters = assignment.TeamFilters(
            status=data.get("status", ""),
            deadline=data.get("termijn", ""),
            consulent=consulent,
            unassigned=data.get("nietToegewezen") == "true",
            municipality=municipality,
        )
        try:
            found = assignment.team_worklist(
                request.user,
                team.pk,
                filters,
                offset=page.offset,
                limit=page.size,
                today=today,
                purpose=PURPOSE,
            )
        except DjangoValidationError as error:
            raise _service_errors(error, {"deadline": "termijn"}) from error
        return page_response(
            request, page, found.total, WerkItemSerializer(found.items, many=True).data
        )
