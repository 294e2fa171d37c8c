"""Demo data that tells the story of the seeds (Sociale Zaken Maastricht-Heuvelland).

- Maastricht is centrumgemeente of the GR SZMH since 2016-01-01.
- Eijsden-Margraten was a member from 2016-01-01; it is no longer named in the amended GR in
  force since 10 April 2025, so here it leaves on 2025-04-09 (**illustrative date**).
- Gulpen-Wittem, Meerssen, Vaals and Valkenburg aan de Geul are members; their 2026 mandates
  were adopted on 2026-01-27 with effect from 2026-01-01.
- Wmo and Jeugd: Maastricht (its own task) and Valkenburg aan de Geul (by contract since
  2016). Onderwijs: all municipalities, through a separate GR.
- 10 areas (5 in Maastricht by the social map, 5 in the Heuvelland by municipal border).

Loading is idempotent: everything is looked up by its natural key first, so loading twice
changes nothing. Demo users only exist, and can only log in, in demo mode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from samen.organisation import services
from samen.organisation.models import (
    Appointment,
    Area,
    Arrangement,
    ContractedTask,
    DecisionType,
    Domain,
    Function,
    Mandate,
    Membership,
    Municipality,
    RecordedDecision,
    Staff,
    Team,
)

DEMO_PASSWORD = "samen-demo-2026"  # noqa: S105  (documented demo password, demo mode only)

D = dt.date
GR_START = D(2016, 1, 1)
EM_LEFT = D(2025, 4, 9)  # illustrative: the amended GR of 10 April 2025 no longer names it
MANDATES_2026_ADOPTED = D(2026, 1, 27)
MANDATES_2026_FROM = D(2026, 1, 1)
OLD_UNTIL = D(2025, 12, 31)

MUNICIPALITIES = [
    # cbs, name, postal address, visiting address, phone, website
    (
        "GM0935",
        "Maastricht",
        "Postbus 1992, 6201 BZ Maastricht",
        "Mosae Forum 10, 6211 DW Maastricht",
        "14 043",
        "https://www.gemeentemaastricht.nl",
    ),
    ("GM0938", "Meerssen", "", "", "", "https://www.meerssen.nl"),
    ("GM0981", "Vaals", "", "", "", "https://www.vaals.nl"),
    ("GM0994", "Valkenburg aan de Geul", "", "", "", "https://www.valkenburg.nl"),
    ("GM1729", "Gulpen-Wittem", "", "", "", "https://www.gulpen-wittem.nl"),
    ("GM1903", "Eijsden-Margraten", "", "", "", "https://www.eijsden-margraten.nl"),
]
PARTNERS = ["GM1729", "GM0938", "GM0981", "GM0994"]
GR_DOMAINS = ["participatiewet", "minima", "reintegratie", "kinderopvang"]

AREAS = [
    ("maastricht-noordoost", "Maastricht Noordoost", "GM0935"),
    ("maastricht-noordwest", "Maastricht Noordwest", "GM0935"),
    ("maastricht-centrum", "Maastricht Centrum", "GM0935"),
    ("maastricht-zuidoost", "Maastricht Zuidoost", "GM0935"),
    ("maastricht-zuidwest", "Maastricht Zuidwest", "GM0935"),
    ("eijsden-margraten", "Eijsden-Margraten", "GM1903"),
    ("gulpen-wittem", "Gulpen-Wittem", "GM1729"),
    ("meerssen", "Meerssen", "GM0938"),
    ("vaals", "Vaals", "GM0981"),
    ("valkenburg", "Valkenburg aan de Geul", "GM0994"),
]

TEAMS = [
    (
        "Team Inkomen Maastricht Noord",
        "participatiewet",
        ["maastricht-noordoost", "maastricht-noordwest"],
    ),
    (
        "Team Inkomen Maastricht Zuid",
        "participatiewet",
        ["maastricht-centrum", "maastricht-zuidoost", "maastricht-zuidwest"],
    ),
    (
        "Team Inkomen Heuvelland",
        "participatiewet",
        ["eijsden-margraten", "gulpen-wittem", "meerssen", "vaals", "valkenburg"],
    ),
    ("Team Minima en Bijzondere Bijstand", "minima", []),
    ("Team Werk", "reintegratie", []),
    ("Team Handhaving", "participatiewet", []),
    ("Team Bezwaar en Kwaliteit", "participatiewet", []),
    ("Team Administratie", "participatiewet", []),
    ("Team Wmo en Jeugd", "wmo", ["maastricht-centrum", "valkenburg"]),
    ("Team Leerplicht en Leerlingenvervoer", "onderwijs", []),
]

FUNCTIONS = [
    ("manager-sz", "Manager Sociale Zekerheid (directeur SZMH)"),
    ("teammanager", "Teammanager"),
    ("consulent", "Consulent"),
    ("consulent-wmo", "Consulent Wmo en Jeugd"),
    ("leerplichtambtenaar", "Leerplichtambtenaar"),
    ("toetser", "Toetser"),
    ("administratie", "Medewerker administratie"),
    ("handhaver", "Handhaver (sociale recherche)"),
    ("jurist", "Jurist bezwaar en beroep"),
    ("interne-controle", "Medewerker interne controle"),
    ("functioneel-beheerder", "Functioneel beheerder"),
    ("contactpersoon", "Contactpersoon partnergemeente"),
    ("fg", "Functionaris gegevensbescherming"),
]

# role (Django group) -> (permission codenames, is_staff for the admin)
VIEW_ORG = [
    "view_municipality",
    "view_arrangement",
    "view_membership",
    "view_domain",
    "view_contractedtask",
    "view_area",
    "view_team",
    "view_function",
    "view_decisiontype",
    "view_mandate",
]
ROLES: dict[str, tuple[list[str], bool]] = {
    "Consulent": (VIEW_ORG, False),
    "Teammanager": ([*VIEW_ORG, "view_staff", "view_recordeddecision"], False),
    "Toetser": ([*VIEW_ORG, "view_recordeddecision"], False),
    "Administratie": (VIEW_ORG, False),
    "Handhaving": (VIEW_ORG, False),
    "Jurist": ([*VIEW_ORG, "view_recordeddecision"], False),
    "Interne controle": ([*VIEW_ORG, "view_staff", "view_recordeddecision"], False),
    "Directeur": ([*VIEW_ORG, "view_staff", "view_recordeddecision"], False),
    "Contactpersoon gemeente": (
        [
            "view_municipality",
            "view_domain",
            "view_contractedtask",
            "view_mandate",
            "view_decisiontype",
        ],
        False,
    ),
    "Functionaris gegevensbescherming": ([*VIEW_ORG, "view_staff"], False),
    "Functioneel beheer": (
        [
            *VIEW_ORG,
            "view_staff",
            "view_recordeddecision",
            "view_cbsmunicipalitycode",
            "add_municipality",
            "change_municipality",
            "add_arrangement",
            "change_arrangement",
            "add_membership",
            "change_membership",
            "add_contractedtask",
            "change_contractedtask",
            "add_area",
            "change_area",
            "add_team",
            "change_team",
            "add_function",
            "change_function",
            "add_staff",
            "change_staff",
            "add_appointment",
            "change_appointment",
            "view_appointment",
            "add_decisiontype",
            "change_decisiontype",
            "add_mandate",
            "change_mandate",
        ],
        True,
    ),
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: str
    function: str
    team: str | None
    employer: str
    may: str


DEMO_USERS = [
    DemoUser(
        "directeur",
        "Mirjam Hendriks",
        "Directeur",
        "manager-sz",
        None,
        "GM0935",
        "Directeur SZMH: alle stuurinformatie, mandaatregister en controle; neemt elk "
        "besluit in mandaat.",
    ),
    DemoUser(
        "teammanager",
        "Ruud Lemmens",
        "Teammanager",
        "teammanager",
        "Team Inkomen Heuvelland",
        "GM0935",
        "Teammanager Inkomen Heuvelland: werkvoorraad van het team, besluiten in ondermandaat.",
    ),
    DemoUser(
        "consulent.maastricht",
        "Anouk Custers",
        "Consulent",
        "consulent",
        "Team Inkomen Maastricht Zuid",
        "GM0935",
        "Consulent voor Maastrichtse inwoners (Participatiewet).",
    ),
    DemoUser(
        "consulent.vaals",
        "Bram Vliegen",
        "Consulent",
        "consulent",
        "Team Inkomen Heuvelland",
        "GM0935",
        "Consulent voor inwoners van Vaals (Participatiewet).",
    ),
    DemoUser(
        "consulent.wmo",
        "Sanne Ramakers",
        "Consulent",
        "consulent-wmo",
        "Team Wmo en Jeugd",
        "GM0935",
        "Consulent Wmo en Jeugd voor Maastricht en Valkenburg aan de Geul.",
    ),
    DemoUser(
        "leerplicht",
        "Koen Janssen",
        "Consulent",
        "leerplichtambtenaar",
        "Team Leerplicht en Leerlingenvervoer",
        "GM0935",
        "Leerplichtambtenaar voor alle gemeenten.",
    ),
    DemoUser(
        "toetser",
        "Ellen Brouwers",
        "Toetser",
        "toetser",
        "Team Bezwaar en Kwaliteit",
        "GM0935",
        "Toetser: controleert besluiten van consulenten.",
    ),
    DemoUser(
        "administratie",
        "Jos Kurvers",
        "Administratie",
        "administratie",
        "Team Administratie",
        "GM0935",
        "Administratie: uitkeringsadministratie.",
    ),
    DemoUser(
        "handhaving",
        "Linda Moonen",
        "Handhaving",
        "handhaver",
        "Team Handhaving",
        "GM0935",
        "Handhaver/sociaal rechercheur: fraudeonderzoek, terugvordering en boete.",
    ),
    DemoUser(
        "jurist",
        "Pieter Smeets",
        "Jurist",
        "jurist",
        "Team Bezwaar en Kwaliteit",
        "GM0935",
        "Jurist: bezwaar en beroep, beslissingen op bezwaar.",
    ),
    DemoUser(
        "internecontrole",
        "Ingrid Wolfs",
        "Interne controle",
        "interne-controle",
        None,
        "GM0935",
        "Interne controle: steekproeven op rechtmatigheid, mandaatcontrole.",
    ),
    DemoUser(
        "beheerder",
        "Tom Habets",
        "Functioneel beheer",
        "functioneel-beheerder",
        None,
        "GM0935",
        "Functioneel beheer: organisatie, mandaten en configuratie in het "
        "beheerscherm; geen inzage in dossiers.",
    ),
    DemoUser(
        "fg",
        "Noor Bemelmans",
        "Functionaris gegevensbescherming",
        "fg",
        None,
        "GM0935",
        "Functionaris gegevensbescherming: toezicht op toegang, geen dossierinhoud.",
    ),
    DemoUser(
        "contact.gulpen-wittem",
        "Hanneke Ortmans",
        "Contactpersoon gemeente",
        "contactpersoon",
        None,
        "GM1729",
        "Contactpersoon Gulpen-Wittem: cijfers en rapportages van de eigen gemeente.",
    ),
    DemoUser(
        "contact.meerssen",
        "Wim Dassen",
        "Contactpersoon gemeente",
        "contactpersoon",
        None,
        "GM0938",
        "Contactpersoon Meerssen: cijfers en rapportages van de eigen gemeente.",
    ),
    DemoUser(
        "contact.vaals",
        "Claudia Franssen",
        "Contactpersoon gemeente",
        "contactpersoon",
        None,
        "GM0981",
        "Contactpersoon Vaals: cijfers en rapportages van de eigen gemeente.",
    ),
    DemoUser(
        "contact.valkenburg",
        "Marcel Huijnen",
        "Contactpersoon gemeente",
        "contactpersoon",
        None,
        "GM0994",
        "Contactpersoon Valkenburg aan de Geul: cijfers en rapportages van de eigen gemeente.",
    ),
]

# Sub-mandates of the Manager Sociale Zekerheid, per receiving function.
SUBMANDATES = {
    "teammanager": None,  # everything the manager holds
    "consulent": [
        "pw-algemene-bijstand",
        "pw-herziening-intrekking",
        "ioaw-uitkering",
        "ioaz-uitkering",
        "bijzondere-bijstand",
        "individuele-inkomenstoeslag",
        "declaratieregeling",
        "collectieve-zorgverzekering",
        "reintegratievoorziening",
        "kinderopvang-smi",
    ],
    "handhaver": [
        "pw-terugvordering",
        "pw-dwangbevel",
        "pw-afzien-terugvordering",
        "minima-terugvordering",
        "minima-dwangbevel",
        "minima-afzien-terugvordering",
        "pw-boete",
        "pw-herziening-intrekking",
    ],
    "jurist": ["pw-beslissing-op-bezwaar"],
    "consulent-wmo": ["wmo-maatwerkvoorziening", "jeugdhulp"],
    "leerplichtambtenaar": ["leerplicht-vrijstelling", "leerlingenvervoer"],
}


@dataclass(frozen=True)
class Generation:
    """One generation of mandate decisions (the 2016 set and the 2026 set)."""

    label: str
    adopted_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    retroactive: bool
    submandate_adopted_on: dt.date


GENERATIONS = [
    Generation("2016", D(2015, 12, 15), GR_START, OLD_UNTIL, False, D(2015, 12, 21)),
    Generation("2026", MANDATES_2026_ADOPTED, MANDATES_2026_FROM, None, True, D(2026, 2, 2)),
]


def refuse_outside_demo_mode() -> None:
    if not settings.DEMO_MODE or settings.PRODUCTION:
        raise ImproperlyConfigured(
            "Demogegevens kunnen alleen in demomodus worden geladen (SAMEN_DEMO=1, niet in "
            "productie)."
        )


@transaction.atomic
def load_demo() -> list[DemoUser]:
    """Load (or complete) the demo organisation. Returns the demo users."""
    muni = _municipalities()
    domains = {d.code: d for d in Domain.objects.all()}
    types = {t.code: t for t in DecisionType.objects.select_related("domain")}
    arrangements = _arrangements(muni)
    _memberships_and_tasks(muni, domains, arrangements)
    areas = _areas(muni)
    teams = _teams(domains, areas)
    functions = {
        code: Function.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FUNCTIONS
    }
    groups = _roles()
    staff = _staff(muni, functions, teams, groups)
    _mandates(muni, functions, types)
    _recorded_decisions(muni, types, staff)
    return DEMO_USERS


def _municipalities() -> dict[str, Municipality]:
    result = {}
    for code, name, postal, visiting, phone, website in MUNICIPALITIES:
        found = Municipality.objects.filter(cbs_code=code).first()
        if found is None:
            found = services.save_municipality(
                Municipality(
                    cbs_code=code,
                    name=name,
                    postal_address=postal,
                    visiting_address=visiting,
                    phone=phone,
                    website=website,
                    # all SZMH municipalities lie in the arrondissement Limburg (Awb 8:7)
                    court="Rechtbank Limburg, sector bestuursrecht",
                    court_address="Postbus 950, 6040 AZ Roermond",
                )
            )
        result[code] = found
    return result


def _arrangements(muni: dict[str, Municipality]) -> dict[str, Arrangement]:
    specs = {
        "szmh": dict(
            name="Gemeenschappelijke regeling Gezamenlijke uitvoeringsorganisatie Sociale Zaken "
            "Maastricht-Heuvellandgemeenten",
            short_name="GR SZMH",
            kind=Arrangement.Kind.CENTRUMGEMEENTE,
            legal_reference="Centrumregeling, gewijzigd in werking sinds 10 april 2025",
        ),
        "valkenburg-wmo": dict(
            name="Contract uitvoering Wmo en Jeugd Valkenburg aan de Geul",
            short_name="Contract Wmo/Jeugd Valkenburg",
            kind=Arrangement.Kind.CONTRACT,
            legal_reference="Dienstverleningscontract sinds 2016",
        ),
        "onderwijs": dict(
            name="Gemeenschappelijke regeling Onderwijs Maastricht-Heuvelland "
            "(leerplicht, leerlingenvervoer, RMC, VSV)",
            short_name="GR Onderwijs",
            kind=Arrangement.Kind.CENTRUMGEMEENTE,
            legal_reference="Afzonderlijke gemeenschappelijke regeling (illustratief)",
        ),
    }
    result = {}
    for key, spec in specs.items():
        found = Arrangement.objects.filter(name=spec["name"]).first()
        if found is None:
            found = Arrangement(executing_municipality=muni["GM0935"], valid_from=GR_START, **spec)
            found.full_clean()
            found.save()
        result[key] = found
    return result


def _memberships_and_tasks(
    muni: dict[str, Municipality], domains: dict[str, Domain], arr: dict[str, Arrangement]
) -> None:
    def membership(
        arrangement: Arrangement, code: str, until: dt.date | None, note: str = ""
    ) -> None:
        if not Membership.objects.filter(arrangement=arrangement, municipality=muni[code]).exists():
            services.save_membership(
                Membership(
                    arrangement=arrangement,
                    municipality=muni[code],
                    valid_from=GR_START,
                    valid_until=until,
                    note=note,
                )
            )

    def task(
        code: str,
        domain: str,
        basis: str,
        arrangement: Arrangement | None,
        start: dt.date,
        until: dt.date | None,
        reference: str,
    ) -> None:
        if not ContractedTask.objects.filter(
            municipality=muni[code], domain=domains[domain], valid_from=start
        ).exists():
            services.save_contracted_task(
                ContractedTask(
                    municipality=muni[code],
                    domain=domains[domain],
                    basis=basis,
                    arrangement=arrangement,
                    valid_from=start,
                    valid_until=until,
                    reference=reference,
                )
            )

    for code, *_ in MUNICIPALITIES:
        left = EM_LEFT if code == "GM1903" else None
        note = (
            (
                "Uitgetreden; de gewijzigde GR van 10 april 2025 noemt Eijsden-Margraten niet "
                "meer (einddatum illustratief)."
            )
            if left
            else ""
        )
        membership(arr["szmh"], code, left, note)
        membership(arr["onderwijs"], code, None)
        for domain in GR_DOMAINS:
            if left:
                task(code, domain, "gr", arr["szmh"], GR_START, left, "DVO 2016")
            else:
                task(code, domain, "gr", arr["szmh"], GR_START, OLD_UNTIL, "DVO 2016")
                task(code, domain, "gr", arr["szmh"], MANDATES_2026_FROM, None, "DVO 2026-2027")
        task(code, "onderwijs", "gr", arr["onderwijs"], GR_START, None, "GR Onderwijs")
    for domain in ("wmo", "jeugd"):
        task("GM0935", domain, "eigen", None, GR_START, None, "Eigen taak Maastricht")
        task(
            "GM0994",
            domain,
            "contract",
            arr["valkenburg-wmo"],
            GR_START,
            None,
            "Contract Wmo en Jeugd sinds 2016",
        )


def _areas(muni: dict[str, Municipality]) -> dict[str, Area]:
    return {
        code: Area.objects.get_or_create(
            code=code, defaults={"name": name, "municipality": muni[cbs]}
        )[0]
        for code, name, cbs in AREAS
    }


def _teams(domains: dict[str, Domain], areas: dict[str, Area]) -> dict[str, Team]:
    result = {}
    for name, domain, area_codes in TEAMS:
        team, created = Team.objects.get_or_create(name=name, defaults={"domain": domains[domain]})
        if created:
            team.areas.set([areas[c] for c in area_codes])
        result[name] = team
    return result


def _roles() -> dict[str, Group]:
    result = {}
    for role, (codenames, _is_staff) in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="organisation", codename__in=codenames
            )
        )
        if role in ("Administratie", "Directeur"):
            # The monthly payment run: figures per municipality, no personal data. Four eyes:
            # administration starts a run and downloads its files, the Manager SZ (directeur)
            # releases it (docs/income.md).
            codes = ["view_paymentrun"] + (
                ["add_paymentrun"] if role == "Administratie" else ["release_paymentrun"]
            )
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="income", codename__in=codes)
            )
        if role == "Administratie":
            # Bank statements (camt.053) and the worklist of unknown receipts; which claims
            # a receipt may be booked on is still the access policy's (docs/recovery.md).
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="recovery",
                    codename__in=["add_bankstatement", "view_bankstatement"],
                )
            )
        if role in ("Functioneel beheer", "Directeur"):
            # Grants: functional management proposes, the director approves (four eyes; see
            # docs/privacy.md). Both see the grants; neither can change one in admin.
            right = "manage_grants" if role == "Functioneel beheer" else "approve_grants"
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="access", codename__in=[right, "view_grant"]
                )
            )
        if role in ("Jurist", "Teammanager"):
            # Objections in the menu (samen.web.context): the jurists handle them, the team
            # manager follows them. What they may read is still the access policy's.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="objections", codename="view_objection"
                )
            )
            # Complaints in the menu too: the same team handles and follows them.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="complaints", codename="view_complaint"
                )
            )
        if role in ("Handhaving", "Teammanager"):
            # Fines in the menu (samen.web.context): enforcement records and decides them,
            # the team manager follows them. What they may read is still the access policy's.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="sanctions", codename="view_fine"
                )
            )
        if role in ("Handhaving", "Administratie"):
            # The Inlichtingenbureau's signals in the menu (samen.enforcement): they read the
            # files in and follow the terms; consulents see their clients' signals among the
            # aandachtspunten. What they may read is still the access policy's.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="enforcement", codename="view_signal"
                )
            )
        if role == "Toetser":
            # Four-eyes review (samen.review): the worklist in the menu and the verdict. What
            # she may read is still the access policy's.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="review", codename__in=["view_review", "add_review"]
                )
            )
        if role == "Functioneel beheer":
            # Case types and letter templates are configuration, not case contents.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="cases",
                    content_type__model__in=["casetype", "lettertemplate"],
                )
            )
            # The coded reasons for ending a benefit are a reference list.
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="income", content_type__model="endreason"
                )
            )
            # The body texts of letters that are no decisions, and the kinds' names.
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="correspondence").filter(
                    content_type__model="bodytemplate"
                ),
                *Permission.objects.filter(
                    content_type__app_label="correspondence",
                    codename__in=["view_letterkind", "change_letterkind"],
                ),
            )
        result[role] = group
    return result


def _staff(
    muni: dict[str, Municipality],
    functions: dict[str, Function],
    teams: dict[str, Team],
    groups: dict[str, Group],
) -> dict[str, Staff]:
    User = get_user_model()
    result = {}
    for number, demo in enumerate(DEMO_USERS, start=1):
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = User(
                username=demo.username,
                first_name=demo.name.split(" ")[0],
                last_name=demo.name.split(" ", 1)[1],
            )
            user.set_password(DEMO_PASSWORD)
            user.is_staff = ROLES[demo.role][1]
            user.save()
            user.groups.set([groups[demo.role]])
        staff = Staff.objects.filter(user=user).first()
        if staff is None:
            staff = Staff.objects.create(
                user=user,
                employee_number=f"D{number:04d}",
                name=demo.name,
                employer=muni[demo.employer],
                is_demo=True,
            )
            appointment = Appointment(
                staff=staff,
                function=functions[demo.function],
                team=teams[demo.team] if demo.team else None,
                valid_from=GR_START,
            )
            appointment.full_clean()
            appointment.save()
        result[demo.username] = staff
    return result


def _mandate(
    title: str,
    types: list[DecisionType],
    generation: Generation,
    valid_until: dt.date | None = None,
    adopted_on: dt.date | None = None,
    **parties: object,
) -> None:
    if Mandate.objects.filter(title=title).exists():
        return
    services.save_mandate(
        Mandate(
            title=title,
            adopted_on=adopted_on or generation.adopted_on,
            valid_from=generation.valid_from,
            valid_until=valid_until if valid_until is not None else generation.valid_until,
            retroactive_allowed=generation.retroactive,
            legal_reference=f"{title}, vastgesteld {adopted_on or generation.adopted_on:%d-%m-%Y}",
            **parties,
        ),
        types,
    )


def _mandates(
    muni: dict[str, Municipality], functions: dict[str, Function], types: dict[str, DecisionType]
) -> None:
    college_types = [t for t in types.values() if t.competent_body == DecisionType.Body.COLLEGE]

    def of_domains(*codes: str) -> list[DecisionType]:
        return [t for t in college_types if t.domain.code in codes]

    gr_types = of_domains(*GR_DOMAINS)
    for gen in GENERATIONS:
        for code, name in (
            ("GM1903", "Eijsden-Margraten"),
            *((c, next(m[1] for m in MUNICIPALITIES if m[0] == c)) for c in PARTNERS),
        ):
            if code == "GM1903" and gen.label == "2026":
                continue
            until = EM_LEFT if code == "GM1903" else None
            partner_types = gr_types + of_domains("onderwijs")
            if code == "GM0994":
                partner_types += of_domains("wmo", "jeugd")
            _mandate(
                f"Mandaatbesluit SZMH {name} {gen.label}",
                partner_types,
                gen,
                valid_until=until,
                grantor_college=muni[code],
                grantee_college=muni["GM0935"],
            )
        _mandate(
            f"Aanwijzings- en mandaatbesluit Sociale Zekerheid Maastricht {gen.label}",
            college_types,
            gen,
            grantor_college=muni["GM0935"],
            grantee_function=functions["manager-sz"],
        )
        for function_code, codes in SUBMANDATES.items():
            sub_types = college_types if codes is None else [types[c] for c in codes]
            _mandate(
                f"Ondermandaat {functions[function_code].name} {gen.label}",
                sub_types,
                gen,
                adopted_on=gen.submandate_adopted_on,
                grantor_function=functions["manager-sz"],
                grantee_function=functions[function_code],
            )


def _recorded_decisions(
    muni: dict[str, Municipality], types: dict[str, DecisionType], staff: dict[str, Staff]
) -> None:
    """Decisions as imported from the previous system, some of them without cover, so that
    `samen mandaten controleer` has something to find."""
    rows = [
        ("Z-2026-000101", "pw-algemene-bijstand", "GM0981", "consulent.vaals", D(2026, 2, 10)),
        ("Z-2026-000102", "bijzondere-bijstand", "GM0981", "consulent.vaals", D(2026, 1, 14)),
        ("Z-2026-000103", "wmo-maatwerkvoorziening", "GM0994", "consulent.wmo", D(2026, 3, 3)),
        # without cover: a consulent may not impose a fine
        ("Z-2026-000117", "pw-boete", "GM0938", "consulent.vaals", D(2026, 3, 2)),
        # without cover: before the GR started
        ("Z-2015-004711", "pw-algemene-bijstand", "GM0981", "consulent.vaals", D(2015, 11, 20)),
        # without cover: Eijsden-Margraten had left
        ("Z-2025-003210", "pw-algemene-bijstand", "GM1903", "consulent.vaals", D(2025, 6, 2)),
    ]
    for reference, type_code, cbs, username, day in rows:
        RecordedDecision.objects.get_or_create(
            reference=reference,
            defaults={
                "decision_type": types[type_code],
                "municipality": muni[cbs],
                "taken_by": staff[username],
                "decided_on": day,
            },
        )


@transaction.atomic
def remove_demo() -> int:
    """Remove demo users (and their staff records, appointments, decisions, mandates to them).
    Returns the number of users removed."""
    demo_staff = Staff.objects.filter(is_demo=True)
    user_ids = list(demo_staff.values_list("user_id", flat=True))
    RecordedDecision.objects.filter(taken_by__in=demo_staff).delete()
    Mandate.objects.filter(grantee_staff__in=demo_staff).delete()
    Mandate.objects.filter(grantor_staff__in=demo_staff).delete()
    Appointment.objects.filter(staff__in=demo_staff).delete()
    demo_staff.delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()
    return len(user_ids)
