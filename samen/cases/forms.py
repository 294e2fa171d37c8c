"""Forms of the case screens (zaken). They parse input only: which cases the user may see or
change, the lifecycle and the mandate are decided inside :mod:`samen.cases.services`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.cases.models import MAX_NOTE, MAX_REASONING, Outcome
from samen.common.forms import (
    PagedForm,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)

# Assignment.reason
MAX_ASSIGN_REASON = 300

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CaseOpenForm(StrictForm):
    """Open a case for a person: the case type valid on the day of the report."""

    case_type = forms.ChoiceField(
        label=_("Zaaktype"),
        widget=Select(),
        error_messages={
            "required": _("Kies een zaaktype."),
            "invalid_choice": _("Dit zaaktype is onbekend."),
        },
    )
    reported_on = date_field(_("Datum melding of aanvraag"))
    note = long_text_field(_("Toelichting (optioneel)"), required=False, max_length=MAX_NOTE)

    def __init__(self, *args: object, case_types: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["case_type"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("Kies een zaaktype")), *case_types]


class CaseVersionForm(StrictForm):
    """Every change to a case carries the version the user saw (optimistic locking)."""

    version = version_field(_("Het formulier mist de versie van de zaak. Laad de zaak opnieuw."))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        errors = self.errors
        if "version" in errors:  # a hidden field: show its error at the top of the form
            self.add_error(None, list(errors.pop("version")))
        return data


class CaseDateForm(CaseVersionForm):
    """An action with only a date: bekendgemaakt, afgesloten, informatie ontvangen."""

    on = date_field(_("Datum"))


class InformationRequestForm(CaseVersionForm):
    requested_on = date_field(_("Datum verzoek"))
    what = long_text_field(_("Welke informatie"), max_length=MAX_NOTE)
    supply_by = date_field(_("Uiterlijk aan te leveren op (optioneel)"), required=False)


class InformationReceivedForm(CaseVersionForm):
    received_on = date_field(_("Datum ontvangen"))


class ExtensionForm(CaseVersionForm):
    notified_on = date_field(_("Datum bericht aan de aanvrager"))
    reason = long_text_field(_("Reden van de verlenging"), max_length=MAX_NOTE)


def _outcome_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Kies een uitkomst")), *Outcome.choices]


class DecisionForm(CaseVersionForm):
    decision_type = forms.ChoiceField(
        label=_("Besluittype"),
        widget=Select(),
        error_messages={
            "required": _("Kies een besluittype."),
            "invalid_choice": _("Dit besluittype hoort niet bij dit zaaktype."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=_outcome_choices,
        widget=Select(),
        error_messages={
            "required": _("Kies een uitkomst."),
            "invalid_choice": _("Kies een uitkomst uit de lijst."),
        },
    )
    decided_on = date_field(_("Besluitdatum"))
    effective_from = date_field(_("Ingangsdatum (optioneel)"), required=False)
    iban = text_field(
        _("IBAN voor de uitkering (bij toekenning van bijstand)"),
        max_length=42,
        required=False,
        help_text=_("Bijvoorbeeld NL91 ABNA 0417 1643 00."),
    )
    reasoning = long_text_field(_("Motivering"), required=False, max_length=MAX_REASONING)

    def __init__(
        self, *args: object, decision_types: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["decision_type"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("Kies een besluittype")), *decision_types]


class AssignForm(CaseVersionForm):
    """A team manager assigns the case to a consulent of the case's team, with the reason."""

    staff = forms.ChoiceField(
        label=_("Consulent"),
        widget=Select(),
        error_messages={
            "required": _("Kies een consulent."),
            "invalid_choice": _("Kies een consulent uit de lijst."),
        },
    )
    reason = text_field(
        _("Reden van de toewijzing"),
        max_length=MAX_ASSIGN_REASON,
        help_text=_("Komt in de statusgeschiedenis en bij de vaste contactpersoon."),
    )

    def __init__(self, *args: object, members: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["staff"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("Kies een consulent")), *members]


UNASSIGNED = "niemand"


class TeamWorklistForm(PagedForm):
    """The filters of a team's worklist (GET). Each unknown value is an error on its own
    filter, and nothing is looked up with it."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Onbekende status: kies een status uit de lijst.")},
    )
    termijn = forms.ChoiceField(
        label=_("Termijn"),
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Onbekende termijn: kies een termijn uit de lijst.")},
    )
    consulent = forms.ChoiceField(
        label=_("Consulent"),
        required=False,
        widget=Select(),
        error_messages={
            "invalid_choice": _("Onbekende consulent: kies een consulent van dit team.")
        },
    )
    gemeente = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Onbekende gemeente: kies een gemeente van dit team.")},
    )

    def __init__(
        self,
        *args: object,
        statuses: list[tuple[str, StrOrPromise]],
        deadlines: list[tuple[str, StrOrPromise]],
        members: list[tuple[str, str]],
        municipalities: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, choices, everything in (
            ("status", statuses, _("Alle statussen")),
            ("termijn", deadlines, _("Alle termijnen")),
            (
                "consulent",
                [*members, (UNASSIGNED, _("Nog niet toegewezen"))],
                _("Alle consulenten"),
            ),
            ("gemeente", municipalities, _("Alle gemeenten")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = [("", everything), *choices]
