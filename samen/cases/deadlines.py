"""Decision deadlines (beslistermijnen): pure rules, no ORM, no Django settings.

The rules, with their legal source:

* **Start** (Awb art. 4:13 lid 1 en 2): a decision is due within the statutory term, or
  failing one within a reasonable term that has in any case passed eight weeks "na
  ontvangst van de aanvraag". The term runs from the day after receipt, so a term of
  N weeks ends on the same weekday N weeks after the receipt date, a term of N days ends
  N days after receipt, and a term of N months ends on the same day number N months
  later (the last day of that month if the day does not exist).
* **Extension** (Awb art. 4:14): when the decision cannot be given in time, the body
  tells the applicant *within the term* and names a new term (lid 3; lid 1 for a term
  set by law). An extension notified after the then current deadline is invalid
  (:class:`DeadlineError`). Special laws may cap the extension (Awb 7:10 lid 3: six
  weeks for bezwaar; Awb 9:11 lid 2: four weeks for klachten); the cap is catalogue data
  (``data/case_types.csv``), not checked here.
* **Suspension** (Awb art. 4:15 lid 1 onder a): the term is suspended "met ingang van de
  dag na die waarop" the applicant is invited to complete the application (Awb 4:5)
  "tot de dag waarop de aanvraag is aangevuld of de daarvoor gestelde termijn
  ongebruikt is verstreken". ``Suspension.start`` is the day of the invitation and
  ``Suspension.end`` the day the information arrived (or the term set for it expired).
  "Tot" is exclusive in Dutch legislative language, so the suspended days are the days
  strictly between ``start`` and ``end``: ``(end - start).days - 1`` (never negative).
  An open suspension (``end is None``) makes the deadline unknown.
* **Algemene termijnenwet** (Atw): a term set by law that ends on a Saturday, Sunday or
  generally recognised holiday is extended to the next day that is none of those
  (art. 1 lid 1); a term of at least three days is extended, if needed, so that it holds
  at least two such days (art. 2). The holidays are listed in art. 3 lid 1, Good Friday
  is equated by art. 3 lid 2, and further days are equated by Royal Decree under art. 3
  lid 3 (published in the Staatscourant, usually for three years at a time).

Order of application (a choice, documented in ``docs/case-types.md``): the term and all
extensions are counted from the receipt date (giving ``nominal``); then the suspended
days are added; then the Atw is applied once, to the final end date. Applying the Atw
only at the end means a weekend in the middle of the calculation never moves the result,
which matches Atw art. 1: only the day on which the term *ends* matters.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays

from samen.common.dates import long_date

UNITS = ("dagen", "weken", "maanden")


class DeadlineError(ValueError):
    """The facts given do not make a lawful deadline (message in Dutch, for the user)."""


@dataclass(frozen=True)
class Term:
    amount: int
    unit: str  # "dagen" | "weken" | "maanden"

    def __post_init__(self) -> None:
        _check_amount(self.amount, self.unit)

    def label(self) -> str:
        return _amount_label(self.amount, self.unit)


@dataclass(frozen=True)
class Extension:
    """A notice under Awb art. 4:14 that the decision will come later."""

    amount: int
    unit: str
    notified_on: dt.date

    def __post_init__(self) -> None:
        _check_amount(self.amount, self.unit)


@dataclass(frozen=True)
class Suspension:
    """A suspension under Awb art. 4:15 lid 1 onder a.

    ``start``: the day the applicant was asked to complete the application.
    ``end``: the day the information arrived or the term set for it expired unused;
    ``None`` while the request is still open.
    """

    start: dt.date
    end: dt.date | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise DeadlineError(
                f"De opschorting eindigt ({long_date(self.end)}) vóór de dag van het "
                f"verzoek om aanvulling ({long_date(self.start)})."
            )

    @property
    def days(self) -> int | None:
        """Suspended days: those strictly after ``start`` and before ``end``."""
        if self.end is None:
            return None
        return max(0, (self.end - self.start).days - 1)


@dataclass(frozen=True)
class Deadline:
    due: dt.date | None  # None while a suspension is open
    nominal: dt.date  # received + term (+ extensions), before suspension and Atw
    suspended_days: int
    moved_by_atw: bool  # moved to the next working day by the Atw
    explanation: tuple[str, ...]  # plain Dutch lines (B1)

    @property
    def suspended(self) -> bool:
        """True while a suspension is open and the due date is therefore unknown."""
        return self.due is None


# --- Algemene termijnenwet -------------------------------------------------------------

# Days equated with a generally recognised holiday by Royal Decree under Atw art. 3 lid 3:
# legal data, one row per day with the decree it comes from, in
# ``data/atw_gelijkgestelde_dagen.csv``. A new decree (usually every three years) is a data
# change: add its days to that file.
EQUATED_DAYS_CSV = Path(__file__).parent / "data" / "atw_gelijkgestelde_dagen.csv"


def _load_equated_days() -> dict[dt.date, str]:
    with EQUATED_DAYS_CSV.open(encoding="utf-8", newline="") as handle:
        return {
            dt.date.fromisoformat(row["datum"]): row["besluit"] for row in csv.DictReader(handle)
        }


ATW_EQUATED_DAYS: dict[dt.date, str] = _load_equated_days()

# Names the ``holidays`` package uses for days that are NOT Atw holidays in their own
# right. Easter Sunday and Whit Sunday are Sundays anyway; listing them keeps
# ``atw_holidays`` an exact list of art. 3 days.
_PACKAGE_NAMES_NOT_IN_ATW = frozenset({"Easter Sunday", "Pentecost"})


def _koningsdag(year: int) -> dt.date:
    """The day the King's birthday is celebrated (Atw art. 3 lid 1): 27 April, or
    26 April when 27 April is a Sunday (Wet viering Koningsdag; for example 2025)."""
    day = dt.date(year, 4, 27)
    return day - dt.timedelta(days=1) if day.weekday() == calendar.SUNDAY else day


@lru_cache(maxsize=64)
def atw_holidays(year: int) -> dict[dt.date, str]:
    """Every Atw art. 3 day in ``year``, with its Dutch name.

    Starts from ``holidays.country_holidays("NL")`` and corrects it to the Atw:

    1. Bevrijdingsdag (5 mei): the package lists it only in lustrum years (2025, 2030,
       ...) because it is a paid day off only then; Atw art. 3 lid 1 counts "de vijfde
       mei" every year. Added.
    2. Eerste Paasdag and eerste Pinksterdag: in the package, not in art. 3 (which names
       only the *tweede* Paas- en Pinksterdag). Removed; they are Sundays, so nothing
       changes for deadlines.
    3. Goede Vrijdag: in the package, and equated by art. 3 lid 2. Kept.
    4. Koningsdag: recomputed here (27 April, 26 April when the 27th is a Sunday) so that
       a change in the package cannot silently move it.
    5. Days equated by Royal Decree (art. 3 lid 3), such as the Friday after
       Hemelvaartsdag: not in the package. Added from :data:`ATW_EQUATED_DAYS`.
    """
    package = holidays.country_holidays("NL", years=year)
    days: dict[dt.date, str] = {}
    for day, name in package.items():
        if name in _PACKAGE_NAMES_NOT_IN_ATW or name == "King's Day":
            continue  # corrections 2 and 4
        days[day] = _NAMES_NL.get(name, name)
    days[_koningsdag(year)] = "Koningsdag"  # correction 4
    days[dt.date(year, 5, 5)] = "Bevrijdingsdag"  # correction 1
    for day in ATW_EQUATED_DAYS:  # correction 5
        if day.year == year:
            days[day] = "met een feestdag gelijkgestelde dag"
    return days


_NAMES_NL = {
    "New Year's Day": "Nieuwjaarsdag",
    "Good Friday": "Goede Vrijdag",
    "Easter Monday": "tweede Paasdag",
    "Liberation Day": "Bevrijdingsdag",
    "Ascension Day": "Hemelvaartsdag",
    "Pentecost Monday": "tweede Pinksterdag",
    "Christmas Day": "eerste Kerstdag",
    "Second Day of Christmas": "tweede Kerstdag",
}


def is_atw_holiday(day: dt.date) -> bool:
    """True for a generally recognised holiday or an equated day (Atw art. 3)."""
    return day in atw_holidays(day.year)


def _is_rest_day(day: dt.date) -> bool:
    return day.weekday() >= calendar.SATURDAY or is_atw_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself, or the next day that is not a Saturday, Sunday or Atw holiday
    (Atw art. 1 lid 1)."""
    while _is_rest_day(day):
        day += dt.timedelta(days=1)
    return day


