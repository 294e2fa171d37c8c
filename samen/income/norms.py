"""The Participatiewet figures as data: norms, parameters, exemptions (vrijlating), the AOW
age and each municipality's own supplements, each with a validity period and its source.

Pure: no Django, no ORM. The figures live in ``samen/income/data/*.csv`` (one row per figure,
``geldig_vanaf``/``geldig_tot`` inclusive, empty ``geldig_tot`` = open-ended, ``bron`` = where
the figure comes from). Adding the norms of a new half year is adding rows, nothing else.
:meth:`NormTable.load` reads them once (cached); :meth:`NormTable.from_rows` builds a table
from dictionaries shaped like the CSV rows, for tests.

A date that no period covers raises :class:`NormError` with a Dutch message: the calculation
never falls back to an older or a guessed figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

#: art. 20 (18, 19 of 20 jaar), 21 (21 tot AOW-leeftijd), 22 (AOW-leeftijd), 23 (inrichting)
CATEGORIES = ("20", "21", "22", "23")
HOUSEHOLDS = {
    "20": (
        "alleenstaande",
        "gehuwden_beiden_jong",
        "gehuwden_een_jong",
        "gehuwden_beiden_jong_kinderen",
        "gehuwden_een_jong_kinderen",
        # lid 3 (since the Participatiewet in balans, 1-1-2026): the increase for a belanghebbende
        # of 18-20 who cannot rely on his parents; added per young person, capped by lid 4
        "verhoging_ouders",
    ),
    "21": ("alleenstaande", "gehuwden"),
    "22": ("alleenstaande", "gehuwden"),
    # lid 1: the norm (incl. vakantietoeslag); lid 2: the fixed increase, without vakantietoeslag
    "23": ("alleenstaande", "gehuwden", "alleenstaande_verhoging", "gehuwden_verhoging"),
}


class NormError(Exception):
    """A figure is missing for the date asked, or the data is inconsistent."""


def _date(value: str | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    value = (value or "").strip()
    return dt.date.fromisoformat(value) if value else None


def _required_date(value: str | dt.date | None, what: str) -> dt.date:
    day = _date(value)
    if day is None:
        raise NormError(f"{what}: geldig_vanaf ontbreekt.")
    return day


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value).strip())


def _long(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class Valid:
    valid_from: dt.date
    valid_until: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def overlaps(self, other: Valid) -> bool:
        a_before_b_ends = other.valid_until is None or self.valid_from <= other.valid_until
        b_before_a_ends = self.valid_until is None or other.valid_from <= self.valid_until
        return a_before_b_ends and b_before_a_ends


@dataclass(frozen=True)
class Norm:
    """One norm (per month, inclusive of vakantietoeslag, as the normenbrief gives it; the
    art. 23 lid 2 increases ``*_verhoging`` carry no vakantietoeslag)."""

    category: str
    household: str
    amount: Decimal
    valid: Valid
    source: str


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Decimal
    valid: Valid
    source: str


@dataclass(frozen=True)
class ExemptionRule:
    """Art. 31 lid 2 onder n (``part="n"``) or onder r (``part="r"``)."""

    part: str
    percentage: Decimal
    maximum_per_month: Decimal
    maximum_months: int
    minimum_age: int
    child_younger_than: int | None
    valid: Valid
    source: str


@dataclass(frozen=True)
class AowAge:
    born_from: dt.date
    born_until: dt.date
    years: int
    months: int
    source: str


@dataclass(frozen=True)
class Supplement:
    """A municipality's own monthly supplement (couleur locale), by CBS code."""

    municipality_code: str
    household: str  # "alleenstaande", "gehuwden" or "*" (all)
    amount: Decimal
    description: str
    valid: Valid
    source: str


