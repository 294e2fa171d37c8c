"""The cases signal on the file: a decision term about to expire (within ``NEAR_DAYS`` = 7
days) or expired, and the clients whose signals the start page counts. Explicit dates: a
case of Bert's with its deadline on Thursday 10 December 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from samen.access.models import AuditEntry
from samen.access.policy import forget
from samen.cases import services
from samen.cases.attention import TERM, client_notices, clients_of, term_signals
from samen.cases.models import Assignment, Case
from samen.common import attention
from samen.common.attention import Options
from tests import attention_data
from tests.attention_data import Signals, bijstand_type, open_case

pytestmark = pytest.mark.django_db
D = dt.date
DEADLINE = D(2026, 12, 10)


@pytest.fixture
def world(db: None, settings) -> Signals:  # noqa: ANN001
    settings.AOW_SIGNAL_DAYS = 90
    return attention_data.build()


@pytest.fixture
def case(world: Signals) -> Case:
    kind = bijstand_type(world.privacy.participatiewet)
    return open_case("Z-2026-000101", world.privacy.bert, world.privacy.vaals, kind, DEADLINE)


def consulent(world: Signals):  # noqa: ANN201
    forget(world.privacy.consulent)
    return world.privacy.consulent


def test_near_days_is_seven() -> None:
    assert services.NEAR_DAYS == 7


def test_no_signal_eight_days_ahead(world: Signals, case: Case) -> None:
    assert term_signals(consulent(world), [case.person_id], D(2026, 12, 2)) == []


def test_the_signal_from_seven_days_ahead(world: Signals, case: Case) -> None:
    [signal] = term_signals(consulent(world), [case.person_id], D(2026, 12, 3))
    assert (signal.kind, signal.case_id, signal.level, signal.on) == (
        TERM,
        case.pk,
        "warning",
        DEADLINE,
    )
    assert signal.text == (
        "De beslistermijn van zaak Z-2026-000101 (Aanvraag algemene bijstand) loopt af op "
        "10 december 2026 (nog 7 dagen)."
    )
    assert "4:14 Awb" in signal.action
    assert signal.url == f"/zaken/{case.pk}"


def test_on_the_last_day_and_after(world: Signals, case: Case) -> None:
    [today] = term_signals(consulent(world), [case.person_id], DEADLINE)
    assert today.text.endswith("loopt af op 10 december 2026 (vandaag).")
    [late] = term_signals(consulent(world), [case.person_id], D(2026, 12, 11))
    assert late.level == "danger"
    assert late.text == (
        "De beslistermijn van zaak Z-2026-000101 (Aanvraag algemene bijstand) is verlopen op "
        "10 december 2026."
    )
    assert "4:17 Awb" in late.action


def test_a_decided_or_closed_case_gives_no_signal(world: Signals, case: Case) -> None:
    case.decided_on = D(2026, 12, 9)
    case.save()
    assert term_signals(consulent(world), [case.person_id], D(2026, 12, 9)) == []


def test_another_municipality_does_not_see_the_term(world: Signals, case: Case) -> None:
    maastricht = world.maastricht_consulent
    forget(maastricht)
    assert term_signals(maastricht, [case.person_id], D(2026, 12, 9)) == []


def test_the_cases_behind_the_signals_are_audited(world: Signals, case: Case) -> None:
    user = consulent(world)
    term_signals(user, [case.person_id], D(2026, 12, 9), Options(record=False))
    assert not AuditEntry.objects.filter(actor_id=user.pk, object_type="zaak").exists()
    term_signals(user, [case.person_id], D(2026, 12, 9))
    [entry] = AuditEntry.objects.filter(actor_id=user.pk, object_type="zaak")
    assert (entry.action, entry.object_id) == (AuditEntry.Kind.LIST, "Z-2026-000101")


def test_cases_the_page_shows_itself_are_left_out(world: Signals, case: Case) -> None:
    kind = case.case_type
    other = open_case("Z-2026-000102", world.privacy.bert, world.privacy.vaals, kind, DEADLINE)
    user = consulent(world)
    shown = Options(shown_cases=frozenset({case.pk}))
    signals = term_signals(user, [case.person_id], D(2026, 12, 9), shown)
    assert [s.case_id for s in signals] == [other.pk]
    # and only the other case is audited: the page audited its own rows already
    entries = AuditEntry.objects.filter(actor_id=user.pk, object_type="zaak")
    assert [e.object_id for e in entries] == ["Z-2026-000102"]


def test_the_clients_are_the_fixed_ones_and_those_of_open_cases(world: Signals, case: Case) -> None:
    user = consulent(world)
    assert clients_of(user, D(2026, 12, 9)) == []
    case.assigned_to = user.staff
    case.save()
    Assignment.objects.create(
        person=world.pim, domain=world.privacy.participatiewet, staff=user.staff,
        valid_from=D(2024, 1, 1),
    )  # fmt: skip
    assert clients_of(user, D(2026, 12, 9)) == sorted([world.pim.pk, world.privacy.bert.pk])


def test_the_start_page_counts_the_signals_on_the_clients(world: Signals, case: Case) -> None:
    user = consulent(world)
    case.assigned_to = user.staff
    case.save()
    Assignment.objects.create(
        person=world.pim, domain=world.privacy.participatiewet, staff=user.staff,
        valid_from=D(2024, 1, 1),
    )  # fmt: skip
    [notice] = client_notices(user, D(2026, 12, 9))
    assert notice.text == (
        "Er zijn 2 aandachtspunten bij uw cliënten (AOW-leeftijd: 1, Beslistermijn: 1)."
    )
    assert (notice.url, notice.level) == ("/aandachtspunten", "warning")
    # counting shows no names: nothing is audited
    assert not AuditEntry.objects.filter(actor_id=user.pk).exists()


def test_a_fixed_client_the_consulent_cannot_read_is_not_counted(world: Signals) -> None:
    maastricht = world.maastricht_consulent
    forget(maastricht)
    # even as Pim's fixed contact person (a wrong assignment) the Maastricht consulent may not
    # read his Vaals benefit, so there is nothing to count
    Assignment.objects.create(
        person=world.pim, domain=world.privacy.participatiewet, staff=maastricht.staff,
        valid_from=D(2024, 1, 1),
    )  # fmt: skip
    assert client_notices(maastricht, D(2026, 12, 9)) == []


def test_the_most_urgent_signal_comes_first(world: Signals) -> None:
    kind = bijstand_type(world.privacy.participatiewet)
    near = open_case("Z-2026-000103", world.pim, world.privacy.vaals, kind, DEADLINE)
    # on 9 December Pim's AOW age (24 July) is past (danger), the term of 10 December near
    found = attention.signals_for(consulent(world), [world.pim.pk], D(2026, 12, 9))
    assert [(s.kind, s.level) for s in found[world.pim.pk]] == [
        ("aow-leeftijd", "danger"),
        (TERM, "warning"),
    ]
    assert found[world.pim.pk][1].case_id == near.pk
