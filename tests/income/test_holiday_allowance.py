"""The vakantietoeslag: reserved every month on the regular line, paid once a year in the
payout month (data: ``vakantietoeslag_uitbetaalmaand``) and when a benefit ends; a
recalculation corrects the reserve, and nothing is ever paid twice."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.apps import apps

from samen.income import holiday_allowance, payments
from samen.income.models import BenefitFact, PaymentLine, RecoveryClaim, Supplement
from samen.income.payments import BenefitFacts, run_month
from samen.income.recalculation import recalculate_from
from samen.income.sepa import sepa_files
from tests.income.test_payments import make_benefit, municipalities  # noqa: F401

D = dt.date
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Result:
    benefit_per_month: Decimal
    holiday_allowance: Decimal
    explanation: tuple[str, ...]

    @property
    def payable_per_month(self) -> Decimal:
        return self.benefit_per_month - self.holiday_allowance


def calculate(facts: BenefitFacts) -> Result:
    """Like the product: 5 % of the benefit is reserved, rounded half up to cents."""
    benefit = Decimal(facts.facts["bedrag"])
    holiday = (benefit * Decimal("0.05")).quantize(CENT, rounding=ROUND_HALF_UP)
    return Result(benefit, holiday, (f"bijstand {benefit}",))


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    found, day = [], first
    while day <= last:
        found.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return found


def run(first: dt.date, last: dt.date) -> None:
    for month in months(first, last):
        run_month(month, calculate=calculate)


def holiday_lines(benefit: Any) -> list[PaymentLine]:
    return list(
        PaymentLine.objects.filter(
            benefit=benefit, kind=PaymentLine.Kind.HOLIDAY_ALLOWANCE
        ).order_by("month")
    )


def test_june_pays_what_was_reserved_from_january_to_may_once(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00")
    run(D(2026, 1, 1), D(2026, 5, 1))
    regular = PaymentLine.objects.filter(benefit=benefit, kind=PaymentLine.Kind.REGULAR)
    assert {(line.amount, line.holiday_allowance) for line in regular} == {
        (Decimal("950.00"), Decimal("50.00"))
    }
    assert holiday_lines(benefit) == []  # nothing before the payout month

    june = run_month(D(2026, 6, 1), calculate=calculate)
    [line] = holiday_lines(benefit)
    assert line.month == D(2026, 6, 1)
    assert line.amount == Decimal("250.00")  # January to May; June's own reserve waits
    assert "tot en met mei 2026" in line.reason
    assert holiday_allowance.explanation(line.calculation) == [
        "Opgebouwde vakantietoeslag tot en met mei 2026: € 250,00.",
        "Nu uitbetaald: € 250,00.",
    ]
    assert june.holiday_allowances == 1
    assert june.amount_total == Decimal("950.00") + Decimal("250.00")

    again = run_month(D(2026, 6, 1), calculate=calculate)
    assert len(holiday_lines(benefit)) == 1
    assert again.holiday_allowances == 1

    run(D(2026, 7, 1), D(2027, 6, 1))
    lines = holiday_lines(benefit)
    assert [line.month for line in lines] == [D(2026, 6, 1), D(2027, 6, 1)]
    assert lines[1].amount == Decimal("600.00")  # June 2026 to May 2027: twelve months
    assert lines[1].calculation["eerderBetaald"] == "250.00"
    assert holiday_allowance.explanation(lines[1].calculation) == [
        "Opgebouwde vakantietoeslag tot en met mei 2027: € 850,00.",
        "Eerder uitbetaald (laatst in juni 2026): € 250,00.",
        "Nu uitbetaald: € 600,00.",
    ]


def test_a_part_month_reserves_for_its_days(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00", start=D(2026, 1, 16))
    run_month(D(2026, 1, 1), calculate=calculate)
    line = PaymentLine.objects.get(benefit=benefit)
    assert line.amount == Decimal("490.32")  # 950 x 16/31
    assert line.holiday_allowance == Decimal("25.81")  # 50 x 16/31
    assert line.calculation["vakantietoeslag"] == "25.81"


def test_an_ended_benefit_gets_its_balance_in_the_next_run(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    ended = make_benefit(municipalities["GM0935"], 1, "1000.00", end_date=D(2026, 3, 15))
    running = make_benefit(municipalities["GM0935"], 2, "1000.00")
    run(D(2026, 1, 1), D(2026, 3, 1))
    assert holiday_lines(ended) == []

    april = run_month(D(2026, 4, 1), calculate=calculate)
    [line] = holiday_lines(ended)
    assert line.amount == Decimal("50.00") + Decimal("50.00") + Decimal("24.19")  # 15/31 of 50
    assert "einde van de uitkering" in line.reason
    assert holiday_lines(running) == []  # still running: waits for June
    assert april.holiday_allowances == 1

    run(D(2026, 5, 1), D(2026, 6, 1))
    assert len(holiday_lines(ended)) == 1  # paid out once, also in June


def test_a_recalculation_corrects_the_reserve_before_it_is_paid(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00")
    run(D(2026, 1, 1), D(2026, 5, 1))
    BenefitFact.objects.create(
        benefit=benefit, valid_from=D(2026, 3, 1), facts={"bedrag": "800.00"}
    )
    result = recalculate_from(benefit, D(2026, 3, 1), calculate=calculate)
    assert len(result.claims) == 3  # March, April, May: 950 paid, 760 due
    claim = RecoveryClaim.objects.filter(benefit=benefit).first()
    assert claim is not None
    assert claim.amount == Decimal("190.00")
    assert claim.holiday_allowance == Decimal("-10.00")  # 40 instead of 50 reserved
    assert "vakantietoeslag € 50,00 wordt € 40,00" in claim.reason

    run_month(D(2026, 6, 1), calculate=calculate)
    [line] = holiday_lines(benefit)
    assert line.amount == Decimal("220.00")  # 2 x 50 + 3 x 40
    assert line.calculation["correcties"] == "-30.00"
    assert "Correcties na herberekening: € -30,00." in holiday_allowance.explanation(
        line.calculation
    )


def test_a_cent_that_only_moves_the_reserve_is_recorded_and_settled_in_june(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    # 100.09 reserves 5.00 and pays 95.09; 100.10 reserves 5.01 and pays 95.09 as well.
    benefit = make_benefit(municipalities["GM0935"], 1, "100.09")
    run(D(2026, 1, 1), D(2026, 5, 1))
    BenefitFact.objects.create(
        benefit=benefit, valid_from=D(2026, 5, 1), facts={"bedrag": "100.10"}
    )
    result = recalculate_from(benefit, D(2026, 5, 1), calculate=calculate)
    assert result.claims == []
    [supplement] = result.supplements
    assert (supplement.amount, supplement.holiday_allowance) == (Decimal("0.00"), CENT)

    june = run_month(D(2026, 6, 1), calculate=calculate)
    assert not PaymentLine.objects.filter(benefit=benefit, kind=PaymentLine.Kind.SUPPLEMENT)
    assert Supplement.objects.get(pk=supplement.pk).paid_by is None  # nothing to pay as a line
    [line] = holiday_lines(benefit)
    assert line.amount == Decimal("25.01")  # 5 x 5.00 + the cent
    assert june.supplements == 0
    # recalculating again finds nothing new
    assert recalculate_from(benefit, D(2026, 5, 1), calculate=calculate).supplements == []


def test_the_sepa_file_names_the_vakantietoeslag(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    make_benefit(municipalities["GM0935"], 1, "1000.00", start=D(2026, 5, 1))
    run(D(2026, 5, 1), D(2026, 6, 1))
    june = payments.PaymentRun.objects.get(month=D(2026, 6, 1))
    xml = sepa_files(june)["GM0935"].decode()
    assert "Vakantietoeslag Participatiewet juni 2026" in xml
    assert "<CtrlSum>1000.00</CtrlSum>" in xml  # 950.00 for June + 50.00 reserved in May


def test_the_migration_reads_the_reserve_of_lines_written_before_it(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00", start=D(2026, 1, 16))
    run_month(D(2026, 1, 1), calculate=calculate)
    line = PaymentLine.objects.get(benefit=benefit)
    # as the run wrote it before the column existed: the whole month's reserve in the text
    old = dict(line.calculation)
    old["toelichting"] = [
        "bijstand 1000.00",
        "Gereserveerde vakantietoeslag deze maand: 50.00 (wordt eenmaal per jaar betaald).",
        "Deel van de maand: 16 van 31 dagen.",
    ]
    PaymentLine.objects.filter(pk=line.pk).update(holiday_allowance=0, calculation=old)
    migration = importlib.import_module("samen.income.migrations.0003_holiday_allowance")
    migration.reserved_from_calculation(apps, None)
    assert PaymentLine.objects.get(pk=line.pk).holiday_allowance == Decimal("25.81")


@pytest.mark.parametrize(
    ("month", "expected"), [(D(2026, 6, 1), True), (D(2026, 5, 1), False), (D(2014, 6, 1), False)]
)
def test_the_payout_month_is_data(month: dt.date, expected: bool) -> None:
    assert holiday_allowance.is_payout_month(month) is expected


def test_vakantietoeslag_paid_out_that_was_not_due_is_claimed_once_the_benefit_ends(
    municipalities: dict[str, Any],  # noqa: F811
) -> None:
    benefit = make_benefit(municipalities["GM0935"], 1, "1000.00")
    run(D(2026, 1, 1), D(2026, 6, 1))  # June pays 250.00 reserved in January to May
    # later it turns out there was no right at all from January: every month is reclaimed
    BenefitFact.objects.create(benefit=benefit, valid_from=D(2026, 1, 1), facts={"bedrag": "0"})
    recalculate_from(benefit, D(2026, 1, 1), calculate=calculate)
    benefit.end_date = D(2026, 6, 30)
    benefit.save()

    run_month(D(2026, 7, 1), calculate=calculate)
    [claim] = RecoveryClaim.objects.filter(benefit=benefit, reason__startswith="Te veel")
    assert claim.amount == Decimal("250.00")  # the vakantietoeslag paid out in June
    assert claim.reason.startswith("Te veel uitbetaalde vakantietoeslag")
    assert not PaymentLine.objects.filter(benefit=benefit, month=D(2026, 7, 1)).exists()

    run_month(D(2026, 7, 1), calculate=calculate)
    run_month(D(2026, 8, 1), calculate=calculate)
    assert RecoveryClaim.objects.filter(benefit=benefit, reason__startswith="Te veel").count() == 1
