"""Reading benefits for other apps that match outside data to them (``samen.enforcement``:
the Inlichtingenbureau's signals, thematic checks): which benefits a set of BSNs had in a
municipality over a period, as plain rows.

These are batch look-ups on behalf of a service that has already checked its actor through
the one access policy (the importer may change the municipality's files). They hand out no
personal data beyond the benefit's id and its scoping fields, and the caller audits what it
stores or shows. The caller never reads income's tables itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from samen.income.models import Benefit, BenefitFact

CHUNK = 5_000


@dataclass(frozen=True)
class BenefitRow:
    benefit_id: int
    person_id: int
    bsn: str
    municipality_id: int
    domain_id: int
    confidentiality: int
    start_date: dt.date
    end_date: dt.date | None

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        """Did the benefit run on any day from ``start`` to ``end`` (open: on or after)?"""
        return (end is None or self.start_date <= end) and (
            self.end_date is None or self.end_date >= start
        )


def _rows(queryset: object) -> list[BenefitRow]:
    return [
        BenefitRow(*values)
        for values in queryset.values_list(  # type: ignore[attr-defined]
            "pk",
            "person_id",
            "person__bsn",
            "municipality_id",
            "domain_id",
            "confidentiality",
            "start_date",
            "end_date",
        ).order_by("start_date", "pk")
    ]


def benefits_of(municipality_id: int, bsns: Iterable[str]) -> dict[str, list[BenefitRow]]:
    """Every benefit the municipality pays or paid to each BSN, oldest first (the caller
    decides which period counts). Read in chunks, one query per 5,000 BSNs."""
    wanted = sorted(set(bsns))
    found: dict[str, list[BenefitRow]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        queryset = Benefit.objects.filter(municipality_id=municipality_id, person__bsn__anyof=chunk)
        for row in _rows(queryset):
            found.setdefault(row.bsn, []).append(row)
    return found


def running_on(municipality_id: int, day: dt.date) -> list[BenefitRow]:
    """The benefits the municipality pays on ``day`` (not ended before it)."""
    queryset = Benefit.objects.filter(municipality_id=municipality_id, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return _rows(queryset)


def with_fact(benefit_ids: Iterable[int], day: dt.date, key: str) -> set[int]:
    """Of ``benefit_ids``, those whose facts valid on ``day`` have ``key`` set to a true
    value (for example ``kostendelers``: more than one adult sharing the home)."""
    ids = list(benefit_ids)
    latest: dict[int, dict] = {}
    for start in range(0, len(ids), CHUNK):
        rows = (
            BenefitFact.objects.filter(
                benefit_id__anyof=ids[start : start + CHUNK], valid_from__lte=day
            )
            .order_by("benefit_id", "valid_from", "pk")
            .values_list("benefit_id", "facts")
        )
        for benefit_id, facts in rows:
            latest[benefit_id] = facts
    return {pk for pk, facts in latest.items() if isinstance(facts, dict) and facts.get(key)}
