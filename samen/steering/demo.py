"""Demo for steering.

- :func:`load` (before the cases): every partner's DVO 2026-2027 with the 2017 norms (the
  loader of migration 0002, now that the organisation exists), the 1.15 % growth rate, and
  the steering permissions for the demo groups: teammanagers and the director write the
  analysis and enter figures by hand, the director publishes and enters the costs.
- :func:`load_reports` (after the cases and benefits, whose figures the reports show): the
  reports of the first two Marap periods of 2026 and the draft annual figures 2026 for every
  partner, each with an analysis;
  Vaals' January-April report published (figures frozen) on 20 May 2026; the cost allocation
  of 2025 with illustrative costs and two additional services.
- :func:`remove`: what the demo users entered here, before the users go.

Idempotent: what exists is left alone. The amounts are illustrative, not SZMH's accounts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from samen.organisation.models import Municipality
from samen.steering import computed, reference
from samen.steering import figures as figures_
from samen.steering.marap import YEAR, MarapPeriod
from samen.steering.models import (
    AdditionalService,
    CostYear,
    CountBasis,
    DossierCount,
    ManualValue,
    Report,
    ReportFigure,
)

PERMISSIONS = {
    "Teammanager": ["write_analysis", "enter_figures"],
    "Directeur": ["write_analysis", "enter_figures", "publish_report", "enter_costs"],
}
DEMO_YEAR = 2026
PUBLISHED = ("GM0981", 1)  # Vaals, January-April 2026
PUBLISHED_AT = dt.datetime(2026, 5, 20, 10, 0)
COSTS_YEAR = 2025
COSTS = Decimal("18450000.00")
SERVICES = [
    (
        "GM0994",
        "Uitvoering eigen regeling maatschappelijke participatie kinderen",
        Decimal("42500.00"),
        "College van Valkenburg aan de Geul, besluit van 14 januari 2025 (illustratief)",
    ),
    (
        "GM0981",
        "Extra inzet vroegsignalering schulden",
        Decimal("28750.00"),
        "College van Vaals, brief van 3 maart 2025 (illustratief)",
    ),
]
#: The benefits of 2025 predate the demo's data (it pays from March 2026): the demo enters
#: the counts, the 2017 DVO's standcijfers as an illustration.
DOSSIERS_2025 = {
    "GM0935": Decimal(4009),
    "GM0938": Decimal(227),
    "GM0981": Decimal(306),
    "GM0994": Decimal(314),
    "GM1729": Decimal(172),
    "GM1903": Decimal(223),
}
ANALYSIS = (
    "De cijfers over {label} laten een stabiel bestand zien. De beslistermijnen voor "
    "bijzondere bijstand staan onder druk door het grote aantal aanvragen na de "
    "energietoeslag; SZMH zet tijdelijk extra capaciteit in. De KPI's die nog met de hand "
    "worden ingevoerd, volgen na de registratie van Team Handhaving. (Demotekst.)"
)

#: The draft analysis of the demo's annual figures 2026 (published from 1 January 2027).
ANNUAL_ANALYSIS = (
    "Concept van de jaarcijfers {label}. Het bestand is sinds maart 2026 opgebouwd met de "
    "overgang naar samen; de instroom volgt uit de aanvragen van dit jaar, de uitstroom "
    "staat per reden van beëindiging in de bestandsanalyse. Na 31 december vullen wij de "
    "analyse aan en publiceren wij de jaarcijfers vóór 15 maart. (Demotekst.)"
)


@transaction.atomic
def load() -> int:
    created = reference.load_partner_dvos()
    reference.load_growth_rate()
    for group_name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="steering", codename__in=codenames
                )
            )
    return created


def _director() -> Any:
    return get_user_model().objects.filter(username="directeur").first()


@transaction.atomic
def load_reports() -> int:
    """The demo reports and the 2025 cost allocation; returns the reports created."""
    director = _director()
    if director is None:
        return 0
    moment = timezone.make_aware(PUBLISHED_AT)
    created = 0
    for municipality in reference.partners(day=dt.date(DEMO_YEAR, 1, 1)):
        for number in (1, 2, YEAR):
            period = MarapPeriod(DEMO_YEAR, number)
            text = ANNUAL_ANALYSIS if number == YEAR else ANALYSIS
            report, new = Report.objects.get_or_create(
                municipality=municipality,
                year=DEMO_YEAR,
                number=number,
                defaults={
                    "analysis": text.format(label=period.label),
                    "analysis_by": director,
                    "analysis_at": moment,
                },
            )
            created += int(new)
            if (municipality.cbs_code, number) == PUBLISHED and not report.is_published:
                computed.refresh_figures([municipality], [period])
                figures_.freeze(report, figures_.live(municipality, period))
                Report.objects.filter(pk=report.pk).update(
                    status=Report.Status.PUBLISHED,
                    published_by=director,
                    published_at=moment,
                    version=report.version + 1,
                )
    _load_costs(director)
    return created


def _load_costs(director: Any) -> None:
    cost_year, new = CostYear.objects.get_or_create(
        year=COSTS_YEAR,
        defaults={
            "total": COSTS,
            "description": "Uitvoeringskosten SZMH 2025 (demo, illustratief)",
            "source": "Demo: illustratieve bedragen, geen jaarrekening",
            "count_basis": CountBasis.AVERAGE,
            "recorded_by": director,
            "recorded_at": timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)),
            "version": 2,
        },
    )
    if not new:
        return
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    for code, dossiers in DOSSIERS_2025.items():
        if code in municipalities:
            DossierCount.objects.create(
                cost_year=cost_year,
                municipality=municipalities[code],
                dossiers=dossiers,
                source="Demo: standcijfers 1-9-2016 uit de DVO 2017 (illustratief)",
            )
    for code, description, amount, requested in SERVICES:
        if code in municipalities:
            AdditionalService.objects.create(
                cost_year=cost_year,
                municipality=municipalities[code],
                description=description,
                amount=amount,
                requested=requested,
                recorded_by=director,
                recorded_at=cost_year.recorded_at,
            )


@transaction.atomic
def remove() -> None:
    """Remove what the demo users entered in steering (reports, figures entered by hand,
    costs), so the users can go; the audit trail keeps its entries."""
    users = get_user_model().objects.filter(staff__is_demo=True)
    reports = Report.objects.filter(analysis_by__in=users) | Report.objects.filter(
        published_by__in=users
    )
    ReportFigure.objects.filter(report__in=reports).delete()
    reports.delete()
    ManualValue.objects.filter(recorded_by__in=users).delete()
    AdditionalService.objects.filter(recorded_by__in=users).delete()
    CostYear.objects.filter(recorded_by__in=users).delete()
