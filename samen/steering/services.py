"""Steering operations: who may see which municipality's figures (the one access policy),
the report of a period, the analysis, publishing (freezing), figures entered by hand. Every
view and change is audited (:func:`samen.access.audit.record`, purpose *sturing*).

A municipality whose figures the actor may not see is "not found" (:class:`NotVisible`,
404), the attempt audited as refused; an action the actor's permissions do not give is
:class:`NotAllowed` (403). Figures are aggregates, never personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.common.codes import InputError, parse_cbs_code
from samen.organisation.models import Municipality
from samen.steering import annual as annual_
from samen.steering import computed, tasks
from samen.steering import figures as figures_
from samen.steering import forecast as forecast_
from samen.steering.marap import MarapPeriod, NotAPeriod
from samen.steering.models import Kpi, ManualValue, Report

REPORT = "bestuursrapportage"
DASHBOARD = "dashboard"
MANUAL = "kpi-waarde"


class NotVisible(Exception):
    """The municipality or period does not exist for this actor (404)."""


class NotAllowed(Exception):
    """The actor may see the figures but not do this (403)."""


class VersionConflict(Exception):
    """Someone else changed the record in the meantime (409)."""


def visible_municipalities(actor: Any) -> list[Municipality]:
    ids = policy_for(actor).figure_municipality_ids()
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


def may_view_steering(actor: Any) -> bool:
    """Whether the steering pages belong in the actor's menu."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return bool(policy_for(actor).figure_municipality_ids())


def subject(municipality_code: str, object_type: str, object_id: str) -> audit.Subject:
    return audit.Subject(
        object_type=object_type, object_id=object_id[:64], municipality_code=municipality_code
    )


def _refuse(actor: Any, object_type: str, object_id: str, code: str = "") -> NotVisible:
    policy = policy_for(actor)
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.REFUSED,
        subjects=[subject(code, object_type, object_id)],
        purpose=Purpose.STURING.value,
        roles=policy.role_names(),
    )
    return NotVisible("Deze pagina bestaat niet.")


def municipality_for(
    actor: Any, raw_code: object, object_type: str, object_id: str
) -> Municipality:
    """The municipality whose figures the actor may see, or NotVisible (audited)."""
    try:
        code = parse_cbs_code(raw_code)
    except InputError:
        raise _refuse(actor, object_type, object_id) from None
    municipality = Municipality.objects.filter(cbs_code=code).first()
    if municipality is None or municipality.pk not in policy_for(actor).figure_municipality_ids():
        raise _refuse(actor, object_type, object_id, code)
    return municipality


def period_for(
    actor: Any,
    raw: object,
    object_type: str,
    object_id: str,
    code: str = "",
    kind: str | None = None,
) -> MarapPeriod:
    """The period written ``raw`` (``2026-1`` or the year ``2026``), of ``kind`` (``jaar``,
    ``tertiaal``) when given; anything else is NotVisible (audited)."""
    try:
        period = MarapPeriod.parse(raw)
    except NotAPeriod:
        raise _refuse(actor, object_type, object_id, code) from None
    if kind is not None and period.kind != kind:
        raise _refuse(actor, object_type, object_id, code)
    return period


def record(actor: Any, action: str, subject: audit.Subject, changes: dict | None = None) -> None:
    audit.record(
        actor=actor,
        action=action,
        subjects=[subject],
        purpose=Purpose.STURING.value,
        roles=policy_for(actor).role_names(),
        changes=changes,
    )


@dataclass
class ReportPage:
    municipality: Municipality
    period: MarapPeriod
    report: Report | None
    dvo: Any
    figures: list[figures_.Figure]
    trend: list[figures_.TrendRow]
    due: dt.date | None
    due_met: bool | None
    threshold: int
    #: the annual figures' caseload analysis (None for a four-monthly report)
    caseload: annual_.CaseloadAnalysis | None = None

    @property
    def is_published(self) -> bool:
        return self.report is not None and self.report.is_published

    @property
    def version(self) -> int:
        return self.report.version if self.report is not None else 1

    @property
    def caseload_change(self) -> str:
        return self.caseload.change_shown(self.threshold) if self.caseload is not None else ""

    @property
    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for f in self.figures:
            found[f.verdict.value] = found.get(f.verdict.value, 0) + 1
        return found

    @property
    def computed_at(self) -> dt.datetime | None:
        """When the oldest computed figure on the page (not frozen) was computed."""
        extra = self.caseload.figures() if self.caseload is not None else []
        return oldest(self.figures, self.trend, extra)


