"""The monthly payment run: idempotent, resumable, and history never changed silently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from schwifty import IBAN

from samen.income import payments
from samen.income.models import (
    Benefit,
    BenefitFact,
    PayingAccount,
    PaymentLine,
    PaymentRun,
    RecoveryClaim,
    Supplement,
)
from samen.income.payments import BenefitFacts, run_month
from samen.income.recalculation import recalculate_from
from samen.organisation.models import Domain
from samen.people.models import Person
from tests import factories

D = dt.date
MARCH = D(2026, 3, 1)


@dataclass(frozen=True)
class Result:
    benefit_per_month: Decimal
    explanation: tuple[str, ...]


class FakeCalculator:
    """Pays ``facts["bedrag"]``; raises after ``fail_after`` calls (a crash mid-run)."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.fail_after = fail_after
        self.calls = 0

    def __call__(self, facts: BenefitFacts) -> Result:
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise RuntimeError("stroomstoring")
        self.calls += 1
        return Result(Decimal(facts.facts["bedrag"]), (f"norm {facts.facts['bedrag']}",))


def iban(n: int) -> str:
    return str(IBAN.generate("NL", bank_code="INGB", account_code=f"{n:010d}"))


def make_benefit(
    municipality: Any, n: int, amount: str = "1000.00", start: dt.date = D(2026, 1, 1), **kw: Any
) -> Benefit:
    person = Person.objects.create(
        bsn=f"{100000000 + n}", given_names="Jan", surname=f"Jansen {n}", birth_date=D(1980, 1, 1)
    )
    kw.setdefault("domain", Domain.objects.get(code="participatiewet"))
    benefit = Benefit.objects.create(
        person=person, municipality=municipality, iban=iban(n), start_date=start, **kw
    )
    BenefitFact.objects.create(benefit=benefit, valid_from=start, facts={"bedrag": amount})
    return benefit


@pytest.fixture
def municipalities(db: None) -> dict[str, Any]:
    result = {}
    for i, code in enumerate(["GM0935", "GM0981", "GM0938"]):
        m = factories.MunicipalityFactory(cbs_code=code)
        PayingAccount.objects.create(
            municipality=m,
            name=f"Gemeente {m.name}",
            iban=str(IBAN.generate("NL", bank_code="BNGH", account_code=f"{285000000 + i:010d}")),
            bic="BNGHNL2G",
            valid_from=D(2020, 1, 1),
        )
        result[code] = m
    return result


@pytest.fixture
def five(municipalities: dict[str, Any]) -> list[Benefit]:
    codes = ["GM0935", "GM0935", "GM0981", "GM0938", "GM0938"]
    amounts = ["1000.00", "1000.00", "1234.56", "850.10", "0.00"]
    return [make_benefit(municipalities[c], i, a) for i, (c, a) in enumerate(zip(codes, amounts))]


def test_running_the_month_twice_pays_each_benefit_once(five: list[Benefit]) -> None:
    calc = FakeCalculator()
    run = run_month(MARCH, calculate=calc)
    assert run.status == PaymentRun.Status.DONE
    assert (run.done, run.total) == (5, 5)
    assert calc.calls == 4  # two benefits share one input: calculated once
    assert run.amount_total == Decimal("4084.66")
    assert run.totals_per_municipality == {
        "GM0935": {"aantal": 2, "bedrag": "2000.00"},
        "GM0938": {"aantal": 2, "bedrag": "850.10"},
        "GM0981": {"aantal": 1, "bedrag": "1234.56"},
    }
    line = PaymentLine.objects.get(benefit=five[2], month=MARCH)
    assert line.amount == Decimal("1234.56")
    assert line.calculation["toelichting"] == [
        "norm 1234.56",
        "Betaald over deze maand: € 1.234,56.",
    ]

    again = run_month(MARCH, calculate=FakeCalculator())
    assert again.pk == run.pk
    assert PaymentLine.objects.filter(month=MARCH).count() == 5
    assert again.amount_total == Decimal("4084.66")
    assert again.attempts == 2


