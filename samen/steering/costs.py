"""The cost allocation by dossiers (GR SZMH art. 13 lid 2), pure: no ORM, no dates beyond
what the caller passes in.

The year's **execution costs** (a total) include the **additional services** (additionele
dienstverlening): each additional service is billed whole to the municipality that asked
for it, and the rest, the **shared costs**, is divided over the members in proportion to
their **weight**:

    weight = dossiers x days a member in the year / days in the year

so a municipality that joined or left during the year pays for the dossiers of the part of
the year it was a member (pro rata by days). ``dossiers`` is the count basis chosen for the
year (the average of the monthly active benefit dossiers, or the count on a reference date);
the caller computes it.

**Rounding to the cent: largest remainder.** Every exact share (a fraction, no rounding on
the way) is rounded down to the cent; the cents that are then left over (fewer than the
number of members) go one each to the members with the largest remainders, a tie going to
the lower CBS code. So the shares add up to the shared costs exactly, no share differs from
its exact value by a cent or more, and the outcome does not depend on the order of input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")


class AllocationError(ValueError):
    """The figures cannot be divided (a Dutch message for the user)."""


@dataclass(frozen=True)
class Member:
    code: str  # CBS code, also the tie-break
    name: str
    dossiers: Decimal
    member_days: int
    year_days: int

    @property
    def weight(self) -> Fraction:
        return Fraction(self.dossiers) * self.member_days / self.year_days


@dataclass(frozen=True)
class Service:
    code: str  # the municipality that asked for it
    description: str
    amount: Decimal


@dataclass(frozen=True)
class Share:
    member: Member
    weight: Fraction
    #: The exact share of the shared costs, before rounding.
    exact: Fraction
    shared: Decimal
    services: Decimal
    #: Whether this member got one of the left-over cents.
    rounded_up: bool

    @property
    def total(self) -> Decimal:
        return self.shared + self.services


@dataclass(frozen=True)
class Allocation:
    total: Decimal
    services_total: Decimal
    shared: Decimal
    total_weight: Fraction
    shares: tuple[Share, ...]

    def weight_percentage(self, share: Share) -> Decimal:
        if not self.total_weight:
            return Decimal(0)
        exact = share.weight * 100 / self.total_weight
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(CENT)


def _cents(value: Fraction) -> tuple[int, Fraction]:
    """The whole cents of ``value`` (rounded down) and what is left over (in cents)."""
    in_cents = value * 100
    whole = in_cents.numerator // in_cents.denominator
    return whole, in_cents - whole


def allocate(total: Decimal, members: Sequence[Member], services: Sequence[Service]) -> Allocation:
    """Divide ``total`` over ``members``: each service to the member that asked for it, the
    rest by weight, rounded to the cent by largest remainder (see the module)."""
    if total < 0 or total != total.quantize(CENT):
        raise AllocationError("De uitvoeringskosten zijn een bedrag van nul of meer, in centen.")
    codes = {m.code for m in members}
    if len(codes) != len(members):
        raise AllocationError("Een gemeente staat twee keer in de verdeling.")
    for service in services:
        if service.code not in codes:
            raise AllocationError(
                f"De additionele dienst '{service.description}' hoort bij een gemeente die "
                f"dat jaar geen deelnemer was."
            )
        if service.amount < 0 or service.amount != service.amount.quantize(CENT):
            raise AllocationError(
                "Het bedrag van een additionele dienst is nul of meer, in centen."
            )
    services_total = sum((s.amount for s in services), Decimal("0.00"))
    shared = total - services_total
    if shared < 0:
        raise AllocationError(
            "De additionele diensten samen zijn meer dan de uitvoeringskosten van het jaar."
        )
    total_weight = sum((m.weight for m in members), Fraction(0))
    if shared and not total_weight:
        raise AllocationError(
            "Er zijn geen dossiers om de gedeelde kosten over te verdelen: controleer de "
            "telgrondslag en de deelnames."
        )
    shared_cents = int(shared * 100)
    exact = {
        m.code: (Fraction(shared_cents, 100) * m.weight / total_weight if total_weight else 0)
        for m in members
    }
    whole: dict[str, int] = {}
    remainder: dict[str, Fraction] = {}
    for code, value in exact.items():
        whole[code], remainder[code] = _cents(Fraction(value))
    left = shared_cents - sum(whole.values())
    by_remainder = sorted(codes, key=lambda c: (-remainder[c], c))
    up = set(by_remainder[:left])
    per_member_services = {
        m.code: sum((s.amount for s in services if s.code == m.code), Decimal("0.00"))
        for m in members
    }
    shares = tuple(
        Share(
            member=m,
            weight=m.weight,
            exact=Fraction(exact[m.code]),
            shared=(Decimal(whole[m.code] + (m.code in up)) * CENT).quantize(CENT),
            services=per_member_services[m.code],
            rounded_up=m.code in up,
        )
        for m in sorted(members, key=lambda m: m.name)
    )
    return Allocation(total, services_total, shared, total_weight, shares)