def oldest(
    figures: list[figures_.Figure],
    trend: list[figures_.TrendRow],
    extra: list[figures_.Figure] | None = None,
) -> dt.datetime | None:
    """The earliest ``computed_at`` of the figures, the trend's cells and their corrections
    (frozen figures and figures entered by hand have none)."""
    shown = [*figures, *(extra or [])]
    for row in trend:
        for cell in row.cells:
            shown.extend(f for f in (cell.figure, cell.corrected_to) if f is not None)
    moments = [f.computed_at for f in shown if f.computed_at is not None]
    return min(moments) if moments else None


#: earlier periods in a report's trend: three four-month periods, two years
TREND = {"tertiaal": 3, "jaar": 2}


def report_page(
    actor: Any,
    raw_code: object,
    raw_period: object,
    view: str = "",
    kind: str | None = None,
    only: frozenset[str] | None = None,
) -> ReportPage:
    """The report with its figures and trend, and for the annual figures (period ``2026``)
    the caseload analysis; ``view`` names the form it is shown in (``pdf``, a chart) in the
    audit entry; ``kind`` (``jaar``, ``tertiaal``) refuses a period of the other kind;
    ``only`` limits the figures and trend to those KPIs (a chart's), so a chart image does
    not compute the whole report again."""
    object_id = f"{str(raw_code)[:10]}/{str(raw_period)[:10]}"
    municipality = municipality_for(actor, raw_code, REPORT, object_id)
    period = period_for(actor, raw_period, REPORT, object_id, municipality.cbs_code, kind)
    dvo = figures_.dvo_for(municipality, period)
    report, figures = figures_.of_period(municipality, period, dvo, only)
    due, met = figures_.due_status(period, report, timezone.localdate(), dvo)
    page = ReportPage(
        municipality=municipality,
        period=period,
        report=report,
        dvo=dvo,
        figures=figures,
        trend=figures_.trend(municipality, period, figures, TREND[period.kind], dvo, only),
        due=due,
        due_met=met,
        threshold=figures_.small_count_threshold(),
        caseload=annual_.of_report(municipality, period, report) if period.is_year else None,
    )
    record(
        actor,
        AuditEntry.Kind.READ,
        subject(municipality.cbs_code, REPORT, object_id),
        {"weergave": view} if view else None,
    )
    return page


@dataclass
class ReportHead:
    municipality: Municipality
    period: MarapPeriod
    report: Report | None

    @property
    def version(self) -> int:
        return self.report.version if self.report is not None else 1


def report_head(actor: Any, raw_code: object, raw_period: object) -> ReportHead:
    """The report's municipality, period and record (for the analysis form), without
    computing its figures; audited as a read."""
    object_id = f"{str(raw_code)[:10]}/{str(raw_period)[:10]}"
    municipality = municipality_for(actor, raw_code, REPORT, object_id)
    period = period_for(actor, raw_period, REPORT, object_id, municipality.cbs_code)
    report = Report.objects.filter(
        municipality=municipality, year=period.year, number=period.number
    ).first()
    record(actor, AuditEntry.Kind.READ, subject(municipality.cbs_code, REPORT, object_id))
    return ReportHead(municipality, period, report)


@dataclass
class OverviewRow:
    municipality: Municipality
    periods: list[tuple[MarapPeriod, Report | None]]
    #: the annual figures of the last ended year
    annual: tuple[MarapPeriod, Report | None]


