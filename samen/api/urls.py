"""`/api/v1`: Dutch resource names, kebab-case, no trailing slashes (NLGov ADR).

`openapi.json` and `documentatie` are public; everything else needs a login (session or
personal token). Any other path under `/api/v1/` answers a 404 problem, never Django's HTML
page (that includes the same paths with a trailing slash)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from samen.access import api as access_api
from samen.api import views
from samen.appeals import api as appeals_api
from samen.cases import api as cases_api
from samen.cases import team_api as cases_team_api
from samen.complaints import api as complaints_api
from samen.control import api as control_api
from samen.correspondence import api as correspondence_api
from samen.dossier import api as dossier_api
from samen.enforcement import api as enforcement_api
from samen.income import api as income_api
from samen.objections import api as objections_api
from samen.objections import penalty_api
from samen.organisation import api as organisation_api
from samen.people import api as people_api
from samen.recovery import api as recovery_api
from samen.recovery import bank_api as recovery_bank_api
from samen.recovery import decision_api as recovery_decision_api
from samen.recovery import garnishment_api
from samen.review import api as review_api
from samen.sanctions import api as sanctions_api
from samen.steering import api as steering_api
from samen.steering import costs_api as steering_costs_api
from samen.steering import values_api as steering_values_api

router = SimpleRouter(trailing_slash=False)
router.register("gemeenten", organisation_api.GemeenteViewSet, basename="gemeente")
router.register("domeinen", organisation_api.DomeinViewSet, basename="domein")
router.register(
    "gecontracteerde-taken",
    organisation_api.GecontracteerdeTaakViewSet,
    basename="gecontracteerde-taak",
)
router.register("mandaten", organisation_api.MandaatViewSet, basename="mandaat")
router.register("personen", people_api.PersoonViewSet, basename="persoon")
router.register("auditregels", access_api.AuditregelViewSet, basename="auditregel")
router.register("zaaktypen", cases_api.ZaaktypeViewSet, basename="zaaktype")
router.register("zaken", cases_api.ZaakViewSet, basename="zaak")
router.register("bezwaren", objections_api.BezwaarViewSet, basename="bezwaar")
router.register("dwangsommen", penalty_api.DwangsomViewSet, basename="dwangsom")
router.register("beroepen", appeals_api.BeroepViewSet, basename="beroep")
router.register("klachten", complaints_api.KlachtViewSet, basename="klacht")
router.register("boetes", sanctions_api.BoeteViewSet, basename="boete")
router.register("maatregelen", sanctions_api.MaatregelViewSet, basename="maatregel")
router.register("toetsingen", review_api.ToetsingViewSet, basename="toetsing")
router.register(
    "redenen-beeindiging", income_api.RedenBeeindigingViewSet, basename="reden-beeindiging"
)
router.register("signalen", enforcement_api.SignaalViewSet, basename="signaal")
router.register("onderzoeken", enforcement_api.OnderzoekViewSet, basename="onderzoek")

urlpatterns = [
    path("brieven/<int:pk>/pdf", correspondence_api.BriefPdfView.as_view(), name="brief-pdf"),
    path("vorderingen", recovery_api.VorderingenView.as_view(), name="vorderingen"),
    path("vorderingen/<int:pk>", recovery_api.VorderingView.as_view(), name="vordering"),
    path(
        "vorderingen/<int:pk>/boekingen",
        recovery_api.VorderingBoekingenView.as_view(),
        name="vordering-boekingen",
    ),
    path(
        "vorderingen/<int:pk>/betalingsregeling",
        recovery_api.VorderingBetalingsregelingView.as_view(),
        name="vordering-betalingsregeling",
    ),
    # decisions on a claim and collection steps (samen/recovery/decision_api.py)
    path(
        "vorderingen/<int:pk>/terugvorderingsbesluit",
        recovery_decision_api.TerugvorderingsbesluitView.as_view(),
        name="vordering-terugvorderingsbesluit",
    ),
    path(
        "vorderingen/<int:pk>/dwangbevel",
        recovery_decision_api.DwangbevelView.as_view(),
        name="vordering-dwangbevel",
    ),
    path(
        "vorderingen/<int:pk>/afzien",
        recovery_decision_api.AfzienView.as_view(),
        name="vordering-afzien",
    ),
    path(
        "vorderingen/<int:pk>/invorderingsstappen",
        recovery_decision_api.InvorderingsstappenView.as_view(),
        name="vordering-invorderingsstappen",
    ),
    path(
        "vorderingen-verjaring",
        recovery_decision_api.VorderingenVerjaringView.as_view(),
        name="vorderingen-verjaring",
    ),
    # incoming payments and the month-end stock (samen/recovery/bank_api.py)
    path(
        "bankafschriften",
        recovery_bank_api.BankafschriftenView.as_view(),
        name="bankafschriften",
    ),
    path(
        "onbekende-ontvangsten",
        recovery_bank_api.OnbekendeOntvangstenView.as_view(),
        name="onbekende-ontvangsten",
    ),
    path(
        "onbekende-ontvangsten/<int:pk>/koppeling",
        recovery_bank_api.OntvangstKoppelingView.as_view(),
        name="onbekende-ontvangst-koppeling",
    ),
    path(
        "vorderingen-stand",
        recovery_bank_api.VorderingenStandView.as_view(),
        name="vorderingen-stand",
    ),
    path(
        "vorderingen/<int:pk>/verrekening",
        garnishment_api.VorderingVerrekeningView.as_view(),
        name="vordering-verrekening",
    ),
    path(
        "uitkeringen/<int:pk>/beslagen",
        garnishment_api.BeslagenView.as_view(),
        name="uitkering-beslagen",
    ),
    path(
        "uitkeringen/<int:pk>/directe-betalingen",
        garnishment_api.DirecteBetalingenView.as_view(),
        name="uitkering-directe-betalingen",
    ),
    path(
        "beslagen/<int:pk>/beeindiging",
        garnishment_api.BeslagBeeindigingView.as_view(),
        name="beslag-beeindiging",
    ),
    path(
        "directe-betalingen/<int:pk>/beeindiging",
        garnishment_api.DirecteBetalingBeeindigingView.as_view(),
        name="directe-betaling-beeindiging",
    ),
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("documentatie", views.DocumentationView.as_view(url_name="openapi"), name="api-docs"),
    path("taakuitvoering", organisation_api.TaakuitvoeringView.as_view(), name="taakuitvoering"),
    path(
        "wie-mag-besluiten",
        organisation_api.WieMagBesluitenView.as_view(),
        name="wie-mag-besluiten",
    ),
    path("werkvoorraad", cases_api.WerkvoorraadView.as_view(), name="werkvoorraad"),
    path(
        "teams/<int:pk>/werkvoorraad",
        cases_team_api.TeamWerkvoorraadView.as_view(),
        name="team-werkvoorraad",
    ),
    path(
        "bijstandsberekeningen",
        income_api.BijstandsberekeningView.as_view(),
        name="bijstandsberekeningen",
    ),
    path(
        "uitkeringen/<int:pk>/wijzigingen",
        income_api.UitkeringWijzigingenView.as_view(),
        name="uitkering-wijzigingen",
    ),
    path(
        "uitkeringen/<int:pk>/beeindiging",
        income_api.UitkeringBeeindigingView.as_view(),
        name="uitkering-beeindiging",
    ),
    path(
        "personen/<int:pk>/notities",
        dossier_api.PersoonNotitiesView.as_view(),
        name="persoon-notities",
    ),
    path("notities/<int:pk>", dossier_api.NotitieView.as_view(), name="notitie"),
    path(
        "personen/<int:pk>/documenten",
        dossier_api.PersoonDocumentenView.as_view(),
        name="persoon-documenten",
    ),
    path("documenten/<int:pk>", dossier_api.DocumentView.as_view(), name="api-document"),
    path(
        "documenten/<int:pk>/inhoud",
        dossier_api.DocumentInhoudView.as_view(),
        name="document-inhoud",
    ),
    path(
        "documenten/<int:pk>/intrekking",
        dossier_api.DocumentIntrekkingView.as_view(),
        name="document-intrekking",
    ),
    path(
        "bestuursrapportages/<str:gemeente>/<str:periode>",
        steering_api.BestuursrapportageView.as_view(),
        name="bestuursrapportage",
    ),
    path(
        "jaarcijfers/<str:gemeente>/<str:jaar>",
        steering_api.JaarcijfersView.as_view(),
        name="jaarcijfers",
    ),
    path("kpiwaarden", steering_values_api.KpiwaardenView.as_view(), name="kpiwaarden"),
    path("steekproeven", control_api.SteekproevenView.as_view(), name="steekproeven"),
    path("steekproeven/<int:pk>", control_api.SteekproefView.as_view(), name="steekproef"),
    path(
        "steekproeven/<int:pk>/bevindingen",
        control_api.SteekproefBevindingenView.as_view(),
        name="steekproef-bevindingen",
    ),
    path(
        "kostenverdelingen/<str:jaar>",
        steering_costs_api.KostenverdelingView.as_view(),
        name="kostenverdeling",
    ),
    *router.urls,
    re_path(r"^.*$", views.NotFoundView.as_view(), name="api-not-found"),
]
