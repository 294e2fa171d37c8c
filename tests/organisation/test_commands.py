"""Management commands: `samen mandaten controleer` and `samen token GEBRUIKERSNAAM`."""

from __future__ import annotations

import contextlib
import datetime as dt
from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from tests import factories
from tests.conftest import MandateChain

D = dt.date
pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class TestMandatenControleer:
    def test_all_covered(self, mandate_chain: MandateChain) -> None:
        factories.RecordedDecisionFactory(
            municipality=mandate_chain.vaals,
            taken_by=mandate_chain.consulent,
            decided_on=D(2026, 2, 1),
            reference="VAA-2026-001",
        )
        assert "Alle vastgelegde besluiten hebben een geldig mandaat." in run(
            "mandaten", "controleer"
        )

    def test_uncovered_decision_is_listed_and_exits_1(self, mandate_chain: MandateChain) -> None:
        factories.RecordedDecisionFactory(
            municipality=mandate_chain.vaals,
            taken_by=mandate_chain.consulent,
            decided_on=D(2015, 6, 1),
            reference="VAA-2015-001",
        )
        factories.RecordedDecisionFactory(
            municipality=mandate_chain.vaals,
            taken_by=mandate_chain.consulent,
            decided_on=D(2026, 2, 1),
            reference="VAA-2026-001",
        )
        out = StringIO()
        with pytest.raises(SystemExit) as exit_info:
            call_command("mandaten", "controleer", stdout=out)
        assert exit_info.value.code == 1
        text = out.getvalue()
        assert "1 besluit(en) zonder geldig mandaat:" in text
        assert (
            "- VAA-2015-001 (01-06-2015) Besluit op aanvraag algemene bijstand, namens Vaals"
            in (text)
        )
        assert "door Bram Peters" in text
        assert "VAA-2026-001" not in text


class TestToken:
    def test_prints_the_token_and_keeps_it(self, api_user) -> None:  # noqa: ANN001
        first = run("token", "api").strip()
        assert first == Token.objects.get(user=api_user.user).key
        assert len(first) == 40
        assert run("token", "api").strip() == first

    def test_vernieuwen_replaces_the_token(self, api_user) -> None:  # noqa: ANN001
        first = run("token", "api").strip()
        second = run("token", "api", "--vernieuwen").strip()
        assert second != first
        assert Token.objects.get(user=api_user.user).key == second

    def test_unknown_user_is_refused(self, db: None) -> None:
        with pytest.raises(CommandError) as error:
            run("token", "niemand")
        assert str(error.value) == "Gebruiker 'niemand' bestaat niet."
        assert error.value.returncode == 1
        assert not Token.objects.exists()

    def test_inactive_user_is_refused(self, db: None) -> None:
        factories.UserFactory(username="oud", is_active=False)
        with pytest.raises(CommandError, match="is niet actief"):
            run("token", "oud")

    def test_demo_user_is_refused_outside_demo_mode(self, settings) -> None:  # noqa: ANN001
        settings.DEMO_MODE = False
        factories.StaffFactory(user=factories.UserFactory(username="demo-consulent"), is_demo=True)
        with pytest.raises(CommandError) as error:
            run("token", "demo-consulent")
        assert "demogebruiker" in str(error.value)
        assert error.value.returncode == 1
        assert not Token.objects.exists()

    def test_demo_user_gets_a_token_in_demo_mode(self, settings) -> None:  # noqa: ANN001
        settings.DEMO_MODE = True
        factories.StaffFactory(user=factories.UserFactory(username="demo-consulent"), is_demo=True)
        assert len(run("token", "demo-consulent").strip()) == 40

    def test_exit_code_on_the_command_line(self, db: None) -> None:
        """`samen token onbekend` exits with code 1 and a Dutch message on stderr."""
        utility = ManagementUtility(["samen", "token", "niemand"])
        err = StringIO()
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_info:
            utility.execute()
        assert exit_info.value.code == 1
        assert "Gebruiker 'niemand' bestaat niet." in err.getvalue()


def test_make_token_gives_a_demo_user_of_make_run_a_token(tmp_path) -> None:  # noqa: ANN001
    """Issue 12 item 10: the README's `make token GEBRUIKER=...` works for the demo users as
    written, on the database `make run` uses (here a fresh one in a temporary folder)."""
    import os
    import re
    import subprocess
    import sys

    from django.conf import settings

    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAMEN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    environment["SAMEN_DATA_DIR"] = str(tmp_path)

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "samen.manage", *args],
            env={**environment, "SAMEN_DEMO": "1"},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )

    manage("migrate", "--noinput")
    manage(
        "shell",
        "-c",
        "from tests import factories; "
        "factories.StaffFactory(user__username='consulent.maastricht', is_demo=True)",
    )
    made = subprocess.run(
        ["make", "--no-print-directory", "-s", "token", "GEBRUIKER=consulent.maastricht"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(r"[0-9a-f]{40}", made.stdout.strip().splitlines()[-1]), made.stdout

    missing = subprocess.run(
        ["make", "--no-print-directory", "-s", "token"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert missing.returncode != 0
    assert "make token GEBRUIKER=consulent.maastricht" in missing.stderr