def _apply_atw(start: dt.date, end: dt.date) -> dt.date:
    """Atw art. 1 lid 1 and art. 2 for a term that runs from the day after ``start``."""
    end = next_working_day(end)  # art. 1 lid 1
    if (end - start).days >= 3:  # art. 2: a term of at least three days...
        while _working_days(start, end) < 2:  # ...holds at least two working days
            end = next_working_day(end + dt.timedelta(days=1))
    return end


def _working_days(start: dt.date, end: dt.date) -> int:
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        count += not _is_rest_day(day)
        day += dt.timedelta(days=1)
    return count


# --- Counting ------------------------------------------------------------------------


def _check_amount(amount: int, unit: str) -> None:
    if unit not in UNITS:
        raise DeadlineError(f"Onbekende eenheid '{unit}'; kies uit {', '.join(UNITS)}.")
    if amount <= 0:
        raise DeadlineError("Een termijn moet minstens 1 dag, week of maand zijn.")


def _amount_label(amount: int, unit: str) -> str:
    if amount == 1:
        return {"dagen": "1 dag", "weken": "1 week", "maanden": "1 maand"}[unit]
    return f"{amount} {unit}"


def add_term(start: dt.date, amount: int, unit: str) -> dt.date:
    """The last day of a term of ``amount`` ``unit`` that runs from the day after
    ``start`` (Awb art. 4:13: "na ontvangst")."""
    _check_amount(amount, unit)
    if unit == "dagen":
        return start + dt.timedelta(days=amount)
    if unit == "weken":
        return start + dt.timedelta(weeks=amount)
    month_index = start.month - 1 + amount
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def _check_overlap(suspensions: Iterable[Suspension]) -> list[Suspension]:
    ordered = sorted(suspensions, key=lambda s: s.start)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.end is None or later.start < earlier.end:
            raise DeadlineError(
                "Twee opschortingen overlappen: het verzoek van "
                f"{long_date(later.start)} is gedaan voordat de aanvulling op het verzoek "
                f"van {long_date(earlier.start)} binnen was."
            )
    return ordered


