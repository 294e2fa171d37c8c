"""Handling a complaint: the handler (Awb 9:7), hearing (9:10), postponement (9:11 lid 2 and
3) and the outcome (9:12, 9:8, 9:5).

Like :mod:`samen.complaints.services`: every function takes the actor, loads the complaint
through the one access policy (refusing the official complained about, 9:7), audits what it
changed and saves nothing when it refuses. The rules are :mod:`samen.complaints.rules`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samen.access.models import Action
from samen.access.policy import Purpose
from samen.complaints import letters, reference, rules
from samen.complaints.models import (
    MAX_CONCLUSION,
    MAX_MINUTES,
    MAX_TEXT,
    Complaint,
    HearingSkipped,
    Postponement,
)
from samen.complaints.services import (
    check_handler,
    clean_text,
    facts,
    load,
    not_future,
    postponements_of,
    rule_on,
    save,
    staff_by_number,
)


def _still_open(errors: dict[str, str], complaint: Complaint, field: str) -> None:
    if complaint.outcome:
        errors[field] = "Deze klacht is al afgehandeld."


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# The handler (Awb 9:7)
# ---------------------------------------------------------------------------------------------
def assign_handler(
    actor: Any,
    pk: Any,
    *,
    handler: str,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Complaint:
    """Give the complaint another handler: never the official complained about (9:7), and
    one the access policy lets work on it."""
    policy, complaint = load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    _still_open(errors, complaint, "handler")
    staff = staff_by_number(handler) if handler else None
    if staff is None:
        errors.setdefault("handler", "Kies een behandelaar.")
    else:
        check_handler(errors, staff, complaint.official_id, complaint)
    _raise(errors)
    with transaction.atomic():
        save(actor, policy, purpose, complaint, version, {"handler": staff})
    return complaint


# ---------------------------------------------------------------------------------------------
# Hearing (Awb 9:10)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hearing:
    hearing_on: dt.date | None = None
    minutes: str = ""
    official_heard: bool = False
    skipped: str = ""  # a ground of Awb 9:10 lid 2 (a-c)


def record_hearing(
    actor: Any,
    pk: Any,
    data: Hearing,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Complaint:
    """Plan the hearing and record its minutes (9:10 lid 1 and 3), or the ground for not
    hearing the complainant (lid 2). The official complained about is heard too (lid 1)."""
    policy, complaint = load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    _still_open(errors, complaint, "hearing_on")
    minutes = clean_text(errors, "minutes", data.minutes, MAX_MINUTES, "Het verslag")
    if data.official_heard and complaint.official_id is None:
        errors["official_heard"] = "Bij deze klacht is geen medewerker genoemd om te horen."
    if data.skipped:
        if data.skipped not in HearingSkipped.values:
            errors["skipped"] = "Kies een grond uit artikel 9:10 lid 2 Awb (a, b of c)."
        elif data.hearing_on:
            errors["skipped"] = "Afzien van horen gaat niet samen met een hoorgesprek."
    elif data.hearing_on is None:
        errors["hearing_on"] = (
            "Vul de datum van het hoorgesprek in, of kies waarom de klager niet wordt gehoord "
            "(artikel 9:10 lid 2 Awb)."
        )
    else:
        if data.hearing_on < complaint.received_on:
            errors["hearing_on"] = "Het hoorgesprek ligt vóór de ontvangst van de klacht."
        if minutes and data.hearing_on > timezone.localdate():
            errors["minutes"] = "Een verslag kan pas na het hoorgesprek."
    _raise(errors)
    fields = {
        "hearing_on": data.hearing_on,
        "minutes": minutes,
        "official_heard": data.official_heard,
        "hearing_skipped": data.skipped,
    }
    with transaction.atomic():
        save(actor, policy, purpose, complaint, version, fields)
    return complaint


# ---------------------------------------------------------------------------------------------
# Postponement (Awb 9:11 lid 2 and 3)
# ---------------------------------------------------------------------------------------------
def postpone(
    actor: Any,
    pk: Any,
    *,
    weeks: int,
    notified_on: dt.date,
    reason: str,
    consented_on: dt.date | None = None,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Complaint:
    """The one verdaging (at most the catalogue's four weeks, notified within the term) or,
    with the complainant's written consent recorded, a further postponement; the deadline
    moves."""
    policy, complaint = load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    _still_open(errors, complaint, "weeks")
    text = clean_text(errors, "reason", reason, MAX_TEXT, "De reden")
    if not text and "reason" not in errors:
        errors["reason"] = "Geef de reden; die staat in het bericht aan de klager."
    if not 0 < weeks <= 52:
        errors["weeks"] = "Kies een aantal weken van 1 tot en met 52."
    if notified_on < complaint.received_on:
        errors["notified_on"] = "Het bericht ligt vóór de ontvangst van de klacht."
    not_future(errors, "notified_on", notified_on, "De datum van het bericht")
    not_future(errors, "consented_on", consented_on, "De datum van instemming")
    _raise(errors)
    planned = [*postponements_of(complaint), rules.Postponement(weeks, notified_on, consented_on)]
    try:
        term = rules.complaint_term(
            complaint.received_on, reference.term_rule(complaint.case_type), planned
        )
    except rules.RuleError as error:
        raise ValidationError({error.field or "weeks": str(error)}) from None
    kind = "uitstel met instemming" if consented_on else "verdaging"
    with transaction.atomic():
        Postponement.objects.create(
            complaint=complaint,
            weeks=weeks,
            notified_on=notified_on,
            consented_on=consented_on,
            reason=text,
        )
        save(
            actor,
            policy,
            purpose,
            complaint,
            version,
            {"deadline": term.due, "deadline_explanation": list(term.explanation)},
            {"uitstel": {"weken": weeks, "meegedeeld": notified_on.isoformat(), "soort": kind}},
        )
    return complaint


# ---------------------------------------------------------------------------------------------
# The outcome (Awb 9:12, 9:8, 9:5)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewConclusion:
    outcome: str
    concluded_on: dt.date
    conclusion: str
    not_handled_ground: str = ""
    measures_taken: bool = False
    measures: str = ""


def conclude(
    actor: Any,
    pk: Any,
    data: NewConclusion,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Complaint:
    """Record how the complaint ended: judged gegrond or ongegrond after hearing, with the
    written conclusion of 9:12; not handled on a ground of 9:8; or resolved to the
    complainant's satisfaction (9:5). The letter to the complainant is made with it
    (:func:`letters.outcome`)."""
    policy, complaint = load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    _still_open(errors, complaint, "outcome")
    conclusion = clean_text(errors, "conclusion", data.conclusion, MAX_CONCLUSION, "De conclusie")
    measures = clean_text(errors, "measures", data.measures, MAX_TEXT, "De maatregelen")
    not_future(errors, "concluded_on", data.concluded_on, "De datum van afhandeling")
    _raise(errors)
    try:
        rules.check_outcome(
            data.outcome,
            facts(complaint),
            rule_on(complaint.received_on),
            concluded_on=data.concluded_on,
            conclusion=conclusion,
            ground=data.not_handled_ground,
            measures_taken=data.measures_taken,
            measures=measures,
        )
    except rules.RuleError as error:
        raise ValidationError({error.field or "outcome": str(error)}) from None
    fields = {
        "outcome": data.outcome,
        "concluded_on": data.concluded_on,
        "conclusion": conclusion,
        "not_handled_ground": data.not_handled_ground,
        "measures_taken": data.measures_taken,
        "measures": measures if data.measures_taken else "",
    }
    with transaction.atomic():
        save(actor, policy, purpose, complaint, version, fields)
        letters.outcome(actor, complaint, purpose)
    return complaint
