"""Forms of the enforcement screens. They parse input only: access and the rules are decided
in :mod:`samen.enforcement.signals`, :mod:`~samen.enforcement.investigations` and
:mod:`~samen.enforcement.checks`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import (
    BoundedIntegerField,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.enforcement import checks
from samen.enforcement.models import MAX_REPORT, MAX_TEXT, Activity, CheckItem, Investigation
from samen.enforcement.models import Signal as SignalModel
from samen.enforcement.products import MAX_FILE_BYTES, Product
from samen.organisation.forms import municipality_field

VERSION = _("De versie ontbreekt. Laad de pagina opnieuw.")


def _choice(label: Any, choices: list, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=Select(),
        error_messages={
            "required": _("Maak een keuze."),
            "invalid_choice": _("Deze keuze bestaat niet."),
        },
    )


class ImportForm(StrictForm):
    gemeente = municipality_field(_("Gemeente van het bestand"))
    product = _choice(
        _("Product van het Inlichtingenbureau"), [(p.value, p.label) for p in Product]
    )
    bestand = forms.FileField(
        label=_("Bestand (CSV)"),
        error_messages={"required": _("Kies het bestand."), "empty": _("Het bestand is leeg.")},
    )

    def clean_bestand(self) -> object:
        upload = self.cleaned_data["bestand"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 50 MB."))
        return upload


class SignalOutcomeForm(StrictForm):
    uitkomst = _choice(_("Uitkomst"), SignalModel.Outcome.choices)
    toelichting = long_text_field(_("Toelichting"), max_length=MAX_TEXT)
    version = version_field(VERSION)


class InvestigationForm(StrictForm):
    gemeente = municipality_field(_("Gemeente"))
    aanleiding = _choice(
        _("Aanleiding"), [c for c in Investigation.Origin.choices if c[0] != "signaal"]
    )
    toelichting = long_text_field(_("Toelichting op de aanleiding"), max_length=MAX_TEXT)
    gestart = date_field(_("Gestart op"))


class ActivityForm(StrictForm):
    soort = _choice(_("Soort handeling"), Activity.Kind.choices)
    datum = date_field(_("Datum"))
    verslag = long_text_field(_("Verslag"), max_length=MAX_REPORT)
    medewerker = text_field(_("Personeelsnummer (leeg: uzelf)"), max_length=20, required=False)


class ConclusionForm(StrictForm):
    uitkomst = _choice(_("Uitkomst"), Investigation.Outcome.choices)
    afgerond = date_field(_("Afgerond op"))
    conclusie = long_text_field(_("Conclusie"), max_length=MAX_TEXT)
    bedrag = forms.DecimalField(
        label=_("Benadelingsbedrag (euro)"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "invalid": _("Geef een bedrag in euro, bijvoorbeeld 1234,56."),
            "min_value": _("Het bedrag is ten minste 0,01 euro."),
            "max_digits": _("Het bedrag is te groot."),
            "max_decimal_places": _("Ten hoogste twee cijfers achter de komma."),
        },
        localize=True,
    )
    benadeling_vanaf = date_field(_("Benadeling vanaf"), required=False)
    benadeling_tot = date_field(_("Benadeling tot en met"), required=False)
    pv_nummer = text_field(_("Nummer proces-verbaal"), max_length=40, required=False)
    pv_verzonden = date_field(_("Proces-verbaal naar het OM op"), required=False)
    version = version_field(VERSION)


class VersionForm(StrictForm):
    version = version_field(VERSION)


class CheckForm(StrictForm):
    naam = text_field(_("Naam"), max_length=200)
    gemeente = municipality_field(_("Gemeente"))
    criterium = _choice(_("Criterium"), [(k, v[0]) for k, v in checks.CRITERIA.items()])
    peildatum = date_field(_("Peildatum"))
    omvang = BoundedIntegerField(
        label=_("Steekproefomvang"), min_value=1, max_value=checks.MAX_SIZE
    )
    seed = BoundedIntegerField(
        label=_("Seed (leeg: een nieuwe)"), min_value=1, max_value=2**63 - 1, required=False
    )


class CheckOutcomeForm(StrictForm):
    uitkomst = _choice(_("Uitkomst"), CheckItem.Outcome.choices)
    toelichting = long_text_field(_("Toelichting"), max_length=MAX_TEXT)
