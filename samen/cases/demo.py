"""Demo cases: a worklist per demo consulent with cases that are fresh, near their deadline
and past it, a young applicant in his search period, a suspended case, and a few decided
cases with their letters. Opened and decided through the services, as the demo consulents
(purpose *beheer*, so the audit trail shows they came from loading the demo). Dates are
relative to the day of loading, so the worklist always has something near and past its
deadline. Idempotent: nothing happens when demo cases exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samen.access.policy import Purpose, forget
from samen.cases import services
from samen.cases.models import Assignment, Case, Decision, Letter, Outcome, StatusChange
from samen.organisation.models import RecordedDecision
from samen.people.models import Address, Person

# (username, municipality CBS code, domain, case type code, days ago, what happens next;
# "jong": an applicant under 27, whose zoektermijn comes first)
PLAN: list[tuple[str, str, str, str, int, str]] = [
    ("consulent.vaals", "GM0981", "participatiewet", "pw-aanvraag-algemene-bijstand", 3, ""),
    ("consulent.vaals", "GM0981", "participatiewet", "pw-aanvraag-algemene-bijstand", 6, "jong"),
    (
        "consulent.vaals",
        "GM0981",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        30,
        "behandel",
    ),
    (
        "consulent.vaals",
        "GM0981",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        52,
        "behandel",
    ),
    (
        "consulent.vaals",
        "GM0981",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        63,
        "behandel",
    ),
    (
        "consulent.vaals",
        "GM0981",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        20,
        "opvragen",
    ),
    (
        "consulent.vaals",
        "GM0981",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        40,
        "toekennen",
    ),
    (
        "consulent.vaals",
        "GM0981",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        45,
        "afwijzen",
    ),
    ("consulent.maastricht", "GM0935", "participatiewet", "pw-aanvraag-algemene-bijstand", 10, ""),
    (
        "consulent.maastricht",
        "GM0935",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        54,
        "behandel",
    ),
    (
        "consulent.maastricht",
        "GM0935",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        70,
        "behandel",
    ),
    (
        "consulent.maastricht",
        "GM0935",
        "participatiewet",
        "pw-aanvraag-algemene-bijstand",
        35,
        "toekennen",
    ),
    ("teammanager", "GM0994", "participatiewet", "pw-aanvraag-algemene-bijstand", 15, ""),
    ("teammanager", "GM0938", "participatiewet", "pw-aanvraag-algemene-bijstand", 50, "behandel"),
    ("teammanager", "GM1729", "participatiewet", "pw-aanvraag-algemene-bijstand", 25, ""),
    ("consulent.wmo", "GM0935", "wmo", "wmo-aanvraag", 4, ""),
    ("consulent.wmo", "GM0994", "wmo", "wmo-aanvraag", 12, "behandel"),
    ("consulent.wmo", "GM0994", "wmo", "wmo-aanvraag", 9, "toekennen"),
]

# Granted in the first half of 2026, whose norms are loaded: their calculation and their
# payments (runs March to June 2026) can be seen. (username, CBS code, reported, decided,
# effective)
EARLY_GRANTS = [
    ("consulent.vaals", "GM0981", dt.date(2026, 2, 2), dt.date(2026, 2, 20), dt.date(2026, 3, 1)),
    (
        "consulent.maastricht",
        "GM0935",
        dt.date(2026, 2, 9),
        dt.date(2026, 2, 27),
        dt.date(2026, 3, 1),
    ),
]
PAID_MONTHS = [dt.date(2026, m, 1) for m in (3, 4, 5, 6)]

REASONS = {
    Outcome.TOEGEKEND: (
        "U heeft op dit moment geen inkomen uit werk of een uitkering. Uw vermogen is lager "
        "dan de grens die voor u geldt.\n\nDaarom heeft u recht op bijstand."
    ),
    Outcome.AFGEWEZEN: (
        "U heeft een vermogen van meer dan de grens die voor u geldt. U kunt eerst van dit "
        "vermogen leven.\n\nDaarom heeft u nu geen recht op bijstand."
    ),
}
DECISION_TYPE = {"participatiewet": "pw-algemene-bijstand", "wmo": "wmo-maatwerkvoorziening"}


def _demo_cases() -> Any:
    return Case.objects.filter(
        Q(assigned_to__is_demo=True) | Q(history__by__is_demo=True)
    ).distinct()


def _candidates(
    cbs: str, domain: str, taken: set[int], young: bool, on: dt.date | None = None
) -> list[Person]:
    """Demo residents of the municipality (by today's address) known in the domain; under 27
    (they get the zoektermijn first) or older."""
    today = timezone.localdate()
    living = (
        Address.objects.valid_on(today)
        .filter(municipality__cbs_code=cbs)
        .filter(
            person__in=Address.objects.valid_on(on or today)
            .filter(municipality__cbs_code=cbs)
            .values("person")
        )
    )
    born_27_years_ago = today.replace(year=today.year - 27)
    age = Q(birth_date__gt=born_27_years_ago) if young else Q(birth_date__lte=born_27_years_ago)
    return list(
        Person.objects.filter(
            age,
            pk__in=living.values("person"),
            registrations__domain__code=domain,
            registrations__confidentiality__lte=4,
        )
        .exclude(pk__in=taken)
        .order_by("bsn")
        .distinct()[:20]
    )


def _iban(bank: str, account: int) -> str:
    """A valid (check digits computed) but fictitious Dutch IBAN for demo data."""
    from schwifty import IBAN

    return str(IBAN.generate("NL", bank_code=bank, account_code=f"{account:010d}"))


def demo_iban(number: int) -> str:
    return _iban("INGB", 900_000_000 + number)


def load_paying_accounts() -> None:
    """One (fictitious) paying account per demo municipality, for the SEPA files."""
    from samen.income.models import PayingAccount
    from samen.organisation.models import Municipality

    for municipality in Municipality.objects.all():
        if PayingAccount.objects.filter(municipality=municipality).exists():
            continue
        PayingAccount.objects.create(
            municipality=municipality,
            name=f"Gemeente {municipality.name}"[:70],
            iban=_iban("BNGH", 285_000_000 + municipality.pk),
            bic="BNGHNL2G",
            valid_from=dt.date(2016, 1, 1),
        )


@transaction.atomic
def load_cases() -> int:
    """Open the demo cases; returns how many were opened (0 when they exist already)."""
    load_paying_accounts()
    if _demo_cases().exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(staff__is_demo=True)}
    today = timezone.localdate()
    taken: set[int] = set()
    opened = 0
    for username, cbs, domain, code, days_ago, then in PLAN:
        user = users.get(username)
        if user is None:
            continue
        forget(user)
        people = _candidates(cbs, domain, taken, young=then == "jong")
        if not people:
            continue
        person = people[0]
        taken.add(person.pk)
        reported = today - dt.timedelta(days=days_ago)
        case = services.open_case(
            user, services.NewCase(person.pk, code, reported), purpose=Purpose.BEHEER
        )
        opened += 1
        if then in ("behandel", "opvragen", "toekennen", "afwijzen") and case.status == "ontvangen":
            case = services.start_handling(
                user,
                case.pk,
                purpose=Purpose.BEHEER,
                on=min(today, reported + dt.timedelta(days=3)),
            )
        if then == "opvragen":
            services.request_information(
                user,
                case.pk,
                requested_on=reported + dt.timedelta(days=7),
                what="Bankafschriften van de afgelopen drie maanden",
                supply_by=reported + dt.timedelta(days=21),
                purpose=Purpose.BEHEER,
            )
        if then in ("toekennen", "afwijzen"):
            outcome = Outcome.TOEGEKEND if then == "toekennen" else Outcome.AFGEWEZEN
            services.decide(
                user,
                case.pk,
                services.NewDecision(
                    decision_type_code=DECISION_TYPE[domain],
                    outcome=outcome,
                    decided_on=min(today, reported + dt.timedelta(days=days_ago - 2)),
                    reasoning=REASONS[outcome],
                    effective_from=reported,
                    iban=demo_iban(person.pk),
                ),
                purpose=Purpose.BEHEER,
            )
    opened += _early_grants(users, taken, today)
    return opened


def _early_grants(users: dict[str, Any], taken: set[int], today: dt.date) -> int:
    from samen.income.payments import run_month

    opened = 0
    for username, cbs, reported, decided, effective in EARLY_GRANTS:
        user = users.get(username)
        people = _candidates(cbs, "participatiewet", taken, young=False, on=reported)
        if user is None or not people or decided > today:
            continue
        forget(user)
        person = people[0]
        taken.add(person.pk)
        case = services.open_case(
            user,
            services.NewCase(person.pk, "pw-aanvraag-algemene-bijstand", reported),
            purpose=Purpose.BEHEER,
        )
        services.start_handling(
            user, case.pk, purpose=Purpose.BEHEER, on=reported + dt.timedelta(days=2)
        )
        services.decide(
            user,
            case.pk,
            services.NewDecision(
                decision_type_code="pw-algemene-bijstand",
                outcome=Outcome.TOEGEKEND,
                decided_on=decided,
                reasoning=REASONS[Outcome.TOEGEKEND],
                effective_from=effective,
                iban=demo_iban(person.pk),
            ),
            purpose=Purpose.BEHEER,
        )
        opened += 1
    from samen.income.models import PaymentRun
    from samen.income.run_services import release_run

    releaser = users.get("directeur")
    for month in PAID_MONTHS:
        if month >= today.replace(day=1):
            continue
        if PaymentRun.objects.filter(month=month, released_at__isnull=False).exists():
            continue  # released: final, nothing can be added
        run = run_month(month)
        if releaser is not None:
            # Months in the past were paid: the Manager SZ released them (four eyes).
            release_run(releaser, month, expected_attempts=run.attempts, purpose=Purpose.BEHEER)
    return opened


@transaction.atomic
def remove_cases() -> int:
    """Remove the demo cases with their decisions, letters and registrations of decisions
    (the audit trail keeps its entries)."""
    from samen.income.models import Benefit, BenefitFact, PaymentLine

    cases = list(_demo_cases().values_list("pk", flat=True))
    benefits = Benefit.objects.filter(case_id__in=cases)
    PaymentLine.objects.filter(benefit__in=benefits).delete()
    BenefitFact.objects.filter(benefit__in=benefits).delete()
    benefits.delete()
    decisions = Decision.objects.filter(case_id__in=cases)
    recorded = list(decisions.values_list("recorded_id", flat=True))
    Letter.objects.filter(decision__in=decisions).delete()
    decisions.delete()
    RecordedDecision.objects.filter(pk__in=recorded).delete()
    StatusChange.objects.filter(case_id__in=cases).delete()
    Assignment.objects.filter(staff__is_demo=True).delete()
    removed, _ = Case.objects.filter(pk__in=cases).delete()
    from samen.income.models import PaymentFile, PaymentRun

    # A run left without lines goes, with the files of its release (demo data only).
    empty = PaymentRun.objects.filter(lines__isnull=True)
    PaymentFile.objects.filter(run__in=empty).delete()
    empty.delete()
    return len(cases) if removed else 0