def overview(actor: Any, today: dt.date | None = None, count: int = 4) -> list[OverviewRow]:
    """The reports of the last ``count`` ended periods (newest first) and the annual figures
    of the last ended year of every municipality the actor may see."""
    today = today or timezone.localdate()
    latest = MarapPeriod.last_ended(today)
    periods = [*latest.earlier(count - 1), latest][::-1]
    year = MarapPeriod.whole_year(today.year - 1)
    municipalities = visible_municipalities(actor)
    reports = {
        (r.municipality_id, r.year, r.number): r
        for r in Report.objects.filter(municipality__in=municipalities)
    }
    rows = [
        OverviewRow(
            m,
            [(p, reports.get((m.pk, p.year, p.number))) for p in periods],
            (year, reports.get((m.pk, year.year, year.number))),
        )
        for m in municipalities
    ]
    record(
        actor,
        AuditEntry.Kind.LIST,
        subject("", REPORT, ",".join(m.cbs_code for m in municipalities)),
    )
    return rows


def _require(actor: Any, permission: str) -> None:
    if not actor.has_perm(f"steering.{permission}"):
        raise NotAllowed("U mag dit niet doen.")


def _report_for_update(municipality: Municipality, period: MarapPeriod) -> Report:
    report, _created = Report.objects.get_or_create(
        municipality=municipality, year=period.year, number=period.number
    )
    return Report.objects.select_for_update().get(pk=report.pk)


def save_analysis(
    actor: Any, raw_code: object, raw_period: object, *, text: str, expected_version: int
) -> Report:
    object_id = f"{str(raw_code)[:10]}/{str(raw_period)[:10]}"
    municipality = municipality_for(actor, raw_code, REPORT, object_id)
    period = period_for(actor, raw_period, REPORT, object_id, municipality.cbs_code)
    _require(actor, "write_analysis")
    with transaction.atomic():
        report = _report_for_update(municipality, period)
        if report.is_published:
            raise ValidationError(
                {"analyse": "De rapportage is gepubliceerd: de analyse ligt vast."}
            )
        updated = Report.objects.filter(pk=report.pk, version=expected_version).update(
            analysis=text,
            analysis_by=actor,
            analysis_at=timezone.now(),
            version=models.F("version") + 1,
        )
        if not updated:
            raise VersionConflict(
                "Iemand anders heeft de analyse intussen gewijzigd. Laad de pagina opnieuw."
            )
        record(
            actor,
            AuditEntry.Kind.UPDATE,
            subject(municipality.cbs_code, REPORT, object_id),
            {"event": "analyse gewijzigd", "lengte": len(text)},
        )
        report.refresh_from_db()
    return report


def publish(actor: Any, raw_code: object, raw_period: object, *, expected_version: int) -> Report:
    """Freeze the figures as they are now, with their inputs; the report then shows them
    whatever is corrected later. Only after the period has ended."""
    object_id = f"{str(raw_code)[:10]}/{str(raw_period)[:10]}"
    municipality = municipality_for(actor, raw_code, REPORT, object_id)
    period = period_for(actor, raw_period, REPORT, object_id, municipality.cbs_code)
    _require(actor, "publish_report")
    if not period.has_ended(timezone.localdate()):
        raise ValidationError("Een periode die nog loopt, kan niet worden gepubliceerd.")
    with transaction.atomic():
        report = _report_for_update(municipality, period)
        if report.is_published:
            raise ValidationError("Deze rapportage is al gepubliceerd.")
        if report.version != expected_version:
            raise VersionConflict(
                "Iemand anders heeft de rapportage intussen gewijzigd. Laad de pagina opnieuw."
            )
        # Freeze fresh figures, not those of last night.
        computed.refresh_figures([municipality], [period])
        figures = figures_.live(municipality, period)
        figures_.freeze(report, figures)
        if period.is_year:
            annual_.freeze(report, annual_.live(municipality, period), len(figures) + 1)
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.PUBLISHED,
            published_by=actor,
            published_at=timezone.now(),
            version=models.F("version") + 1,
        )
        record(
            actor,
            AuditEntry.Kind.UPDATE,
            subject(municipality.cbs_code, REPORT, object_id),
            {"event": "gepubliceerd", "cijfers": len(figures)},
        )
        report.refresh_from_db()
    return report


