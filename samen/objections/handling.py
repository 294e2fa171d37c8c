"""Handling an objection: the hearing (Awb 7:2, 7:3), postponing the decision (7:10 lid 3
and 4), herstel verzuim (6:6) and the decision on the objection under mandate (7:11).

Like :mod:`samen.objections.services`: every function takes the actor, loads the objection
through the one access policy, audits what it changed and saves nothing when it refuses.
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
from samen.cases import services as cases
from samen.common.dates import long_date
from samen.objections import letters, terms
from samen.objections.models import (
    MAX_MINUTES,
    MAX_PLACE,
    MAX_TEXT,
    HearingSkipped,
    Objection,
    ObjectionOutcome,
    Postponement,
)
from samen.objections.services import (
    CASE_OUTCOME,
    DECISION_TYPE,
    REVOKING,
    _load,
    _not_future,
    _save,
    _text,
)


# ---------------------------------------------------------------------------------------------
# Hearing (Awb 7:2, 7:3)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hearing:
    hearing_on: dt.date | None = None
    invited_on: dt.date | None = None
    minutes: str = ""
    skipped: str = ""  # a ground of Awb 7:3 (a-e)
    hearing_time: dt.time | None = None  # with the place: in the invitation
    place: str = ""


def record_hearing(
    actor: Any,
    pk: Any,
    data: Hearing,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Plan the hearing, record the invitation and the minutes, or record the legal ground
    for not hearing the objector (Awb 7:3). Planning a hearing from today on sends the
    invitation with its date, time and place (:func:`letters.hearing_invitation`); a hearing
    recorded afterwards had its invitation outside the product."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if objection.decision_id is not None:
        errors["hearing_on"] = "Op dit bezwaar is al beslist."
    minutes = _text(errors, "minutes", data.minutes, MAX_MINUTES, "Het verslag")
    place = _text(errors, "place", data.place, MAX_PLACE, "De plaats")
    today = timezone.localdate()
    # an invitation for a hearing still to come (minutes mean it was held: no invitation)
    invite = (
        not data.skipped and data.hearing_on is not None and data.hearing_on >= today
    ) and not minutes
    if data.skipped:
        if data.skipped not in HearingSkipped.values:
            errors["skipped"] = "Kies een grond uit artikel 7:3 Awb (a tot en met e)."
        if data.hearing_on or data.invited_on or minutes or data.hearing_time or place:
            errors["skipped"] = "Afzien van horen gaat niet samen met een hoorzitting."
    elif data.hearing_on is None:
        errors["hearing_on"] = (
            "Vul de datum van de hoorzitting in, of kies waarom niet wordt gehoord (artikel "
            "7:3 Awb)."
        )
    else:
        if data.hearing_on < objection.filed_on:
            errors["hearing_on"] = "De hoorzitting ligt vóór de ontvangst van het bezwaar."
        if data.invited_on is not None and (
            data.invited_on > data.hearing_on or data.invited_on < objection.filed_on
        ):
            errors["invited_on"] = (
                "De uitnodiging ligt na de hoorzitting of vóór de ontvangst van het bezwaar."
            )
        if minutes and data.hearing_on > today:
            errors["minutes"] = "Een verslag kan pas na de hoorzitting."
        _not_future(errors, "invited_on", data.invited_on, "De uitnodiging")
        if invite and data.hearing_time is None:
            errors["hearing_time"] = (
                "Vul het tijdstip van de hoorzitting in; dat staat in de uitnodiging."
            )
        if invite and not place and "place" not in errors:
            errors["place"] = "Vul de plaats van de hoorzitting in; die staat in de uitnodiging."
    if errors:
        raise ValidationError(errors)
    fields = {
        "hearing_on": data.hearing_on,
        "hearing_time": data.hearing_time,
        "hearing_place": place,
        "invited_on": data.invited_on or (today if invite else None),
        "minutes": minutes,
        "hearing_skipped": data.skipped,
    }
    with transaction.atomic():
        _save(actor, policy, purpose, objection, version, fields)
        if invite:
            letters.hearing_invitation(actor, objection, purpose)
    return objection


def heard(objection: Objection) -> bool:
    """Whether Awb 7:2 is satisfied: heard (minutes on file) or a 7:3 ground recorded."""
    return bool(objection.hearing_skipped or (objection.hearing_on and objection.minutes))


# ---------------------------------------------------------------------------------------------
# Postponing the decision (Awb 7:10 lid 3 and 4) and herstel verzuim (6:6)
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
) -> Objection:
    """The one verdaging (at most six weeks, notified within the term) or, with the
    objector's consent recorded, a further postponement; the case's deadline moves."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    text = _text(errors, "reason", reason, MAX_TEXT, "De reden")
    if not text and "reason" not in errors:
        errors["reason"] = "Geef de reden; die staat in het bericht aan de indiener."
    if not 0 < weeks <= 52:
        errors["weeks"] = "Kies een aantal weken van 1 tot en met 52."
    _not_future(errors, "notified_on", notified_on, "De datum van het bericht")
    _not_future(errors, "consented_on", consented_on, "De datum van instemming")
    if errors:
        raise ValidationError(errors)
    planned = [
        terms.Postponement(p.weeks, p.notified_on, p.consented_on)
        for p in objection.postponements.all()
    ]
    try:
        terms.check_postponements([*planned, terms.Postponement(weeks, notified_on, consented_on)])
    except terms.TermError as error:
        raise ValidationError({"weeks": str(error)}) from None
    kind = "Uitstel met instemming" if consented_on else "Verdaagd"
    with transaction.atomic():
        cases.extend_term(
            actor,
            objection.case_id,
            notified_on=notified_on,
            reason=f"{kind}: {text}",
            weeks=weeks,
            purpose=purpose,
        )
        postponement = Postponement.objects.create(
            objection=objection,
            weeks=weeks,
            notified_on=notified_on,
            consented_on=consented_on,
            reason=text,
        )
        _save(
            actor,
            policy,
            purpose,
            objection,
            version,
            {},
            {"uitstel": {"weken": weeks, "meegedeeld": notified_on.isoformat(), "soort": kind}},
        )
        objection.case.refresh_from_db()
        letters.postponement_notice(actor, objection, postponement, purpose)
    return objection


