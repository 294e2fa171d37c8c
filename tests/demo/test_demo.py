"""The demo organisation: idempotent loading, demo mode only, and the story it tells."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from samen.organisation import demo, services
from samen.organisation.checks import no_demo_users_in_production
from samen.organisation.models import (
    DecisionType,
    Mandate,
    Membership,
    Municipality,
    RecordedDecision,
    Staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings):
    settings.DEMO_MODE = True
    demo.load_demo()


def counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "memberships": Membership.objects.count(),
        "mandates": Mandate.objects.count(),
        "staff": Staff.objects.count(),
        "decisions": RecordedDecision.objects.count(),
    }


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    demo.load_demo()
    assert counts() == before
    assert before["municipalities"] == 6
    assert before["staff"] == len(demo.DEMO_USERS)


@override_settings(DEMO_MODE=False)
def test_loading_is_refused_outside_demo_mode():
    with pytest.raises(CommandError, match="alleen in demomodus"):
        call_command("demo", "laden")
    assert Staff.objects.count() == 0


def test_command_prints_every_demo_user_and_the_password(settings):
    settings.DEMO_MODE = True
    out = io.StringIO()
    call_command("demo", "laden", stdout=out)
    text = out.getvalue()
    assert demo.DEMO_PASSWORD in text
    for user in demo.DEMO_USERS:
        assert user.username in text


def test_the_demos_past_payment_runs_were_released_by_a_second_person(settings):
    from samen.income.models import PaymentFile, PaymentRun

    settings.DEMO_MODE = True
    call_command("demo", "laden", stdout=io.StringIO())
    runs = list(PaymentRun.objects.all())
    assert runs, "the demo pays March to June 2026"
    for run in runs:
        assert run.released, run
        assert run.released_by.username == "directeur"  # the Manager SZ, four eyes
    assert PaymentFile.objects.filter(run__in=runs).exists()
    # loading again releases nothing twice, removing the demo removes its runs and files
    call_command("demo", "laden", stdout=io.StringIO())
    call_command("demo", "verwijderen", stdout=io.StringIO())
    assert not PaymentFile.objects.exists()


def test_demo_users_log_in_only_in_demo_mode(loaded, client, settings):
    assert client.login(username="consulent.vaals", password=demo.DEMO_PASSWORD)
    client.logout()
    settings.DEMO_MODE = False
    assert not client.login(username="consulent.vaals", password=demo.DEMO_PASSWORD)


def test_a_logged_in_demo_session_ends_when_demo_mode_is_switched_off(loaded, client, settings):
    client.login(username="directeur", password=demo.DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    settings.DEMO_MODE = False
    response = client.get("/")
    assert response.status_code == 302
    assert "/inloggen" in response["Location"]


def test_production_check_refuses_demo_users(loaded, settings):
    settings.PRODUCTION = True
    errors = no_demo_users_in_production()
    assert [e.id for e in errors] == ["samen.E001"]
    assert "demogebruikers" in errors[0].msg
    demo.remove_demo()
    assert no_demo_users_in_production() == []
    assert not get_user_model().objects.filter(username="directeur").exists()


def test_the_story_of_the_seeds(loaded):
    muni = {m.cbs_code: m for m in Municipality.objects.all()}
    assert services.executes(muni["GM0938"], "wmo", dt.date(2026, 6, 1)).allowed is False
    assert services.executes(muni["GM0994"], "wmo", dt.date(2026, 6, 1)).allowed is True
    assert services.executes(muni["GM0935"], "jeugd", dt.date(2026, 6, 1)).allowed is True
    assert services.executes(muni["GM1903"], "participatiewet", dt.date(2024, 6, 1)).allowed
    left = services.executes(muni["GM1903"], "participatiewet", dt.date(2025, 4, 10))
    assert not left.allowed
    assert "Eijsden-Margraten" in left.reason
    for code in muni:
        assert services.executes(muni[code], "onderwijs", dt.date(2026, 6, 1)).allowed

    consulent = Staff.objects.get(user__username="consulent.vaals")
    bijstand = DecisionType.objects.get(code="pw-algemene-bijstand")
    answer = services.may_decide(consulent, bijstand, muni["GM0981"], dt.date(2026, 1, 15))
    assert answer.allowed
    assert [f.title for f in answer.chain] == [
        "Mandaatbesluit SZMH Vaals 2026",
        "Aanwijzings- en mandaatbesluit Sociale Zekerheid Maastricht 2026",
        "Ondermandaat Consulent 2026",
    ]


def test_mandate_check_lists_the_uncovered_decisions(loaded):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("mandaten", "controleer", stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "3 besluit(en) zonder geldig mandaat" in text
    for reference in ("Z-2015-004711", "Z-2025-003210", "Z-2026-000117"):
        assert reference in text
    for covered in ("Z-2026-000101", "Z-2026-000102", "Z-2026-000103"):
        assert covered not in text
    assert "geldt van 1 januari 2016 t/m 9 april 2025" in text
    assert "Op 2 juni 2025 is er geen geldige mandaatketen" in text


def test_mandate_check_passes_when_all_decisions_are_covered(loaded):
    RecordedDecision.objects.filter(
        reference__in=["Z-2015-004711", "Z-2025-003210", "Z-2026-000117"]
    ).delete()
    out = io.StringIO()
    call_command("mandaten", "controleer", stdout=out)
    assert "Alle vastgelegde besluiten hebben een geldig mandaat" in out.getvalue()
