"""The cases app's signals on a client's file (see :mod:`samen.common.attention`), and the
count of all signals on a consulent's clients for the start page.

- **Beslistermijn**: an open case (not decided, not closed) whose decision deadline
  (``Case.deadline``, computed by :mod:`samen.cases.deadlines` from the case type's legal
  term, its extensions and suspensions) is at most ``services.NEAR_DAYS`` days away, or has
  passed. The same rule marks a row 'Bijna verlopen' in the worklist.

*A consulent's clients* are the persons of whom the consulent is the fixed contact person
(``Assignment`` valid today) and the persons of the open cases assigned to the consulent.
The start page shows only counts (no names), so that count audits nothing; the page with
the signals (``/aandachtspunten``) audits what it shows, as every page does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.cases.models import Assignment, Case, Status
from samen.common import attention
from samen.common.attention import SHOWN, Options, Signal
from samen.common.dates import long_date
from samen.common.notices import Notice

TERM = "beslistermijn"


def _open_cases(actor: Any) -> Any:
    return (
        policy_for(actor)
        .scope_records(Case.objects.all(), Action.READ)
        .exclude(status=Status.AFGESLOTEN)
        .filter(decided_on__isnull=True)
    )


def _term_signal(case: Case, day: dt.date) -> Signal:
    assert case.deadline is not None
    left = (case.deadline - day).days
    what = f"De beslistermijn van zaak {case.reference} ({case.case_type.name})"
    if left < 0:
        text = f"{what} is verlopen op {long_date(case.deadline)}."
        action = (
            "Beslis zo snel mogelijk. De cliënt kan het college nu in gebreke stellen; "
            "daarna kan de gemeente een dwangsom moeten betalen (artikel 4:17 Awb)."
        )
        level = "danger"
    else:
        when = "vandaag" if left == 0 else ngettext("nog %d dag", "nog %d dagen", left) % left
        text = f"{what} loopt af op {long_date(case.deadline)} ({when})."
        action = (
            "Neem vóór die datum een besluit. Lukt dat niet, verdaag dan de termijn en laat "
            "de cliënt dat vóór die datum schriftelijk weten (artikel 4:14 Awb)."
        )
        level = "warning"
    return Signal(
        kind=TERM,
        label="Beslistermijn",
        person_id=case.person_id,
        person_name=case.person.full_name,
        text=text,
        action=action,
        on=case.deadline,
        level=level,
        url=reverse("case", args=[case.pk]),
        case_id=case.pk,
    )


def term_signals(
    actor: Any, person_ids: Sequence[int], day: dt.date, options: Options = SHOWN
) -> list[Signal]:
    """The open cases of the persons whose decision deadline is near or past (less the cases
    the page shows itself)."""
    from samen.cases.case_access import _subject
    from samen.cases.reading import NEAR_DAYS

    cases = list(
        _open_cases(actor)
        .filter(
            person_id__in=person_ids,
            deadline__isnull=False,
            deadline__lte=day + dt.timedelta(days=NEAR_DAYS),
        )
        .exclude(pk__in=options.shown_cases)
        .select_related("person", "case_type", "municipality", "domain")
        .order_by("deadline", "reference")
    )
    if options.record and cases:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[_subject(c) for c in cases],
            purpose=Purpose.UITVOERING.value,
            roles=policy_for(actor).role_names(),
        )
    return [_term_signal(case, day) for case in cases]


def clients_of(actor: Any, day: dt.date) -> list[int]:
    """The ids of the actor's clients: fixed contact person on ``day``, or an open case
    assigned to the actor that the actor may read. Two queries."""
    staff = getattr(actor, "staff", None)
    if staff is None:
        return []
    fixed = Assignment.objects.valid_on(day).filter(staff=staff).values_list("person_id", flat=True)
    cases = _open_cases(actor).filter(assigned_to=staff).values_list("person_id", flat=True)
    return sorted(set(fixed) | set(cases))


def client_signals(actor: Any, day: dt.date, *, record: bool = True) -> list[Signal]:
    """Every signal on the actor's clients, most urgent first."""
    found = attention.signals_for(actor, clients_of(actor, day), day, record=record)
    signals = [s for per_person in found.values() for s in per_person]
    signals.sort(key=lambda s: (attention.LEVELS.index(s.level), s.on, s.person_name))
    return signals


def client_notices(user: Any, day: dt.date) -> list[Notice]:
    """The start page: how many signals there are on the user's clients, by kind."""
    if not policy_for(user, day).grants_for(Action.READ):
        return []
    signals = client_signals(user, day, record=False)
    if not signals:
        return []
    by_kind = ", ".join(
        f"{label}: {count}" for label, count in sorted(attention.counts(signals).items())
    )
    total = len(signals)
    text = ngettext(
        "Er is %(count)d aandachtspunt bij uw cliënten (%(kinds)s).",
        "Er zijn %(count)d aandachtspunten bij uw cliënten (%(kinds)s).",
        total,
    ) % {"count": total, "kinds": by_kind}
    danger = any(s.level == "danger" for s in signals)
    return [Notice(text, reverse("attention"), "warning" if danger else "info")]
