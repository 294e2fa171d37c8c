"""Authentication: demo users may only log in when the product runs in demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def is_demo_user(user: Any) -> bool:
    staff = getattr(user, "staff", None) if getattr(user, "pk", None) else None
    return bool(staff is not None and staff.is_demo)


def login_allowed(user: Any) -> bool:
    """Active, and not a demo user outside demo mode."""
    if not getattr(user, "is_active", False):
        return False
    return settings.DEMO_MODE or not is_demo_user(user)


class StaffBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return login_allowed(user)

    def get_user(self, user_id: int) -> Any:
        user = super().get_user(user_id)
        return user if user is not None and login_allowed(user) else None
