"""The income signals on the file: a benefit recipient who reaches the AOW age, and a benefit
without payment in a month whose run was done. Hand-computed, explicit dates.

Pim van der Maes, born 24 July 1959: the AOW age for those born 1 March 1957 - 31 December
1960 is 67 years (art. 7a AOW, Rijksoverheid), so he reaches it on 24 July 2026. With
``AOW_SIGNAL_DAYS = 90`` the signal appears on 25 April 2026 (24 July minus 90 days: 24 days
of July, 30 of June, 31 of May, 5 of April).
"""

from __future__ import annotations

import datetime as dt

import pytest

from samen.access.models import AuditEntry
from samen.access.policy import forget
from samen.common.attention import Options
from samen.income.attention import AOW, NO_PAYMENT, aow_signals, missing_payment_signals
from samen.income.models import Benefit
from samen.income.norms import NormTable
from tests import attention_data
from tests.attention_data import PIM_AOW, Signals, benefit, done_run, paid

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None, settings) -> Signals:  # noqa: ANN001
    settings.AOW_SIGNAL_DAYS = 90
    settings.PAYMENT_SIGNAL_MONTHS = 12
    return attention_data.build()


def consulent(world: Signals):  # noqa: ANN201
    forget(world.privacy.consulent)
    return world.privacy.consulent


# -- the AOW-age table ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("born", "reached"),
    [
        (D(1959, 7, 24), D(2026, 7, 24)),  # Pim: 67
        (D(1957, 3, 1), D(2024, 3, 1)),  # the first of the 67-year group (2024)
        (D(1957, 2, 28), D(2023, 12, 28)),  # 66 years and 10 months (2023)
        (D(1956, 6, 1), D(2023, 4, 1)),
        (D(1961, 1, 1), D(2028, 4, 1)),  # 67 years and 3 months (2028)
    ],
)
def test_the_aow_age_by_birth_date(born: dt.date, reached: dt.date) -> None:
    assert NormTable.load().aow_date(born) == reached


def test_every_row_of_the_aow_table_names_its_source() -> None:
    assert all(row.source.strip() for row in NormTable.load().aow_ages)


# -- the AOW signal ------------------------------------------------------------------------------
def test_no_signal_before_the_lead_time(world: Signals) -> None:
    assert aow_signals(consulent(world), [world.pim.pk], D(2026, 4, 24)) == []


def test_the_signal_appears_90_days_ahead(world: Signals) -> None:
    [signal] = aow_signals(consulent(world), [world.pim.pk], D(2026, 4, 25))
    assert signal.kind == AOW
    assert signal.level == "warning"
    assert signal.on == PIM_AOW
    assert signal.person_name == "Pim van der Maes"
    assert signal.text == (
        "Pim van der Maes bereikt op 24 juli 2026 de AOW-leeftijd. "
        f"Uitkering {world.pim_benefit.pk} loopt dan nog door."
    )
    assert "laatste dag 23 juli 2026" in signal.action
    assert "SVB" in signal.action and "AIO" in signal.action


def test_from_the_aow_date_on_the_signal_is_urgent(world: Signals) -> None:
    [before] = aow_signals(consulent(world), [world.pim.pk], D(2026, 7, 23))
    assert before.level == "warning"
    for day in (D(2026, 7, 24), D(2026, 12, 2)):
        [signal] = aow_signals(consulent(world), [world.pim.pk], day)
        assert signal.level == "danger"
        assert signal.text == (
            f"Pim van der Maes heeft de AOW-leeftijd bereikt, maar uitkering "
            f"{world.pim_benefit.pk} loopt nog door."
        )


def test_no_signal_once_the_benefit_ends_before_the_aow_date(world: Signals) -> None:
    world.pim_benefit.end_date = D(2026, 7, 23)
    world.pim_benefit.save()
    assert aow_signals(consulent(world), [world.pim.pk], D(2026, 7, 1)) == []
    world.pim_benefit.end_date = D(2026, 7, 24)  # still one day on the AOW age
    world.pim_benefit.save()
    assert len(aow_signals(consulent(world), [world.pim.pk], D(2026, 7, 1))) == 1


def test_no_signal_for_an_ended_benefit(world: Signals) -> None:
    world.pim_benefit.status = Benefit.Status.ENDED
    world.pim_benefit.save()
    assert aow_signals(consulent(world), [world.pim.pk], D(2026, 8, 1)) == []


def test_a_younger_client_gives_no_signal(world: Signals) -> None:
    # Bert (born 1 May 1980) reaches the AOW age long after the table ends: not fixed, no signal
    benefit(world.privacy.bert, world.privacy.vaals, world.privacy.participatiewet)
    assert aow_signals(consulent(world), [world.privacy.bert.pk], D(2026, 8, 1)) == []