def add_years_months(day: dt.date, years: int, months: int) -> dt.date:
    """``day`` plus whole years and months; the 29th-31st fall back to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + years + month_index // 12
    month = month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _check_no_overlap(items: Iterable[tuple[tuple[str, ...], Valid]], what: str) -> None:
    seen: dict[tuple[str, ...], list[Valid]] = {}
    for key, valid in items:
        if valid.valid_until is not None and valid.valid_until < valid.valid_from:
            raise NormError(f"{what} {'/'.join(key)}: geldig_tot ligt vóór geldig_vanaf.")
        for other in seen.setdefault(key, []):
            if other.overlaps(valid):
                raise NormError(
                    f"{what} {'/'.join(key)}: twee perioden overlappen "
                    f"(vanaf {_long(other.valid_from)} en vanaf {_long(valid.valid_from)})."
                )
        seen[key].append(valid)


class NormTable:
    """All figures of the calculation, looked up as of a date."""

    def __init__(
        self,
        norms: Iterable[Norm],
        parameters: Iterable[Parameter],
        exemptions: Iterable[ExemptionRule],
        aow_ages: Iterable[AowAge],
        supplements: Iterable[Supplement],
    ) -> None:
        self.norms = tuple(norms)
        self.parameters = tuple(parameters)
        self.exemptions = tuple(exemptions)
        self.aow_ages = tuple(sorted(aow_ages, key=lambda row: row.born_from))
        self.supplements = tuple(supplements)
        for norm in self.norms:
            if norm.category not in HOUSEHOLDS or norm.household not in HOUSEHOLDS[norm.category]:
                raise NormError(f"Onbekende norm: artikel {norm.category}, {norm.household}.")
            if not norm.source.strip():
                raise NormError(f"Norm artikel {norm.category} {norm.household}: bron ontbreekt.")
        _check_no_overlap((((n.category, n.household), n.valid) for n in self.norms), "Norm")
        _check_no_overlap((((p.name,), p.valid) for p in self.parameters), "Parameter")
        _check_no_overlap((((e.part,), e.valid) for e in self.exemptions), "Vrijlating")
        _check_no_overlap(
            (
                ((s.municipality_code, s.household, s.description), s.valid)
                for s in self.supplements
            ),
            "Gemeentelijke toeslag",
        )
        for earlier, later in zip(self.aow_ages, self.aow_ages[1:], strict=False):
            if later.born_from <= earlier.born_until:
                raise NormError("AOW-leeftijdtabel: geboorteperioden overlappen.")

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def load(cls) -> NormTable:
        """The table from ``samen/income/data``; read once per process."""
        return _load_default()

    @classmethod
    def from_rows(
        cls,
        norms: Iterable[Mapping[str, Any]] = (),
        parameters: Iterable[Mapping[str, Any]] = (),
        exemptions: Iterable[Mapping[str, Any]] = (),
        aow_ages: Iterable[Mapping[str, Any]] = (),
        supplements: Iterable[Mapping[str, Any]] = (),
    ) -> NormTable:
        """Build a table from rows shaped like the CSV files (values may be strings)."""

        def valid(row: Mapping[str, Any], what: str) -> Valid:
            return Valid(
                _required_date(row.get("geldig_vanaf"), what), _date(row.get("geldig_tot"))
            )

        return cls(
            norms=[
                Norm(
                    category=str(row["artikel"]).strip(),
                    household=str(row["leefvorm"]).strip(),
                    amount=_decimal(row["bedrag"]),
                    valid=valid(row, f"Norm {row['artikel']} {row['leefvorm']}"),
                    source=str(row.get("bron") or ""),
                )
                for row in norms
            ],
            parameters=[
                Parameter(
                    name=str(row["naam"]).strip(),
                    value=_decimal(row["waarde"]),
                    valid=valid(row, f"Parameter {row['naam']}"),
                    source=str(row.get("bron") or ""),
                )
                for row in parameters
            ],
            exemptions=[
                ExemptionRule(
                    part=str(row["onderdeel"]).strip(),
                    percentage=_decimal(row["percentage"]),
                    maximum_per_month=_decimal(row["maximum_per_maand"]),
                    maximum_months=int(row["maximum_maanden"]),
                    minimum_age=int(row["minimum_leeftijd"]),
                    child_younger_than=(
                        int(row["kind_jonger_dan"])
                        if str(row.get("kind_jonger_dan") or "").strip()
                        else None
                    ),
                    valid=valid(row, f"Vrijlating {row['onderdeel']}"),
                    source=str(row.get("bron") or ""),
                )
                for row in exemptions
            ],
            aow_ages=[
                AowAge(
                    born_from=_required_date(row["geboren_vanaf"], "AOW-leeftijd"),
                    born_until=_required_date(row["geboren_tot"], "AOW-leeftijd"),
                    years=int(row["jaren"]),
                    months=int(row["maanden"]),
                    source=str(row.get("bron") or ""),
                )
                for row in aow_ages
            ],
            supplements=[
                Supplement(
                    municipality_code=str(row["cbs_code"]).strip(),
                    household=str(row["leefvorm"]).strip(),
                    amount=_decimal(row["bedrag"]),
                    description=str(row.get("omschrijving") or "").strip(),
                    valid=valid(row, f"Toeslag {row['cbs_code']}"),
                    source=str(row.get("bron") or ""),
                )
                for row in supplements
            ],
        )

    @classmethod
    def from_directory(cls, directory: Path) -> NormTable:
        def rows(name: str) -> list[dict[str, str]]:
            with (directory / name).open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))

        return cls.from_rows(
            norms=rows("normen.csv"),
            parameters=rows("parameters.csv"),
            exemptions=rows("vrijlating.csv"),
            aow_ages=rows("aow_leeftijd.csv"),
            supplements=rows("toeslagen_gemeente.csv"),
        )

    # -- look-ups ----------------------------------------------------------------------------
    def norm_for(self, category: str, household: str, day: dt.date) -> Norm:
        """The norm of ``artikel`` ``category`` for ``household`` that applies on ``day``."""
        if category not in HOUSEHOLDS or household not in HOUSEHOLDS[category]:
            raise NormError(f"Onbekende norm: artikel {category}, leefvorm {household}.")
        for norm in self.norms:
            if norm.category == category and norm.household == household and norm.valid.covers(day):
                return norm
        raise NormError(
            f"Er is geen norm (artikel {category} Participatiewet, {household.replace('_', ' ')})"
            f" bekend die geldt op {_long(day)}. Voeg de normen van die periode toe aan "
            "samen/income/data/normen.csv."
        )

    def parameter(self, name: str, day: dt.date) -> Decimal:
        for parameter in self.parameters:
            if parameter.name == name and parameter.valid.covers(day):
                return parameter.value
        raise NormError(f"De waarde '{name}' is niet bekend voor {_long(day)}.")

    def exemption(self, part: str, day: dt.date) -> ExemptionRule:
        for rule in self.exemptions:
            if rule.part == part and rule.valid.covers(day):
                return rule
        raise NormError(
            f"Het maximumbedrag van de vrijlating (artikel 31 lid 2 onder {part} Participatiewet)"
            f" is niet bekend voor {_long(day)}. Voeg het toe aan samen/income/data/vrijlating.csv."
        )

    def aow_date(self, birth_date: dt.date) -> dt.date | None:
        """The day this person reaches the AOW age, or None if that age is not yet fixed."""
        for row in self.aow_ages:
            if row.born_from <= birth_date <= row.born_until:
                return add_years_months(birth_date, row.years, row.months)
        return None

    def has_aow_age(self, birth_date: dt.date, day: dt.date) -> bool:
        """Whether the person has the AOW age on ``day``. For birth dates after the table the
        age is not fixed yet, but it never goes down: below the last known age is certainly
        below the AOW age; beyond it the answer is unknown and raises :class:`NormError`."""
        reached = self.aow_date(birth_date)
        if reached is not None:
            return day >= reached
        if not self.aow_ages:
            raise NormError("De AOW-leeftijdtabel is leeg.")
        last = self.aow_ages[-1]
        if birth_date < self.aow_ages[0].born_from:
            raise NormError(f"De AOW-leeftijd voor geboren op {_long(birth_date)} is onbekend.")
        if day < add_years_months(birth_date, last.years, last.months):
            return False
        raise NormError(
            f"De AOW-leeftijd voor wie geboren is op {_long(birth_date)} is nog niet vastgesteld."
        )

    def supplements_for(
        self, municipality_code: str, household: str, day: dt.date
    ) -> tuple[Supplement, ...]:
        return tuple(
            s
            for s in self.supplements
            if s.municipality_code == municipality_code
            and s.household in (household, "*")
            and s.valid.covers(day)
        )

    def covered_dates(self) -> tuple[dt.date, ...]:
        """The first day of every norm period, oldest first."""
        return tuple(sorted({n.valid.valid_from for n in self.norms}))


@functools.cache
def _load_default() -> NormTable:
    return NormTable.from_directory(DATA_DIR)
