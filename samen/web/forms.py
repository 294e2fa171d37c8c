"""The shell's own form: the login. Every context's screens have their forms in their own app
(``<app>/forms.py``), built from the shared pieces in :mod:`samen.common.forms`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from samen.organisation.auth import second_factor_required, verify_second_factor


class LoginForm(AuthenticationForm):
    """The password login (demo mode, the break-glass account). Every refusal has the same
    words, so the page does not tell whether an account exists, is a demo account outside demo
    mode, or lacks a second factor; a lockout has its own page (samen.web.views.locked_out)."""

    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        required=False,
        max_length=8,
        help_text=_("Zes cijfers. Alleen nodig voor een account met wachtwoord buiten demomodus."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    error_messages = {
        "invalid_login": _(
            "Inloggen is niet gelukt. Controleer de gebruikersnaam, het wachtwoord en, als u "
            "die heeft, de code uit de authenticator-app."
        ),
        "inactive": _(
            "Inloggen is niet gelukt. Controleer de gebruikersnaam, het wachtwoord en, als u "
            "die heeft, de code uit de authenticator-app."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if second_factor_required(user) and not verify_second_factor(
            user, self.cleaned_data.get("otp_token") or ""
        ):
            # A wrong code counts as a failed login, so the lockout covers guessing codes.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username", "")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
