"""The signals on the file as staff see them: on the person page, per worklist row, counted
on the start page and listed on /aandachtspunten; never about persons the user cannot read.
Today is pinned on Wednesday 2 December 2026: Pim van der Maes reached the AOW age on 24 July
2026 and his bijstand still runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.cases.models import Assignment
from tests import attention_data
from tests.attention_data import Signals, bijstand_type, open_case
from tests.web.pages import logged_in, table_rows, text

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 12, 2)


@pytest.fixture
def world(db: None, settings, monkeypatch) -> Signals:  # noqa: ANN001
    settings.AOW_SIGNAL_DAYS = 90
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return attention_data.build()


def test_the_person_page_says_what_to_do(world: Signals) -> None:
    page = text(logged_in(world.privacy.consulent).get(f"/personen/{world.pim.pk}"))
    assert (
        "Aandachtspunten AOW-leeftijd. Pim van der Maes heeft de AOW-leeftijd bereikt, maar "
        f"uitkering {world.pim_benefit.pk} loopt nog door. Bekijken Wat moet u doen?"
    ) in page
    assert "Beëindig de uitkering met als laatste dag 23 juli 2026." in page


def test_a_person_without_signals_shows_no_block(world: Signals) -> None:
    page = text(logged_in(world.privacy.consulent).get(f"/personen/{world.privacy.bert.pk}"))
    assert "Aandachtspunten" not in page


def test_another_municipality_sees_neither_the_person_nor_the_signal(world: Signals) -> None:
    client = logged_in(world.maastricht_consulent)
    response = client.get(f"/personen/{world.pim.pk}")
    assert response.status_code == 404
    assert "AOW-leeftijd" not in text(response)


def test_each_worklist_row_shows_the_signals_on_its_client(world: Signals) -> None:
    user = world.privacy.consulent
    kind = bijstand_type(world.privacy.participatiewet)
    pim_case = open_case("Z-2026-000201", world.pim, world.privacy.vaals, kind, D(2026, 12, 4))
    bert_case = open_case(
        "Z-2026-000202", world.privacy.bert, world.privacy.vaals, kind, D(2027, 1, 20)
    )
    for case in (pim_case, bert_case):
        case.assigned_to = user.staff
        case.save()
    rows = table_rows(logged_in(user).get("/werkvoorraad"))
    # Pim's row: the AOW signal; its own term is in the deadline column, not repeated
    assert [row[:2] for row in rows] == [
        ["Z-2026-000201", "Pim van der Maes AOW-leeftijd"],
        ["Z-2026-000202", "Bert Hermans"],
    ]
    assert "Bijna verlopen" in rows[0][4]


def test_the_start_page_counts_and_the_list_explains(world: Signals) -> None:
    user = world.privacy.consulent
    Assignment.objects.create(
        person=world.pim, domain=world.privacy.participatiewet, staff=user.staff,
        valid_from=D(2024, 1, 1),
    )  # fmt: skip
    client = logged_in(user)
    home = text(client.get("/"))
    assert "Er is 1 aandachtspunt bij uw cliënten (AOW-leeftijd: 1). Bekijken" in home
    assert "Pim" not in home
    assert not AuditEntry.objects.filter(actor_id=user.pk, object_type="uitkering").exists()

    rows = table_rows(client.get("/aandachtspunten"))
    assert len(rows) == 1
    assert rows[0][:2] == ["Pim van der Maes", "AOW-leeftijd"]
    assert rows[0][3].startswith("Vanaf de AOW-leeftijd geeft de gemeente geen algemene bijstand")
    [entry] = AuditEntry.objects.filter(actor_id=user.pk, object_type="uitkering")
    assert entry.object_id == str(world.pim_benefit.pk)


def test_no_count_for_staff_whose_clients_they_cannot_read(world: Signals) -> None:
    other = world.maastricht_consulent
    Assignment.objects.create(
        person=world.pim, domain=world.privacy.participatiewet, staff=other.staff,
        valid_from=D(2024, 1, 1),
    )  # fmt: skip
    client = logged_in(other)
    assert "aandachtspunt" not in text(client.get("/"))
    page = text(client.get("/aandachtspunten"))
    assert "Er zijn geen aandachtspunten bij uw cliënten." in page
    assert "Pim" not in page


def test_the_list_needs_a_login(world: Signals) -> None:
    from django.test import Client

    response = Client().get("/aandachtspunten")
    assert response.status_code == 302
    assert "/inloggen" in response["Location"]
