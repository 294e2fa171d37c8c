"""The income app's signals on a client's file (see :mod:`samen.common.attention`).

- **AOW-leeftijd**: a benefit runs on, or past, the day its recipient reaches the AOW age
  (pensioengerechtigde leeftijd, the table ``data/aow_leeftijd.csv`` by birth date). From
  that day the municipality no longer grants algemene bijstand: the SVB executes the
  Participatiewet for pensioners (art. 47a e.v. Pw, the *aanvullende inkomensvoorziening
  ouderen*, since 1 January 2010), next to the AOW. The calculation would silently go on
  with the art. 22 pensioner norm; the signal tells the consulent to end the benefit and
  send the client to the SVB. Shown from ``settings.AOW_SIGNAL_DAYS`` days ahead until the
  benefit ends before the AOW date.
- **Geen betaling**: a month whose payment run is done (``PaymentRun`` *gereed*) in which a
  benefit ran (started by its last day, not ended before its first) but has no regular
  payment line, within ``settings.PAYMENT_SIGNAL_MONTHS`` months back. A suspended benefit
  is not paid on purpose and gives no signal.

Both answer for a page of persons in a fixed number of queries, only about the benefits
the actor may read (the one access policy on the benefit's municipality, domain and
confidentiality), and audit the benefits behind the signals they return when asked to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.common.attention import SHOWN, Options, Signal
from samen.common.dates import long_date
from samen.income.models import Benefit, PaymentLine, PaymentRun
from samen.income.norms import NormTable, add_years_months
from samen.income.payments import month_label

AOW = "aow-leeftijd"
NO_PAYMENT = "geen-betaling"


def _benefits(actor: Any, person_ids: Sequence[int]) -> list[Benefit]:
    policy = policy_for(actor)
    return list(
        policy.scope_records(Benefit.objects.all(), Action.READ)
        .filter(person_id__in=person_ids)
        .select_related("person", "municipality", "domain")
        .order_by("pk")
    )


def _audit(actor: Any, benefits: list[Benefit]) -> None:
    from samen.income.services import _subject

    if not benefits:
        return
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.LIST,
        subjects=[_subject(b) for b in {b.pk: b for b in benefits}.values()],
        purpose=Purpose.UITVOERING.value,
        roles=policy_for(actor).role_names(),
    )


def _aow_signal(benefit: Benefit, reached: dt.date, day: dt.date) -> Signal:
    person = benefit.person
    last_day = reached - dt.timedelta(days=1)
    if day < reached:
        text = (
            f"{person.full_name} bereikt op {long_date(reached)} de AOW-leeftijd. "
            f"Uitkering {benefit.pk} loopt dan nog door."
        )
        level = "warning"
    else:
        text = (
            f"{person.full_name} heeft de AOW-leeftijd bereikt, maar uitkering {benefit.pk} "
            "loopt nog door."
        )
        level = "danger"
    action = (
        "Vanaf de AOW-leeftijd geeft de gemeente geen algemene bijstand meer: dan betaalt de "
        "SVB de AOW, en als die niet volledig is ook een aanvulling (AIO). Beëindig de "
        f"uitkering met als laatste dag {long_date(last_day)}. Vertel de cliënt dat hij of zij "
        "bij de SVB AOW en zo nodig AIO aanvraagt. Bijzondere bijstand blijft bij de gemeente."
    )
    return Signal(
        kind=AOW,
        label="AOW-leeftijd",
        person_id=person.pk,
        person_name=person.full_name,
        text=text,
        action=action,
        on=reached,
        level=level,
        url=reverse("person-benefits", args=[person.pk]),
    )


def aow_signals(
    actor: Any, person_ids: Sequence[int], day: dt.date, options: Options = SHOWN
) -> list[Signal]:
    """Benefits (not ended) of the persons that run on the day their recipient reaches the
    AOW age, from ``AOW_SIGNAL_DAYS`` days before that day."""
    table = NormTable.load()
    ahead = dt.timedelta(days=settings.AOW_SIGNAL_DAYS)
    found: list[tuple[Benefit, Signal]] = []
    for benefit in _benefits(actor, person_ids):
        if benefit.status == Benefit.Status.ENDED:
            continue
        reached = table.aow_date(benefit.person.birth_date)  # None: not fixed yet
        if reached is None or day < reached - ahead:
            continue
        if benefit.end_date is not None and benefit.end_date < reached:
            continue  # already ends before the AOW age: nothing to do
        found.append((benefit, _aow_signal(benefit, reached, day)))
    if options.record:
        _audit(actor, [b for b, _ in found])
    return [signal for _, signal in found]


def _months_back(day: dt.date, months: int) -> dt.date:
    return add_years_months(day.replace(day=1), 0, -months)


def _last_of_month(month: dt.date) -> dt.date:
    return add_years_months(month, 0, 1) - dt.timedelta(days=1)


def missing_payment_signals(
    actor: Any, person_ids: Sequence[int], day: dt.date, options: Options = SHOWN
) -> list[Signal]:
    """Per benefit and month: a finished run of that month, the benefit ran in it, and it has
    no regular payment line."""
    earliest = _months_back(day, settings.PAYMENT_SIGNAL_MONTHS)
    months = sorted(
        PaymentRun.objects.filter(
            status=PaymentRun.Status.DONE, month__gte=earliest, month__lte=day
        ).values_list("month", flat=True)
    )
    if not months:
        return []
    benefits = [
        b
        for b in _benefits(actor, person_ids)
        if b.status != Benefit.Status.SUSPENDED and b.start_date <= _last_of_month(months[-1])
    ]
    if not benefits:
        return []
    paid = set(
        PaymentLine.objects.filter(
            benefit__in=benefits, kind=PaymentLine.Kind.REGULAR, month__in=months
        ).values_list("benefit_id", "month")
    )
    found: list[tuple[Benefit, Signal]] = []
    for benefit in benefits:
        for month in months:
            ran = benefit.start_date <= _last_of_month(month) and (
                benefit.end_date is None or benefit.end_date >= month
            )
            if not ran or (benefit.pk, month) in paid:
                continue
            found.append(
                (
                    benefit,
                    Signal(
                        kind=NO_PAYMENT,
                        label="Geen betaling",
                        person_id=benefit.person_id,
                        person_name=benefit.person.full_name,
                        text=(
                            f"Uitkering {benefit.pk} is over {month_label(month)} niet "
                            "betaald, terwijl de betaalrun van die maand klaar is."
                        ),
                        action=(
                            "Zoek uit waarom: vaak ontbreken de feiten op de eerste dag van de "
                            "maand, of gaf de berekening een fout (die staat bij de betaalrun). "
                            "Leg de feiten vast of herstel de fout en vraag de administratie "
                            "de betaalrun van die maand opnieuw te starten, zodat de cliënt "
                            "het geld alsnog krijgt."
                        ),
                        on=month,
                        level="danger",
                        url=reverse("person-benefits", args=[benefit.person_id]),
                    ),
                )
            )
    if options.record:
        _audit(actor, [b for b, _ in found])
    return [signal for _, signal in found]
