"""The letters of the collection steps, through :mod:`samen.correspondence`: the reminder
(herinnering) and the summons (aanmaning, Awb 4:112), each with the open balance, the day
to pay by and the payment reference. Decisions on a claim (recovery decision, dwangbevel,
write-off) are beschikkingen with their own letter (:mod:`samen.recovery.decisions`).

Called by :func:`samen.recovery.steps.record_step` inside its transaction, after the claim
was loaded through the access policy for a change; a step never makes a second letter.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from samen.access.policy import Purpose
from samen.common.dates import long_date
from samen.common.money import euro
from samen.correspondence import services as correspondence
from samen.correspondence.models import SentLetter
from samen.recovery.models import Claim, CollectionStep

ABOUT = "vordering"


def about(claim: Claim) -> correspondence.About:
    return correspondence.About(
        type=ABOUT,
        reference=claim.reference,
        person=claim.person,
        municipality=claim.municipality,
        domain=claim.domain,
        confidentiality=claim.confidentiality,
    )


def collection_letter(
    actor: Any,
    claim: Claim,
    step: CollectionStep,
    *,
    balance: Decimal,
    pay_by: dt.date,
    purpose: Purpose,
) -> SentLetter:
    """The letter of a reminder or summons, dated on the day it was sent."""
    facts = {
        "openstaand_bedrag": euro(balance),
        "betalen_voor": long_date(pay_by),
        "betalingskenmerk": claim.reference,
        "omschrijving": claim.description,
    }
    return correspondence.send(
        actor,
        kind=f"vordering-{step.kind}",
        about=about(claim),
        step=f"{step.kind}-{step.pk}",
        facts=facts,
        summary=[
            ("Openstaand bedrag", facts["openstaand_bedrag"]),
            ("Betalen vóór", facts["betalen_voor"]),
            ("Betalingskenmerk", claim.reference),
        ],
        letter_date=step.sent_on,
        purpose=purpose,
    )


def letters_of(actor: Any, claim: Claim, purpose: Purpose = Purpose.UITVOERING) -> list[SentLetter]:
    """The letters of the claim the actor may read (each read audited)."""
    return correspondence.letters_about(actor, ABOUT, claim.reference, purpose)
