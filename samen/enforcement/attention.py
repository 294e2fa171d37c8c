"""The enforcement app's signals on a client's file (see :mod:`samen.common.attention`):
**IB-signaal**, an open Inlichtingenbureau signal matched to one of the client's benefits,
with its handling term (danger once the term has passed). Only signals the actor may read
under the one access policy; the signals returned are audited when asked to. Investigations
are never shown here: they are confidential to the sociale recherche.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.common.attention import Options, Signal
from samen.common.dates import long_date
from samen.enforcement.models import Signal as IbSignal
from samen.enforcement.products import Product
from samen.enforcement.signals import subject

KIND = "ib-signaal"


def open_signals(
    actor: Any, person_ids: Sequence[int], day: dt.date, options: Options
) -> list[Signal]:
    policy = policy_for(actor, day)
    found = list(
        policy.scope_records(IbSignal.objects.all(), Action.READ)
        .filter(person_id__in=person_ids, outcome="", benefit__isnull=False)
        .select_related("person", "municipality", "domain")
        .order_by("deadline", "pk")
    )
    if options.record and found:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[subject(s) for s in found],
            purpose=Purpose.UITVOERING.value,
            roles=policy.role_names(),
        )
    return [
        Signal(
            kind=KIND,
            label="IB-signaal",
            person_id=s.person_id,
            person_name=s.person.full_name,
            text=f"Signaal van het Inlichtingenbureau: {Product(s.product).label}, {s.period}.",
            action=f"Handel het signaal af uiterlijk op {long_date(s.deadline)}.",
            on=s.deadline or day,
            level="danger" if s.deadline and s.deadline < day else "warning",
            url=reverse("signal", args=[s.pk]),
        )
        for s in found
    ]


def register() -> None:
    from samen.common import attention

    attention.register(open_signals)