def test_only_benefits_active_in_the_month_are_paid(municipalities: dict[str, Any]) -> None:
    m = municipalities["GM0935"]
    paid = make_benefit(m, 1, end_date=D(2026, 3, 1))  # ends on the first day: still paid
    make_benefit(m, 2, end_date=D(2026, 2, 28))
    make_benefit(m, 3, start=D(2026, 4, 1))
    make_benefit(m, 4, status=Benefit.Status.SUSPENDED)
    run = run_month(MARCH, calculate=FakeCalculator())
    assert list(PaymentLine.objects.values_list("benefit_id", flat=True)) == [paid.pk]
    assert run.total == 1


def test_a_month_must_be_given_by_its_first_day(five: list[Benefit]) -> None:
    with pytest.raises(ValueError, match="hele maand"):
        run_month(D(2026, 3, 15), calculate=FakeCalculator())


def test_a_crash_halfway_keeps_the_committed_batches_and_resumes(
    municipalities: dict[str, Any],
) -> None:
    m = municipalities["GM0981"]
    benefits = [make_benefit(m, i, f"{900 + i}.00") for i in range(10)]
    with pytest.raises(RuntimeError, match="stroomstoring"):
        run_month(MARCH, calculate=FakeCalculator(fail_after=5), batch_size=3)
    run = PaymentRun.objects.get(month=MARCH)
    assert run.status == PaymentRun.Status.FAILED
    assert "stroomstoring" in run.error
    assert run.done == 3  # the first batch; the second failed before it was written
    assert PaymentLine.objects.count() == 3

    resumed_calc = FakeCalculator()
    run = run_month(MARCH, calculate=resumed_calc, batch_size=3)
    assert run.status == PaymentRun.Status.DONE
    assert (run.done, run.total) == (10, 10)
    assert resumed_calc.calls == 7  # only the rest was calculated
    assert sorted(PaymentLine.objects.values_list("benefit_id", flat=True)) == [
        b.pk for b in benefits
    ]
    assert run.amount_total == sum(Decimal(f"{900 + i}.00") for i in range(10))


def test_the_database_refuses_a_second_line_for_the_same_month(five: list[Benefit]) -> None:
    run = run_month(MARCH, calculate=FakeCalculator())
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(
            run=run, benefit=five[0], month=MARCH, amount=Decimal("1.00"), calculation={}
        )
    # and the batch writer's guard skips it silently
    with transaction.atomic():
        written = payments._write_batch(
            run, [(five[0].pk, (Decimal("1.00"), Decimal("0.00"), "{}", "{}"))]
        )
    assert written == 0
    assert PaymentLine.objects.get(benefit=five[0], month=MARCH).amount == Decimal("1000.00")


def test_a_payment_line_is_never_changed(five: list[Benefit]) -> None:
    run_month(MARCH, calculate=FakeCalculator())
    line = PaymentLine.objects.get(benefit=five[0], month=MARCH)
    line.amount = Decimal("1.00")
    with pytest.raises(ValidationError, match="nooit gewijzigd"):
        line.save()


def pay_months(*months: dt.date) -> None:
    for month in months:
        run_month(month, calculate=FakeCalculator())


