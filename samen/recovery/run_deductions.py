"""Recovery's provider for income's deduction hook (:mod:`samen.income.deductions`),
registered in :class:`samen.recovery.apps.RecoveryConfig.ready`.

Per batch of the monthly run (a window of benefit ids) it loads, in a few queries (none
over the whole table), the garnishments and direct payments on those benefits and the
claims to offset against them (a claim with an active payment arrangement or an explicit
*verrekenen* instruction, of the same municipality as the benefit), computes the
beslagvrije voet of each debtor with a deduction
(:mod:`samen.recovery.protected_income`, cached per distinct input) and lets
:mod:`samen.recovery.allocation` decide the amounts in the legal order.

**When the offset is booked.** At the release of the run (four eyes), not when the line is
written: only a released run pays, and the release happens once per run (its row is
locked, a released run is never run again). :func:`book_offsets` books one ``verrekening``
movement per offset and records it in :class:`OffsetBooking` (unique on the run's
deduction), so calling it again, or running the month again, books nothing twice. Until the
release an offset is *pending*: the next run's cap already counts it off the balance.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from samen.common.money import euro
from samen.income.deductions import Candidate, Deduction
from samen.income.models import Benefit, PaymentDeduction
from samen.income.norms import NormTable
from samen.income.payments import month_label
from samen.recovery import allocation, protected_income
from samen.recovery.models import (
    Arrangement,
    Claim,
    DeductionOrder,
    DirectPayment,
    Garnishment,
    Movement,
    OffsetBooking,
    OffsetInstruction,
)

logger = logging.getLogger(__name__)

SOURCE_CLAIM = "recovery.claim"
SOURCE_GARNISHMENT = "recovery.garnishment"
SOURCE_DIRECT = "recovery.directpayment"
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _last_day(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _running(month: dt.date, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": _last_day(month)}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": month})
    )


def offset_first(month: dt.date) -> bool:
    """Whether the municipality's own offset comes before garnishments in ``month`` (data;
    without a row for the month: before, the order docs/recovery.md explains)."""
    row = DeductionOrder.objects.valid_on(month).order_by("-valid_from").first()
    return True if row is None else row.offset_first


def _garnishments(lo: int, hi: int, month: dt.date) -> list[tuple[int, allocation.Instruction]]:
    rows = Garnishment.objects.filter(
        _running(month, "served_on", "ends_on"), benefit_id__gte=lo, benefit_id__lte=hi
    ).values_list(
        "pk",
        "benefit_id",
        "garnishee",
        "iban",
        "reference",
        "monthly_amount",
        "served_on",
        "preferent",
    )
    return [
        (
            benefit_id,
            allocation.Instruction(
                kind=allocation.GARNISHMENT,
                source=SOURCE_GARNISHMENT,
                source_id=pk,
                monthly=amount,
                preferent=preferent,
                served_on=served,
                creditor_name=name,
                creditor_iban=iban,
                reference=reference,
                label=name,
            ),
        )
        for pk, benefit_id, name, iban, reference, amount, served, preferent in rows
    ]


def _direct_payments(lo: int, hi: int, month: dt.date) -> list[tuple[int, allocation.Instruction]]:
    rows = DirectPayment.objects.filter(
        _running(month, "start_month", "ends_on"), benefit_id__gte=lo, benefit_id__lte=hi
    ).values_list("pk", "benefit_id", "creditor", "iban", "reference", "amount")
    return [
        (
            benefit_id,
            allocation.Instruction(
                kind=allocation.DIRECT,
                source=SOURCE_DIRECT,
                source_id=pk,
                monthly=amount,
                creditor_name=name,
                creditor_iban=iban,
                reference=reference,
                label=name,
            ),
        )
        for pk, benefit_id, name, iban, reference, amount in rows
    ]


def _offsets(
    lo: int, hi: int, month: dt.date, candidates: set[int]
) -> list[tuple[int, allocation.Instruction]]:
    """The claims to offset against the benefits in the window: an active arrangement or
    an explicit instruction in the month, a balance left after the offsets still pending
    (in runs not yet released), and a benefit of the claim's own municipality."""
    running = _running(month, "start_month", "ended_on")
    instalment = (
        Arrangement.objects.filter(running, claim=OuterRef("pk"))
        .order_by("-start_month", "-pk")
        .values("instalment")[:1]
    )
    explicit = (
        OffsetInstruction.objects.filter(running, claim=OuterRef("pk"))
        .order_by("-start_month", "-pk")
        .values("amount")[:1]
    )
    balance = (
        Movement.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    persons = Benefit.objects.filter(id__gte=lo, id__lte=hi).values("person_id")
    claims = list(
        Claim.objects.filter(person_id__in=persons)
        .annotate(instalment=Subquery(instalment), explicit=Subquery(explicit))
        .filter(Q(instalment__isnull=False) | Q(explicit__isnull=False))
        .annotate(ledger_total=Subquery(balance))
        .values_list(
            "pk",
            "person_id",
            "municipality_id",
            "instalment",
            "explicit",
            "ledger_total",
            "established_on",
        )
    )
    if not claims:
        return []
    # One grouped query for the window's claims (a correlated subquery per claim would scan
    # the growing deduction table once per claim while the run fills it).
    pending = dict(
        PaymentDeduction.objects.filter(
            source=SOURCE_CLAIM,
            source_id__in=[c[0] for c in claims],
            offset_booking__isnull=True,
        )
        .order_by()
        .values("source_id")
        .annotate(total=Sum("amount"))
        .values_list("source_id", "total")
    )
    benefit_of: dict[tuple[int, int], int] = {}
    for benefit_id, person_id, municipality_id in (
        Benefit.objects.filter(id__gte=lo, id__lte=hi, person_id__in={c[1] for c in claims})
        .order_by("id")
        .values_list("id", "person_id", "municipality_id")
    ):
        if benefit_id in candidates:
            benefit_of.setdefault((person_id, municipality_id), benefit_id)
    out = []
    for pk, person_id, municipality_id, inst, explicit_amount, bal, established in claims:
        found = benefit_of.get((person_id, municipality_id))
        left = (bal or ZERO) - (pending.get(pk) or ZERO)
        if found is None or left <= 0:
            continue
        out.append(
            (
                found,
                allocation.Instruction(
                    kind=allocation.OFFSET,
                    source=SOURCE_CLAIM,
                    source_id=pk,
                    monthly=explicit_amount if explicit_amount is not None else inst,
                    cap=left,
                    served_on=established,
                    reference=f"VORD-{pk:08d}",
                    label=f"VORD-{pk:08d}",
                ),
            )
        )
    return out


def _debtor(candidate: Candidate) -> protected_income.Debtor:
    """The debtor for the voet: household and birth date from the benefit's facts; the net
    income of the month is what the month pays, plus the vakantietoeslag reserved for it
    (part of the month's income, paid once a year), plus the other income in the facts."""
    facts = candidate.facts()
    household = (
        "gehuwden"
        if facts.get("partner")
        else ("alleenstaande_ouder" if facts.get("kinderen") else "alleenstaande")
    )
    other = sum(
        (Decimal(str(i.get("netto_per_maand", "0"))) for i in facts.get("inkomsten") or ()),
        ZERO,
    )
    return protected_income.Debtor(
        household=household,
        birth_date=dt.date.fromisoformat(facts["aanvrager"]["geboortedatum"]),
        net_income=(candidate.amount + candidate.reserved + other).quantize(Decimal("0.01")),
    )


def _explain(instruction: allocation.Instruction, amount: Decimal, voet: Decimal) -> str:
    if instruction.kind == allocation.OFFSET:
        return (
            f"Verrekend met vordering {instruction.reference}: {euro(amount)}; "
            f"beslagvrije voet {euro(voet)}."
        )
    if instruction.kind == allocation.GARNISHMENT:
        rank = "preferent" if instruction.preferent else "concurrent"
        served = instruction.served_on.strftime("%d-%m-%Y") if instruction.served_on else "-"
        return (
            f"Beslag van {instruction.creditor_name} (kenmerk {instruction.reference}, "
            f"betekend op {served}, {rank}): {euro(amount)}; beslagvrije voet {euro(voet)}."
        )
    return (
        f"Directe betaling op uw verzoek aan {instruction.creditor_name} "
        f"(kenmerk {instruction.reference}): {euro(amount)}."
    )


def provide(month: dt.date, candidates: Sequence[Candidate]) -> list[Deduction]:
    """The deductions of one batch of the run (see the module docstring)."""
    if not candidates:
        return []
    by_id = {c.benefit_id: c for c in candidates}
    lo, hi = min(by_id), max(by_id)
    found: dict[int, list[allocation.Instruction]] = defaultdict(list)
    for benefit_id, instruction in (
        *_garnishments(lo, hi, month),
        *_direct_payments(lo, hi, month),
        *_offsets(lo, hi, month, set(by_id)),
    ):
        if benefit_id in by_id:
            found[benefit_id].append(instruction)
    if not found:
        return []
    parameters = _parameters()
    norms = NormTable.load()
    first = offset_first(month)
    voet_of: dict[tuple[str, dt.date, Decimal], protected_income.ProtectedIncome | None] = {}
    out: list[Deduction] = []
    for benefit_id, instructions in found.items():
        candidate = by_id[benefit_id]
        try:
            debtor = _debtor(candidate)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            logger.warning("Uitkering %s: geen feiten voor de beslagvrije voet", benefit_id)
            continue
        key = (debtor.household, debtor.birth_date, debtor.net_income)
        if key not in voet_of:
            try:
                voet_of[key] = protected_income.protected_income(debtor, month, parameters, norms)
            except protected_income.ProtectionError as error:
                logger.warning(
                    "Uitkering %s: beslagvrije voet niet berekend: %s", benefit_id, error
                )
                voet_of[key] = None
        voet = voet_of[key]
        # Without a voet nothing is taken for a creditor (the client keeps it); the client's
        # own direct payments still go.
        room = voet.room(debtor.net_income) if voet is not None else ZERO
        plan = allocation.ordered(instructions, offset_first=first)
        if voet is None:
            plan = [i for i in plan if i.kind == allocation.DIRECT]
        for instruction, allocated in allocation.allocate(candidate.available, room, plan):
            amount = allocated.quantize(CENT)  # amounts from SQLite come without their cents
            out.append(
                Deduction(
                    benefit_id=benefit_id,
                    kind=instruction.kind,
                    amount=amount,
                    creditor_name=instruction.creditor_name,
                    creditor_iban=instruction.creditor_iban,
                    reference=instruction.reference,
                    explanation=_explain(
                        instruction, amount, voet.amount if voet is not None else ZERO
                    ),
                    source=instruction.source,
                    source_id=instruction.source_id,
                )
            )
    return out


def _parameters() -> protected_income.ProtectionParameters:
    from samen.recovery.services import protection_parameters

    return protection_parameters()


def book_offsets(run: Any) -> int:
    """Book each offset of a released run as a ``verrekening`` on its claim, once (see the
    module docstring). Returns how many were booked now."""
    open_offsets = list(
        PaymentDeduction.objects.filter(
            line__run=run,
            kind=PaymentDeduction.Kind.OFFSET,
            source=SOURCE_CLAIM,
            offset_booking__isnull=True,
        ).order_by("pk")
    )
    if not open_offsets:
        return 0
    today = timezone.localdate()
    reason = f"Verrekend met de uitkering over {month_label(run.month)} (betaalrun vrijgegeven)"
    booked = 0
    for start in range(0, len(open_offsets), 1000):
        chunk = open_offsets[start : start + 1000]
        movements = Movement.objects.bulk_create(
            [
                Movement(
                    claim_id=d.source_id,
                    kind=Movement.Kind.OFFSET,
                    amount=-d.amount,
                    booked_on=today,
                    reason=reason[:300],
                    recorded_by="Betaalrun",
                )
                for d in chunk
            ]
        )
        OffsetBooking.objects.bulk_create(
            [OffsetBooking(deduction=d, movement=m) for d, m in zip(chunk, movements, strict=True)]
        )
        Claim.objects.filter(pk__in=[d.source_id for d in chunk]).update(version=F("version") + 1)
        booked += len(chunk)
    return booked
