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


# ---------------------------------------------------------------------------------------------
# The second factor of a password login (TOTP, django-otp)
# ---------------------------------------------------------------------------------------------
def second_factor_required(user: Any) -> bool:
    """Staff normally log in through the municipality's identity provider (OIDC), which owns
    the second factor. A password login is for demo mode (demo users) and for the documented
    break-glass account; in production it needs a TOTP code as well (SAMEN_PASSWORD_LOGIN_OTP,
    default on in production)."""
    if settings.DEMO_MODE and is_demo_user(user):
        return False
    return bool(settings.PASSWORD_LOGIN_REQUIRES_OTP)


def verify_second_factor(user: Any, token: str) -> bool:
    """Whether ``token`` is a valid, unused code of one of the user's confirmed TOTP devices."""
    from django_otp import match_token

    token = (token or "").strip().replace(" ", "")
    if not token.isdigit() or len(token) > 8:
        return False
    return match_token(user, token) is not None
