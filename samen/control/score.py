"""The error score (foutscore) of internal control (pure, no ORM).

error score = the amount of the errors found / the total amount paid in the population, as
a percentage with two decimals. Per sampled item the answers to its checklist questions are
taken together: the item is an error when any answer is an error, otherwise an uncertainty
when any answer is uncertain (the file cannot show whether it is right), otherwise in order;
its error amount is the largest error amount among its answers, so one wrong payment found
by two questions is not counted twice (likewise for uncertainties). Uncertainties are not
errors: their amount and share are reported beside the score, as the Besluit
accountantscontrole decentrale overheden keeps fouten and onzekerheden apart (art. 2). The
score is what was found in the sample, not projected onto the population.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ERROR = "fout"
UNCERTAIN = "onzeker"
IN_ORDER = "in_orde"
VERDICTS = (IN_ORDER, ERROR, UNCERTAIN)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

Answers = Iterable[tuple[str, Decimal]]  # (verdict, amount) per question of one item


@dataclass(frozen=True)
class Score:
    items: int
    errors: int  # items with an error
    uncertainties: int  # items without an error but with an uncertainty
    in_order: int  # items whose every answer is in order
    unanswered: int  # items without any answer yet
    error_amount: Decimal
    uncertain_amount: Decimal
    paid: Decimal
    error_score: Decimal | None  # percentage, two decimals; None when nothing was paid
    uncertainty_score: Decimal | None


def _share(amount: Decimal, paid: Decimal) -> Decimal | None:
    if paid <= 0:
        return None
    return (amount * HUNDRED / paid).quantize(CENT, rounding=ROUND_HALF_UP)


def error_score(items: Iterable[Answers], paid: Decimal) -> Score:
    """``items``: per sampled item its answers; ``paid``: the total paid in the population
    (or populations, for a score over several samples)."""
    counts = {ERROR: 0, UNCERTAIN: 0, IN_ORDER: 0, "": 0}
    error_amount = uncertain_amount = Decimal("0.00")
    total = 0
    for answers in items:
        total += 1
        worst: dict[str, Decimal] = {}
        for verdict, amount in answers:
            if verdict not in VERDICTS:
                raise ValueError(f"Onbekende bevinding: {verdict}")
            worst[verdict] = max(worst.get(verdict, Decimal(0)), amount)
        if ERROR in worst:
            counts[ERROR] += 1
            error_amount += worst[ERROR]
        elif UNCERTAIN in worst:
            counts[UNCERTAIN] += 1
            uncertain_amount += worst[UNCERTAIN]
        elif worst:
            counts[IN_ORDER] += 1
        else:
            counts[""] += 1
    return Score(
        items=total,
        errors=counts[ERROR],
        uncertainties=counts[UNCERTAIN],
        in_order=counts[IN_ORDER],
        unanswered=counts[""],
        error_amount=error_amount,
        uncertain_amount=uncertain_amount,
        paid=paid,
        error_score=_share(error_amount, paid),
        uncertainty_score=_share(uncertain_amount, paid),
    )