def request_repair(
    actor: Any,
    pk: Any,
    *,
    requested_on: dt.date,
    until: dt.date,
    what: str,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Awb 6:6: ask the objector to repair an omission by ``until``; the decision term is
    suspended meanwhile (7:10 lid 2), through the case's suspension."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    text = _text(errors, "what", what, MAX_TEXT, "De omschrijving")
    if not text and "what" not in errors:
        errors["what"] = "Geef aan wat de indiener moet aanvullen (artikel 6:5 Awb)."
    if until <= requested_on:
        errors["until"] = "De hersteltermijn moet na de dag van het verzoek eindigen."
    _not_future(errors, "requested_on", requested_on, "De datum van het verzoek")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cases.request_information(
            actor,
            objection.case_id,
            requested_on=requested_on,
            what=f"Herstel verzuim: {text}",
            supply_by=until,
            purpose=purpose,
        )
        _save(
            actor,
            policy,
            purpose,
            objection,
            version,
            {},
            {"herstel_verzuim": {"gevraagd": requested_on.isoformat(), "tot": until.isoformat()}},
        )
        letters.repair_request(
            actor, objection, requested_on=requested_on, until=until, what=text, purpose=purpose
        )
    objection.case.refresh_from_db()
    return objection


def repair_ended(
    actor: Any,
    pk: Any,
    *,
    repaired_on: dt.date | None,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """The omission was repaired on ``repaired_on``, or (``None``) the term set for it passed
    unused: the suspension ends the day after that term (7:10 lid 2)."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    request = objection.case.suspensions.filter(received_on__isnull=True).first()
    if request is None or request.supply_by is None:
        raise ValidationError("Er loopt geen verzoek om herstel.")
    today = timezone.localdate()
    if repaired_on is not None and repaired_on > today:
        raise ValidationError({"repaired_on": "De datum van herstel ligt in de toekomst."})
    if repaired_on is None and today <= request.supply_by:
        raise ValidationError(
            {
                "repaired_on": "De hersteltermijn loopt nog tot en met "
                f"{long_date(request.supply_by)}."
            }
        )
    if repaired_on is not None and repaired_on < request.requested_on:
        raise ValidationError(
            {"repaired_on": "Het verzuim kan niet vóór het verzoek om herstel zijn hersteld."}
        )
    suspension = terms.repair_suspension(
        request.requested_on, request.supply_by, repaired_on, today
    )
    assert suspension.end is not None  # noqa: S101  (repaired or lapsed)
    with transaction.atomic():
        cases.information_received(
            actor, objection.case_id, received_on=suspension.end, purpose=purpose
        )
        _save(
            actor,
            policy,
            purpose,
            objection,
            version,
            {},
            {"herstel_verzuim": {"einde": suspension.end.isoformat()}},
        )
    objection.case.refresh_from_db()
    return objection


# ---------------------------------------------------------------------------------------------
# The decision on the objection
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewOutcome:
    outcome: str
    decided_on: dt.date
    reasoning: str
    follow_up: str = ""


def follow_up_for(objection: Objection, outcome: str, text: str) -> str:
    """What has to happen after a (partly) justified objection: the contested decision is
    revoked or changed (Awb 7:11 lid 2) and, for a benefit, the benefit is changed on the
    benefit page, whose recalculation makes the supplement or the claim."""
    if outcome not in REVOKING:
        return text
    lines = [
        f"Het bestreden besluit ({objection.contested.decision_type.name} van "
        f"{long_date(objection.contested.decided_on)}) wordt herroepen of gewijzigd "
        "(artikel 7:11 lid 2 Awb)."
    ]
    if objection.contested.decision_type.grants_benefit:
        lines.append(
            "Leg de wijziging van de uitkering vast op de uitkeringspagina van de inwoner; de "
            "herberekening maakt de nabetaling of terugvordering."
        )
    if text:
        lines.append(text)
    return "\n\n".join(lines)[:MAX_TEXT]


def decide(
    actor: Any,
    pk: Any,
    data: NewOutcome,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Objection:
    """Decide on the objection: a decision of type ``pw-beslissing-op-bezwaar`` on the
    objection's case, under mandate and with its letter, through the cases app's ``decide``.
    The objector must have been heard or a ground of 7:3 recorded (except for a
    withdrawal); a late objection without an excuse can only be niet-ontvankelijk."""
    policy, objection = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if objection.decision_id is not None:
        errors["outcome"] = "Op dit bezwaar is al beslist."
    elif data.outcome not in ObjectionOutcome.values:
        errors["outcome"] = (
            "Kies een uitkomst: niet-ontvankelijk, ongegrond, gegrond, deels gegrond of "
            "ingetrokken."
        )
    elif data.outcome != ObjectionOutcome.INGETROKKEN and not heard(objection):
        errors["outcome"] = (
            "Leg eerst het verslag van de hoorzitting vast, of de grond om niet te horen "
            "(artikel 7:2 en 7:3 Awb)."
        )
    elif data.outcome not in (
        ObjectionOutcome.NIET_ONTVANKELIJK,
        ObjectionOutcome.INGETROKKEN,
    ) and not terms.admissible_on_time(objection.timeliness, objection.excuse):
        errors["outcome"] = (
            "Het bezwaar kwam te laat binnen en er is geen reden vastgelegd waarom dat "
            "verschoonbaar is (artikel 6:11 Awb): het is niet-ontvankelijk."
        )
    follow_up = _text(errors, "follow_up", data.follow_up, MAX_TEXT, "Het vervolg")
    if errors:
        raise ValidationError(errors)
    label = ObjectionOutcome(data.outcome).label.lower()
    reasoning = data.reasoning.strip()
    if reasoning:
        reasoning = f"Wij verklaren uw bezwaar {label}.\n\n{reasoning}"
    with transaction.atomic():
        decision = cases.decide(
            actor,
            objection.case_id,
            cases.NewDecision(
                decision_type_code=DECISION_TYPE,
                outcome=CASE_OUTCOME[ObjectionOutcome(data.outcome)],
                decided_on=data.decided_on,
                reasoning=reasoning,
            ),
            purpose=purpose,
        )
        _save(
            actor,
            policy,
            purpose,
            objection,
            version,
            {
                "outcome": data.outcome,
                "decision": decision,
                "revokes": data.outcome in REVOKING,
                "follow_up": follow_up_for(objection, data.outcome, follow_up),
            },
        )
    objection.case.refresh_from_db()
    return objection
