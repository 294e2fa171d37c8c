"""Forms of the income screens (uitkeringen, betaalruns). They parse input only: who may
change which benefit, and whether the new facts can be calculated, is decided inside
:mod:`samen.income.services`."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common import codes
from samen.common.forms import (
    DATE_ERRORS,
    BoundedDateField,
    CodeChoiceField,
    PagedForm,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_validators,
    version_field,
)
from samen.income.models import MAX_REASON, EndReason

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PeildatumForm(forms.Form):
    peildatum = date_field(_("Peildatum"))
    peildatum.help_text = _(
        "De berekening met de feiten en de normbedragen die op deze datum gelden."
    )


class RunForm(StrictForm):
    maand = BoundedDateField(
        label=_("Maand"),
        help_text=_("Bijvoorbeeld 2026-03 voor maart 2026."),
        input_formats=["%Y-%m", "%m-%Y"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        error_messages={
            **DATE_ERRORS,
            "invalid": _("Vul een geldige maand in, bijvoorbeeld 2026-03."),
        },
    )


class ReleaseForm(StrictForm):
    """The approval of a run: the attempt the approver saw (optimistic locking: a run that
    ran again since is refused, so what is released is what was looked at)."""

    versie = version_field(_("Laad de betaalrun opnieuw en geef hem dan vrij."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "versie" in self.errors:  # a hidden field: its message belongs on top
            self.add_error(None, list(self.errors.pop("versie")))
        return data


class RunLinesForm(StrictForm, PagedForm):
    """Search the payment lines of one municipality in a run: a BSN (nine digits) or a name.
    A query key the form does not have is refused, as in every form."""

    zoek = forms.CharField(
        label=_("Zoek op BSN of naam"),
        required=False,
        max_length=100,
        validators=text_validators(100),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )

    def clean_zoek(self) -> str:
        search: str = self.cleaned_data.get("zoek", "").strip()
        if search.isdigit():
            try:
                return codes.parse_bsn_shape(search)
            except codes.InputError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
        return search


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
    reden_code = CodeChoiceField(
        parse=codes.parse_slug,
        label=_("Reden van de beëindiging"),
        # Every reason; the service checks that it holds on the end date.
        queryset=EndReason.objects.all(),
        to_field_name="code",
        empty_label=_("Kies een reden"),
        widget=Select(),
        error_messages={
            "required": _("Kies de reden van de beëindiging."),
            "invalid_choice": _("Deze reden van beëindiging is onbekend."),
        },
    )
    reden = long_text_field(_("Toelichting"), max_length=MAX_REASON)
    reden.error_messages["required"] = _("Licht de beëindiging toe.")
    version = benefit_version_field()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "version" in self.errors:
            self.add_error(None, list(self.errors.pop("version")))
        return data
