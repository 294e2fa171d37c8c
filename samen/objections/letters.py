"""The letters of the objection procedure that are not decisions, through
:mod:`samen.correspondence`: the acknowledgement of receipt (Awb 6:14), the request to repair
an omission with its term (6:6), the invitation to the hearing (7:2) and the notice of
postponement with the new deadline (7:10 lid 3 and 4). The decision on the objection is a
beschikking with its own letter (:mod:`samen.cases.decisions`).

Each function is called by the step that needs the letter, inside that step's transaction,
after the objection was loaded through the access policy; the same step never makes a
second letter (:func:`samen.correspondence.services.send`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from samen.access.policy import Purpose
from samen.common.dates import long_date
from samen.correspondence import services as correspondence
from samen.correspondence.models import SentLetter
from samen.objections.models import Objection, Postponement

ABOUT = "bezwaar"


def about(objection: Objection) -> correspondence.About:
    case = objection.case
    return correspondence.About(
        type=ABOUT,
        reference=case.reference,
        person=case.person,
        municipality=case.municipality,
        domain=case.domain,
        confidentiality=case.confidentiality,
    )


def _recipient(objection: Objection) -> correspondence.Recipient | None:
    """The objector: the resident at their address, or the representative who filed it
    (whose address the product does not register: the letter names them only)."""
    if objection.by_representative:
        return correspondence.Recipient(objection.objector_name)
    return None


def _contested(objection: Objection) -> str:
    name = objection.contested.decision_type.name
    return f"{name[:1].lower()}{name[1:]} van {long_date(objection.contested.decided_on)}"


def _send(
    actor: Any,
    objection: Objection,
    kind: str,
    step: str,
    facts: dict[str, str],
    summary: list[tuple[str, str]],
    purpose: Purpose,
    letter_date: dt.date | None = None,
) -> SentLetter:
    return correspondence.send(
        actor,
        kind=kind,
        about=about(objection),
        step=step,
        facts={"bestreden_besluit": _contested(objection), **facts},
        summary=[("Bezwaar tegen", _contested(objection)), *summary],
        recipient=_recipient(objection),
        letter_date=letter_date,
        purpose=purpose,
    )


def acknowledge(actor: Any, objection: Objection, purpose: Purpose) -> SentLetter:
    """Awb 6:14: the written acknowledgement of receipt."""
    deadline = objection.case.deadline
    return _send(
        actor,
        objection,
        "bezwaar-ontvangst",
        "ontvangst",
        {
            "ontvangen_op": long_date(objection.filed_on),
            "uiterste_beslisdatum": long_date(deadline) if deadline else "",
        },
        [
            ("Ontvangen op", long_date(objection.filed_on)),
            *([("Uiterste beslisdatum", long_date(deadline))] if deadline else []),
        ],
        purpose,
    )


def repair_request(
    actor: Any,
    objection: Objection,
    *,
    requested_on: dt.date,
    until: dt.date,
    what: str,
    purpose: Purpose,
) -> SentLetter:
    """Awb 6:6: what is missing and the term to repair it."""
    return _send(
        actor,
        objection,
        "bezwaar-herstel-verzuim",
        f"herstel-{requested_on.isoformat()}",
        {"wat": what, "hersteltermijn": long_date(until)},
        [("Wat ontbreekt", what), ("Uiterlijk aanvullen op", long_date(until))],
        purpose,
        letter_date=requested_on,
    )


def hearing_invitation(actor: Any, objection: Objection, purpose: Purpose) -> SentLetter:
    """Awb 7:2: the invitation with the date, time and place of the hearing. A new date,
    time or place is a new invitation; the same one again is the letter already sent."""
    assert objection.hearing_on and objection.hearing_time  # noqa: S101  (checked by the step)
    when = f"{objection.hearing_on.isoformat()}T{objection.hearing_time:%H%M}"
    place = hashlib.sha256(objection.hearing_place.encode()).hexdigest()[:8]
    day = long_date(objection.hearing_on)
    time = f"{objection.hearing_time:%H.%M} uur"
    return _send(
        actor,
        objection,
        "bezwaar-hoorzitting",
        f"hoorzitting-{when}-{place}",
        {
            "hoorzitting_datum": day,
            "hoorzitting_tijd": time,
            "hoorzitting_plaats": objection.hearing_place,
        },
        [("Datum hoorzitting", day), ("Tijd", time), ("Plaats", objection.hearing_place)],
        purpose,
    )


def postponement_notice(
    actor: Any, objection: Objection, postponement: Postponement, purpose: Purpose
) -> SentLetter:
    """Awb 7:10 lid 3 (or lid 4, with consent): the new deadline and the reason."""
    deadline = objection.case.deadline
    new = long_date(deadline) if deadline else ""
    return _send(
        actor,
        objection,
        "bezwaar-verdaging",
        f"verdaging-{postponement.pk}",
        {
            "weken": str(postponement.weeks),
            "nieuwe_beslisdatum": new,
            "reden": postponement.reason,
            "met_instemming": "ja" if postponement.consented_on else "",
        },
        [
            ("Verdaagd met", f"{postponement.weeks} weken"),
            *([("Nieuwe uiterste beslisdatum", new)] if new else []),
        ],
        purpose,
        letter_date=postponement.notified_on,
    )


def letters_of(
    actor: Any, objection: Objection, purpose: Purpose = Purpose.UITVOERING
) -> list[SentLetter]:
    """The letters of the objection the actor may read (each read audited)."""
    return correspondence.letters_about(actor, ABOUT, objection.case.reference, purpose)
