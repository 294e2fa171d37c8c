"""Production mode refuses to start with the development key or in demo mode."""

from __future__ import annotations

import os
import subprocess
import sys


def start(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment["DJANGO_SETTINGS_MODULE"] = "samen.settings"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


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


def test_production_starts_with_its_own_key():
    result = start(SAMEN_ENV="production", DJANGO_SECRET_KEY="x" * 50, ALLOWED_HOSTS="samen.nl")
    assert result.returncode == 0, result.stderr
