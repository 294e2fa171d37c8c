"""The caseload forecast per municipality for the coming year: the caseload now (benefit
units on the last day of the chosen Marap period, counted by the income app through the
registry) grown by the expected growth rate in force that day (:class:`GrowthRate`, data
with validity and source; the 2017 DVO used the national 1.15 % of the macro budget).

**Rule:** forecast = caseload x (1 + rate / 100), rounded down to whole benefit units (a
forecast counts whole dossiers). On the 2017 DVO table it gives Eijsden-Margraten 223 -> 225,
Meerssen 227 -> 229, Vaals 306 -> 309, Valkenburg 314 -> 317; the table's Gulpen-Wittem
(172 -> 175) and Maastricht (4,009 -> 4,049) follow "ervaringscijfers" of their own, which
no single rate reproduces. A caseload below the small-count threshold is hidden with its
forecast (as every count on the dashboards).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from samen.common import kpis
from samen.common.periods import Period
from samen.organisation.models import Municipality
from samen.steering import judgement
from samen.steering.models import GrowthRate

CASELOAD = "income.uitkeringseenheden"


def grow(caseload: int, rate: Decimal) -> int:
    """``caseload`` after one year of growth at ``rate`` percent, rounded down."""
    return int((Decimal(caseload) * (1 + rate / 100)).to_integral_value(rounding=ROUND_FLOOR))


@dataclass(frozen=True)
class Forecast:
    municipality: Municipality
    day: dt.date
    caseload: int | None
    rate: GrowthRate | None
    year: int
    value: int | None
    threshold: int

    @property
    def hidden(self) -> bool:
        return judgement.is_small(self.caseload, self.threshold)

    @property
    def caseload_shown(self) -> str:
        if self.caseload is None:
            return "-"
        return f"< {self.threshold}" if self.hidden else str(self.caseload)

    @property
    def value_shown(self) -> str:
        if self.value is None:
            return "-"
        return f"< {self.threshold}" if self.hidden else str(self.value)


def forecast(municipality: Municipality, day: dt.date, threshold: int) -> Forecast:
    """The forecast for the year after ``day``'s year, from the caseload on ``day``."""
    result = kpis.compute(CASELOAD, municipality, Period(day, day))
    caseload = int(result.value) if result is not None and result.value is not None else None
    rate = GrowthRate.objects.valid_on(day).first()
    value = grow(caseload, rate.rate) if caseload is not None and rate is not None else None
    return Forecast(municipality, day, caseload, rate, day.year + 1, value, threshold)
