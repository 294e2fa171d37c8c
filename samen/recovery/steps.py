"""Collection steps on a claim and its limitation: recording a reminder (*herinnering*) or a
summons (*aanmaning*, Awb 4:112) with its date and who sent it, the claim's limitation
computed by :mod:`samen.recovery.limitation` from its events, and the worklist of claims
nearing limitation.

Each step sends its letter (:mod:`samen.recovery.letters`, through samen.correspondence) in
the same transaction: the open balance and the day to pay by (the summons term of Awb 4:112,
rule ``aanmaning_termijn_dagen``, for both). Every read and write
goes through the one access policy and is audited, as in :mod:`samen.recovery.services`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.common.dates import long_date
from samen.recovery import letters, limitation, recovery_terms
from samen.recovery.models import (
    MAX_REASON,
    Claim,
    CollectionStep,
    Movement,
    RecoveryDecision,
)
from samen.recovery.services import (
    CENT,
    _audit,
    _locked,
    _may_change,
    _name,
    _scope,
    limitation_from,
    recovery_parameters,
)


def record_step(
    actor: Any,
    claim_pk: int | str,
    *,
    kind: str,
    sent_on: dt.date,
    note: str = "",
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> CollectionStep:
    """Record that a reminder or summons was sent for an open claim. A summons only after
    the payment term ended (Awb 4:112 lid 1), when the claim has a due date."""
    errors: dict[str, str] = {}
    if kind not in CollectionStep.Kind.values:
        errors["kind"] = "Kies herinnering of aanmaning."
    if sent_on > timezone.localdate():
        errors["sent_on"] = "De verzenddatum ligt in de toekomst."
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        errors["note"] = f"De toelichting is te lang: ten hoogste {MAX_REASON} tekens."
    if errors:
        raise ValidationError(errors)
    policy, found = _may_change(actor, claim_pk, purpose)
    with transaction.atomic():
        claim = _locked(found, expected_version)
        if sent_on < claim.established_on:
            raise ValidationError(
                {"sent_on": "De verzenddatum ligt vóór het ontstaan van de vordering."}
            )
        balance = claim.balance()
        if balance <= 0:
            raise ValidationError({"kind": "Deze vordering heeft geen openstaand saldo."})
        if kind == CollectionStep.Kind.SUMMONS and claim.due_on and sent_on <= claim.due_on:
            raise ValidationError(
                {
                    "sent_on": "De betalingstermijn loopt tot en met "
                    f"{long_date(claim.due_on)}; een aanmaning kan pas daarna (artikel 4:112 "
                    "Awb)."
                }
            )
        step = CollectionStep.objects.create(
            claim=claim, kind=kind, sent_on=sent_on, sent_by=_name(actor), note=note
        )
        claim.version += 1
        claim.save(update_fields=["version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"invorderingsstap": {"soort": kind, "verzonden": sent_on.isoformat()}},
        )
        try:
            pay_by = recovery_terms.summons_ends(sent_on, recovery_parameters())
        except recovery_terms.MissingParameter as missing:
            raise ValidationError({"kind": str(missing)}) from None
        letters.collection_letter(
            actor, claim, step, balance=balance, pay_by=pay_by, purpose=purpose
        )
    return step


# ---------------------------------------------------------------------------------------------
# Limitation
# ---------------------------------------------------------------------------------------------
def _events(claim_ids: list[int]) -> dict[int, list[limitation.Event]]:
    """The interrupting events of each claim, in bulk (as services._interruptions)."""
    events: dict[int, list[limitation.Event]] = defaultdict(list)
    for claim_id, on in CollectionStep.objects.filter(
        claim_id__in=claim_ids, kind=CollectionStep.Kind.SUMMONS
    ).values_list("claim_id", "sent_on"):
        events[claim_id].append(limitation.Event("aanmaning", on))
    for claim_id, on in Movement.objects.filter(
        claim_id__in=claim_ids, kind=Movement.Kind.OFFSET
    ).values_list("claim_id", "booked_on"):
        events[claim_id].append(limitation.Event("verrekening", on))
    for claim_id, on in RecoveryDecision.objects.filter(
        claim_id__in=claim_ids, kind=RecoveryDecision.Kind.WRIT
    ).values_list("claim_id", "decided_on"):
        events[claim_id].append(limitation.Event("dwangbevel", on))
    return events


def limitation_of(claim: Claim) -> limitation.Limitation | None:
    """The claim's limitation (see :func:`services.limitation_from`)."""
    return limitation_from(claim, _events([claim.pk])[claim.pk])


@dataclass(frozen=True)
class NearingItem:
    claim: Claim
    balance: Decimal
    limitation: limitation.Limitation


def nearing_limitation(
    actor: Any,
    *,
    on: dt.date | None = None,
    offset: int = 0,
    limit: int = 25,
    purpose: Purpose = Purpose.UITVOERING,
) -> tuple[int, int, list[NearingItem]]:
    """The open claims this actor may read that limit within the horizon (the
    ``verjaring_signaal_maanden`` rule) or already have, the soonest first: (months, total,
    page). The claims on the page are audited."""
    day = on or timezone.localdate()
    rules = recovery_parameters()
    try:
        months = int(rules.on("verjaring_signaal_maanden", day).value)
    except recovery_terms.MissingParameter as missing:
        raise ValidationError(str(missing)) from None
    policy = policy_for(actor)
    claims = list(
        _scope(policy, Action.READ)
        .annotate(saldo=Sum("movements__amount"))
        .filter(saldo__gt=0)
        .order_by("pk")
    )
    events = _events([c.pk for c in claims])
    found: list[NearingItem] = []
    for claim in claims:
        result = limitation_from(claim, events[claim.pk], rules)
        if result is not None and result.within(day, months):
            balance = Decimal(claim.saldo).quantize(CENT)  # type: ignore[attr-defined]
            found.append(NearingItem(claim, balance, result))
    found.sort(key=lambda item: (item.limitation.limited_on, item.claim.pk))
    page = found[offset : offset + limit]
    if page:
        _audit(actor, policy, AuditEntry.Kind.READ, [i.claim for i in page], purpose)
    return months, len(found), page
