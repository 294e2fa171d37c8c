"""Reading decisions for internal control (``samen.control``): the population of a
municipality's decisions over a period, and the decisions of a sample.

Every function goes through the one access policy (``Policy.scope_records`` on the decision's
case) and records in the audit trail what it handed out, with the purpose the caller gives
(internal control reads with ``Purpose.CONTROLE``). A decision the actor may not read is
:class:`NotVisible`, exactly like one that does not exist. Kept apart from ``services.py``:
this is the one door internal control uses into the cases app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases.models import Case, Decision, Status
from samen.people.services import NotVisible

__all__ = [
    "NotVisible",
    "Population",
    "awaiting_announcement",
    "decision",
    "decision_population",
    "decisions",
    "subject",
]


@dataclass(frozen=True)
class Population:
    """The decisions the actor may read, as (id, case type code) in id order, and how many
    there are in all (readable or not): a sample must come from the whole population."""

    items: list[tuple[int, str]]
    total: int


def subject(found: Decision) -> audit.Subject:
    return audit.Subject(
        object_type="besluit",
        object_id=str(found.pk),
        data_subject_id=found.case.person.bsn,
        municipality_code=found.case.municipality.cbs_code,
        domain_code=found.case.domain.code,
    )


def _visible(policy: Policy) -> Any:
    cases = policy.scope_records(Case.objects.all(), Action.READ)
    return Decision.objects.filter(case__in=cases)


def decision_population(
    actor: Any, municipality: Any, period_from: dt.date, period_until: dt.date
) -> Population:
    """The decisions taken on behalf of ``municipality`` with a decision date in the period.
    Ids only: nothing of a person is handed out, so nothing is audited here; the caller
    audits the items it draws (:func:`decisions`)."""
    in_period = {
        "municipality": municipality,
        "decided_on__range": (period_from, period_until),
    }
    policy = policy_for(actor)
    items = list(
        _visible(policy)
        .filter(**in_period)
        .order_by("pk")
        .values_list("pk", "case__case_type__code")
    )
    return Population(items=items, total=Decision.objects.filter(**in_period).count())


def decisions(
    actor: Any, ids: Iterable[int], purpose: Purpose, *, kind: str = AuditEntry.Kind.LIST
) -> dict[int, Decision]:
    """The decisions of ``ids`` the actor may read, by id; each one handed out is audited."""
    policy = policy_for(actor)
    found = {
        d.pk: d
        for d in _visible(policy)
        .filter(pk__in=list(ids))
        .select_related(
            "case__person", "case__municipality", "case__domain", "case__case_type", "taken_by"
        )
        .select_related("decision_type", "municipality")
    }
    audit.record(
        actor=actor,
        action=kind,
        subjects=[subject(d) for d in found.values()],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return found


def decision(actor: Any, pk: int, purpose: Purpose) -> Decision:
    """One decision, audited as read; refused (and audited as refused) when not readable."""
    found = decisions(actor, [pk], purpose, kind=AuditEntry.Kind.READ).get(pk)
    if found is None:
        policy = policy_for(actor)
        audit.refused(actor, policy, purpose, audit.Subject("besluit", str(pk)))
        raise NotVisible("Besluit niet gevonden, of u heeft geen toegang.")
    return found


def awaiting_announcement(actor: Any) -> list[int]:
    """The ids of the latest decision of each case the actor may read that has a decision
    but is not yet announced (status *besluit genomen*), for four-eyes review
    (``samen.review``). Ids only: the caller audits what it hands out (:func:`decisions`)."""
    policy = policy_for(actor)
    cases = policy.scope_records(Case.objects.all(), Action.READ).filter(
        status=Status.BESLUIT_GENOMEN
    )
    latest: dict[int, int] = {}
    for pk, case_id in (
        Decision.objects.filter(case__in=cases)
        .order_by("case_id", "decided_on", "pk")
        .values_list("pk", "case_id")
    ):
        latest[case_id] = pk  # the last one per case wins
    return sorted(latest.values())
