"""Judging a figure against its norm, and hiding small counts. Pure: no ORM.

- A norm is a comparator and a value: ``> 85`` is met by 85.1 and not by 85.0; ``info`` (a
  streefwaarde) is shown beside the figure and never judged. A figure without data (nothing
  to count, nothing entered) is "no data", whatever the norm.
- Small counts: a count of people or cases above zero and below the threshold (the setting
  ``SAMEN_STEERING_SMALL_COUNT``, 5) is shown as "< 5", since a person could be recognised
  in it; a percentage computed from such a count is hidden with it (its numerator could be
  worked back). Amounts and grades are not counts and are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Verdict(StrEnum):
    MET = "gehaald"
    NOT_MET = "niet gehaald"
    NO_DATA = "geen gegevens"
    NOT_JUDGED = "ter informatie"


def judge(comparator: str, norm: Decimal | None, value: Decimal | None) -> Verdict:
    if value is None:
        return Verdict.NO_DATA
    if comparator == "info" or norm is None:
        return Verdict.NOT_JUDGED
    met = {
        ">": value > norm,
        ">=": value >= norm,
        "<": value < norm,
        "<=": value <= norm,
        "=": value == norm,
    }.get(comparator)
    if met is None:
        raise ValueError(f"Onbekende vergelijking: {comparator}")
    return Verdict.MET if met else Verdict.NOT_MET


def is_small(count: Decimal | int | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: the texts for value, numerator and denominator, and
    whether anything was hidden."""

    value: str
    numerator: str
    denominator: str
    hidden: bool


def _number(value: Decimal | int | None, unit: str) -> str:
    if value is None:
        return "-"
    number = Decimal(value)
    if unit == "bedrag":
        whole = f"{number:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        return f"€ {whole}"
    if unit == "cijfer":
        text = f"{number.quantize(Decimal('0.1'))}".replace(".", ",")
    elif number == number.to_integral_value():
        text = f"{int(number):,}".replace(",", ".")
    else:
        text = f"{number.normalize():f}".replace(".", ",")
    return f"{text}%" if unit == "procent" else text


def shown(
    unit: str,
    value: Decimal | None,
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    threshold: int,
) -> Shown:
    small = f"< {threshold}"
    counts = unit in ("aantal", "procent")
    hide_numerator = counts and is_small(numerator, threshold)
    hide_denominator = counts and is_small(denominator, threshold)
    if unit == "aantal" and is_small(value, threshold):
        value_text = small
    elif unit == "procent" and (hide_numerator or hide_denominator):
        value_text = f"verborgen (minder dan {threshold} gevallen)"
    else:
        value_text = _number(value, unit)
    count_unit = "aantal" if unit in ("aantal", "procent") else unit
    return Shown(
        value=value_text,
        numerator=small if hide_numerator else _number(numerator, count_unit),
        denominator=small if hide_denominator else _number(denominator, count_unit),
        hidden=hide_numerator or hide_denominator or value_text == small,
    )


def norm_text(comparator: str, norm: Decimal | None, unit: str) -> str:
    if norm is None:
        return "-"
    text = _number(norm, unit)
    if comparator == "info":
        return f"streefwaarde {text}"
    return f"{comparator.replace('>=', '≥').replace('<=', '≤')} {text}"