def may_refresh(actor: Any) -> bool:
    """Whether the actor may ask for the figures to be computed again now: staff who may
    publish a report or write its analysis."""
    return bool(
        actor.has_perm("steering.publish_report") or actor.has_perm("steering.write_analysis")
    )


def request_refresh(actor: Any, raw_code: object, raw_period: object) -> list[MarapPeriod]:
    """Enqueue the refresh of the report's stored figures: its period and the earlier ones
    its trend shows (the task ``steering.refresh_figures``; in-process without a broker).
    Audited as a change of the report; returns the periods."""
    object_id = f"{str(raw_code)[:10]}/{str(raw_period)[:10]}"
    municipality = municipality_for(actor, raw_code, REPORT, object_id)
    period = period_for(actor, raw_period, REPORT, object_id, municipality.cbs_code)
    if not may_refresh(actor):
        raise NotAllowed("U mag dit niet doen.")
    periods = [*period.earlier(TREND[period.kind]), period]
    codes = [p.code for p in periods]
    tasks.refresh_figures_task.delay([municipality.cbs_code], codes)
    record(
        actor,
        AuditEntry.Kind.UPDATE,
        subject(municipality.cbs_code, REPORT, object_id),
        {"event": "cijfers bijwerken", "periodes": codes},
    )
    return periods


def manual_kpi(
    actor: Any, raw_code: object, raw_period: object, kpi_code: object
) -> tuple[Municipality, MarapPeriod, Kpi, ManualValue | None]:
    object_id = f"{str(raw_code)[:10]}/{str(raw_period)[:10]}/{str(kpi_code)[:40]}"
    municipality = municipality_for(actor, raw_code, MANUAL, object_id)
    period = period_for(actor, raw_period, MANUAL, object_id, municipality.cbs_code)
    kpi = Kpi.objects.filter(code=str(kpi_code)[:60], computation="").first()
    if kpi is None:
        raise _refuse(actor, MANUAL, object_id, municipality.cbs_code)
    _require(actor, "enter_figures")
    entered = ManualValue.objects.filter(
        kpi=kpi, municipality=municipality, year=period.year, number=period.number
    ).first()
    return municipality, period, kpi, entered


def enter_value(
    actor: Any,
    raw_code: object,
    raw_period: object,
    kpi_code: object,
    *,
    value: Decimal,
    numerator: Decimal | None,
    denominator: Decimal | None,
    note: str,
    expected_version: int,
) -> ManualValue:
    """Record (or correct) the hand-entered figure of a KPI the product cannot compute;
    who and when are kept. A published report keeps its frozen figure."""
    municipality, period, kpi, entered = manual_kpi(actor, raw_code, raw_period, kpi_code)
    if numerator is not None and denominator is not None and numerator > denominator:
        raise ValidationError({"teller": "De teller is groter dan de noemer."})
    object_id = f"{municipality.cbs_code}/{period.code}/{kpi.code}"
    fields = {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "note": note,
        "recorded_by": actor,
        "recorded_at": timezone.now(),
    }
    with transaction.atomic():
        if entered is None:
            if expected_version != 1:
                raise VersionConflict("De waarde is intussen verwijderd. Laad de pagina opnieuw.")
            try:
                with transaction.atomic():
                    entered = ManualValue.objects.create(
                        kpi=kpi,
                        municipality=municipality,
                        year=period.year,
                        number=period.number,
                        **fields,
                    )
            except IntegrityError:  # someone else entered it at the same moment
                raise VersionConflict(
                    "Iemand anders heeft deze waarde intussen ingevoerd. Laad de pagina opnieuw."
                ) from None
            action = AuditEntry.Kind.CREATE
            previous = None
        else:
            previous = str(entered.value)
            updated = ManualValue.objects.filter(pk=entered.pk, version=expected_version).update(
                version=models.F("version") + 1, **fields
            )
            if not updated:
                raise VersionConflict(
                    "Iemand anders heeft deze waarde intussen gewijzigd. Laad de pagina opnieuw."
                )
            entered.refresh_from_db()
            action = AuditEntry.Kind.UPDATE
        record(
            actor,
            action,
            subject(municipality.cbs_code, MANUAL, object_id),
            {"fields": {"waarde": [previous, str(value)]}},
        )
    return entered


