"""A loaded NormTable back into CSV-shaped rows, so a test can build a table that differs
from the real data in one place (``NormTable.from_rows``) without copying the conversion."""

from __future__ import annotations

from typing import Any

from samen.income.norms import NormTable


def norm_rows(table: NormTable) -> list[dict[str, Any]]:
    return [
        {
            "artikel": n.category,
            "leefvorm": n.household,
            "bedrag": n.amount,
            "geldig_vanaf": n.valid.valid_from,
            "geldig_tot": n.valid.valid_until or "",
            "bron": n.source,
        }
        for n in table.norms
    ]


def parameter_rows(table: NormTable) -> list[dict[str, Any]]:
    return [
        {
            "naam": p.name,
            "waarde": p.value,
            "geldig_vanaf": p.valid.valid_from,
            "geldig_tot": p.valid.valid_until or "",
            "bron": p.source,
        }
        for p in table.parameters
    ]


def aow_rows(table: NormTable) -> list[dict[str, Any]]:
    return [
        {
            "geboren_vanaf": a.born_from,
            "geboren_tot": a.born_until,
            "jaren": a.years,
            "maanden": a.months,
            "bron": a.source,
        }
        for a in table.aow_ages
    ]
