"""The KPI catalogue and the 2017 DVO norms, loaded by data migration ``steering/0002``.

The norms are the service norms of the DVO 2017 of Sociale Zaken Maastricht-Heuvelland
(seed ``002_64404f7d5d23d22f.txt``, its last pages, tables 1-7), the best public example.
They are loaded as the norms of every current partner's DVO 2026-2027, so each municipality
can get its own norms in ``/beheer/`` without code changes. Two kinds of 2017 figures are
loaded as *streefwaarde* (comparator ``info``: shown beside the figure, not judged): the
region-wide yearly targets (5,800 applications for bijzondere bijstand, EUR 1,750,000 debtor
receipts, 230 fraud investigations ...), which were set for SZMH as a whole and per year, so
they cannot judge one municipality's four months; and the figures without a norm (caseload,
inflow, outflow), which the DVO asks to report.

Loading is idempotent: KPIs by code, a DVO by municipality and start, a norm by DVO and KPI.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

SOURCE_2017 = (
    "DVO 2017 Sociale Zaken Maastricht-Heuvelland, tabellen servicenormen 1-7 "
    "(normen overgenomen voor de DVO 2026-2027)"
)
DVO_FROM = dt.date(2026, 1, 1)
DVO_UNTIL = dt.date(2027, 12, 31)
# The DVO's reporting calendar (DVO 2017, rapportagekalender): the bestuursrapportage with
# its analysis at most 30 days after its four-month period, the annual figures with the
# analysis of the caseload by 15 March of the next year. Loaded into every partner's DVO
# (Dvo.report_due_days, annual_due_month, annual_due_day), where /beheer/ can change them.
REPORT_DUE_DAYS = 30
ANNUAL_DUE_MONTH, ANNUAL_DUE_DAY = 3, 15
PARTNER_DOMAIN = "participatiewet"

# code, name, definition, unit, direction, computation ("" = entered by hand)
KPIS: list[tuple[str, str, str, str, str, str]] = [
    (
        "tijdig-pw-aanvragen",
        "Tijdig beslist: aanvragen Pw, IOAW, IOAZ en Bbz",
        "Aanvragen algemene bijstand, IOAW, IOAZ en Bbz van inwoners van de gemeente waarop in "
        "de periode is beslist: het deel waarop uiterlijk op de wettelijke beslisdatum "
        "(inclusief verlenging en opschorting) is beslist.",
        "procent",
        "hoger",
        "cases.tijdig-pw-aanvragen",
    ),
    (
        "preventie-instroom",
        "Preventie instroom (poortwachter)",
        "Verschil tussen klantherkenning (meldingen) en de daadwerkelijke instroom in de periode, "
        "als deel van de meldingen.",
        "procent",
        "hoger",
        "",
    ),
    (
        "aandeel-parttime",
        "Aandeel parttime werkenden",
        "Uitkeringen die op de laatste dag van de periode lopen met inkomsten uit arbeid, als "
        "deel van alle uitkeringen die dan lopen.",
        "procent",
        "hoger",
        "income.aandeel-parttime",
    ),
    (
        "uitstroom-regulier-werk",
        "Aandeel (partiële) uitstroom door regulier werk",
        "Uitstroom geheel of gedeeltelijk naar regulier werk in de periode, als deel van de "
        "totale uitstroom.",
        "procent",
        "hoger",
        "",
    ),
    (
        "uitkeringseenheden",
        "Uitkeringseenheden",
        "Lopende uitkeringen (één per huishouden) op de laatste dag van de periode.",
        "aantal",
        "lager",
        "income.uitkeringseenheden",
    ),
    (
        "instroom",
        "Instroom",
        "Uitkeringen die in de periode zijn ingegaan, naar soort aanvraag.",
        "aantal",
        "lager",
        "income.instroom",
    ),
    (
        "uitstroom",
        "Uitstroom",
        "Uitkeringen die in de periode zijn geëindigd (laatste betaaldag in de periode).",
        "aantal",
        "hoger",
        "income.uitstroom",
    ),
    (
        "tijdig-bijzondere-bijstand",
        "Tijdig beslist: bijzondere bijstand",
        "Aanvragen bijzondere bijstand waarop in de periode is beslist: het deel waarop "
        "uiterlijk op de wettelijke beslisdatum is beslist.",
        "procent",
        "hoger",
        "cases.tijdig-bijzondere-bijstand",
    ),
]


def _scheme(code: str, name: str, what: str) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (
            f"aanvragen-{code}",
            f"{name}: aanvragen",
            f"Aanvragen {what} van inwoners van de gemeente, ontvangen in de periode.",
            "aantal",
            "hoger",
            f"cases.aanvragen-{code}",
        ),
        (
            f"toegekend-{code}",
            f"{name}: toekenningspercentage",
            f"Aanvragen {what} waarop in de periode is beslist: het deel dat is toegekend.",
            "procent",
            "hoger",
            f"cases.toegekend-{code}",
        ),
    ]


KPIS += [
    *_scheme("bijzondere-bijstand", "Bijzondere bijstand", "bijzondere bijstand"),
    *_scheme("declaratieregeling", "Declaratieregelingen", "declaratieregeling (minimabeleid)"),
    *_scheme("inkomenstoeslag", "Individuele inkomenstoeslag", "individuele inkomenstoeslag"),
    *_scheme("zorgverzekering", "Collectieve zorgverzekering", "collectieve zorgverzekering"),
    (
        "tijdig-kinderopvang",
        "Tijdig beslist: tegemoetkoming kinderopvang",
        "Aanvragen tegemoetkoming kinderopvang (sociaal-medische indicatie) waarop in de periode "
        "is beslist: het deel waarop uiterlijk op de wettelijke beslisdatum is beslist.",
        "procent",
        "hoger",
        "cases.tijdig-kinderopvang",
    ),
    (
        "uitstroom-werk-av80",
        "Beïnvloedbare uitstroom naar betaald werk, arbeidsvermogen 80-100%",
        "Uitstroom geheel of gedeeltelijk naar werk van het bestand ingedeeld in arbeidsvermogen "
        "80-100%, als deel van die groep.",
        "procent",
        "hoger",
        "",
    ),
    (
        "uitstroom-werk-av30",
        "Beïnvloedbare uitstroom naar betaald werk, arbeidsvermogen 30-80%",
        "Uitstroom geheel of gedeeltelijk naar werk van het bestand ingedeeld in arbeidsvermogen "
        "30-80%, als deel van die groep.",
        "procent",
        "hoger",
        "",
    ),
    (
        "participatie-av80",
        "Participatie bij arbeidsvermogen 80-100%",
        "Deel van het bestand in arbeidsvermogen 80-100% dat deelneemt aan participatie"
        "voorzieningen (incl. beschut werk, excl. vrijwilligerswerk, mantelzorg en diagnose).",
        "procent",
        "hoger",
        "",
    ),
    (
        "participatie-av1",
        "Participatie bij arbeidsvermogen 1-80%",
        "Deel van het bestand in arbeidsvermogen 1-80% dat deelneemt aan participatie"
        "voorzieningen (incl. beschut werk, excl. vrijwilligerswerk, mantelzorg en diagnose).",
        "procent",
        "hoger",
        "",
    ),
    (
        "klantwaardering",
        "Algehele klantwaardering",
        "Het gemiddelde rapportcijfer uit het klanttevredenheidsonderzoek (ten minste eens per "
        "twee jaar).",
        "cijfer",
        "hoger",
        "",
    ),
    (
        "tijdig-betaald",
        "Tijdig betaalbaar gesteld",
        "Reguliere betalingen van de maanden in de periode: het deel dat is vrijgegeven in een "
        "betaalrun uiterlijk op de betaaldatum van die maand.",
        "procent",
        "hoger",
        "income.tijdig-betaald",
    ),
    (
        "debiteuren-ideel",
        "Debiteurenontvangsten gebundeld I-deel",
        "Ontvangsten op vorderingen (inkomensdeel) in de periode, in euro.",
        "bedrag",
        "hoger",
        "recovery.debiteuren-ideel",
    ),
    (
        "debiteuren-bijzondere-bijstand",
        "Debiteurenontvangsten bijzondere bijstand",
        "Ontvangsten op vorderingen bijzondere bijstand in de periode, in euro.",
        "bedrag",
        "hoger",
        "recovery.debiteuren-bijzondere-bijstand",
    ),
    (
        "fraudeonderzoeken",
        "Afgehandelde fraudeonderzoeken",
        "Fraudeonderzoeken afgerond in de periode, elke uitkomst (geen fraude, bestuurlijk of "
        "strafrechtelijk afgedaan), met het aantal strafrechtelijk: met proces-verbaal naar het "
        "Openbaar Ministerie.",
        "aantal",
        "hoger",
        "enforcement.fraudeonderzoeken",
    ),
    (
        "fraude-opgeboekt",
        "Bedrag onherroepelijk opgeboekt na fraudeonderzoek",
        "Geconstateerde en opgelegde vorderingen door de sociale recherche in de periode, in euro.",
        "bedrag",
        "hoger",
        "",
    ),
    (
        "fraude-geind",
        "Geïnde fraudevorderingen",
        "Ontvangsten op fraudevorderingen in de periode, in euro.",
        "bedrag",
        "hoger",
        "",
    ),
    (
        "tijdig-bezwaar",
        "Tijdig beslist: bezwaar",
        "Bezwaren waarop in de periode is beslist (niet ingetrokken): het deel waarop uiterlijk "
        "op de wettelijke beslisdatum (art. 7:10 Awb, inclusief verdaging, uitstel met "
        "instemming en opschorting voor herstel verzuim) is beslist.",
        "procent",
        "hoger",
        "objections.tijdig-beslist",
    ),
    (
        "gegronde-bezwaren",
        "Gegronde bezwaren",
        "Bezwaren waarop in de periode is beslist (niet ingetrokken): het deel dat gegrond of "
        "deels gegrond is verklaard.",
        "procent",
        "lager",
        "objections.gegrond",
    ),
    (
        "gegronde-klachten",
        "Gegronde klachten",
        "Klachten afgehandeld in de periode: het deel dat gegrond is verklaard. Alle "
        "afgehandelde klachten tellen mee, ook die niet in behandeling zijn genomen (art. 9:8 "
        "Awb) of naar tevredenheid zijn opgelost (art. 9:5 Awb).",
        "procent",
        "lager",
        "complaints.gegrond",
    ),
    (
        "foutscore",
        "Foutscore rechtmatigheid",
        "Het foutpercentage uit de dossiercontrole op rechtmatigheid (interne controle): het "
        "foutbedrag gedeeld door het totaal betaalde bedrag in de gecontroleerde populatie.",
        "procent",
        "lager",
        "control.foutscore",
    ),
    (
        "co-creatie",
        "Deelname beleidsoverleg co-creatie",
        "Aantal beleidsoverleggen (co-creatie) met de gemeente in de periode.",
        "aantal",
        "hoger",
        "",
    ),
]

REGION = "regiobreed jaardoel 2017, niet per gemeente en per periode"
# kpi code -> (comparator, value, note)
NORMS_2017: dict[str, tuple[str, str | None, str]] = {
    "tijdig-pw-aanvragen": (">", "85", "> 85% binnen de wettelijke norm"),
    "preventie-instroom": (">=", "40", "40%"),
    "aandeel-parttime": (">=", "11", "11%"),
    "uitstroom-regulier-werk": (">=", "33", "33%"),
    "uitkeringseenheden": ("info", None, "prognose per gemeente in de DVO"),
    "instroom": ("info", None, ""),
    "uitstroom": ("info", None, ""),
    "tijdig-bijzondere-bijstand": (">", "85", "> 85% binnen de wettelijke norm"),
    "aanvragen-bijzondere-bijstand": ("info", "5800", REGION),
    "toegekend-bijzondere-bijstand": (">=", "70", "toekenningspercentage 70%"),
    "aanvragen-declaratieregeling": ("info", "6300", f"huishoudens; {REGION}"),
    "toegekend-declaratieregeling": (">=", "80", "toekenningspercentage 80%"),
    "aanvragen-inkomenstoeslag": ("info", "3800", REGION),
    "toegekend-inkomenstoeslag": (">=", "70", "toekenningspercentage 70%"),
    "aanvragen-zorgverzekering": ("info", "3100", f"deelnemers; {REGION}"),
    "toegekend-zorgverzekering": (">=", "75", "toekenningspercentage 75%"),
    "tijdig-kinderopvang": (">", "85", "> 85% binnen de wettelijke norm"),
    "uitstroom-werk-av80": (">=", "50", "50% van de groep"),
    "uitstroom-werk-av30": (">=", "16", "16% van de groep"),
    "participatie-av80": (">=", "20", "20% van de groep"),
    "participatie-av1": (">=", "15", "15% van de groep"),
    "klantwaardering": (">=", "7.0", "minimaal 7,0; ten minste eens per twee jaar"),
    "tijdig-betaald": (">=", "100", "100%"),
    "debiteuren-ideel": ("info", "1750000", REGION),
    "debiteuren-bijzondere-bijstand": ("info", "400000", REGION),
    "fraudeonderzoeken": ("info", "230", f"waarvan 1 strafrechtelijk; {REGION}"),
    "fraude-opgeboekt": ("info", "700000", REGION),
    "fraude-geind": ("info", "300000", REGION),
    "tijdig-bezwaar": (">", "85", "> 85% binnen de wettelijke termijn"),
    "gegronde-bezwaren": ("<", "25", "< 25% van de ingediende bezwaren"),
    "gegronde-klachten": ("<", "10", "< 10% van de ingediende klachten"),
    "foutscore": ("<", "1", "< 1%"),
    "co-creatie": (
        ">=",
        "4",
        "minimaal maandelijks: vier per periode van vier maanden, twaalf per jaar",
    ),
}
# kpi code -> the norm's value over the whole year, where it is a count per period: the
# percentages and the yearly streefwaarden keep their value in the annual figures.
ANNUAL_NORMS_2017: dict[str, str] = {"co-creatie": "12"}


def _models(apps: Any) -> tuple[Any, ...]:
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    return tuple(
        apps.get_model(*name.split("."))
        for name in (
            "steering.Kpi",
            "steering.Dvo",
            "steering.DvoNorm",
            "organisation.Municipality",
            "organisation.ContractedTask",
            "organisation.Membership",
        )
    )


def load_catalogue(apps: Any = None) -> int:
    """Create or update the KPIs; returns the number in the catalogue."""
    Kpi = _models(apps)[0]
    for order, (code, name, definition, unit, direction, computation) in enumerate(KPIS, 1):
        Kpi.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "definition": definition,
                "unit": unit,
                "direction": direction,
                "computation": computation,
                "source": "DVO 2017 SZMH" if code in NORMS_2017 else "",
                "order": order * 10,
            },
        )
    return len(KPIS)


def partners(apps: Any = None, day: dt.date = DVO_FROM) -> list[Any]:
    """The partners on ``day``: municipalities whose Participatiewet is executed under a
    gemeenschappelijke regeling of which they are a member that day (the rule of
    :func:`samen.organisation.services.executes`, on the migration's models)."""
    _kpi, _dvo, _norm, Municipality, ContractedTask, Membership = _models(apps)
    found = []
    for municipality in Municipality.objects.order_by("name"):
        tasks = ContractedTask.objects.filter(
            municipality=municipality,
            domain__code=PARTNER_DOMAIN,
            basis="gr",
            valid_from__lte=day,
        ).exclude(valid_until__lt=day)
        for task in tasks:
            member = (
                Membership.objects.filter(
                    municipality=municipality,
                    arrangement_id=task.arrangement_id,
                    valid_from__lte=day,
                )
                .exclude(valid_until__lt=day)
                .exists()
            )
            if member:
                found.append(municipality)
                break
    return found


def load_partner_dvos(apps: Any = None) -> int:
    """Give every partner on 1 January 2026 a DVO 2026-2027 with the 2017 norms (a partner
    that already has a DVO starting that day keeps it and its norms). Returns the number of
    DVOs created."""
    load_catalogue(apps)
    Kpi, Dvo, DvoNorm, *_rest = _models(apps)
    kpis = {k.code: k for k in Kpi.objects.all()}
    # Migration 0002 runs this on models without the reporting calendar and annual norms
    # (0006 adds them and fills them for the DVOs made here).
    calendar = {
        "report_due_days": REPORT_DUE_DAYS,
        "annual_due_month": ANNUAL_DUE_MONTH,
        "annual_due_day": ANNUAL_DUE_DAY,
    }
    dvo_fields = {f.name for f in Dvo._meta.get_fields()}
    has_annual = "annual_value" in {f.name for f in DvoNorm._meta.get_fields()}
    created = 0
    for municipality in partners(apps):
        dvo, new = Dvo.objects.get_or_create(
            municipality=municipality,
            valid_from=DVO_FROM,
            defaults={
                "valid_until": DVO_UNTIL,
                "name": f"DVO 2026-2027 {municipality.name}",
                "source": SOURCE_2017,
                **{k: v for k, v in calendar.items() if k in dvo_fields},
            },
        )
        created += int(new)
        if not new:
            continue
        for code, (comparator, value, note) in NORMS_2017.items():
            defaults: dict[str, Any] = {
                "comparator": comparator,
                "value": Decimal(value) if value is not None else None,
                "note": note,
            }
            if has_annual and code in ANNUAL_NORMS_2017:
                defaults["annual_value"] = Decimal(ANNUAL_NORMS_2017[code])
            DvoNorm.objects.get_or_create(dvo=dvo, kpi=kpis[code], defaults=defaults)
    return created


def load_annual_norms(apps: Any = None) -> int:
    """Give the norms of the DVOs loaded from the 2017 table, which have no annual value
    yet, the annual value of :data:`ANNUAL_NORMS_2017` (and its note); returns the number
    changed."""
    _kpi, Dvo, DvoNorm, *_rest = _models(apps)
    changed = 0
    for code, value in ANNUAL_NORMS_2017.items():
        changed += DvoNorm.objects.filter(
            dvo__source=SOURCE_2017, kpi__code=code, annual_value__isnull=True
        ).update(annual_value=Decimal(value), note=NORMS_2017[code][2])
    return changed


GROWTH_FROM = dt.date(2017, 1, 1)
GROWTH_RATE = Decimal("1.15")
GROWTH_SOURCE = (
    "DVO 2017, prognose uitkeringseenheden: verwachte landelijke stijging van 1,15 % waarop "
    "het macrobudget is gebaseerd (het laatste bekende percentage; vervang het in /beheer/ "
    "als een nieuwer macrobudget een ander noemt)"
)


def load_growth_rate(apps: Any = None) -> bool:
    """The 1.15 % of the 2017 DVO, from 2017 on, unless a rate already starts that day."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    GrowthRate = apps.get_model("steering", "GrowthRate")
    _rate, created = GrowthRate.objects.get_or_create(
        valid_from=GROWTH_FROM, defaults={"rate": GROWTH_RATE, "source": GROWTH_SOURCE}
    )
    return bool(created)
