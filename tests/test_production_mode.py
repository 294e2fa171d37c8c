"""Production mode refuses to start with the development key, in demo mode, without its own
audit key or without a checkpoint directory for the audit trail. As for the secret key, the
settings refuse at import; the system check and the WSGI entry point also refuse a checkpoint
directory that does not exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from samen.access import checks

OWN_KEYS = {"DJANGO_SECRET_KEY": "x" * 50, "SAMEN_AUDIT_KEY": "a" * 40}


def start(
    *env: dict[str, str] | None, code: str = "import django; django.setup()", **more: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment["DJANGO_SETTINGS_MODULE"] = "samen.settings"
    for extra in env:
        environment.update(extra or {})
    environment.update(more)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def production(tmp_path: Path) -> dict[str, str]:
    """Everything production needs, with a checkpoint directory that exists."""
    (tmp_path / "checkpoints").mkdir()
    return {
        **OWN_KEYS,
        "SAMEN_ENV": "production",
        "SAMEN_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
        "ALLOWED_HOSTS": "samen.nl",
        "SAMEN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'leeg.sqlite3'}",
    }


def test_development_starts_with_the_development_key():
    assert start().returncode == 0


def test_production_refuses_the_development_key():
    result = start(SAMEN_ENV="production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "weigert te starten" in result.stderr


def test_production_refuses_demo_mode():
    result = start(SAMEN_ENV="production", DJANGO_SECRET_KEY="x" * 50, SAMEN_DEMO="1")
    assert result.returncode != 0
    assert "demomodus" in result.stderr


def test_production_starts_with_its_own_keys(production: dict[str, str]):
    result = start(production)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("audit_key", "expected"),
    [
        (None, "zet SAMEN_AUDIT_KEY op een eigen geheime sleutel van minstens 32 tekens"),
        ("samen-development-audit-key-never-use-in-production", "de ontwikkelsleutel is niet"),
        ("te kort", "minstens 32 tekens"),
        ("x" * 50, "SAMEN_AUDIT_KEY moet een andere sleutel zijn dan DJANGO_SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_its_own_audit_key(
    production: dict[str, str], audit_key: str | None, expected: str
):
    environment = {k: v for k, v in production.items() if k != "SAMEN_AUDIT_KEY"}
    if audit_key is not None:
        environment["SAMEN_AUDIT_KEY"] = audit_key
    result = start(environment)
    assert result.returncode != 0
    assert "Productiemodus weigert te starten" in result.stderr
    assert expected in result.stderr


def test_production_refuses_to_start_without_a_checkpoint_directory(production: dict[str, str]):
    environment = {k: v for k, v in production.items() if k != "SAMEN_AUDIT_CHECKPOINT_DIR"}
    result = start(environment)
    assert result.returncode != 0
    assert "Productiemodus weigert te starten: zet SAMEN_AUDIT_CHECKPOINT_DIR" in result.stderr


def test_the_wsgi_entry_point_refuses_a_checkpoint_directory_that_is_not_there(
    production: dict[str, str], tmp_path: Path
):
    missing = str(tmp_path / "niet-gekoppeld")
    assert start(production, code="import samen.wsgi").returncode == 0
    result = start(production, code="import samen.wsgi", SAMEN_AUDIT_CHECKPOINT_DIR=missing)
    assert result.returncode != 0
    assert f"de checkpointmap {missing} (SAMEN_AUDIT_CHECKPOINT_DIR) bestaat niet" in result.stderr


@pytest.mark.django_db  # the demo-user check of the same tag reads the database
def test_the_system_check_refuses_the_development_audit_key_and_a_missing_directory(
    settings,  # noqa: ANN001
    tmp_path: Path,
):
    settings.PRODUCTION = True
    settings.SAMEN_AUDIT_KEY = settings.DEVELOPMENT_AUDIT_KEY
    settings.SAMEN_AUDIT_CHECKPOINT_DIR = str(tmp_path / "niet-gekoppeld")
    errors = [e for e in run_checks(tags=["samen"]) if e.id in {"samen.E002", "samen.E003"}]
    assert [e.id for e in errors] == ["samen.E002", "samen.E003"]
    assert "SAMEN_AUDIT_KEY" in errors[0].msg
    assert "bestaat niet" in errors[1].msg
    with pytest.raises(ImproperlyConfigured, match="SAMEN_AUDIT_KEY"):
        checks.assert_production_safe()

    settings.SAMEN_AUDIT_KEY = "a" * 40
    settings.SAMEN_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    assert checks.production_problems() == []
    checks.assert_production_safe()
