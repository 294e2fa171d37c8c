"""Which figures the next payment runs will miss: a warning before the norms run out.

Pure: no Django. The norms, parameters and vrijlating maxima are data with a period
(:mod:`samen.income.norms`); a calculation for a day no period covers is refused, never paid
from an old figure. So when the loaded figures end (the norms of a half year, the vrijlating
maxima), every benefit of the next run is refused. This module tells, for a day, which months
of the coming runs lack which kind of figure, in Dutch, so administration can add the rows in
time.

Rules (see ``docs/income.md``, "Normen op tijd"):

- **Which months.** A month is ahead when its run is not done, its payment day has not passed
  and the first day its figures are needed is at most :data:`WARNING_DAYS` (45) days after
  today. That day is the earlier of the month's first day (calculations and decisions for the
  month start then) and its run day (a calendar that pays in advance runs earlier). A month
  whose payment day passed is a missed run: that has its own notice.
- **Which days.** Every day of the month, first to last: the run calculates on the first day
  (or the start of a part month), but a period that ends mid-month would still leave later days,
  recalculations and the stateless calculation without a figure.
- **Which figures.** Every figure the table has had before: a norm (art. 20, 21, 22, 23 per
  leefvorm), a parameter, a vrijlating maximum (art. 31 lid 2 onder n, r) counts from the first
  day of its first row. A figure that only starts later (the art. 20 lid 3 increase before 2026)
  is not missing before it exists.
- **Not checked.** A municipality's own supplement (``toeslagen_gemeente.csv``): the calculation
  adds one when it is there and goes on without it, and its end can be the municipality's own
  decision, so an ended supplement is not a gap. The AOW-age table: it is per birth date, not per
  month, and an age not yet fixed is refused per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from samen.common.dates import MONTHS_NL, long_date
from samen.income.norms import HOUSEHOLDS, NormTable, Valid

WARNING_DAYS = 45

CATEGORY_LABELS = {
    "20": "art. 20 (18, 19 of 20 jaar)",
    "21": "art. 21 (21 jaar tot AOW-leeftijd)",
    "22": "art. 22 (AOW-leeftijd)",
    "23": "art. 23 (verblijf in een inrichting)",
}


def month_label(month: dt.date) -> str:
    return f"{MONTHS_NL[month.month - 1]} {month.year}"


def last_day(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class CalendarMonth:
    """One row of the payment calendar (``income.PaymentDate``) and whether its run is done."""

    month: dt.date
    run_on: dt.date
    pay_on: dt.date
    done: bool = False

    @property
    def needed_from(self) -> dt.date:
        return min(self.month, self.run_on)


def months_ahead(
    today: dt.date, calendar: Iterable[CalendarMonth], days: int = WARNING_DAYS
) -> list[dt.date]:
    """The months of the coming runs whose figures are needed within ``days`` days."""
    horizon = today + dt.timedelta(days=days)
    return sorted(
        row.month
        for row in calendar
        if not row.done and row.pay_on >= today and row.needed_from <= horizon
    )


@dataclass(frozen=True)
class Kind:
    """A kind of figure as the warning names it."""

    order: tuple[int, str]
    subject: str  # "De normen van art. 21 (21 jaar tot AOW-leeftijd)"
    plural: bool
    noun: str  # what is "not loaded": "normen", "maximum", "waarde"


@dataclass(frozen=True)
class Gap:
    """``kind`` has no figure from ``missing_from`` on, which the run of ``months`` needs."""

    kind: Kind
    missing_from: dt.date
    months: tuple[dt.date, ...]

    def text(self, today: dt.date) -> str:
        months = _join([month_label(m) for m in self.months])
        not_loaded = f"{'zijn' if self.kind.noun == 'normen' else 'is'} geen {self.kind.noun}"
        if self.missing_from <= today:
            verb = "ontbreken" if self.kind.plural else "ontbreekt"
            return (
                f"{self.kind.subject} {verb} sinds {long_date(self.missing_from)}; "
                f"voor {months} {not_loaded} geladen."
            )
        verb = "gelden" if self.kind.plural else "geldt"
        until = self.missing_from - dt.timedelta(days=1)
        return (
            f"{self.kind.subject} {verb} tot en met {long_date(until)}; "
            f"voor {months} {not_loaded} geladen."
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def first_uncovered(periods: Iterable[Valid], first: dt.date, last: dt.date) -> dt.date | None:
    """The first day in ``first``..``last`` that no period covers, counting only from the
    start of the earliest period (a figure is not missing before it exists)."""
    ordered = sorted(periods, key=lambda v: v.valid_from)
    if not ordered:
        return None
    day = max(first, ordered[0].valid_from)
    for valid in ordered:
        if day > last:
            return None
        if valid.valid_from > day:
            return day  # a hole before this period starts
        if valid.valid_until is None:
            return None
        day = max(day, valid.valid_until + dt.timedelta(days=1))
    return day if day <= last else None


def gap_start(periods: Iterable[Valid], day: dt.date) -> dt.date:
    """The first day of the gap that contains ``day`` (an uncovered day): the day after the
    last period that ended before it, so a kind gone for months says since when."""
    ends = [v.valid_until for v in periods if v.valid_until is not None and v.valid_until < day]
    return max(ends) + dt.timedelta(days=1) if ends else day


def _figures(table: NormTable) -> dict[tuple[str, str], tuple[Kind, list[Valid]]]:
    """Every figure of the table by (kind key, figure key), with its periods."""
    figures: dict[tuple[str, str], tuple[Kind, list[Valid]]] = {}

    def add(kind_key: str, figure_key: str, kind: Kind, valid: Valid) -> None:
        figures.setdefault((kind_key, figure_key), (kind, []))[1].append(valid)

    for norm in table.norms:
        kind = Kind(
            (0, norm.category),
            f"De normen van {CATEGORY_LABELS.get(norm.category, 'art. ' + norm.category)}",
            True,
            "normen",
        )
        add(f"norm:{norm.category}", norm.household, kind, norm.valid)
    for rule in table.exemptions:
        kind = Kind(
            (1, rule.part),
            f"Het maximum van de vrijlating (art. 31 lid 2 onder {rule.part} Participatiewet)",
            False,
            "maximum",
        )
        add(f"vrijlating:{rule.part}", rule.part, kind, rule.valid)
    for parameter in table.parameters:
        kind = Kind(
            (2, parameter.name),
            f"De waarde '{parameter.name}' (parameters.csv)",
            False,
            "waarde",
        )
        add(f"parameter:{parameter.name}", parameter.name, kind, parameter.valid)
    return figures


def gaps(table: NormTable, months: Iterable[dt.date]) -> list[Gap]:
    """Per kind of figure: from which day it is missing and which of ``months`` lack it."""
    found: dict[str, tuple[Kind, dt.date, list[dt.date], set[str]]] = {}
    figures = _figures(table)
    for month in sorted(set(months)):
        first, last = month.replace(day=1), last_day(month)
        for (kind_key, figure_key), (kind, periods) in figures.items():
            missing = first_uncovered(periods, first, last)
            if missing is None:
                continue
            missing = gap_start(periods, missing)
            if kind_key not in found:
                found[kind_key] = (kind, missing, [], set())
            entry = found[kind_key]
            if first not in entry[2]:
                entry[2].append(first)
            entry[3].add(figure_key)
            if missing < entry[1]:
                found[kind_key] = (kind, missing, entry[2], entry[3])
    result = []
    for kind_key, (kind, missing, affected, keys) in found.items():
        if kind_key.startswith("norm:"):
            category = kind_key.split(":", 1)[1]
            every = set(HOUSEHOLDS.get(category, ()))
            known = {key for (k, key) in figures if k == kind_key}
            if keys != known and keys != every:
                households = ", ".join(sorted(h.replace("_", " ") for h in keys))
                kind = Kind(kind.order, f"{kind.subject}, leefvorm {households},", True, "normen")
        result.append(Gap(kind, missing, tuple(sorted(affected))))
    return sorted(result, key=lambda gap: gap.kind.order)


def warnings(
    table: NormTable, today: dt.date, calendar: Iterable[CalendarMonth], days: int = WARNING_DAYS
) -> list[str]:
    """The Dutch warnings for ``today``: one per kind of figure the coming runs lack."""
    return [gap.text(today) for gap in gaps(table, months_ahead(today, calendar, days))]