def test_another_municipality_sees_no_signal_about_a_benefit_it_cannot_read(
    world: Signals,
) -> None:
    carla = world.privacy.carla
    carla.birth_date = D(1959, 7, 24)
    carla.save()
    assert aow_signals(consulent(world), [carla.pk], D(2026, 8, 1)) == []
    maastricht = world.maastricht_consulent
    forget(maastricht)
    assert aow_signals(maastricht, [world.pim.pk], D(2026, 8, 1)) == []
    [own] = aow_signals(maastricht, [carla.pk], D(2026, 8, 1))
    assert own.person_id == carla.pk


def test_the_benefits_behind_the_signals_are_audited_unless_only_counted(world: Signals) -> None:
    user = consulent(world)
    aow_signals(user, [world.pim.pk], D(2026, 8, 1), Options(record=False))
    assert not AuditEntry.objects.filter(actor_id=user.pk, object_type="uitkering").exists()
    aow_signals(user, [world.pim.pk], D(2026, 8, 1))
    [entry] = AuditEntry.objects.filter(actor_id=user.pk, object_type="uitkering")
    assert (entry.action, entry.object_id, entry.data_subject_id, entry.municipality_code) == (
        AuditEntry.Kind.LIST,
        str(world.pim_benefit.pk),
        attention_data.PIM_BSN,
        "GM0981",
    )


# -- a benefit without payment -------------------------------------------------------------------
def test_a_month_without_a_line_in_a_done_run_is_a_signal(world: Signals) -> None:
    september, october = done_run(D(2026, 9, 1)), done_run(D(2026, 10, 1))
    paid(september, world.pim_benefit)
    [signal] = missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3))
    assert signal.kind == NO_PAYMENT
    assert signal.on == october.month
    assert signal.level == "danger"
    assert signal.text == (
        f"Uitkering {world.pim_benefit.pk} is over oktober 2026 niet betaald, terwijl de "
        "betaalrun van die maand klaar is."
    )
    paid(october, world.pim_benefit)
    assert missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3)) == []


def test_a_run_that_is_not_done_gives_no_signal(world: Signals) -> None:
    run = done_run(D(2026, 10, 1))
    run.status = run.Status.RUNNING
    run.save()
    assert missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3)) == []


def test_months_outside_the_benefit_give_no_signal(world: Signals) -> None:
    done_run(D(2026, 10, 1))
    world.pim_benefit.end_date = D(2026, 9, 30)
    world.pim_benefit.save()
    assert missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3)) == []
    world.pim_benefit.end_date = None
    world.pim_benefit.start_date = D(2026, 11, 1)
    world.pim_benefit.save()
    assert missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3)) == []


def test_a_suspended_benefit_is_not_paid_on_purpose(world: Signals) -> None:
    done_run(D(2026, 10, 1))
    world.pim_benefit.status = Benefit.Status.SUSPENDED
    world.pim_benefit.save()
    assert missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3)) == []


def test_only_months_within_the_horizon(world: Signals, settings) -> None:  # noqa: ANN001
    done_run(D(2025, 10, 1))
    # 12 months back from 3 November 2026 is 1 November 2025: October 2025 is history
    assert missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3)) == []
    settings.PAYMENT_SIGNAL_MONTHS = 13
    assert len(missing_payment_signals(consulent(world), [world.pim.pk], D(2026, 11, 3))) == 1


def test_missing_payments_of_another_municipality_stay_hidden(world: Signals) -> None:
    done_run(D(2026, 10, 1))
    carla = world.privacy.carla
    assert missing_payment_signals(consulent(world), [carla.pk], D(2026, 11, 3)) == []
    maastricht = world.maastricht_consulent
    forget(maastricht)
    [signal] = missing_payment_signals(maastricht, [carla.pk, world.pim.pk], D(2026, 11, 3))
    assert signal.person_id == carla.pk


def test_a_page_of_persons_costs_a_fixed_number_of_queries(
    world: Signals, django_assert_max_num_queries
) -> None:  # noqa: ANN001
    done_run(D(2026, 10, 1))
    persons = [world.pim.pk, world.privacy.bert.pk, world.privacy.anna.pk]
    for person in (world.privacy.bert, world.privacy.anna):
        benefit(person, world.privacy.vaals, world.privacy.participatiewet)
    user = consulent(world)
    with django_assert_max_num_queries(8):
        assert (
            len(missing_payment_signals(user, persons, D(2026, 11, 3), Options(record=False))) == 3
        )
        assert len(aow_signals(user, persons, D(2026, 11, 3), Options(record=False))) == 1
