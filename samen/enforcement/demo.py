"""Demo data of the enforcement app, loaded by ``samen demo laden`` after the cases and
benefits: one Inlichtingenbureau file per product kind that tells a story in Vaals (a
detention and a start of employment of clients with a running benefit, and a signal for a
BSN without benefit that stays unmatched), read in by the demo user ``handhaving``, and one
fraud investigation from a tip with a home visit. Idempotent: the file is imported once (its
SHA-256), the investigation is made once. ``remove`` takes it all away again before the
benefits go."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from stdnum.nl import bsn as bsn_number

from samen.enforcement import investigations, signals
from samen.enforcement.models import (
    Activity,
    CheckItem,
    Investigation,
    Signal,
    SignalFile,
    ThematicCheck,
)
from samen.income import matching
from samen.organisation.models import Municipality

TIP = "Demo: anonieme tip dat een partner op het adres woont."


def _free_bsn(taken: set[str]) -> str:
    """A BSN that passes the elfproef and belongs to no demo client (test numbers 9999....)."""
    for number in range(999_990_000, 999_999_999):
        candidate = str(number)
        if candidate not in taken and bsn_number.is_valid(candidate):
            return candidate
    raise RuntimeError("no free BSN")  # pragma: no cover


def load() -> int:
    """Load the demo signals and investigation; returns how many signals were created."""
    user = get_user_model().objects.filter(username="handhaving").first()
    vaals = Municipality.objects.filter(cbs_code="GM0981").first()
    if user is None or vaals is None:
        return 0
    today = timezone.localdate()
    running = matching.running_on(vaals.pk, today)
    if len(running) < 2:
        return 0
    first, second = running[0], running[1]
    month = today.replace(day=1)
    detention = (
        "bsn;begindatum;einddatum;inrichting\n"
        f"{first.bsn};{month.isoformat()};;PI Maastricht\n"
        f"{_free_bsn({r.bsn for r in running})};{month.isoformat()};;PI Sittard\n"
    ).encode()
    employment = (
        "bsn;begindatum;einddatum;loonheffingennummer;werkgever\n"
        f"{second.bsn};{month.isoformat()};;123456789L01;Bakkerij Drielandenpunt\n"
    ).encode()
    created = 0
    with transaction.atomic():
        for product, name, content in (
            ("detentie", "demo-detentie.csv", detention),
            ("start-inkomstenverhouding", "demo-inkomstenverhouding.csv", employment),
        ):
            created += signals.import_file(user, vaals, product, name, content).created
        if not Investigation.objects.filter(reason=TIP).exists():
            found = investigations.start(
                user,
                investigations.NewInvestigation(
                    person_pk=second.person_id,
                    municipality_code=vaals.cbs_code,
                    origin=Investigation.Origin.TIP,
                    reason=TIP,
                    started_on=today - dt.timedelta(days=14),
                ),
            )
            investigations.add_activity(
                user,
                found.pk,
                kind=Activity.Kind.HOME_VISIT,
                on=today - dt.timedelta(days=7),
                report="Demo: huisbezoek afgelegd; twee namen op de brievenbus.",
            )
    return created


def remove() -> None:
    Investigation.objects.all().delete()  # with their activities
    CheckItem.objects.all().delete()
    ThematicCheck.objects.all().delete()
    Signal.objects.all().delete()
    SignalFile.objects.all().delete()
