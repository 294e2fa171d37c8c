"""Forms of the fine and measure screens. They parse input only: access, the calculation
and the rules of art. 18 and 18a Participatiewet are decided inside
:mod:`samen.sanctions.services` and :mod:`samen.sanctions.measure_services`."""

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
from samen.income.forms import AmountField
from samen.sanctions.models import MAX_REFERENCE, MAX_TEXT, Blame

MAX_AMOUNT = Decimal("9999999.99")


class FineForm(StrictForm):
    breach_on = date_field(_("Datum van de gedraging"))
    report_on = date_field(_("Datum van het boeterapport"))
    breach = long_text_field(
        _("Welke verandering is niet (goed) doorgegeven?"), max_length=MAX_TEXT
    )
    detriment = AmountField(
        label=_("Benadelingsbedrag in euro (bruto te veel ontvangen; 0,00 als er geen is)"),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.00"),
        max_value=MAX_AMOUNT,
        error_messages={
            "required": _("Vul het benadelingsbedrag in (0,00 als er geen is)."),
            "invalid": _("Vul een bedrag in, bijvoorbeeld 600,00."),
            "min_value": _("Het benadelingsbedrag kan niet negatief zijn."),
            "max_value": _("Het bedrag is ten hoogste € 9.999.999,99."),
            "max_decimal_places": _("Een bedrag heeft ten hoogste twee cijfers achter de komma."),
            "max_digits": _("Het bedrag is ten hoogste € 9.999.999,99."),
            "max_whole_digits": _("Het bedrag is ten hoogste € 9.999.999,99."),
        },
    )
    blame = forms.ChoiceField(
        label=_("Mate van verwijtbaarheid"),
        choices=[("", _("Kies de mate van verwijtbaarheid")), *Blame.choices],
        widget=Select(),
        error_messages={
            "required": _("Kies de mate van verwijtbaarheid."),
            "invalid_choice": _("Kies de mate van verwijtbaarheid uit de lijst."),
        },
    )
    previous_fine_on = date_field(
        _("Datum van een eerdere boete voor de inlichtingenplicht (optioneel)"), required=False
    )
    previous_warning_or_fine_on = date_field(
        _("Datum van de laatste waarschuwing of boete (optioneel)"), required=False
    )
    warning_requested = forms.BooleanField(
        label=_("Een schriftelijke waarschuwing in plaats van een boete"), required=False
    )
    urgent_reasons = long_text_field(
        _("Dringende redenen om geen boete op te leggen (optioneel)"),
        max_length=MAX_TEXT,
        required=False,
    )
    investigation_reference = text_field(
        _("Kenmerk van het fraudeonderzoek (optioneel)"),
        max_length=MAX_REFERENCE,
        required=False,
    )


class DecisionForm(StrictForm):
    decided_on = date_field(_("Besluitdatum"))
    version = version_field(_("Het formulier mist de versie van de boete. Laad haar opnieuw."))


class MeasureForm(StrictForm):
    rule_code = forms.ChoiceField(
        label=_("Gedraging (uit de verordening van de gemeente)"),
        choices=[],
        widget=Select(),
        error_messages={
            "required": _("Kies de gedraging."),
            "invalid_choice": _("Kies een gedraging uit de verordening."),
        },
    )
    breach_on = date_field(_("Datum van de gedraging"))
    start_month = date_field(_("Eerste maand van de verlaging (de eerste dag van de maand)"))
    reason = long_text_field(
        _("Welke verplichting is niet nagekomen, en waarom deze maatregel?"),
        max_length=MAX_TEXT,
    )

    def __init__(self, *args: Any, rules: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["rule_code"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies de gedraging")),
            *(
                (r.code, f"{r.name} ({r.percentage.normalize():f} %, {r.months} mnd)")
                for r in rules
            ),
        ]
