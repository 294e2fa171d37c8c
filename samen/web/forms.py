"""Query forms of the staff screens. They only parse and validate input: the answers come from
:mod:`samen.organisation.services`. Every form is submitted with GET, so a result has its own
address and works without JavaScript; htmx only replaces the result block in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from samen.access.models import AuditEntry
from samen.access.services import AuditFilters
from samen.common import codes
from samen.common.forms import (
    CodeChoiceField,
    PagedForm,
    Select,
    bsn_field,
    date_field,
    text_validators,
)
from samen.organisation import models
from samen.organisation.auth import second_factor_required, verify_second_factor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


# ---------------------------------------------------------------------------------------------
# Supervision (audit trail)
# ---------------------------------------------------------------------------------------------
def _action_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Alle handelingen")), *AuditEntry.Kind.choices]


class AuditSearchForm(PagedForm):
    """Search the audit trail. Bound as soon as any filter is in the query string."""

    bsn = bsn_field(_("BSN betrokkene"), required=False)
    gebruiker = forms.CharField(
        label=_("Gebruiker"),
        help_text=_("Naam (of een deel daarvan) of gebruiker-id."),
        required=False,
        max_length=150,
        validators=text_validators(150),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )
    gemeente = CodeChoiceField(
        parse=codes.parse_cbs_code,
        label=_("Namens gemeente"),
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        required=False,
        empty_label=_("Alle gemeenten"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze gemeente is onbekend.")},
    )
    vanaf = date_field(_("Vanaf"), required=False)
    tot = date_field(_("Tot en met"), required=False)
    handeling = forms.ChoiceField(
        label=_("Handeling"),
        choices=_action_choices,
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Deze handeling is onbekend.")},
    )

    FILTERS = ("bsn", "gebruiker", "gemeente", "vanaf", "tot", "handeling")

    def __init__(self, query: dict | None = None, **kwargs: object) -> None:
        bound = query is not None and any(name in query for name in self.FILTERS)
        super().__init__(query if bound else None, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("vanaf"), data.get("tot")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        municipality = data.get("gemeente")
        return AuditFilters(
            bsn=data.get("bsn") or "",
            actor=data.get("gebruiker") or "",
            municipality_code=municipality.cbs_code if municipality else "",
            date_from=data.get("vanaf"),
            date_until=data.get("tot"),
            action=data.get("handeling") or "",
        )