def _suspended_until(end: dt.date, suspensions: Sequence[Suspension]) -> tuple[dt.date, int]:
    """Push ``end`` by every suspension that started on or before the running end date.

    A suspension that starts after the (already suspended) end date concerns a term
    that had already passed, and does not revive it.
    """
    total = 0
    for suspension in suspensions:
        if suspension.start > end:
            break
        days = suspension.days
        if days is None:
            return end, total
        total += days
        end += dt.timedelta(days=days)
    return end, total


def fixed_deadline(due: dt.date, source: str) -> Deadline:
    """A deadline set from outside the case type's term (a court's own term for a new
    decision, Awb 8:72 lid 4 onder b): it counts as given; no extension or suspension by the
    administration moves it."""
    return Deadline(
        due=due,
        nominal=due,
        suspended_days=0,
        moved_by_atw=False,
        explanation=(
            f"De uiterste beslisdatum is gesteld: {long_date(due)} ({source}).",
            "Deze termijn gaat voor de termijn van het zaaktype; verlengen of opschorten "
            "verschuift hem niet.",
        ),
    )


def compute_deadline(
    received: dt.date,
    term: Term,
    extensions: Sequence[Extension] = (),
    suspensions: Sequence[Suspension] = (),
) -> Deadline:
    """The deadline for a decision on an application received on ``received``.

    Raises :class:`DeadlineError` for an extension notified after the deadline then in
    force (Awb art. 4:14) and for overlapping suspensions (Awb art. 4:15).
    """
    # A suspension cannot stop a term that is not running yet (Awb 7:10: the term of a
    # decision on an objection starts after the bezwaartermijn, a request to repair an
    # omission may come before): only the days after ``received`` count.
    ordered = _check_overlap(
        Suspension(max(s.start, received), s.end)
        for s in suspensions
        if s.end is None or s.end > received
    )
    lines = [
        f"Termijn: {term.label()} vanaf de dag na ontvangst "
        f"({long_date(received + dt.timedelta(days=1))})."
    ]
    nominal = add_term(received, term.amount, term.unit)
    for extension in sorted(extensions, key=lambda e: e.notified_on):
        earlier = [s for s in ordered if s.start < extension.notified_on]
        if not (earlier and earlier[-1].end is None):  # an open suspension stops the clock
            current, _ = _suspended_until(nominal, earlier)
            current = _apply_atw(received, current)
            if extension.notified_on > current:
                raise DeadlineError(
                    f"De verlenging is op {long_date(extension.notified_on)} meegedeeld, "
                    f"maar de beslistermijn liep al af op {long_date(current)}. Een "
                    "verlenging moet binnen de termijn worden meegedeeld (artikel 4:14 Awb)."
                )
        nominal = add_term(nominal, extension.amount, extension.unit)
        lines.append(
            f"Verlengd met {_amount_label(extension.amount, extension.unit)} "
            f"(meegedeeld op {long_date(extension.notified_on)})."
        )

    end, suspended_days = _suspended_until(nominal, ordered)
    open_suspension = next((s for s in ordered if s.end is None and s.start <= end), None)
    if suspended_days:
        lines.append(
            f"Opgeschort: {suspended_days} {'dag' if suspended_days == 1 else 'dagen'} "
            "gewacht op aanvullende gegevens."
        )
    if open_suspension is not None:
        lines.append(
            f"De termijn staat stil sinds {long_date(open_suspension.start)}: we wachten "
            "op aanvullende gegevens. De einddatum is nog niet bekend."
        )
        return Deadline(None, nominal, suspended_days, False, tuple(lines))

    due = _apply_atw(received, end)
    moved = due != end
    if moved:
        lines.append(
            f"De termijn zou eindigen op {long_date(end)}. Dat is geen werkdag, dus "
            f"schuift de termijn door naar {long_date(due)} (Algemene termijnenwet)."
        )
    lines.append(f"Uiterlijk beslissen op {long_date(due)}.")
    return Deadline(due, nominal, suspended_days, moved, tuple(lines))


def decided_in_time(deadline: Deadline, decided_on: dt.date) -> bool:
    """The timeliness KPI: decided on or before the due date.

    A decision taken while a suspension is open counts as in time: the term was not
    running.
    """
    return deadline.due is None or decided_on <= deadline.due


def days_left(deadline: Deadline, today: dt.date) -> int | None:
    """Calendar days from ``today`` to the due date (0 on the day itself, negative when
    late); ``None`` while a suspension is open."""
    if deadline.due is None:
        return None
    return (deadline.due - today).days
