"""Forms of the steering screens. They parse input only; who may write which municipality's
report is decided in :mod:`samen.steering.services`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import StrictForm, long_text_field, text_field, version_field
from samen.steering.models import MAX_ANALYSIS, MAX_NOTE

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
