"""The bestuurlijke boete of Participatiewet art. 18a as a pure, dated calculation.

No ORM here: the service reads the rules in force on the day of the breach (``FineRules``,
from the dated tables :class:`~samen.sanctions.models.BlameRate`,
:class:`~samen.sanctions.models.CriminalFineCategory` and
:class:`~samen.sanctions.models.FineRule`) and passes them in; the result lists every step
in plain Dutch with its amount, so the fine's page and the letter explain the fine line by
line. The order of the steps:

1. urgent reasons (dringende redenen): no fine at all;
2. the maximum: the benadelingsbedrag, or, when the breach caused none, the amount of the
   second category of Wetboek van Strafrecht art. 23 lid 4 in force on the day;
3. the degree of blame (opzet, grove schuld, neither, verminderde verwijtbaarheid) as a
   percentage of that maximum (Boetebesluit socialezekerheidswetten);
4. recidive: an earlier fine for a breach of the duty to inform within the recidive period
   before this breach raises the fine to the recidive percentage (at most 150 %), and the
   maximum with it;
5. a written warning instead of the fine, when the college chooses it and the law allows it
   (a benadelingsbedrag at most the threshold, no warning or fine within the warning period,
   no recidive).

Amounts are :class:`~decimal.Decimal`, rounded down to the cent: the fine is never more
than the rule gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from samen.common.money import euro

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class Blame(StrEnum):
    OPZET = "opzet"
    GROVE_SCHULD = "grove_schuld"
    GEEN = "geen"  # neither opzet nor grove schuld
    VERMINDERD = "verminderd"  # verminderde verwijtbaarheid


BLAME_LABELS = {
    Blame.OPZET: "opzet",
    Blame.GROVE_SCHULD: "grove schuld",
    Blame.GEEN: "geen opzet en geen grove schuld",
    Blame.VERMINDERD: "verminderde verwijtbaarheid",
}


class Result(StrEnum):
    BOETE = "boete"
    WAARSCHUWING = "waarschuwing"
    AFGEZIEN = "afgezien"  # dringende redenen


class FineError(ValueError):
    """The input or the rules cannot give a fine (a Dutch message naming the field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FineRules:
    """The rules in force on one day, each with the source it was read from."""

    day: dt.date
    percentages: dict[str, Decimal]  # per Blame value
    percentage_source: str
    second_category: Decimal
    second_category_source: str
    warning_max: Decimal
    warning_years: int
    recidive_years: int
    recidive_percentage: Decimal
    rule_source: str


@dataclass(frozen=True)
class FineInput:
    breach_on: dt.date  # the day of the gedraging; the rules of that day apply
    detriment: Decimal  # benadelingsbedrag (bruto); 0.00 when the breach caused none
    blame: str
    previous_fine_on: dt.date | None = None  # date of an earlier fine (inlichtingenplicht)
    previous_warning_or_fine_on: dt.date | None = None  # the latest warning or fine
    warning_requested: bool = False
    urgent_reasons: str = ""


@dataclass(frozen=True)
class Step:
    text: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class FineResult:
    result: Result
    amount: Decimal
    maximum: Decimal
    percentage: Decimal
    recidive: bool
    steps: tuple[Step, ...]

    def steps_json(self) -> list[dict[str, str]]:
        return [
            {"tekst": s.text, **({"bedrag": str(s.amount)} if s.amount is not None else {})}
            for s in self.steps
        ]


def _down(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _within(earlier: dt.date | None, day: dt.date, years: int) -> bool:
    return earlier is not None and _years_before(day, years) <= earlier <= day


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f} %".replace(".", ",")


def calculate(data: FineInput, rules: FineRules) -> FineResult:
    """The fine for one breach of the duty to inform, explained step by step."""
    if not isinstance(data.detriment, Decimal):
        raise FineError("detriment", "Het benadelingsbedrag moet een bedrag in euro's zijn.")
    if data.detriment < 0:
        raise FineError("detriment", "Het benadelingsbedrag kan niet negatief zijn.")
    if data.detriment != data.detriment.quantize(CENT):
        raise FineError("detriment", "Het benadelingsbedrag heeft ten hoogste twee decimalen.")
    if data.blame not in Blame.__members__.values() or data.blame not in rules.percentages:
        raise FineError(
            "blame",
            "Kies de mate van verwijtbaarheid: opzet, grove schuld, geen van beide of "
            "verminderde verwijtbaarheid.",
        )
    for name, earlier in (
        ("previous_fine_on", data.previous_fine_on),
        ("previous_warning_or_fine_on", data.previous_warning_or_fine_on),
    ):
        if earlier is not None and earlier > data.breach_on:
            raise FineError(name, "Een eerdere boete of waarschuwing ligt vóór deze gedraging.")
    steps: list[Step] = []
    blame = Blame(data.blame)
    if data.urgent_reasons.strip():
        steps.append(
            Step(
                "Er zijn dringende redenen om geen boete op te leggen (artikel 18a, negende lid, "
                f"Participatiewet): {data.urgent_reasons.strip()}",
                Decimal("0.00"),
            )
        )
        return FineResult(
            Result.AFGEZIEN, Decimal("0.00"), Decimal("0.00"), Decimal("0"), False, tuple(steps)
        )
    if data.detriment > 0:
        maximum = data.detriment
        steps.append(
            Step(
                "De boete is ten hoogste het benadelingsbedrag: het bruto bedrag dat u ten "
                "onrechte of te veel aan bijstand kreeg (artikel 18a, eerste en tweede lid, "
                "Participatiewet).",
                maximum,
            )
        )
    else:
        maximum = rules.second_category
        steps.append(
            Step(
                "Er is geen benadelingsbedrag. De boete is dan ten hoogste het bedrag van de "
                "tweede categorie van artikel 23, vierde lid, Wetboek van Strafrecht, zoals "
                f"dat gold op de dag van de gedraging ({rules.second_category_source}).",
                maximum,
            )
        )
    percentage = rules.percentages[blame.value]
    amount = _down(maximum * percentage / HUNDRED)
    steps.append(
        Step(
            f"Mate van verwijtbaarheid: {BLAME_LABELS[blame]}. De boete is daarom "
            f"{_percent(percentage)} van {euro(maximum)} ({rules.percentage_source}).",
            amount,
        )
    )
    recidive = _within(data.previous_fine_on, data.breach_on, rules.recidive_years)
    if recidive:
        assert data.previous_fine_on is not None  # noqa: S101  (checked by _within)
        raised = _down(amount * rules.recidive_percentage / HUNDRED)
        cap = _down(maximum * rules.recidive_percentage / HUNDRED)
        steps.append(
            Step(
                f"Herhaling: u kreeg binnen {rules.recidive_years} jaar vóór deze gedraging al "
                f"een boete (op {data.previous_fine_on:%d-%m-%Y}). De boete wordt "
                f"{_percent(rules.recidive_percentage)} van het bedrag hierboven, ten hoogste "
                f"{euro(cap)} (artikel 18a, zevende lid, Participatiewet; {rules.rule_source}).",
                min(raised, cap),
            )
        )
        amount, maximum = min(raised, cap), cap
    elif data.previous_fine_on is not None:
        steps.append(
            Step(
                f"De eerdere boete (op {data.previous_fine_on:%d-%m-%Y}) ligt meer dan "
                f"{rules.recidive_years} jaar vóór deze gedraging: geen verhoging voor herhaling."
            )
        )
    if data.warning_requested:
        reasons = []
        if data.detriment > rules.warning_max:
            reasons.append(f"het benadelingsbedrag is hoger dan {euro(rules.warning_max)}")
        if _within(data.previous_warning_or_fine_on, data.breach_on, rules.warning_years):
            reasons.append(
                f"u kreeg in de {rules.warning_years} jaar ervoor al een waarschuwing of boete"
            )
        if recidive:
            reasons.append("het is een herhaling")
        if reasons:
            raise FineError(
                "warning_requested",
                "Een waarschuwing in plaats van een boete kan hier niet: "
                + "; ".join(reasons)
                + " (artikel 18a, zesde lid, Participatiewet).",
            )
        steps.append(
            Step(
                "In plaats van een boete krijgt u een schriftelijke waarschuwing: het "
                f"benadelingsbedrag is niet hoger dan {euro(rules.warning_max)} en u kreeg in "
                f"de {rules.warning_years} jaar ervoor geen waarschuwing of boete (artikel 18a, "
                f"zesde lid, Participatiewet; {rules.rule_source}).",
                Decimal("0.00"),
            )
        )
        return FineResult(
            Result.WAARSCHUWING, Decimal("0.00"), maximum, percentage, False, tuple(steps)
        )
    steps.append(Step("De boete die wij opleggen:", amount))
    return FineResult(Result.BOETE, amount, maximum, percentage, recidive, tuple(steps))