def test_recalculation_showing_overpayment_creates_recovery_claims(
    municipalities: dict[str, Any],
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00")
    pay_months(D(2026, 1, 1), D(2026, 2, 1), MARCH)
    before = list(
        PaymentLine.objects.order_by("month").values_list("month", "amount", "calculation")
    )
    # income found from 1 February: the benefit should have been 800
    BenefitFact.objects.create(benefit=benefit, valid_from=D(2026, 2, 1), facts={"bedrag": "800"})

    result = recalculate_from(benefit, D(2026, 2, 10), calculate=FakeCalculator(), reason="loon")

    assert [(c.month, c.amount) for c in result.claims] == [
        (D(2026, 2, 1), Decimal("200.00")),
        (MARCH, Decimal("200.00")),
    ]
    assert result.supplements == []
    assert "betaald € 1.000,00, recht op € 800,00 (loon)" in result.claims[0].reason
    after = list(
        PaymentLine.objects.order_by("month").values_list("month", "amount", "calculation")
    )
    assert after == before  # history unchanged
    benefit.refresh_from_db()
    assert benefit.version == 2

    # recalculating again finds nothing new
    again = recalculate_from(benefit, D(2026, 2, 1), calculate=FakeCalculator())
    assert again.claims == [] and again.supplements == []
    assert RecoveryClaim.objects.count() == 2

    # April is paid with the new facts
    run_month(D(2026, 4, 1), calculate=FakeCalculator())
    assert PaymentLine.objects.get(month=D(2026, 4, 1)).amount == Decimal("800.00")


def test_recalculation_showing_underpayment_is_paid_once_in_the_next_run(
    municipalities: dict[str, Any],
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00")
    pay_months(D(2026, 2, 1), MARCH)
    BenefitFact.objects.create(benefit=benefit, valid_from=D(2026, 2, 1), facts={"bedrag": "1100"})
    result = recalculate_from(benefit, D(2026, 2, 1), calculate=FakeCalculator())
    assert [s.amount for s in result.supplements] == [Decimal("100.00"), Decimal("100.00")]
    assert RecoveryClaim.objects.count() == 0

    april = D(2026, 4, 1)
    run = run_month(april, calculate=FakeCalculator())
    supplement_line = PaymentLine.objects.get(month=april, kind=PaymentLine.Kind.SUPPLEMENT)
    assert supplement_line.amount == Decimal("200.00")
    assert "februari 2026, maart 2026" in supplement_line.reason
    assert run.supplements == 1
    assert run.amount_total == Decimal("1300.00")
    assert set(Supplement.objects.values_list("paid_by", flat=True)) == {supplement_line.pk}

    run_month(april, calculate=FakeCalculator())
    assert PaymentLine.objects.filter(month=april).count() == 2
    # the paid supplement counts as paid: recalculating again finds nothing
    assert recalculate_from(benefit, D(2026, 2, 1), calculate=FakeCalculator()).supplements == []


def test_a_bad_iban_is_refused_with_a_dutch_message(municipalities: dict[str, Any]) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1)
    benefit.iban = "NL91 ABNA 0417 1643 01"  # one digit off: the check digits fail
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert error.value.message_dict["iban"] == [
        "NL91 ABNA 0417 1643 01 is geen geldig IBAN: controleer de landcode, de lengte en het "
        "controlegetal (bijvoorbeeld NL91 ABNA 0417 1643 00)."
    ]
    benefit.iban = "nl91 abna 0417 1643 00"
    benefit.full_clean()
    benefit.save()
    benefit.refresh_from_db()
    assert benefit.iban == "NL91ABNA0417164300"


def test_the_task_runs_the_month_in_process(
    five: list[Benefit], monkeypatch: pytest.MonkeyPatch
) -> None:
    from samen.income.tasks import run_month_task

    monkeypatch.setattr(payments, "default_calculate", FakeCalculator())
    result = run_month_task.delay("2026-03-01").get()
    assert result["status"] == "gereed"
    assert (result["gedaan"], result["totaal"], result["bedrag"]) == (5, 5, "4084.66")
    assert PaymentLine.objects.filter(month=MARCH).count() == 5


def test_the_default_calculator_is_the_product_calculation(
    municipalities: dict[str, Any],
) -> None:
    """The adapter from stored facts to the calculation: an alleenstaande of 40 without
    income in Maastricht gets the full norm, someone earning 300.00 less (after vrijlating).
    Each month pays the benefit minus the vakantietoeslag, which is reserved (5 %) and paid
    once a year: 1401.50 - 70.08 = 1331.42 in March 2026."""
    m = municipalities["GM0935"]
    alone = make_benefit(m, 1)
    earning = make_benefit(m, 2)
    BenefitFact.objects.filter(benefit=alone).update(
        facts={"aanvrager": {"geboortedatum": "1986-01-15"}}
    )
    BenefitFact.objects.filter(benefit=earning).update(
        facts={
            "aanvrager": {"geboortedatum": "1986-01-15"},
            "inkomsten": [{"persoon": "aanvrager", "soort": "overig", "netto_per_maand": "300"}],
        }
    )
    run = run_month(MARCH)
    full = PaymentLine.objects.get(benefit=alone, month=MARCH)
    less = PaymentLine.objects.get(benefit=earning, month=MARCH)
    assert full.amount == Decimal("1331.42")
    assert full.amount - less.amount == Decimal("285.00")  # 300.00 less, 5 % less reserved
    assert "Gereserveerde vakantietoeslag deze maand: € 70,08" in " ".join(
        full.calculation["toelichting"]
    )
    assert full.calculation["toelichting"]  # the explanation behind the amount is kept
    assert run.done == 2


def test_a_benefit_the_calculation_refuses_is_listed_and_the_others_are_paid(
    municipalities: dict[str, Any],
) -> None:
    from samen.income.calculation import CalculationError

    good = make_benefit(municipalities["GM0981"], 1, "900.00")
    odd = make_benefit(municipalities["GM0981"], 2, "-1")

    def calculate(facts: BenefitFacts) -> Result:
        if facts.facts["bedrag"] == "-1":
            raise CalculationError("Deze situatie kan de berekening nog niet aan.")
        return Result(Decimal(facts.facts["bedrag"]), ())

    run = run_month(MARCH, calculate=calculate)
    assert run.status == PaymentRun.Status.DONE
    assert (run.done, run.not_calculated) == (1, 1)
    assert run.problems == [
        {"uitkering": odd.pk, "reden": "Deze situatie kan de berekening nog niet aan."}
    ]
    assert list(PaymentLine.objects.values_list("benefit_id", flat=True)) == [good.pk]


@pytest.mark.skipif(
    "postgresql" not in __import__("django.db").db.connection.vendor,
    reason="the run lock is a PostgreSQL advisory lock",
)
def test_a_second_run_of_the_same_month_is_refused_while_the_first_runs(
    five: list[Benefit],
) -> None:
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [payments.RUN_LOCK_CLASS, 202603])
        with pytest.raises(payments.RunInProgress, match="loopt al"):
            run_month(MARCH, calculate=FakeCalculator())
        assert not PaymentLine.objects.exists()
    finally:
        # Unlock before closing: the server ends the session (and its locks) asynchronously.
        other.execute("SELECT pg_advisory_unlock(%s, %s)", [payments.RUN_LOCK_CLASS, 202603])
        other.close()
    assert run_month(MARCH, calculate=FakeCalculator()).done == 5


def test_a_benefit_that_starts_or_ends_within_the_month_is_paid_for_its_days(
    municipalities: dict[str, Any],
) -> None:
    m = municipalities["GM0981"]
    starts = make_benefit(m, 1, "1240.00", start=D(2026, 3, 16))
    ends = make_benefit(m, 2, "1240.00", start=D(2026, 1, 1), end_date=D(2026, 3, 10))
    run = run_month(MARCH, calculate=FakeCalculator())
    assert run.done == 2 and run.missing_facts == 0
    first = PaymentLine.objects.get(benefit=starts, month=MARCH)
    last = PaymentLine.objects.get(benefit=ends, month=MARCH)
    assert first.amount == Decimal("640.00")  # 16 of 31 days
    assert last.amount == Decimal("400.00")  # 10 of 31 days
    assert "Deel van de maand: 16 van 31 dagen." in first.calculation["toelichting"]
    # Recalculating with unchanged facts finds nothing to claim or supplement.
    result = recalculate_from(starts, D(2026, 3, 1), calculate=FakeCalculator())
    assert (result.claims, result.supplements) == ([], [])
