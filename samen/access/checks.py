"""System checks of the audit trail: production refuses to run without its own audit key
(``samen.E002``) or without a checkpoint directory it can write to (``samen.E003``).

The rules of :mod:`samen.access.production` are applied in three places, as for the secret
key and the demo users: the settings (at import), this system check (every management
command) and the WSGI entry point (:func:`assert_production_safe`). Only the last two can see
whether the directory exists: the settings do not touch the file system.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from samen.access.production import REFUSAL, checkpoint_dir_problem, key_problem


def _directory_problem(directory: str) -> str | None:
    if not os.path.isdir(directory):
        return (
            f"de checkpointmap {directory} (SAMEN_AUDIT_CHECKPOINT_DIR) bestaat niet; "
            "koppel de WORM-opslag daar aan of zet de variabele op de juiste map"
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        return (
            f"de checkpointmap {directory} (SAMEN_AUDIT_CHECKPOINT_DIR) is niet beschrijfbaar "
            "voor de gebruiker waaronder samen draait"
        )
    return None


def production_problems() -> list[tuple[str, str]]:
    """(check id, message) for every reason production may not run; empty outside it."""
    if not settings.PRODUCTION:
        return []
    problems: list[tuple[str, str]] = []
    key = key_problem(
        settings.SAMEN_AUDIT_KEY,
        development_key=settings.DEVELOPMENT_AUDIT_KEY,
        secret_key=settings.SECRET_KEY,
    )
    if key:
        problems.append(("samen.E002", key))
    directory = settings.SAMEN_AUDIT_CHECKPOINT_DIR
    where = checkpoint_dir_problem(directory) or _directory_problem(directory)
    if where:
        problems.append(("samen.E003", where))
    return [(code, f"{REFUSAL}{message}.") for code, message in problems]


@register("samen", deploy=False)
def audit_key_and_checkpoint_dir(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return [Error(message, id=code) for code, message in production_problems()]


def assert_production_safe() -> None:
    """Called by the WSGI entry point: refuse to serve in production without the audit key or
    the checkpoint directory."""
    from django.core.exceptions import ImproperlyConfigured

    problems = production_problems()
    if problems:
        raise ImproperlyConfigured(" ".join(message for _, message in problems))
