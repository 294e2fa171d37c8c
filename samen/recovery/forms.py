"""Forms of the debtor screens. They parse input only: who may book on which claim, and
whether the amount fits the balance, is decided in :mod:`samen.recovery.services`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import (
    DATE_ERRORS,
    BoundedDateField,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    version_field,
)
from samen.income.forms import AmountField
from samen.recovery.models import MAX_AMOUNT, MAX_REASON

AMOUNT_ERRORS = {
    "required": _("Vul het bedrag in."),
    "invalid": _("Vul een bedrag in, bijvoorbeeld 25,00."),
    "min_value": _("Vul een bedrag in van meer dan € 0,00."),
    "max_value": _("Het bedrag is ten hoogste € 9.999.999,99."),
    "max_decimal_places": _("Een bedrag heeft ten hoogste twee cijfers achter de komma."),
    "max_digits": _("Het bedrag is ten hoogste € 9.999.999,99."),
    "max_whole_digits": _("Het bedrag is ten hoogste € 9.999.999,99."),
}


def amount_field(label: Any, *, signed: bool = False) -> AmountField:
    return AmountField(
        label=label,
        max_digits=9,
        decimal_places=2,
        min_value=-MAX_AMOUNT if signed else Decimal("0.01"),
        max_value=MAX_AMOUNT,
        error_messages=AMOUNT_ERRORS,
    )


def claim_version_field() -> forms.IntegerField:
    return version_field(
        _("Het formulier mist de versie van de vordering. Laad de pagina opnieuw.")
    )


class _VersionOnTop(StrictForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "version" in self.errors:  # a hidden field: its message belongs on top
            self.add_error(None, list(self.errors.pop("version")))
        return data


class BookingForm(_VersionOnTop):
    """A receipt, write-off or correction on a claim."""

    soort = forms.ChoiceField(
        label=_("Soort boeking"),
        choices=[
            ("ontvangst", _("Ontvangst (betaling van de debiteur)")),
            ("afboeking", _("Afboeking (kwijtschelding of oninbaar)")),
            ("correctie", _("Correctie (plus of min)")),
        ],
        widget=Select(),
        error_messages={
            "required": _("Kies de soort boeking."),
            "invalid_choice": _("Kies ontvangst, afboeking of correctie."),
        },
    )
    bedrag = amount_field(_("Bedrag in euro"), signed=True)
    bedrag.help_text = _("Bij een correctie: een min-teken verlaagt het saldo.")
    boekdatum = date_field(_("Boekdatum"))
    reden = long_text_field(_("Reden"), max_length=MAX_REASON)
    reden.error_messages["required"] = _("Geef de reden van de boeking.")
    version = claim_version_field()


class ArrangementForm(_VersionOnTop):
    """A payment arrangement: an instalment per month from a first month."""

    termijnbedrag = amount_field(_("Termijnbedrag per maand in euro"))
    eerste_maand = BoundedDateField(
        label=_("Eerste maand"),
        help_text=_("Bijvoorbeeld 2026-06 voor juni 2026. De termijn is uiterlijk de 28e."),
        input_formats=["%Y-%m", "%m-%Y"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        error_messages={
            **DATE_ERRORS,
            "invalid": _("Vul een geldige maand in, bijvoorbeeld 2026-06."),
        },
    )
    reden = long_text_field(_("Reden van de regeling"), max_length=MAX_REASON)
    reden.error_messages["required"] = _("Geef de reden van de betalingsregeling.")
    version = claim_version_field()
