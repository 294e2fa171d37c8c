"""Builders for the hand-computed fixtures: cases with a deadline and a decision date,
decisions with an outcome, benefits with facts and payment lines. Rows are written directly
(the figures, not the case workflow, are under test); every date is explicit."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from samen.cases.models import Case, CaseType, Decision, Status
from samen.income.models import Benefit, BenefitFact, PaymentDate, PaymentLine, PaymentRun
from samen.objections.models import Objection
from samen.organisation.models import DecisionType, Domain, Municipality, RecordedDecision, Staff
from samen.people.models import Person

D = dt.date
_numbers = itertools.count(1)
IBAN = "NL91ABNA0417164300"


def person() -> Person:
    n = next(_numbers)
    return Person.objects.create(
        bsn=f"8{n:08d}", given_names="Test", surname=f"Persoon {n}", birth_date=D(1980, 1, 1)
    )


def case(
    municipality: Municipality,
    type_code: str,
    *,
    received: dt.date | None = None,
    deadline: dt.date | None = None,
    decided: dt.date | None = None,
) -> Case:
    case_type = CaseType.objects.filter(code=type_code).latest("valid_from")
    n = next(_numbers)
    return Case.objects.create(
        reference=f"Z-TEST-{n}",
        case_type=case_type,
        person=person(),
        municipality=municipality,
        domain=case_type.domain,
        status=Status.BESLUIT_GENOMEN if decided else Status.IN_BEHANDELING,
        received_on=received,
        deadline=deadline,
        decided_on=decided,
    )


def decide(case: Case, outcome: str) -> Decision:
    staff = Staff.objects.order_by("pk").first()
    decision_type = DecisionType.objects.order_by("pk").first()
    assert case.decided_on is not None and staff is not None and decision_type is not None
    recorded = RecordedDecision.objects.create(
        decision_type=decision_type,
        municipality=case.municipality,
        taken_by=staff,
        decided_on=case.decided_on,
        reference=case.reference,
    )
    return Decision.objects.create(
        case=case,
        decision_type=decision_type,
        outcome=outcome,
        decided_on=case.decided_on,
        municipality=case.municipality,
        taken_by=staff,
        recorded=recorded,
        reasoning="test",
        legal_basis="test",
    )


def objection(
    municipality: Municipality,
    *,
    deadline: dt.date,
    decided: dt.date | None,
    outcome: str = "ongegrond",
    committee: bool = False,
) -> Objection:
    """An objection (its bezwaar case with the decision deadline, the contested decision and,
    when ``decided``, the decision on the objection with ``outcome``)."""
    contested = decide(
        case(municipality, "pw-aanvraag-algemene-bijstand", decided=D(2025, 10, 1)), "afgewezen"
    )
    own = case(
        municipality,
        "bezwaar-adviescommissie" if committee else "bezwaar",
        deadline=deadline,
        decided=decided,
    )
    found = Objection.objects.create(
        case=own,
        contested=contested,
        announced_on=D(2025, 10, 1),
        term_end=D(2025, 11, 12),
        filed_on=D(2025, 11, 1),
        received_via="post",
        grounds="test",
        objector_name="Test",
        committee=committee,
        timeliness="tijdig",
    )
    if decided is not None:
        found.decision = decide(own, "toegekend" if "gegrond" in outcome else "afgewezen")
        found.outcome = outcome
        found.save(update_fields=["decision", "outcome"])
    return found


def benefit(
    municipality: Municipality,
    start: dt.date,
    end: dt.date | None = None,
    *,
    facts: list[tuple[dt.date, bool]] = (),  # type: ignore[assignment]
    case: Case | None = None,
) -> Benefit:
    created = Benefit.objects.create(
        person=person(),
        case=case,
        municipality=municipality,
        domain=Domain.objects.get(code="participatiewet"),
        iban=IBAN,
        start_date=start,
        end_date=end,
        status=Benefit.Status.ENDED if end else Benefit.Status.ACTIVE,
    )
    for valid_from, works in facts:
        incomes = (
            [{"persoon": "aanvrager", "soort": "arbeid", "netto_per_maand": "250.00"}]
            if works
            else [{"persoon": "aanvrager", "soort": "overig", "netto_per_maand": "100.00"}]
        )
        BenefitFact.objects.create(
            benefit=created,
            valid_from=valid_from,
            facts={"aanvrager": {"geboortedatum": "1980-01-01"}, "inkomsten": incomes},
        )
    return created


def run(month: dt.date, benefits: list[Benefit], released: dt.date | None, pay_on: dt.date) -> Any:
    PaymentDate.objects.update_or_create(
        month=month, defaults={"run_on": pay_on - dt.timedelta(days=3), "pay_on": pay_on}
    )
    payment_run = PaymentRun.objects.create(month=month, status=PaymentRun.Status.DONE)
    for b in benefits:
        PaymentLine.objects.create(
            run=payment_run, benefit=b, month=month, amount=Decimal("1000.00"), calculation={}
        )
    if released is not None:
        moment = timezone.make_aware(dt.datetime.combine(released, dt.time(10, 0)))
        releaser = get_user_model().objects.order_by("pk").first()
        PaymentRun.objects.filter(pk=payment_run.pk).update(
            released_at=moment, released_by=releaser
        )
    return payment_run
