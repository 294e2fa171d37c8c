"""Forms of the appeal screens. They parse input only: access, the terms and what a ruling
can change are decided inside :mod:`samen.appeals.services` and
:mod:`samen.appeals.proceedings`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.appeals import terms
from samen.appeals.models import MAX_TEXT, AppealOutcome, Consequence, FiledBy
from samen.cases.models import MAX_REASONING
from samen.common.forms import (
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.objections.models import ObjectionOutcome

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _choice(
    label: StrOrPromise,
    choices: list,
    message: StrOrPromise,
    *,
    optional: bool = False,
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=not optional,
        widget=Select(),
        error_messages={"required": message, "invalid_choice": message},
    )


def _reference() -> forms.CharField:
    return text_field(
        _("Zaaknummer van de rechter"),
        max_length=terms.MAX_COURT_REFERENCE,
        help_text=_("Bijvoorbeeld ROE 26/1234 PW."),
    )


class VersionForm(StrictForm):
    """Every change to an appeal carries the version the user saw (optimistic locking)."""

    version = version_field(_("Het formulier mist de versie van het beroep. Laad het opnieuw."))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        errors = self.errors
        if "version" in errors:
            self.add_error(None, list(errors.pop("version")))
        return data


class AppealForm(StrictForm):
    filed_on = date_field(_("Beroep ingesteld op"))
    court_reference = _reference()
    notified_on = date_field(
        _("Beroepschrift van de rechter ontvangen op (optioneel)"), required=False
    )
    defence_due = date_field(
        _("Verweerschrift uiterlijk op, volgens de brief van de rechter (optioneel)"),
        required=False,
    )


class HigherAppealForm(VersionForm):
    filed_on = date_field(_("Hoger beroep ingesteld op"))
    filed_by = _choice(
        _("Ingesteld door"),
        [("", _("Kies wie hoger beroep instelt")), *FiledBy.choices],
        _("Kies wie hoger beroep instelt: de inwoner of het college."),
    )
    court_reference = _reference()
    notified_on = date_field(
        _("Beroepschrift van de rechter ontvangen op (optioneel)"), required=False
    )
    defence_due = date_field(
        _("Verweerschrift uiterlijk op, volgens de brief van de rechter (optioneel)"),
        required=False,
    )


class DefenceForm(VersionForm):
    notified_on = date_field(_("Beroepschrift van de rechter ontvangen op"), required=False)
    defence_due = date_field(
        _("Verweerschrift uiterlijk op (brief van de rechter)"), required=False
    )
    defence_sent_on = date_field(_("Stukken en verweerschrift verzonden op"), required=False)


class HearingForm(VersionForm):
    hearing_on = date_field(_("Datum zitting"))


class RulingForm(VersionForm):
    outcome = _choice(
        _("Uitkomst"),
        [("", _("Kies een uitkomst")), *AppealOutcome.choices],
        _("Kies een uitkomst uit de lijst."),
    )
    ruling_on = date_field(_("Datum uitspraak (of van intrekking of schikking)"))
    ruling_sent_on = date_field(
        _("Uitspraak verzonden op (daarna loopt de termijn voor hoger beroep)"), required=False
    )
    consequence = _choice(
        _("Wat verandert de uitspraak?"),
        Consequence.choices,
        _("Kies wat de uitspraak verandert."),
    )
    court_until = date_field(
        _("Termijn van de rechter voor de nieuwe beslissing (optioneel)"), required=False
    )
    follow_up = long_text_field(_("Vervolg (optioneel)"), required=False, max_length=MAX_TEXT)


class NewDecisionForm(VersionForm):
    outcome = _choice(
        _("Uitkomst van de nieuwe beslissing op bezwaar"),
        [("", _("Kies een uitkomst")), *ObjectionOutcome.choices],
        _("Kies een uitkomst uit de lijst."),
    )
    decided_on = date_field(_("Datum nieuwe beslissing op bezwaar"))
    reasoning = long_text_field(_("Motivering"), max_length=MAX_REASONING)
