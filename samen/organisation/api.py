"""API of the organisation app: municipalities, domains, contracted tasks, mandates, and the
questions "does SZMH execute this task for this municipality on this date?" and "who may
decide?". Read-only. Organisation data is not personal data, but the API still requires a
login (session or personal token); see ``REST_FRAMEWORK`` in the settings.

Thin by design: query parameters are validated by a serializer (so a bad value gives a 400
problem naming the parameter), the answer comes from :mod:`samen.organisation.services`.
Dates are named ``*Datum`` (NLGov ADR) and are inclusive.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.api import fields
from samen.api.serializers import QuerySerializer, StrictSerializer
from samen.common import codes
from samen.organisation import mandates as rules
from samen.organisation import models, services

# ---------------------------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------------------------


class DomeinSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="name")
    omschrijving = serializers.CharField(source="description")

    class Meta:
        model = models.Domain
        fields = ["code", "naam", "omschrijving"]


class GemeenteSerializer(serializers.ModelSerializer):
    cbsCode = serializers.CharField(source="cbs_code", help_text="CBS-gemeentecode, bijv. GM0935.")
    naam = serializers.CharField(source="name")
    college = serializers.CharField(help_text="Het bestuursorgaan dat de bevoegdheden heeft.")
    postadres = serializers.CharField(source="postal_address")
    bezoekadres = serializers.CharField(source="visiting_address")
    telefoon = serializers.CharField(source="phone")

    class Meta:
        model = models.Municipality
        fields = [
            "cbsCode",
            "naam",
            "college",
            "postadres",
            "bezoekadres",
            "telefoon",
            "email",
            "website",
        ]


class GecontracteerdeTaakSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="municipality.cbs_code", help_text="CBS-code.")
    domein = serializers.CharField(source="domain.code")
    grondslag = serializers.ChoiceField(
        source="basis",
        choices=models.ContractedTask.Basis.choices,
        help_text="gr: de gemeenschappelijke regeling; contract: een apart contract.",
    )
    samenwerkingsvorm = serializers.CharField(source="arrangement.name", allow_null=True)
    kenmerk = serializers.CharField(source="reference")
    beginDatum = serializers.DateField(source="valid_from", help_text="Eerste dag.")
    eindDatum = serializers.DateField(
        source="valid_until", allow_null=True, help_text="Laatste dag; leeg: onbepaalde tijd."
    )

    class Meta:
        model = models.ContractedTask
        fields = [
            "id",
            "gemeente",
            "domein",
            "grondslag",
            "samenwerkingsvorm",
            "kenmerk",
            "beginDatum",
            "eindDatum",
        ]


class PartijSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=["college", "functie", "medewerker"])
    naam = serializers.CharField()


def _party(college: Any, function: Any, staff: Any) -> dict[str, str]:
    if college is not None:
        return {"soort": "college", "naam": f"college van B&W van {college.name}"}
    if function is not None:
        return {"soort": "functie", "naam": function.name}
    return {"soort": "medewerker", "naam": staff.name}


class MandaatSerializer(serializers.ModelSerializer):
    titel = serializers.CharField(source="title")
    mandaatgever = serializers.SerializerMethodField()
    gemandateerde = serializers.SerializerMethodField()
    besluittypen: serializers.SlugRelatedField[models.DecisionType] = serializers.SlugRelatedField(
        source="decision_types", slug_field="code", many=True, read_only=True
    )
    vaststellingsDatum = serializers.DateField(source="adopted_on")
    beginDatum = serializers.DateField(source="valid_from", help_text="Eerste dag.")
    eindDatum = serializers.DateField(
        source="valid_until", allow_null=True, help_text="Laatste dag; leeg: onbepaalde tijd."
    )
    terugwerkendeKracht = serializers.BooleanField(source="retroactive_allowed")
    vindplaats = serializers.CharField(source="legal_reference")
    ondermandaat = serializers.BooleanField(source="is_submandate")

    class Meta:
        model = models.Mandate
        fields = [
            "id",
            "titel",
            "mandaatgever",
            "gemandateerde",
            "besluittypen",
            "vaststellingsDatum",
            "beginDatum",
            "eindDatum",
            "terugwerkendeKracht",
            "vindplaats",
            "ondermandaat",
        ]

    @extend_schema_field(PartijSerializer)
    def get_mandaatgever(self, obj: models.Mandate) -> dict[str, str]:
        return _party(obj.grantor_college, obj.grantor_function, obj.grantor_staff)

    @extend_schema_field(PartijSerializer)
    def get_gemandateerde(self, obj: models.Mandate) -> dict[str, str]:
        return _party(obj.grantee_college, obj.grantee_function, obj.grantee_staff)


class SchakelSerializer(serializers.Serializer):
    """One link of a mandate chain, from the college down."""

    mandaat = serializers.IntegerField(help_text="Id van het mandaat in /mandaten.")
    titel = serializers.CharField()
    mandaatgever = serializers.CharField()
    gemandateerde = serializers.CharField()
    beginDatum = serializers.DateField()
    eindDatum = serializers.DateField(allow_null=True)


def _chain(chain: tuple[rules.MandateFact, ...]) -> list[dict[str, Any]]:
    return [
        {
            "mandaat": f.id,
            "titel": f.title,
            "mandaatgever": f.grantor_label,
            "gemandateerde": f.grantee_label,
            "beginDatum": f.period.valid_from,
            "eindDatum": f.period.valid_until,
        }
        for f in chain
    ]


# ---------------------------------------------------------------------------------------------
# Query parameters
# ---------------------------------------------------------------------------------------------


def datum_field(help_text: str, *, required: bool = False) -> fields.DateField:
    return fields.DateField(required=required, help_text=help_text)


class GemeenteField(fields.CodeField):
    """A CBS code of a municipality we know (any case); the value becomes the Municipality."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            codes.parse_cbs_code, max_length=6, pattern=r"^[Gg][Mm][0-9]{4}$", **kwargs
        )

    def to_internal_value(self, data: Any) -> models.Municipality:  # type: ignore[override]
        code = super().to_internal_value(data)
        found = models.Municipality.objects.filter(cbs_code=code).first()
        if found is None:
            raise serializers.ValidationError(f"Onbekende gemeente: {code}.")
        return found


