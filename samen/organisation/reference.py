"""Reference data every installation needs: CBS municipality codes, the domains, and a base
catalogue of decision types. Loaded by a data migration; functional management can extend the
decision types in admin. Idempotent: loading twice changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

CBS_CSV = Path(__file__).parent / "data" / "cbs_gemeenten.csv"

# Decision types whose grant starts a periodic benefit paid by the monthly run (seeded;
# functional management can change the flag in admin).
BENEFIT_TYPES = {"pw-algemene-bijstand", "ioaw-uitkering", "ioaz-uitkering", "bbz-bijstand"}
#: decisions against which the remedy is beroep at the court, not bezwaar (Awb 7:1 lid 1 onder
#: a and 8:1: a beslissing op bezwaar)
APPEAL_TYPES = {"pw-beslissing-op-bezwaar"}

DOMAINS = [
    (
        "participatiewet",
        "Participatiewet, IOAW, IOAZ en Bbz",
        "Algemene bijstand en de inkomensvoorzieningen IOAW, IOAZ en Bbz.",
        10,
    ),
    (
        "minima",
        "Minimabeleid en bijzondere bijstand",
        "Bijzondere bijstand, individuele inkomenstoeslag, declaratieregelingen en collectieve "
        "zorgverzekering.",
        20,
    ),
    ("reintegratie", "Re-integratie", "Ondersteuning naar werk en participatie.", 30),
    (
        "kinderopvang",
        "Tegemoetkoming kinderopvang (sociaal-medische indicatie)",
        "Gemeentelijke tegemoetkoming in de kosten van kinderopvang.",
        40,
    ),
    ("wmo", "Wmo 2015", "Maatschappelijke ondersteuning.", 50),
    ("jeugd", "Jeugdwet", "Jeugdhulp.", 60),
    (
        "onderwijs",
        "Onderwijs",
        "Leerplicht, leerlingenvervoer, RMC en voortijdig schoolverlaten.",
        70,
    ),
]

# (code, name, domain, competent body, legal basis)
DECISION_TYPES = [
    (
        "pw-algemene-bijstand",
        "Besluit op aanvraag algemene bijstand",
        "participatiewet",
        "college",
        "Participatiewet, art. 11 en 43",
    ),
    (
        "pw-herziening-intrekking",
        "Herziening of intrekking van bijstand",
        "participatiewet",
        "college",
        "Participatiewet, art. 54",
    ),
    (
        "pw-terugvordering",
        "Terugvordering van bijstand",
        "participatiewet",
        "college",
        "Participatiewet, art. 58",
    ),
    (
        "pw-dwangbevel",
        "Dwangbevel (invordering)",
        "participatiewet",
        "college",
        "Participatiewet, art. 60; Algemene wet bestuursrecht, art. 4:114 en 4:117",
    ),
    (
        "pw-afzien-terugvordering",
        "Afzien van (verdere) terugvordering",
        "participatiewet",
        "college",
        "Participatiewet, art. 58 lid 7 en 8",
    ),
    ("pw-boete", "Bestuurlijke boete", "participatiewet", "college", "Participatiewet, art. 18a"),
    (
        "ioaw-uitkering",
        "Besluit op aanvraag IOAW-uitkering",
        "participatiewet",
        "college",
        "IOAW, art. 35",
    ),
    (
        "ioaz-uitkering",
        "Besluit op aanvraag IOAZ-uitkering",
        "participatiewet",
        "college",
        "IOAZ, art. 35",
    ),
    (
        "bbz-bijstand",
        "Besluit op aanvraag Bbz-bijstand",
        "participatiewet",
        "college",
        "Besluit bijstandverlening zelfstandigen 2004",
    ),
    (
        "pw-beslissing-op-bezwaar",
        "Beslissing op bezwaar (Participatiewet)",
        "participatiewet",
        "college",
        "Algemene wet bestuursrecht, art. 7:11",
    ),
    (
        "pw-verordening",
        "Vaststelling verordening Participatiewet",
        "participatiewet",
        "raad",
        "Participatiewet, art. 8",
    ),
    (
        "bijzondere-bijstand",
        "Besluit op aanvraag bijzondere bijstand",
        "minima",
        "college",
        "Participatiewet, art. 35",
    ),
    (
        "minima-terugvordering",
        "Terugvordering van bijzondere bijstand of een andere minimaregeling",
        "minima",
        "college",
        "Participatiewet, art. 58",
    ),
    (
        "minima-dwangbevel",
        "Dwangbevel (invordering minimaregelingen)",
        "minima",
        "college",
        "Participatiewet, art. 60; Algemene wet bestuursrecht, art. 4:114 en 4:117",
    ),
    (
        "minima-afzien-terugvordering",
        "Afzien van (verdere) terugvordering (minimaregelingen)",
        "minima",
        "college",
        "Participatiewet, art. 58 lid 7 en 8",
    ),
    (
        "individuele-inkomenstoeslag",
        "Besluit op aanvraag individuele inkomenstoeslag",
        "minima",
        "college",
        "Participatiewet, art. 36",
    ),
    (
        "declaratieregeling",
        "Besluit declaratieregeling",
        "minima",
        "college",
        "Verordening minimabeleid van de gemeente",
    ),
    (
        "collectieve-zorgverzekering",
        "Besluit bijdrage collectieve zorgverzekering",
        "minima",
        "college",
        "Participatiewet, art. 35 en verordening van de gemeente",
    ),
    (
        "reintegratievoorziening",
        "Toekenning re-integratievoorziening",
        "reintegratie",
        "college",
        "Participatiewet, art. 10",
    ),
    (
        "kinderopvang-smi",
        "Tegemoetkoming kinderopvang sociaal-medische indicatie",
        "kinderopvang",
        "college",
        "Beleidsregels kinderopvang SMI van de gemeente",
    ),
    (
        "wmo-maatwerkvoorziening",
        "Besluit maatwerkvoorziening Wmo",
        "wmo",
        "college",
        "Wet maatschappelijke ondersteuning 2015, art. 2.3.5",
    ),
    (
        "jeugdhulp",
        "Besluit individuele voorziening jeugdhulp",
        "jeugd",
        "college",
        "Jeugdwet, art. 2.3",
    ),
    (
        "leerlingenvervoer",
        "Besluit leerlingenvervoer",
        "onderwijs",
        "college",
        "Wet op het primair onderwijs, art. 4, en verordening leerlingenvervoer",
    ),
    (
        "leerplicht-vrijstelling",
        "Vrijstelling van de leerplicht",
        "onderwijs",
        "college",
        "Leerplichtwet 1969, art. 5 en 15",
    ),
]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load(apps: Any = None) -> None:
    """Load the reference data. ``apps`` is the migration state's registry when called from
    a migration, else the live models are used."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Cbs = apps.get_model("organisation", "CbsMunicipalityCode")
    Domain = apps.get_model("organisation", "Domain")
    DecisionType = apps.get_model("organisation", "DecisionType")

    if CBS_CSV.exists():
        with CBS_CSV.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                Cbs.objects.update_or_create(
                    code=row["code"].strip(),
                    defaults={
                        "name": row["naam"].strip(),
                        "valid_from": _date(row["geldig_vanaf"]) or dt.date(1900, 1, 1),
                        "valid_until": _date(row["geldig_tot"]),
                    },
                )
    has_benefit_flag = any(f.name == "grants_benefit" for f in DecisionType._meta.get_fields())
    has_remedy = any(f.name == "remedy" for f in DecisionType._meta.get_fields())
    domains = {}
    for code, name, description, order in DOMAINS:
        domains[code], _ = Domain.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    for code, name, domain, body, basis in DECISION_TYPES:
        defaults = {
            "name": name,
            "domain": domains[domain],
            "competent_body": body,
            "legal_basis": basis,
        }
        if has_benefit_flag:  # not in the state of migrations before organisation/0004
            defaults["grants_benefit"] = code in BENEFIT_TYPES
        if has_remedy:  # not before organisation/0005
            defaults["remedy"] = "beroep" if code in APPEAL_TYPES else "bezwaar"
        DecisionType.objects.get_or_create(code=code, defaults=defaults)
