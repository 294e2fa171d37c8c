"""Forms of the steering screens. They parse input only; who may write which municipality's
report is decided in :mod:`samen.steering.services`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import (
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.steering.models import MAX_ANALYSIS, MAX_NOTE, CountBasis

MAX_FIGURE = Decimal(10**11)


def _version() -> forms.IntegerField:
    return version_field(_("Het formulier mist de versie. Laad de pagina opnieuw."))


class AnalysisForm(StrictForm):
    analyse = long_text_field(_("Analyse"), max_length=MAX_ANALYSIS, required=False)
    analyse.help_text = _(
        "Uw toelichting bij de cijfers voor het college: wat valt op, wat verklaart het, wat "
        "gaat SZMH doen. Noem geen inwoners."
    )
    version = _version()


class PublishForm(StrictForm):
    version = _version()


class FigureField(forms.DecimalField):
    """A figure as people type it: ``85,5`` or ``85.5``; ``1.750.000,00`` for an amount."""

    def __init__(self, **kwargs: Any) -> None:
        # A text box, not type=number: a browser refuses "1.250.000,00" in a number input.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(
            min_value=Decimal(0),
            max_value=MAX_FIGURE,
            max_digits=14,
            decimal_places=2,
            error_messages={
                "required": _("Vul een getal in."),
                "invalid": _("Vul een getal in, bijvoorbeeld 85,5."),
                "min_value": _("Het getal kan niet negatief zijn."),
                "max_value": _("Het getal is te groot."),
                "max_decimal_places": _("Gebruik hoogstens twee cijfers achter de komma."),
                "max_digits": _("Het getal is te groot."),
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").replace("%", "").strip()
            if value.rfind(",") > value.rfind("."):
                value = value.replace(".", "").replace(",", ".")
            else:
                value = value.replace(",", "")
        return super().to_python(value)


class ManualValueForm(StrictForm):
    waarde = FigureField(label=_("Waarde"))
    teller = FigureField(label=_("Teller (optioneel)"), required=False)
    noemer = FigureField(label=_("Noemer (optioneel)"), required=False)
    toelichting = text_field(_("Toelichting en bron"), max_length=MAX_NOTE)
    toelichting.help_text = _(
        "Waar komt het getal vandaan? Bijvoorbeeld: registratie Team Handhaving."
    )
    version = _version()


class AmountField(FigureField):
    """An amount in euro, to the cent: ``1.250.000,00``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Vul een bedrag in, bijvoorbeeld 1.250.000,00.")
        self.error_messages["required"] = _("Vul een bedrag in.")


class CostYearForm(StrictForm):
    totaal = AmountField(label=_("Uitvoeringskosten van het jaar (euro)"))
    totaal.help_text = _(
        "Alle uitvoeringskosten van SZMH in dat jaar, inclusief de additionele diensten."
    )
    omschrijving = text_field(_("Omschrijving"), max_length=MAX_NOTE)
    bron = text_field(_("Bron"), max_length=MAX_NOTE)
    bron.help_text = _("Bijvoorbeeld: jaarrekening 2025 SZMH, programma Sociale Zaken.")
    telgrondslag = forms.ChoiceField(
        label=_("Telgrondslag"),
        choices=CountBasis.choices,
        widget=Select,
        error_messages={
            "required": _("Kies de telgrondslag."),
            "invalid_choice": _("Kies een telgrondslag uit de lijst."),
        },
    )
    peildatum = date_field(_("Peildatum (alleen bij telgrondslag peildatum)"), required=False)
    version = _version()


class ServiceForm(StrictForm):
    gemeente = forms.ChoiceField(
        label=_("Gemeente die erom vroeg"),
        choices=[],
        widget=Select,
        error_messages={
            "required": _("Kies de gemeente."),
            "invalid_choice": _("Kies een gemeente die dat jaar deelnemer was."),
        },
    )
    wat = text_field(_("Wat"), max_length=MAX_NOTE)
    wat.help_text = _("De additionele dienst, bijvoorbeeld: eigen minimaregeling voor sport.")
    bedrag = AmountField(label=_("Bedrag (euro)"))
    aangevraagd_door = text_field(_("Aangevraagd door"), max_length=MAX_NOTE)
    aangevraagd_door.help_text = _("Wie bij de gemeente erom vroeg, met het besluit of de brief.")

    def __init__(self, *args: Any, municipalities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Kies een gemeente"))] + [(m.cbs_code, m.name) for m in municipalities]
        self.fields["gemeente"].choices = choices  # type: ignore[attr-defined]
