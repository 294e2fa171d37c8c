"""Forms of the screens for incoming payments and collection. They parse input only: what a
statement holds, which claim a receipt may go to and who may see what is decided in
:mod:`samen.recovery.bank` and :mod:`samen.recovery.collection`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import PagedForm, Select, StrictForm, text_field
from samen.recovery import collection


class StatementForm(StrictForm):
    bestand = forms.FileField(
        label=_("camt.053-bestand"),
        help_text=_("Het dagafschrift van de bank in ISO 20022 camt.053 (XML), hoogstens 200 MB."),
        max_length=200,
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Dit is geen bestand; kies het opnieuw."),
            "max_length": _("De bestandsnaam is te lang (hoogstens %(max)d tekens)."),
        },
    )


class MatchForm(StrictForm):
    vordering = text_field(_("Vordering"), max_length=20)
    vordering.help_text = _("Het betalingskenmerk (VORD-00000012) of het nummer van de vordering.")


class WorklistForm(PagedForm):
    volgorde = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=list(collection.ORDERS.items()),
        widget=Select(),
        error_messages={"invalid_choice": _("Kies de volgorde oudste of gemist.")},
    )
