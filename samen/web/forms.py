"""Query forms of the staff screens. They only parse and validate input: the answers come from
:mod:`samen.organisation.services`. Every form is submitted with GET, so a result has its own
address and works without JavaScript; htmx only replaces the result block in place."""

from __future__ import annotations

from decimal import Decimal
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
    StrictForm,
    bsn_field,
    date_field,
    long_text_field,
    text_validators,
    version_field,
)
from samen.income.models import MAX_REASON
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


# ---------------------------------------------------------------------------------------------
# Benefits (uitkeringen). The form parses input only: who may change which benefit, and
# whether the new facts can be calculated, is decided inside samen.income.services.
# ---------------------------------------------------------------------------------------------
def _income_person_choices() -> list[tuple[str, StrOrPromise]]:
    return [("aanvrager", _("Aanvrager")), ("partner", _("Partner"))]


def _income_kind_choices() -> list[tuple[str, StrOrPromise]]:
    return [("arbeid", _("Inkomsten uit arbeid")), ("overig", _("Overig inkomen"))]


def _institution_choices() -> list[tuple[str, StrOrPromise]]:
    return [
        ("", _("Ongewijzigd")),
        ("ja", _("Ja: verblijft vanaf de ingangsdatum in een inrichting (artikel 23)")),
        ("nee", _("Nee: verblijft niet (meer) in een inrichting")),
    ]


class AmountField(forms.DecimalField):
    """An amount in euro as people type it: ``200,00``, ``200.00``, ``€ 1.200,50`` or
    ``1,200.50`` (the last of comma and dot separates the cents)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").strip()
            if value.rfind(",") > value.rfind("."):  # Dutch: 1.200,50
                value = value.replace(".", "").replace(",", ".")
            else:  # English: 1,200.50
                value = value.replace(",", "")
        return super().to_python(value)


def benefit_version_field() -> forms.IntegerField:
    """The hidden version of the benefit (optimistic locking) with a Dutch message."""
    return version_field(
        _("Het formulier mist de versie van de uitkering. Laad de pagina opnieuw.")
    )


class BenefitChangeForm(StrictForm):
    """A change in household or income from a date on. Only what the user fills in becomes
    a change (:meth:`changes`, in the service's fact keys); the rest stays as it was."""

    ingangsdatum = date_field(_("Ingangsdatum van de wijziging"))
    ingangsdatum.help_text = _(
        "De wijziging geldt vanaf deze datum. Maanden die al betaald zijn, worden herberekend."
    )
    inkomen_persoon = forms.ChoiceField(
        label=_("Inkomen van"),
        required=False,
        choices=_income_person_choices,
        initial="aanvrager",
        widget=Select(),
        error_messages={"invalid_choice": _("Kies aanvrager of partner.")},
    )
    inkomen_soort = forms.ChoiceField(
        label=_("Soort inkomen"),
        required=False,
        choices=_income_kind_choices,
        initial="arbeid",
        widget=Select(),
        error_messages={"invalid_choice": _("Kies een soort inkomen uit de lijst.")},
    )
    inkomen_netto = AmountField(
        label=_("Netto inkomen per maand in euro (optioneel)"),
        help_text=_(
            "Bijvoorbeeld 200,00. Laat leeg als het inkomen niet verandert; vul 0 in als er "
            "geen inkomen meer is."
        ),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Vul een bedrag in, bijvoorbeeld 200,00."),
            "min_value": _("Een inkomen kan niet negatief zijn."),
            "max_digits": _("Dit bedrag is te groot."),
            "max_whole_digits": _("Dit bedrag is te groot."),
            "max_decimal_places": _("Vul een bedrag in met hoogstens twee cijfers na de komma."),
        },
    )
    partner_geboortedatum = date_field(
        _("Geboortedatum van de nieuwe partner (optioneel)"), required=False
    )
    partner_geboortedatum.help_text = _("Alleen invullen als er een partner is bijgekomen.")
    geen_partner = forms.BooleanField(label=_("Geen partner meer"), required=False)
    inrichting = forms.ChoiceField(
        label=_("Verblijf in een inrichting"),
        required=False,
        choices=_institution_choices,
        widget=Select(),
        error_messages={"invalid_choice": _("Kies een mogelijkheid uit de lijst.")},
    )
    reden = long_text_field(_("Reden van de wijziging"), max_length=MAX_REASON)
    reden.error_messages["required"] = _("Geef de reden van de wijziging.")
    version = benefit_version_field()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        errors = self.errors
        if "version" in errors:  # a hidden field: show its error at the top of the form
            self.add_error(None, list(errors.pop("version")))
        if data.get("partner_geboortedatum") and data.get("geen_partner"):
            self.add_error(
                "geen_partner",
                _("Vul de geboortedatum van een partner in óf kies geen partner meer."),
            )
        if not self.errors and not self.changes():
            self.add_error(
                None,
                _(
                    "Vul ten minste één wijziging in: een inkomen, de partner of het verblijf "
                    "in een inrichting."
                ),
            )
        return data

    def changes(self) -> dict[str, object]:
        """The filled-in fields as the service's ``changes`` (its stored fact keys)."""
        data = self.cleaned_data
        changes: dict[str, object] = {}
        amount = data.get("inkomen_netto")
        if amount is not None:
            changes["inkomsten"] = (
                [
                    {
                        "persoon": data.get("inkomen_persoon") or "aanvrager",
                        "soort": data.get("inkomen_soort") or "arbeid",
                        "netto_per_maand": f"{amount:.2f}",
                    }
                ]
                if amount > 0
                else []
            )
        born = data.get("partner_geboortedatum")
        if born:
            changes["partner"] = {"geboortedatum": born.isoformat()}  # type: ignore[attr-defined]
        elif data.get("geen_partner"):
            changes["partner"] = None
        if data.get("inrichting"):
            changes["inrichting"] = data["inrichting"] == "ja"
        return changes


class BenefitEndForm(StrictForm):
    """End a benefit on a date: the last day it is paid."""

    einddatum = date_field(_("Einddatum (laatste dag waarover betaald wordt)"))
    einddatum.help_text = _(
        "Maanden na deze datum die al betaald zijn, worden teruggevorderd; de gereserveerde "
        "vakantietoeslag wordt bij de volgende betaalrun uitbetaald."
    )
    reden = long_text_field(_("Reden van de beëindiging"), max_length=MAX_REASON)
    reden.error_messages["required"] = _("Geef de reden van de beëindiging.")
    version = benefit_version_field()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "version" in self.errors:
            self.add_error(None, list(self.errors.pop("version")))
        return data
