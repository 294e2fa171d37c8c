"""Issue 11, schedules: the payment calendar is data (a row per month with the run day and the
payment date), the daily beat task starts what is due, and a month whose payment date passed
without a finished run is a warning for administration and the director, on the start page
and on Betalingen (on 2 December 2026 the demo's last run was June and nothing said so)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from samen.celery import app as celery_app
from samen.income import calendar, schedule
from samen.income.models import Benefit, PaymentDate, PaymentRun
from samen.income.payments import run_month
from samen.income.tasks import run_due_months_task
from samen.organisation.tasks import check_mandates_task
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401
from tests.web.pages import logged_in, text

pytestmark = pytest.mark.django_db
D = dt.date


def pin(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


# --- the default rule (pure) ---------------------------------------------------------------
def test_the_default_rule_pays_on_the_24th_or_the_banking_day_before() -> None:
    january = calendar.propose(D(2026, 1, 1))  # 24 January 2026 is a Saturday
    assert (january.pay_on, january.run_on) == (D(2026, 1, 23), D(2026, 1, 20))
    november = calendar.propose(D(2026, 11, 17))
    assert (november.month, november.pay_on, november.run_on) == (
        D(2026, 11, 1),
        D(2026, 11, 24),
        D(2026, 11, 19),
    )


def test_target_closing_days_are_no_banking_days() -> None:
    # Easter Monday 6 April and Good Friday 3 April 2026: paid on Thursday 2 April.
    assert calendar.propose(D(2026, 4, 1), pay_day=6).pay_on == D(2026, 4, 2)
    # 26 December 2026 (a Saturday, and closed): 24 December; the run three days before.
    december = calendar.propose(D(2026, 12, 1), pay_day=26)
    assert (december.pay_on, december.run_on) == (D(2026, 12, 24), D(2026, 12, 21))


def test_the_calendar_of_2025_to_2027_is_loaded_and_a_year_can_be_added() -> None:
    months = set(PaymentDate.objects.values_list("month", flat=True))
    assert {D(y, m, 1) for y in (2025, 2026, 2027) for m in range(1, 13)} <= months
    assert len(schedule.add_year(2028)) == 12
    assert schedule.add_year(2028) == []  # idempotent: existing dates are kept


def test_a_run_day_after_the_payment_day_is_refused() -> None:
    from django.core.exceptions import ValidationError

    row = PaymentDate(month=D(2030, 1, 2), run_on=D(2030, 1, 25), pay_on=D(2030, 1, 24))
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert set(refused.value.message_dict) == {"month", "run_on"}


# --- due and missed ------------------------------------------------------------------------
def test_the_daily_task_starts_the_month_that_is_due_and_nothing_else(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The fixture paid March and April 2026; May's run day is 19 May, its payment 22 May.
    pin(monkeypatch, D(2026, 5, 18))
    assert run_due_months_task.delay("2026-05-18").get() == []
    assert run_due_months_task.delay("2026-05-20").get() == ["2026-05-01"]
    may = PaymentRun.objects.get(month=D(2026, 5, 1))
    assert may.status == PaymentRun.Status.DONE and may.done == 1
    # Done: the next day it is not started again; after the payment day neither.
    assert run_due_months_task.delay("2026-05-21").get() == []
    assert schedule.due_months(D(2026, 6, 25)) == []  # June's payment day has passed


def test_a_month_past_its_payment_date_without_a_run_is_missed(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    missed = schedule.missed_runs(D(2026, 12, 2))
    assert [m.month for m in missed] == [D(2026, m, 1) for m in range(5, 12)]
    assert missed[0].pay_on == D(2026, 5, 22)
    run_month(D(2026, 5, 1))
    assert D(2026, 5, 1) not in [m.month for m in schedule.missed_runs(D(2026, 12, 2))]
    # Before the benefit started no run was needed: January and February are not missed.
    assert schedule.missed_runs(D(2026, 3, 1)) == []


def test_the_missed_runs_are_shown_to_administration_and_the_director_only(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    settings,  # noqa: ANN001
) -> None:
    settings.DEMO_MODE = True
    pin(monkeypatch, D(2026, 12, 2))
    warning = "De betaalrun van juli 2026 is niet gedaan, terwijl de betaaldatum 24 juli 2026 was."
    for username in ("administratie", "directeur"):
        client = logged_in(world.user(username))
        assert warning in text(client.get("/"))
        assert warning in text(client.get("/betalingen"))
    assert warning not in text(logged_in(world.user("consulent.vaals")).get("/"))


def test_the_sepa_file_asks_for_the_calendars_payment_date(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from samen.income import run_services as services
    from samen.income.models import PayingAccount
    from samen.organisation.models import Municipality

    PayingAccount.objects.create(
        municipality=Municipality.objects.get(cbs_code="GM0981"),
        name="Gemeente Vaals",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        valid_from=D(2020, 1, 1),
    )
    pin(monkeypatch, D(2026, 5, 20))
    run = run_month(D(2026, 5, 1))
    # the file is made when a second person releases the run, with the calendar's date
    services.release_run(world.user("directeur"), run.month, expected_attempts=run.attempts)
    content = services.sepa_file(world.user("administratie"), D(2026, 5, 1), "GM0981")
    assert b"<ReqdExctnDt>2026-05-22</ReqdExctnDt>" in content


# --- the beat schedule ---------------------------------------------------------------------
def test_the_beat_schedule_names_registered_tasks() -> None:
    celery_app.loader.import_default_modules()  # what a worker imports when it starts
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "income.run_due_months",
        "organisation.check_mandates",
        "access.audit_checkpoint",
    } <= tasks
    assert tasks <= set(celery_app.tasks)


def test_the_mandate_check_task_counts_uncovered_decisions(db: None) -> None:
    assert check_mandates_task.delay().get() == 0
