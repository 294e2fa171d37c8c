"""Forms of internal control: draw a sample, answer a checklist question, close a sample,
write the report. They parse input only; who may do what is decided in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import (
    BoundedIntegerField,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    version_field,
)
from samen.control import sampling
from samen.control.models import MAX_AMOUNT, MAX_CONCLUSIONS, MAX_REMARK, Verdict

STALE = _("Laad de pagina opnieuw: de versie ontbreekt.")


class SampleForm(StrictForm):
    municipality = forms.ChoiceField(
        label=_("Gemeente"),
        widget=Select(),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    period_from = date_field(_("Periode vanaf"))
    period_until = date_field(_("Periode tot en met"))
    seed = BoundedIntegerField(
        label=_("Startwaarde (seed)"),
        required=False,
        min_value=1,
        max_value=sampling.MAX_SEED,
        help_text=_(
            "Leeg: het systeem kiest er een en legt die vast. Dezelfde startwaarde "
            "geeft dezelfde steekproef."
        ),
        error_messages={
            "invalid": _("Vul een geheel getal in."),
            "min_value": _("Vul een getal van 1 of meer in."),
            "max_value": _("Dit getal is te groot."),
        },
    )

    def __init__(self, *args: object, municipalities: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["municipality"].choices = [("", _("Kies een gemeente")), *municipalities]  # type: ignore[attr-defined]


class FindingForm(StrictForm):
    """One per checklist question on the page, with the prefix ``q<id>``; the posted field
    ``vraag`` says which question was answered."""

    allowed_extra = frozenset({"vraag"})

    verdict = forms.ChoiceField(
        label=_("Bevinding"),
        choices=[("", _("Kies")), *Verdict.choices],
        widget=Select(),
        error_messages={
            "required": _("Kies in orde, fout of onzeker."),
            "invalid_choice": _("Kies in orde, fout of onzeker."),
        },
    )
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"),
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        help_text=_("Het bedrag van de fout of onzekerheid; 0 als het geen geld betreft."),
        error_messages={
            "invalid": _("Vul een bedrag in, bijvoorbeeld 125.50."),
            "min_value": _("Het bedrag is 0 of meer."),
            "max_value": _("Dit bedrag is te hoog."),
            "max_digits": _("Dit bedrag is te lang."),
            "max_decimal_places": _("Gebruik hoogstens twee cijfers achter de komma."),
        },
    )
    remark = long_text_field(_("Toelichting"), max_length=MAX_REMARK, required=False)
    version = BoundedIntegerField(
        widget=forms.HiddenInput(),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"invalid": STALE},
    )


class CloseForm(StrictForm):
    version = version_field(STALE)


class ReportForm(StrictForm):
    conclusions = long_text_field(_("Conclusies"), max_length=MAX_CONCLUSIONS, required=False)
    recommendations = long_text_field(
        _("Aanbevelingen"), max_length=MAX_CONCLUSIONS, required=False
    )
    version = version_field(STALE)