class _SlugLookupField(fields.CodeField):
    """A reference code (any case) that must exist in ``model`` (by ``code``)."""

    model: Any
    unknown = "Onbekende code: {code}."

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            codes.parse_slug,
            max_length=codes.MAX_SLUG,
            pattern=r"^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$",
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> Any:
        code = super().to_internal_value(data)
        found = self.model.objects.filter(code=code).first()
        if found is None:
            raise serializers.ValidationError(self.unknown.format(code=code))
        return found


class DomeinField(_SlugLookupField):
    """A domain code; the value becomes the Domain."""

    model = models.Domain
    unknown = "Onbekend domein: {code}."


class BesluittypeField(_SlugLookupField):
    """A decision type code; the value becomes the DecisionType."""

    model = models.DecisionType
    unknown = "Onbekend besluittype: {code}."


class MedewerkerField(fields.CodeField):
    """A staff number (personeelsnummer); the value becomes the Staff member."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            codes.parse_employee_number,
            max_length=20,
            pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> models.Staff:  # type: ignore[override]
        number = super().to_internal_value(data)
        found = models.Staff.objects.filter(employee_number=number).first()
        if found is None:
            raise serializers.ValidationError(f"Onbekende medewerker: {number}.")
        return found


class GecontracteerdeTakenQuery(QuerySerializer):
    gemeente = GemeenteField(required=False, help_text="CBS-code van de gemeente, bijv. GM0994.")
    domein = DomeinField(required=False, help_text="Code van het domein, bijv. wmo.")
    datum = datum_field("Alleen taken die op deze datum (JJJJ-MM-DD) gelden.")


class MandatenQuery(QuerySerializer):
    datum = datum_field("Alleen mandaten die op deze datum (JJJJ-MM-DD) gelden.")
    besluittype = BesluittypeField(
        required=False, help_text="Alleen mandaten die dit besluittype omvatten."
    )


class QueryMixin:
    """Validate the query string with ``query_serializer``; a bad value is a 400 problem with
    the parameter in ``invalidParams``."""

    query_serializer: type[serializers.Serializer]

    def query(self, request: Request) -> dict[str, Any]:
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


class GemeenteViewSet(viewsets.ReadOnlyModelViewSet):
    """Gemeenten waarvoor de uitvoeringsorganisatie werkt, met hun CBS-code."""

    queryset = models.Municipality.objects.all()
    serializer_class = GemeenteSerializer
    lookup_field = "cbs_code"
    lookup_url_kwarg = "cbsCode"

    def get_object(self) -> models.Municipality:
        self.kwargs["cbsCode"] = fields.path_code(self.kwargs, "cbsCode", codes.parse_cbs_code)
        return super().get_object()


class DomeinViewSet(viewsets.ReadOnlyModelViewSet):
    """Domeinen (taakvelden), zoals Participatiewet, Wmo en Jeugd."""

    queryset = models.Domain.objects.all()
    serializer_class = DomeinSerializer
    lookup_field = "code"

    def get_object(self) -> models.Domain:
        self.kwargs["code"] = fields.path_code(self.kwargs, "code", codes.parse_slug)
        return super().get_object()


@extend_schema_view(list=extend_schema(parameters=[GecontracteerdeTakenQuery]))
class GecontracteerdeTaakViewSet(QueryMixin, viewsets.ReadOnlyModelViewSet):
    """Taken die gemeenten per periode bij de uitvoeringsorganisatie hebben belegd (de DVO),
    met de grondslag: de gemeenschappelijke regeling of een contract."""

    serializer_class = GecontracteerdeTaakSerializer
    query_serializer = GecontracteerdeTakenQuery

    def get_queryset(self) -> Any:
        qs = models.ContractedTask.objects.select_related("municipality", "domain", "arrangement")
        if self.action != "list":
            return qs
        query = self.query(self.request)
        if "datum" in query:
            qs = qs.valid_on(query["datum"])
        if "gemeente" in query:
            qs = qs.filter(municipality=query["gemeente"])
        if "domein" in query:
            qs = qs.filter(domain=query["domein"])
        return qs


@extend_schema_view(list=extend_schema(parameters=[MandatenQuery]))
class MandaatViewSet(QueryMixin, viewsets.ReadOnlyModelViewSet):
    """Het mandaatregister: mandaatbesluiten en ondermandaten met hun geldigheid."""

    serializer_class = MandaatSerializer
    query_serializer = MandatenQuery

    def get_queryset(self) -> Any:
        qs = models.Mandate.objects.select_related(
            "grantor_college",
            "grantor_function",
            "grantor_staff",
            "grantee_college",
            "grantee_function",
            "grantee_staff",
        ).prefetch_related("decision_types")
        if self.action != "list":
            return qs
        query = self.query(self.request)
        if "datum" in query:
            qs = qs.valid_on(query["datum"])
        if "besluittype" in query:
            qs = qs.filter(decision_types=query["besluittype"])
        return qs


class TaakuitvoeringQuery(StrictSerializer):
    gemeente = GemeenteField(help_text="CBS-code van de gemeente, bijv. GM0938.")
    domein = DomeinField(help_text="Code van het domein, bijv. participatiewet of wmo.")
    datum = datum_field("Peildatum (JJJJ-MM-DD); standaard vandaag.")


class TaakuitvoeringView(QueryMixin, APIView):
    """Voert de uitvoeringsorganisatie op een datum dit domein uit voor deze gemeente? Ja als
    een gecontracteerde taak die dag geldt en de gemeente, bij een taak onder de
    gemeenschappelijke regeling, die dag deelnemer is. Bij nee staat de reden erbij; zonder
    ja kan geen zaak worden geopend."""

    query_serializer = TaakuitvoeringQuery

    @extend_schema(
        operation_id="taakuitvoering",
        parameters=[TaakuitvoeringQuery],
        responses=inline_serializer(
            "Taakuitvoering",
            {
                "gemeente": serializers.CharField(help_text="CBS-code."),
                "domein": serializers.CharField(),
                "datum": serializers.DateField(),
                "uitgevoerd": serializers.BooleanField(),
                "reden": serializers.CharField(help_text="Waarom niet; leeg bij ja."),
                "taak": GecontracteerdeTaakSerializer(allow_null=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        query = self.query(request)
        municipality, domain = query["gemeente"], query["domein"]
        day = query.get("datum") or timezone.localdate()
        answer = services.executes(municipality, domain, day)
        return Response(
            {
                "gemeente": municipality.cbs_code,
                "domein": domain.code,
                "datum": day.isoformat(),
                "uitgevoerd": answer.allowed,
                "reden": answer.reason,
                "taak": GecontracteerdeTaakSerializer(answer.task).data if answer.task else None,
            }
        )


class WieMagBesluitenQuery(StrictSerializer):
    gemeente = GemeenteField(help_text="CBS-code van de gemeente, bijv. GM0981.")
    besluittype = BesluittypeField(
        help_text="Code van het besluittype, bijv. pw-algemene-bijstand."
    )
    datum = datum_field("Besluitdatum (JJJJ-MM-DD); standaard vandaag.")
    medewerker = MedewerkerField(
        required=False,
        help_text="Personeelsnummer: het antwoord voor deze ene medewerker, met de reden bij nee.",
    )


class BevoegdeSerializer(serializers.Serializer):
    personeelsnummer = serializers.CharField()
    naam = serializers.CharField()
    keten = SchakelSerializer(many=True)


class WieMagBesluitenView(QueryMixin, APIView):
    """Wie mag op een datum een besluittype nemen namens het college van een gemeente, en via
    welke mandaatketen (het college eerst)? Met `medewerker` ook het antwoord voor die ene
    medewerker, met de reden bij een weigering."""

    query_serializer = WieMagBesluitenQuery

    @extend_schema(
        operation_id="wieMagBesluiten",
        parameters=[WieMagBesluitenQuery],
        responses=inline_serializer(
            "WieMagBesluiten",
            {
                "gemeente": serializers.CharField(help_text="CBS-code."),
                "besluittype": serializers.CharField(),
                "datum": serializers.DateField(),
                "medewerker": serializers.CharField(
                    required=False, help_text="Personeelsnummer, als gevraagd."
                ),
                "toegestaan": serializers.BooleanField(
                    required=False, help_text="Alleen met `medewerker`."
                ),
                "reden": serializers.CharField(
                    required=False, help_text="Waarom niet; alleen met `medewerker`."
                ),
                "keten": SchakelSerializer(many=True, required=False),
                "bevoegden": BevoegdeSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        query = self.query(request)
        municipality = query["gemeente"]
        decision_type = query["besluittype"]
        day = query.get("datum") or timezone.localdate()
        body: dict[str, Any] = {
            "gemeente": municipality.cbs_code,
            "besluittype": decision_type.code,
            "datum": day.isoformat(),
        }
        staff = query.get("medewerker")
        if staff is not None:
            answer = services.may_decide(staff, decision_type, municipality, day)
            body.update(
                medewerker=staff.employee_number,
                toegestaan=answer.allowed,
                reden=answer.reason,
                keten=_chain(answer.chain),
            )
        body["bevoegden"] = [
            {
                "personeelsnummer": h.staff.employee_number,
                "naam": h.staff.name,
                "keten": _chain(h.chain),
            }
            for h in services.who_may_decide(decision_type, municipality, day)
        ]
        return Response(body)
