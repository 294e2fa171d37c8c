"""System checks: production refuses to run with demo users."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError


def demo_users_present() -> bool:
    from samen.organisation.models import Staff

    try:
        return Staff.objects.filter(is_demo=True).exists()
    except DatabaseError:  # tables not created yet
        return False


@register("samen", deploy=False)
def no_demo_users_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.PRODUCTION and demo_users_present():
        return [
            Error(
                "Productiemodus weigert te starten: de database bevat demogebruikers. "
                "Verwijder ze met 'samen demo verwijderen' of gebruik een schone database.",
                id="samen.E001",
            )
        ]
    return []


def assert_production_safe() -> None:
    """Called by the WSGI entry point: refuse to serve in production with demo users."""
    from django.core.exceptions import ImproperlyConfigured

    if settings.PRODUCTION and demo_users_present():
        raise ImproperlyConfigured(
            "Productiemodus weigert te starten: de database bevat demogebruikers."
        )
