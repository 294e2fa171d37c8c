"""Cost allocation by dossiers: entering a year's execution costs and additional services,
and the table of shares with the dossier counts behind them.

- **Who took part** comes from the organisation app (:func:`samen.organisation.services.
  members_during`): every membership, in the year, of a gemeenschappelijke regeling under
  which the municipality has its Participatiewet executed, clipped to the year.
- **The dossiers** come from the income app through the KPI registry (steering imports no
  income model): ``income.gemiddeld-lopend`` over the part of the year a municipality was a
  member (basis *gemiddelde*), or ``income.uitkeringseenheden`` on the reference date
  (basis *peildatum*). A member that was not a member on the reference date is counted on
  the nearest day it was (its last day when it left before, its first when it joined after).
  A municipality with two memberships in one year is counted per membership and gets the
  day-weighted average of those counts.
- **Entered counts.** For a year whose benefits the product does not hold (before its data
  begins), a :class:`DossierCount` per municipality (entered in ``/beheer/`` with its source)
  is used instead of the computation, and the table says so.
- **The division** is the pure :func:`samen.steering.costs.allocate` (largest remainder).

**Who sees it.** The table is the contribution per participant that a GR publishes in its
budget and annual accounts to every member council: it holds no personal data and a
contact person needs the others' shares to check her own. So everyone with a figures grant
(any municipality) sees the whole table; without one the page is 403, as the other steering
pages. Every view is audited (purpose *sturing*, object type ``kostenverdeling``). Entering
needs ``steering.enter_costs`` (the director; give it to a finance group in ``/beheer/``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.access.policy import policy_for
from samen.common import kpis
from samen.common.periods import Period
from samen.organisation import services as organisation
from samen.organisation.models import Municipality
from samen.steering import costs
from samen.steering.models import AdditionalService, CostYear, CountBasis, DossierCount
from samen.steering.reference import PARTNER_DOMAIN
from samen.steering.services import (
    NotAllowed,
    NotVisible,
    VersionConflict,
    _refuse,
    _require,
    record,
    subject,
    visible_municipalities,
)

ALLOCATION = "kostenverdeling"
AVERAGE_CODE = "income.gemiddeld-lopend"
REFERENCE_CODE = "income.uitkeringseenheden"
MIN_YEAR, MAX_YEAR = 2000, 2100

__all__ = ["NotAllowed", "NotVisible", "VersionConflict"]


def parse_year(actor: Any, raw: object) -> int:
    text = str(raw)[:10]
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise _refuse(actor, ALLOCATION, text)
    return int(text)


@dataclass(frozen=True)
class Count:
    """The dossiers of one member over one membership, with how they were counted."""

    municipality: Municipality
    valid_from: dt.date
    valid_until: dt.date
    dossiers: Decimal
    query: str

    @property
    def days(self) -> int:
        return (self.valid_until - self.valid_from).days + 1


def _year_days(year: int) -> int:
    return (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1


def _count(
    cost_year: CostYear, span: organisation.MemberSpan, entered: dict[int, DossierCount]
) -> Count:
    found = entered.get(span.municipality.pk)
    if found is not None:
        return Count(
            span.municipality,
            span.valid_from,
            span.valid_until,
            found.dossiers,
            f"Ingevoerd aantal dossiers (niet berekend): {found.source}",
        )
    if cost_year.count_basis == CountBasis.AVERAGE:
        code, period = AVERAGE_CODE, Period(span.valid_from, span.valid_until)
    else:
        assert cost_year.reference_date is not None
        day = min(max(cost_year.reference_date, span.valid_from), span.valid_until)
        code, period = REFERENCE_CODE, Period(day, day)
    result = kpis.compute(code, span.municipality, period)
    if result is None or result.value is None:
        raise costs.AllocationError(
            f"De dossiers van {span.municipality.name} kunnen niet worden geteld "
            f"(geen berekening {code})."
        )
    return Count(span.municipality, span.valid_from, span.valid_until, result.value, result.query)


@dataclass
class MemberRow:
    share: costs.Share
    counts: list[Count]
    weight_percentage: Decimal

    @property
    def municipality(self) -> Municipality:
        return self.counts[0].municipality


@dataclass
class AllocationPage:
    year: int
    cost_year: CostYear | None
    rows: list[MemberRow]
    services: list[AdditionalService]
    allocation: costs.Allocation | None
    problem: str
    own_codes: set[str]

    @property
    def version(self) -> int:
        return self.cost_year.version if self.cost_year is not None else 1


def compute(cost_year: CostYear) -> tuple[costs.Allocation, list[MemberRow]]:
    """Divide the year's costs (no access decision: the caller asks the policy first)."""
    year = cost_year.year
    spans = organisation.members_during(PARTNER_DOMAIN, dt.date(year, 1, 1), dt.date(year, 12, 31))
    entered = {d.municipality_id: d for d in cost_year.dossier_counts.all()}
    per_member: dict[int, list[Count]] = {}
    for span in spans:
        per_member.setdefault(span.municipality.pk, []).append(_count(cost_year, span, entered))
    members = []
    for counted in per_member.values():
        days = sum(c.days for c in counted)
        dossiers = sum((c.dossiers * c.days for c in counted), Decimal(0)) / days
        members.append(
            costs.Member(
                code=counted[0].municipality.cbs_code,
                name=counted[0].municipality.name,
                dossiers=dossiers.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                member_days=days,
                year_days=_year_days(year),
            )
        )
    services = [
        costs.Service(s.municipality.cbs_code, s.description, s.amount)
        for s in cost_year.services.select_related("municipality")
    ]
    allocation = costs.allocate(cost_year.total, members, services)
    by_code = {c[0].municipality.cbs_code: c for c in per_member.values()}
    rows = [
        MemberRow(share, by_code[share.member.code], allocation.weight_percentage(share))
        for share in allocation.shares
    ]
    return allocation, rows


