"""The twice-yearly internal control report per partner: the figures of the samples whose
period ends in the half-year (counted as steering counts them, :mod:`samen.control.kpis`,
closed samples only, open ones listed apart), and the conclusions and recommendations that
staff write, with optimistic locking. Scoped like the samples: only the municipalities of a
control grant; any other answers :class:`NotVisible`. Every read and write is audited with
purpose *controle* (the report holds no personal data, only counts and amounts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import AuditEntry
from samen.access.policy import policy_for
from samen.common import codes
from samen.control import kpis, score
from samen.control.models import MAX_CONCLUSIONS, ControlReport, Sample
from samen.control.services import (
    PURPOSE,
    NotVisible,
    VersionConflict,
    control_municipality_ids,
    refuse,
    staff_name,
)
from samen.organisation.models import Municipality


def half_year(year: int, half: int) -> tuple[dt.date, dt.date]:
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def parse_half_year(raw: object) -> tuple[int, int]:
    """``2026-1`` or ``2026-2`` (as in the URL); anything else is an InputError."""
    text = str(raw) if isinstance(raw, str) else ""
    year, _, half = text.partition("-")
    try:
        return (
            codes.parse_int(year, minimum=2000, maximum=2099, what="Het jaar"),
            codes.parse_int(half, minimum=1, maximum=2, what="Het halfjaar"),
        )
    except codes.InputError:
        raise codes.InputError(
            "Geef het halfjaar als jaar-1 of jaar-2, bijvoorbeeld 2026-1."
        ) from None


@dataclass
class ReportView:
    municipality: Municipality
    year: int
    half: int
    period_from: dt.date
    period_until: dt.date
    report: ControlReport  # unsaved (version 1, empty texts) when nothing was written yet
    closed: list[Sample]
    open: list[Sample]
    score: score.Score

    @property
    def key(self) -> str:
        return f"{self.year}-{self.half}"


def _municipality(actor: Any, cbs_code: str) -> Municipality:
    found = Municipality.objects.filter(
        cbs_code=cbs_code, pk__in=control_municipality_ids(actor)
    ).first()
    if found is None:
        raise refuse(actor, "rapportage-interne-controle", cbs_code, "Rapportage")
    return found


def _subject(view_or: Any, year: int, half: int) -> audit.Subject:
    return audit.Subject(
        object_type="rapportage-interne-controle",
        object_id=f"{view_or.cbs_code}/{year}-{half}",
        municipality_code=view_or.cbs_code,
    )


def get_report(actor: Any, cbs_code: str, year: int, half: int) -> ReportView:
    municipality = _municipality(actor, cbs_code)
    start, end = half_year(year, half)
    report = ControlReport.objects.filter(municipality=municipality, year=year, half=half).first()
    if report is None:
        report = ControlReport(municipality=municipality, year=year, half=half)
    closed = kpis.samples_ending_in(municipality, start, end)
    still_open = list(
        Sample.objects.filter(
            municipality=municipality,
            status=Sample.Status.OPEN,
            period_until__range=(start, end),
        )
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_subject(municipality, year, half)],
        purpose=PURPOSE.value,
        roles=policy_for(actor).role_names(),
    )
    return ReportView(
        municipality, year, half, start, end, report, closed, still_open, kpis.combined(closed)
    )


def write_report(
    actor: Any,
    cbs_code: str,
    year: int,
    half: int,
    *,
    conclusions: str,
    recommendations: str,
    version: int,
) -> ControlReport:
    """Save the conclusions and recommendations; ``version`` is the one the writer saw (1 for
    a report not written before)."""
    municipality = _municipality(actor, cbs_code)
    errors = {
        name: f"Gebruik hoogstens {MAX_CONCLUSIONS} tekens."
        for name, text in (("conclusions", conclusions), ("recommendations", recommendations))
        if len(text) > MAX_CONCLUSIONS
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report, _ = ControlReport.objects.select_for_update().get_or_create(
            municipality=municipality, year=year, half=half
        )
        if report.version != version:
            raise VersionConflict("Iemand anders heeft deze rapportage intussen gewijzigd.")
        report.conclusions = conclusions.strip()
        report.recommendations = recommendations.strip()
        report.written_by_name = staff_name(actor)
        report.written_at = timezone.now()
        report.version += 1
        report.save()
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.UPDATE,
            subjects=[_subject(municipality, year, half)],
            purpose=PURPOSE.value,
            roles=policy_for(actor).role_names(),
            changes={"versie": report.version},
        )
    return report


__all__ = ["NotVisible", "ReportView", "get_report", "write_report", "half_year"]