def _period_or_latest(
    actor: Any, raw: object, object_type: str, object_id: str, code: str = ""
) -> MarapPeriod:
    if raw in (None, ""):
        return MarapPeriod.last_ended(timezone.localdate())
    return period_for(actor, raw, object_type, object_id, code)


@dataclass
class Dashboard:
    municipality: Municipality
    period: MarapPeriod
    figures: list[figures_.Figure]
    trend: list[figures_.TrendRow]
    threshold: int
    forecast: forecast_.Forecast

    @property
    def forecast_list(self) -> list[forecast_.Forecast]:
        return [self.forecast]

    @property
    def computed_at(self) -> dt.datetime | None:
        return oldest(self.figures, self.trend)


def dashboard(actor: Any, raw_code: object, raw_period: object = None) -> Dashboard:
    """One municipality: every KPI of its DVO in the period (the latest ended by default)
    with the verdict, and the three periods before it."""
    object_id = f"{str(raw_code)[:10]}/{str(raw_period or '')[:10]}"
    municipality = municipality_for(actor, raw_code, DASHBOARD, object_id)
    period = _period_or_latest(actor, raw_period, DASHBOARD, object_id, municipality.cbs_code)
    _report, figures = figures_.of_period(municipality, period)
    threshold = figures_.small_count_threshold()
    board = Dashboard(
        municipality,
        period,
        figures,
        figures_.trend(municipality, period, figures),
        threshold,
        forecast_.forecast(municipality, period.end, threshold),
    )
    record(
        actor,
        AuditEntry.Kind.READ,
        subject(municipality.cbs_code, DASHBOARD, f"{municipality.cbs_code}/{period.code}"),
    )
    return board


@dataclass
class SideBySideRow:
    kpi_code: str
    name: str
    norm: str
    cells: list[figures_.Figure | None]


@dataclass
class SideBySide:
    period: MarapPeriod
    municipalities: list[Municipality]
    rows: list[SideBySideRow]
    threshold: int
    forecasts: list[forecast_.Forecast]

    @property
    def computed_at(self) -> dt.datetime | None:
        return oldest([f for row in self.rows for f in row.cells if f is not None], [])


def szmh_dashboard(actor: Any, raw_period: object = None) -> SideBySide:
    """SZMH as a whole: the KPIs side by side for every municipality whose figures the actor
    may see (a contact person sees only her own column)."""
    object_id = f"szmh/{str(raw_period or '')[:10]}"
    period = _period_or_latest(actor, raw_period, DASHBOARD, object_id)
    municipalities = visible_municipalities(actor)
    per_municipality = [
        {f.kpi_code: f for f in figures_.of_period(m, period)[1]} for m in municipalities
    ]
    rows: dict[str, SideBySideRow] = {}
    for column, found in enumerate(per_municipality):
        for code, figure in found.items():
            row = rows.setdefault(
                code,
                SideBySideRow(code, figure.name, "", [None] * len(municipalities)),
            )
            row.cells[column] = figure
    for row in rows.values():
        norms = {f.norm_text() for f in row.cells if f is not None}
        row.norm = norms.pop() if len(norms) == 1 else "verschilt per gemeente"
    record(
        actor,
        AuditEntry.Kind.LIST,
        subject("", DASHBOARD, f"szmh/{period.code}"),
        {"gemeenten": [m.cbs_code for m in municipalities]},
    )
    threshold = figures_.small_count_threshold()
    forecasts = [forecast_.forecast(m, period.end, threshold) for m in municipalities]
    return SideBySide(period, municipalities, list(rows.values()), threshold, forecasts)
