"""Amounts of money as the letters and screens write them: ``€ 1.234,56`` (Dutch notation,
rounded half up to the cent). The one formatter every app uses."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
_DUTCH_SEPARATORS = str.maketrans({",": ".", ".": ","})


def euro(amount: Decimal) -> str:
    """``1234.5`` -> ``€ 1.234,50``; ``-20`` -> ``€ -20,00``."""
    return "€ " + f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}".translate(
        _DUTCH_SEPARATORS
    )
