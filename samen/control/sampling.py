"""The sample: how many items to draw, and which (pure, no ORM).

**Size.** Attribute sampling with zero expected errors (discovery sampling): the smallest
``n`` such that, if the population of ``N`` items held ``D = ceil(rate x N)`` erroneous items
(an error rate equal to the tolerable rate), a random sample of ``n`` would contain none of
them with probability at most ``1 - confidence``. For a finite population that probability
is hypergeometric, ``C(N - D, n) / C(N, n) = prod_{i < n} (N - D - i) / (N - i)``; for a
large population it tends to ``(1 - rate)^n``, the textbook ``n = ln(1 - c) / ln(1 - p)``
(299 at 95 % and 1 %). When the sample shows no error, the controller may conclude with that
confidence that the error rate is below the tolerable rate. The figures (confidence,
tolerable rate) are data: :class:`samen.control.models.SampleRule`.

**Draw.** ``random.Random(seed).sample`` over the population's ids in ascending order, one
generator per population (seeded with ``"<seed>/<population>"``), so the same seed and the
same population always give the same items, whatever else was drawn.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

MAX_SEED = 2**63 - 1


def sample_size(population: int, confidence: Decimal, tolerable_rate: Decimal) -> int:
    """The number of items to draw from ``population`` items (all of them if fewer)."""
    if population <= 0:
        return 0
    if not (Decimal(0) < confidence < Decimal(1)) or not (Decimal(0) < tolerable_rate < 1):
        raise ValueError("Betrouwbaarheid en toelaatbaar foutpercentage liggen tussen 0 en 1.")
    miss = Fraction(1) - Fraction(str(confidence))  # the chance we accept of missing errors
    errors = max(1, math.ceil(Fraction(str(tolerable_rate)) * population))
    numerator, denominator = 1, 1
    for n in range(1, population + 1):
        numerator *= max(population - errors - (n - 1), 0)
        denominator *= population - (n - 1)
        if Fraction(numerator, denominator) <= miss:
            return n
    return population


def draw(seed: int, population: str, ids: Sequence[int], size: int) -> list[int]:
    """``size`` of ``ids`` (sorted first, so the order the database returned them in plays no
    part), in the order drawn."""
    ordered = sorted(set(ids))
    size = max(0, min(size, len(ordered)))
    # Reproducibility, not secrecy, is asked of the draw; the seed itself comes from secrets.
    return random.Random(f"{seed}/{population}").sample(ordered, size)  # noqa: S311


def new_seed() -> int:
    """A seed from the operating system's secure source, for a sample drawn without one."""
    import secrets

    return secrets.randbelow(MAX_SEED) + 1
