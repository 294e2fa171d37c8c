"""Forms of the complaint screens. They parse input only: access, the terms and the rules of
Awb titel 9.1 are decided inside :mod:`samen.complaints.services` and
:mod:`samen.complaints.handling`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common import codes
from samen.common.forms import (
    BoundedIntegerField,
    CodeChoiceField,
    Select,
    StrictForm,
    bsn_field,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.complaints.models import (
    MAX_BEHAVIOUR,
    MAX_CONCLUSION,
    MAX_MINUTES,
    MAX_NAME,
    MAX_TEXT,
    HearingSkipped,
    NotHandledGround,
    Outcome,
    ReceivedVia,
)
from samen.organisation.forms import domain_field
from samen.organisation.models import Staff

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _choice(
    label: StrOrPromise,
    choices: list,
    required: StrOrPromise,
    invalid: StrOrPromise,
    *,
    optional: bool = False,
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=not optional,
        widget=Select(),
        error_messages={"required": required, "invalid_choice": invalid},
    )


class StaffChoiceField(CodeChoiceField):
    """A staff member by personeelsnummer, shown with name and number."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.employee_number})"


def staff_field(label: StrOrPromise, *, required: bool, empty: StrOrPromise) -> StaffChoiceField:
    return StaffChoiceField(
        parse=codes.parse_employee_number,
        label=label,
        queryset=Staff.objects.order_by("name"),
        to_field_name="employee_number",
        required=required,
        empty_label=empty,
        widget=Select(),
        error_messages={
            "required": _("Kies een medewerker."),
            "invalid_choice": _("Deze medewerker is onbekend."),
        },
    )


class VersionForm(StrictForm):
    """Every change to a complaint carries the version the user saw (optimistic locking)."""

    version = version_field(_("Het formulier mist de versie van de klacht. Laad haar opnieuw."))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        errors = self.errors
        if "version" in errors:
            self.add_error(None, list(errors.pop("version")))
        return data


class ComplaintForm(StrictForm):
    """Registering a complaint; ``with_bsn``: the complainant is found by BSN (the form on
    /klachten/nieuw), otherwise the person page chose them."""

    bsn = bsn_field(_("BSN van de klager"))
    domain = domain_field(_("Over welk domein gaat de klacht?"))
    received_on = date_field(_("Klacht ontvangen op"))
    received_via = _choice(
        _("Hoe kwam de klacht binnen?"),
        [("", _("Kies hoe zij binnenkwam")), *ReceivedVia.choices],
        _("Kies hoe de klacht binnenkwam."),
        _("Kies hoe de klacht binnenkwam."),
    )
    behaviour_on = date_field(_("Datum van de gedraging"))
    behaviour = long_text_field(_("Over welke gedraging gaat de klacht?"), max_length=MAX_BEHAVIOUR)
    official = staff_field(
        _("Medewerker over wie geklaagd wordt (optioneel)"),
        required=False,
        empty=_("Geen medewerker genoemd"),
    )
    handler = staff_field(_("Behandelaar"), required=True, empty=_("Kies de behandelaar"))
    representative = text_field(_("Gemachtigde (optioneel)"), max_length=MAX_NAME, required=False)
    committee = forms.BooleanField(
        label=_("Advies van de klachtadviescommissie (termijn 10 weken)"), required=False
    )

    def __init__(self, *args: Any, with_bsn: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_bsn:
            del self.fields["bsn"]


class HandlerForm(VersionForm):
    handler = staff_field(_("Behandelaar"), required=True, empty=_("Kies de behandelaar"))


class HearingForm(VersionForm):
    hearing_on = date_field(_("Datum hoorgesprek"), required=False)
    minutes = long_text_field(_("Verslag"), required=False, max_length=MAX_MINUTES)
    official_heard = forms.BooleanField(
        label=_("De medewerker over wie geklaagd wordt, is ook gehoord"), required=False
    )
    skipped = _choice(
        _("Of: de klager niet horen, omdat (artikel 9:10 lid 2 Awb)"),
        [("", _("De klager wordt gehoord")), *HearingSkipped.choices],
        _("Kies een grond."),
        _("Kies een grond uit artikel 9:10 lid 2 Awb (a, b of c)."),
        optional=True,
    )


class PostponeForm(VersionForm):
    weeks = BoundedIntegerField(
        label=_("Aantal weken"),
        min_value=1,
        max_value=52,
        error_messages={
            "required": _("Vul het aantal weken in."),
            "invalid": _("Vul een heel aantal weken in."),
            "min_value": _("Kies een aantal weken van 1 tot en met 52."),
            "max_value": _("Kies een aantal weken van 1 tot en met 52."),
        },
    )
    notified_on = date_field(_("Bericht aan klager en medewerker verstuurd op"))
    consented_on = date_field(
        _("Klager stemde schriftelijk in op (alleen bij verder uitstel, artikel 9:11 lid 3 Awb)"),
        required=False,
    )
    reason = long_text_field(_("Reden"), max_length=MAX_TEXT)


class ConclusionForm(VersionForm):
    outcome = _choice(
        _("Uitkomst"),
        [("", _("Kies een uitkomst")), *Outcome.choices],
        _("Kies een uitkomst."),
        _("Kies een uitkomst uit de lijst."),
    )
    concluded_on = date_field(_("Afgehandeld op (datum van de brief)"))
    conclusion = long_text_field(
        _("Bevindingen, oordeel en conclusies (artikel 9:12 Awb)"), max_length=MAX_CONCLUSION
    )
    not_handled_ground = _choice(
        _("Bij 'niet in behandeling': de grond (artikel 9:8 Awb)"),
        [("", _("Geen (de klacht is behandeld)")), *NotHandledGround.choices],
        _("Kies een grond."),
        _("Kies een grond uit artikel 9:8 Awb."),
        optional=True,
    )
    measures_taken = forms.BooleanField(label=_("Er zijn maatregelen genomen"), required=False)
    measures = long_text_field(
        _("Welke maatregelen? (optioneel)"), required=False, max_length=MAX_TEXT
    )
