"""Forms of the garnishment and direct-payment screens. They parse input only; the checks
that decide (IBAN, amounts, dates, access) are in :mod:`samen.recovery.garnishments`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import (
    DATE_ERRORS,
    BoundedDateField,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.recovery.forms import _VersionOnTop, amount_field
from samen.recovery.models import MAX_NAME, MAX_REASON, MAX_REFERENCE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _month_field(label: StrOrPromise) -> BoundedDateField:
    return BoundedDateField(
        label=label,
        help_text=_("Bijvoorbeeld 2026-06 voor juni 2026."),
        input_formats=["%Y-%m", "%m-%Y"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        error_messages={
            **DATE_ERRORS,
            "invalid": _("Vul een geldige maand in, bijvoorbeeld 2026-06."),
        },
    )


class GarnishmentForm(StrictForm):
    """A garnishment (derdenbeslag) served on the municipality."""

    allowed_extra = frozenset({"soort"})  # which of the page's two forms was posted

    beslaglegger = text_field(_("Beslaglegger (naam)"), max_length=MAX_NAME)
    iban = text_field(_("IBAN van de beslaglegger"), max_length=34)
    kenmerk = text_field(_("Kenmerk van de beslaglegger"), max_length=MAX_REFERENCE)
    bedrag_per_maand = amount_field(_("Bedrag per maand in euro (optioneel)"))
    bedrag_per_maand.required = False
    bedrag_per_maand.help_text = _("Leeg: alles boven de beslagvrije voet.")
    datum_betekening = date_field(_("Datum van betekening"))
    rang = forms.ChoiceField(
        label=_("Rang"),
        choices=[
            ("concurrent", _("Concurrent")),
            ("preferent", _("Preferent (bijvoorbeeld de Belastingdienst)")),
        ],
        widget=Select(),
        error_messages={
            "required": _("Kies preferent of concurrent."),
            "invalid_choice": _("Kies preferent of concurrent."),
        },
    )
    einddatum = date_field(_("Einddatum (optioneel)"), required=False)
    toelichting = long_text_field(
        _("Toelichting (optioneel)"), max_length=MAX_REASON, required=False
    )


class DirectPaymentForm(StrictForm):
    """The client's own direct payment (rent, budgetbeheer)."""

    allowed_extra = frozenset({"soort"})

    ontvanger = text_field(_("Ontvanger (naam)"), max_length=MAX_NAME)
    iban = text_field(_("IBAN van de ontvanger"), max_length=34)
    kenmerk = text_field(_("Kenmerk (bijvoorbeeld het huurcontract)"), max_length=MAX_REFERENCE)
    bedrag = amount_field(_("Bedrag per maand in euro"))
    eerste_maand = _month_field(_("Eerste maand"))
    einddatum = date_field(_("Einddatum (optioneel)"), required=False)
    toelichting = long_text_field(
        _("Toelichting (optioneel)"), max_length=MAX_REASON, required=False
    )


class EndForm(_VersionOnTop):
    """End a garnishment or a direct payment."""

    einddatum = date_field(_("Einddatum"))
    reden = long_text_field(_("Reden"), max_length=MAX_REASON)
    version = version_field(_("Het formulier mist de versie. Laad de pagina opnieuw."))


class OffsetForm(_VersionOnTop):
    """Verrekenen: offset a claim against the debtor's benefit."""

    bedrag = amount_field(_("Bedrag per maand in euro"))
    eerste_maand = _month_field(_("Eerste maand"))
    reden = long_text_field(_("Reden"), max_length=MAX_REASON)
    version = version_field(
        _("Het formulier mist de versie van de vordering. Laad de pagina opnieuw.")
    )
