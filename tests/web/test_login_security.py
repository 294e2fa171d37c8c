"""Issue 11 item 4: logging in and staying logged in. Failed logins lock the account and the
address (30 wrong passwords followed by the right one used to log in), an idle session ends,
a password login needs a TOTP code outside demo mode, the page never tells whether an account
exists, and production mode passes `check --deploy` without the HTTPS warnings."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.data import PASSWORD, Org
from tests.web.pages import text

pytestmark = pytest.mark.django_db
FAILED = "Inloggen is niet gelukt. Controleer de gebruikersnaam, het wachtwoord"
LOCKED = "Er is te vaak verkeerd ingelogd. Probeer het over 15 minuten opnieuw."


def login(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post(
        "/inloggen", {"username": username, "password": password, **extra}, REMOTE_ADDR="10.0.0.7"
    )


@pytest.fixture
def lockout(settings) -> None:  # noqa: ANN001
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def test_after_five_failures_even_the_right_password_is_refused(org: Org, lockout: None) -> None:
    client = Client()
    for _ in range(4):
        assert FAILED in text(login(client, "consulent", "fout"))
    fifth = login(client, "consulent", "fout")
    assert fifth.status_code == 429 and LOCKED in text(fifth)
    right = login(client, "consulent", PASSWORD)
    assert right.status_code == 429 and LOCKED in text(right)
    assert client.get("/").status_code == 302  # not logged in
    attempt = AccessAttempt.objects.get(username="consulent")
    assert attempt.failures_since_start >= 5 and attempt.ip_address == "10.0.0.7"


def test_a_locked_address_is_refused_for_every_account(org: Org, lockout: None) -> None:
    client = Client()
    for n in range(5):
        login(client, f"geraden{n}", "fout")
    refused = login(client, "consulent", PASSWORD)
    assert refused.status_code == 429


def test_the_lockout_does_not_tell_whether_the_account_exists(org: Org, lockout: None) -> None:
    known, unknown = Client(), Client()
    for _ in range(5):
        known_answer = login(known, "consulent", "fout")
        unknown_answer = login(unknown, "bestaat-niet", "fout")
    assert known_answer.status_code == unknown_answer.status_code == 429
    assert text(known_answer) == text(unknown_answer)


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(org: Org) -> None:
    wrong = login(Client(), "consulent", "fout")
    unknown = login(Client(), "niemand", "fout")
    inactive_user = get_user_model().objects.get(username="consulent")
    inactive_user.is_active = False
    inactive_user.save()
    inactive = login(Client(), "consulent", PASSWORD)
    assert wrong.status_code == unknown.status_code == inactive.status_code == 200
    pages = {text(r).replace("niemand", "consulent") for r in (wrong, unknown, inactive)}
    assert len(pages) == 1 and FAILED in pages.pop()


# --- the second factor ------------------------------------------------------------------------
@pytest.fixture
def otp_required(settings) -> None:  # noqa: ANN001
    settings.PASSWORD_LOGIN_REQUIRES_OTP = True


def test_outside_demo_mode_a_password_alone_does_not_log_in(org: Org, otp_required: None) -> None:
    client = Client()
    assert FAILED in text(login(client, "consulent", PASSWORD))
    assert client.get("/").status_code == 302


def test_the_break_glass_account_logs_in_with_password_and_code(
    org: Org, otp_required: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("noodaccount", org.consulent.employee_number)
    printed = capsys.readouterr().out
    password = next(line for line in printed.splitlines() if "wachtwoord:" in line).split()[-1]
    assert "otpauth://totp/" in printed
    device = TOTPDevice.objects.get(user__username="consulent")
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"

    client = Client()
    response = login(client, "consulent", password, otp_token=code)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # The same code cannot be used twice, and a wrong one logs nobody in (django-otp then
    # also makes the next attempt wait, doubling each time).
    assert FAILED in text(login(Client(), "consulent", password, otp_token=code))
    wrong_code = Client()
    assert FAILED in text(login(wrong_code, "consulent", password, otp_token="000000"))
    assert wrong_code.get("/").status_code == 302


def test_a_wrong_code_counts_towards_the_lockout(
    org: Org, otp_required: None, lockout: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("noodaccount", org.consulent.employee_number)
    out = capsys.readouterr().out
    password = next(line for line in out.splitlines() if "wachtwoord:" in line).split()[-1]
    client = Client()
    for _ in range(4):
        login(client, "consulent", password, otp_token="123456")
    assert login(client, "consulent", password, otp_token="123456").status_code == 429


def test_the_break_glass_account_can_be_withdrawn(org: Org, capsys: pytest.CaptureFixture) -> None:
    call_command("noodaccount", org.consulent.employee_number)
    call_command("noodaccount", org.consulent.employee_number, "--intrekken")
    user = get_user_model().objects.get(username="consulent")
    assert not user.has_usable_password()
    assert not TOTPDevice.objects.filter(user=user).exists()


# --- the idle session -------------------------------------------------------------------------
def test_a_session_ends_when_idle_and_lasts_while_used(org: Org, settings) -> None:  # noqa: ANN001
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    assert login(client, "consulent", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    session = Session.objects.get()
    # Every request renews the 30 minutes.
    left = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen")


# --- production -------------------------------------------------------------------------------
def test_production_passes_the_deploy_check_without_https_warnings(tmp_path) -> None:  # noqa: ANN001
    checkpoints = tmp_path / "checkpoints"
    checkpoints.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment.update(
        SAMEN_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SAMEN_AUDIT_KEY=secrets.token_urlsafe(50),
        SAMEN_AUDIT_CHECKPOINT_DIR=str(checkpoints),
        SAMEN_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="samen.example.nl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "samen.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "W004" not in output and "W008" not in output
