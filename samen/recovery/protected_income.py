"""The beslagvrije voet (protected income) as a pure, dated calculation.

Wetboek van Burgerlijke Rechtsvordering (Rv) art. 475c-475e as in force since 1 January 2021
(Wet vereenvoudiging beslagvrije voet, Stb. 2017, 110): the part of a debtor's income that a
garnishment or an offset may never take. No Django, no ORM: the percentages come in as
:class:`ProtectionParameters` (rows of the table ``recovery.ProtectionParameter``, each with
its validity and source), the norms from :class:`samen.income.norms.NormTable` (the
Participatiewet norms are income's data; this module never holds an amount).

What is implemented (see docs/recovery.md for the full list and what is not):

The article numbers below are as secondary sources give them; the lid numbers were not
checked against the consolidated text, so the explanation to the client names the articles
only (475d, 475da).

* Rv art. 475d/475da: the voet is a percentage (``percentage_norm``, 95) of the bijstand norm
  that would apply to the debtor (Pw art. 21 for 21 up to the AOW age, art. 22 from the AOW
  age; alleenstaande and alleenstaande ouder share the alleenstaandennorm, gehuwden the
  gehuwdennorm), including vakantietoeslag (the normenbrief's norms include it).
* Rv art. 475d: a debtor whose net income is lower than that amount keeps a
  percentage (``percentage_inkomen``, 95) of the net income instead.

Refused with a Dutch message, not guessed: a debtor under 21 (the jongerennorm and the
parental-contribution rules are not implemented) and a day that no parameter or norm covers.
The corrections for housing costs, zorgtoeslag and kindgebonden budget and the
split between partners (Rv 475d and 475da) are not implemented: they need facts (rent,
toeslagen received) the benefit does not hold yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from samen.common.money import euro
from samen.income.norms import NormTable

CENT = Decimal("0.01")
HUNDRED = Decimal("100")

#: the debtor's household as Rv art. 475ab defines it (by reference to the Participatiewet)
HOUSEHOLDS = {
    "alleenstaande": "alleenstaande",
    "alleenstaande_ouder": "alleenstaande",  # Pw art. 21 onder a: the same norm since 2015
    "gehuwden": "gehuwden",
}
PARAMETERS = ("percentage_norm", "percentage_inkomen")


class ProtectionError(Exception):
    """The calculation cannot be made for these facts on this day (Dutch message)."""


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Decimal
    valid_from: dt.date
    valid_until: dt.date | None
    source: str

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class ProtectionParameters:
    """The percentages of Rv 475d/475da with their validity; looked up as of a day."""

    def __init__(self, rows: Iterable[Parameter]) -> None:
        self.rows = list(rows)
        for row in self.rows:
            if row.name not in PARAMETERS:
                raise ProtectionError(f"Onbekende parameter van de beslagvrije voet: {row.name}.")
            if not Decimal(0) < row.value <= HUNDRED:
                raise ProtectionError(f"{row.name}: het percentage ligt niet tussen 0 en 100.")
            for other in self.rows:
                if other is not row and other.name == row.name and _overlap(row, other):
                    raise ProtectionError(f"{row.name}: twee perioden overlappen.")

    def get(self, name: str, day: dt.date) -> Parameter:
        for row in self.rows:
            if row.name == name and row.covers(day):
                return row
        raise ProtectionError(
            f"De waarde '{name}' van de beslagvrije voet is niet bekend voor {day:%d-%m-%Y}."
        )


def _overlap(a: Parameter, b: Parameter) -> bool:
    a_first = b.valid_until is None or a.valid_from <= b.valid_until
    b_first = a.valid_until is None or b.valid_from <= a.valid_until
    return a_first and b_first


@dataclass(frozen=True)
class Debtor:
    """The facts of the debtor on the day: household (Rv 475ab), birth date, and the net
    income per month (the benefit plus other income, after deductions)."""

    household: str
    birth_date: dt.date
    net_income: Decimal


@dataclass(frozen=True)
class ProtectedIncome:
    day: dt.date
    amount: Decimal
    norm: Decimal
    explanation: list[str] = field(default_factory=list)

    def room(self, net_income: Decimal) -> Decimal:
        """How much may be taken from ``net_income`` at most (never below zero)."""
        return max(Decimal("0.00"), (net_income - self.amount).quantize(CENT))


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _pct(amount: Decimal, percentage: Decimal) -> Decimal:
    return (amount * percentage / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def protected_income(
    debtor: Debtor, day: dt.date, parameters: ProtectionParameters, norms: NormTable
) -> ProtectedIncome:
    """The beslagvrije voet per month of ``debtor`` on ``day``, explained line by line."""
    if debtor.household not in HOUSEHOLDS:
        raise ProtectionError(f"Onbekende leefvorm voor de beslagvrije voet: {debtor.household}.")
    if debtor.net_income < 0:
        raise ProtectionError("Het netto-inkomen kan niet negatief zijn.")
    if _age(debtor.birth_date, day) < 21:
        raise ProtectionError(
            "De beslagvrije voet van een schuldenaar jonger dan 21 jaar wordt (nog) niet "
            "berekend; stel die met de hand vast."
        )
    base = parameters.get("percentage_norm", day)
    category = "22" if norms.has_aow_age(debtor.birth_date, day) else "21"
    norm = norms.norm_for(category, HOUSEHOLDS[debtor.household], day)
    amount = _pct(norm.amount, base.value)
    lines = [
        f"Bijstandsnorm (artikel {category} Participatiewet, "
        f"{debtor.household.replace('_', ' ')}, inclusief vakantietoeslag): {euro(norm.amount)}.",
        f"{base.value.normalize():f} % daarvan (artikelen 475d en 475da Rv): {euro(amount)}.",
    ]
    if debtor.net_income < amount:
        low = parameters.get("percentage_inkomen", day)
        amount = _pct(debtor.net_income, low.value)
        lines.append(
            f"Het netto-inkomen ({euro(debtor.net_income)}) is lager: de beslagvrije voet is "
            f"{low.value.normalize():f} % daarvan (artikel 475d Rv): {euro(amount)}."
        )
    lines.append(f"Beslagvrije voet: {euro(amount)} per maand.")
    return ProtectedIncome(day=day, amount=amount, norm=norm.amount, explanation=lines)
