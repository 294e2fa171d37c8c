"""Reference data of internal control, loaded by migration 0002 and editable in ``/beheer/``:
the role that performs it, the sample-size rule per population and a first checklist per
case type. Idempotent: a row that exists (same population and start, or same question
text) is left as functional management left it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

RULES_FROM = dt.date(2026, 1, 1)
RULE_SOURCE = (
    "Toelaatbaar foutpercentage 1 %: de DVO-norm 'foutscore rechtmatigheid < 1 %' (DVO 2017 "
    "SZMH) en de goedkeuringstolerantie voor fouten van 1 % van het Besluit accountantscontrole "
    "decentrale overheden (art. 2 lid 1, Stb. 2002, 68). Betrouwbaarheid 95 %. Omvang: "
    "steekproef op kenmerken zonder verwachte fouten, exact (hypergeometrisch) voor de "
    "populatie; voor een grote populatie n = ln(1 - 0,95) / ln(1 - 0,01) = 299."
)
RULES = [
    ("besluiten", Decimal("0.950"), Decimal("0.010")),
    ("betaalregels", Decimal("0.950"), Decimal("0.010")),
]
CONTROL_ROLES = [("interne-controle", "Steekproeven op rechtmatigheid (migratie 0002).")]

AWB_MANDATE = "Awb art. 10:3 en het mandaatregister van de gemeente"
# (population, case type code or "", text, source)
QUESTIONS: list[tuple[str, str, str, str]] = [
    ("besluiten", "", "Is het besluit genomen door een medewerker met mandaat?", AWB_MANDATE),
    ("besluiten", "", "Is het besluit binnen de beslistermijn genomen?", "Awb art. 4:13"),
    ("besluiten", "", "Is het besluit deugdelijk gemotiveerd?", "Awb art. 3:46"),
    (
        "besluiten",
        "",
        "Is het besluit bekendgemaakt aan de aanvrager?",
        "Awb art. 3:41",
    ),
    (
        "besluiten",
        "pw-aanvraag-algemene-bijstand",
        "Is de juiste norm toegepast voor leefvorm en leeftijd?",
        "Participatiewet art. 20-22a",
    ),
    (
        "besluiten",
        "pw-aanvraag-algemene-bijstand",
        "Zijn de inkomsten juist meegeteld?",
        "Participatiewet art. 31-33",
    ),
    (
        "besluiten",
        "pw-aanvraag-algemene-bijstand",
        "Is het vermogen getoetst aan de vermogensgrens?",
        "Participatiewet art. 34",
    ),
    (
        "besluiten",
        "pw-aanvraag-algemene-bijstand",
        "Is bij een jongere onder 27 jaar de zoektermijn van vier weken in acht genomen?",
        "Participatiewet art. 41 lid 4",
    ),
    (
        "besluiten",
        "bijzondere-bijstand-aanvraag",
        "Vloeien de kosten voort uit bijzondere omstandigheden en zijn ze noodzakelijk?",
        "Participatiewet art. 35 lid 1",
    ),
    (
        "besluiten",
        "bijzondere-bijstand-aanvraag",
        "Is eerst gekeken naar een voorliggende voorziening?",
        "Participatiewet art. 15",
    ),
    (
        "betaalregels",
        "",
        "Bestond er recht op bijstand in de maand waarover betaald is?",
        "Participatiewet art. 11 en 43",
    ),
    (
        "betaalregels",
        "",
        "Komt het betaalde bedrag overeen met de berekening van het besluit of de laatste "
        "wijziging?",
        "Participatiewet art. 43; het toekennings- of wijzigingsbesluit",
    ),
    (
        "betaalregels",
        "",
        "Is betaald op de rekening die bij de uitkering is vastgelegd?",
        "Het toekenningsbesluit (rekeningnummer van de belanghebbende)",
    ),
]


def load(apps: Any = None) -> None:
    """Create what is missing (``apps``: the migration's historical models)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    ControlRole = apps.get_model("control", "ControlRole")
    SampleRule = apps.get_model("control", "SampleRule")
    ChecklistQuestion = apps.get_model("control", "ChecklistQuestion")
    for code, note in CONTROL_ROLES:
        ControlRole.objects.get_or_create(role_code=code, defaults={"note": note})
    for population, confidence, rate in RULES:
        SampleRule.objects.get_or_create(
            population=population,
            valid_from=RULES_FROM,
            defaults={"confidence": confidence, "tolerable_rate": rate, "source": RULE_SOURCE},
        )
    for order, (population, case_type, text, source) in enumerate(QUESTIONS, 1):
        ChecklistQuestion.objects.get_or_create(
            population=population,
            case_type_code=case_type,
            text=text,
            defaults={"order": order * 10, "source": source, "valid_from": RULES_FROM},
        )