def allocation_page(actor: Any, raw_year: object, view: str = "") -> AllocationPage:
    """The year's allocation for anyone with a figures grant (any municipality); without
    one, "not found" (audited)."""
    year = parse_year(actor, raw_year)
    if not policy_for(actor).figure_municipality_ids():
        raise _refuse(actor, ALLOCATION, str(year))
    cost_year = CostYear.objects.filter(year=year).select_related("recorded_by").first()
    allocation: costs.Allocation | None = None
    rows: list[MemberRow] = []
    problem = ""
    service_rows: list[AdditionalService] = []
    if cost_year is not None:
        service_rows = list(
            cost_year.services.select_related("municipality", "recorded_by").order_by(
                "municipality__name", "pk"
            )
        )
        try:
            allocation, rows = compute(cost_year)
        except costs.AllocationError as error:
            problem = str(error)
    record(
        actor,
        AuditEntry.Kind.READ,
        subject("", ALLOCATION, str(year)),
        {"weergave": view} if view else None,
    )
    own = {m.cbs_code for m in visible_municipalities(actor)}
    return AllocationPage(year, cost_year, rows, service_rows, allocation, problem, own)


def cost_year_for_edit(actor: Any, raw_year: object) -> tuple[int, CostYear | None]:
    year = parse_year(actor, raw_year)
    _require(actor, "enter_costs")
    return year, CostYear.objects.filter(year=year).first()


def save_costs(
    actor: Any,
    raw_year: object,
    *,
    total: Decimal,
    description: str,
    source: str,
    count_basis: str,
    reference_date: dt.date | None,
    expected_version: int,
) -> CostYear:
    """Record or correct the year's execution costs and count basis (optimistic locking)."""
    year, found = cost_year_for_edit(actor, raw_year)
    fields = {
        "total": total,
        "description": description,
        "source": source,
        "count_basis": count_basis,
        "reference_date": reference_date,
        "recorded_by": actor,
        "recorded_at": timezone.now(),
    }
    CostYear(year=year, **fields).clean()
    _check_services_fit(found, total)
    with transaction.atomic():
        if found is None:
            if expected_version != 1:
                raise VersionConflict("De kosten zijn intussen verwijderd. Laad de pagina opnieuw.")
            try:
                with transaction.atomic():
                    # The form of a year without costs carries version 1 (the empty record
                    # the user saw); creating it is the first change, so a second post of
                    # that same form is stale.
                    saved = CostYear.objects.create(year=year, version=2, **fields)
            except IntegrityError:
                raise VersionConflict(
                    "Iemand anders heeft de kosten van dit jaar intussen ingevoerd. Laad de "
                    "pagina opnieuw."
                ) from None
            action, previous = AuditEntry.Kind.CREATE, None
        else:
            previous = str(found.total)
            updated = CostYear.objects.filter(pk=found.pk, version=expected_version).update(
                version=models.F("version") + 1, **fields
            )
            if not updated:
                raise VersionConflict(
                    "Iemand anders heeft de kosten intussen gewijzigd. Laad de pagina opnieuw."
                )
            saved = CostYear.objects.get(pk=found.pk)
            action = AuditEntry.Kind.UPDATE
        record(
            actor,
            action,
            subject("", ALLOCATION, str(year)),
            {"fields": {"totaal": [previous, str(total)], "telgrondslag": count_basis}},
        )
    return saved


def _check_services_fit(
    cost_year: CostYear | None, total: Decimal, extra: Decimal = Decimal(0)
) -> None:
    services = Decimal(0)
    if cost_year is not None:
        services = cost_year.services.aggregate(s=models.Sum("amount"))["s"] or Decimal(0)
    if services + extra > total:
        raise ValidationError(
            {
                "total" if not extra else "amount": (
                    "De additionele diensten samen zouden meer zijn dan de uitvoeringskosten "
                    f"van het jaar (EUR {total})."
                )
            }
        )


def members_of_year(year: int) -> list[Municipality]:
    """The municipalities that were a member at some time in the year (for the form)."""
    spans = organisation.members_during(PARTNER_DOMAIN, dt.date(year, 1, 1), dt.date(year, 12, 31))
    found: dict[int, Municipality] = {}
    for span in spans:
        found.setdefault(span.municipality.pk, span.municipality)
    return sorted(found.values(), key=lambda m: m.name)


def add_service(
    actor: Any,
    raw_year: object,
    *,
    municipality_code: str,
    description: str,
    amount: Decimal,
    requested: str,
) -> AdditionalService:
    """Bill an additional service to the municipality that asked for it."""
    year, cost_year = cost_year_for_edit(actor, raw_year)
    if cost_year is None:
        raise ValidationError("Voer eerst de uitvoeringskosten van dit jaar in.")
    municipality = next((m for m in members_of_year(year) if m.cbs_code == municipality_code), None)
    if municipality is None:
        raise ValidationError({"municipality": "Kies een gemeente die dat jaar deelnemer was."})
    with transaction.atomic():
        locked = CostYear.objects.select_for_update().get(pk=cost_year.pk)
        _check_services_fit(locked, locked.total, amount)
        service = AdditionalService.objects.create(
            cost_year=locked,
            municipality=municipality,
            description=description,
            amount=amount,
            requested=requested,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        CostYear.objects.filter(pk=locked.pk).update(version=models.F("version") + 1)
        record(
            actor,
            AuditEntry.Kind.CREATE,
            subject(municipality.cbs_code, ALLOCATION, f"{year}/dienst/{service.pk}"),
            {"event": "additionele dienst", "bedrag": str(amount)},
        )
    return service
