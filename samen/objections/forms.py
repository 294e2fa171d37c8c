"""Forms of the objection screens. They parse input only: access, the terms and the mandate
are decided inside :mod:`samen.objections.services`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.cases.models import MAX_REASONING
from samen.common.forms import (
    BoundedIntegerField,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.objections.models import (
    MAX_GROUNDS,
    MAX_MINUTES,
    MAX_NAME,
    MAX_PLACE,
    MAX_TEXT,
    HearingSkipped,
    ObjectionOutcome,
    ReceivedVia,
)

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


class VersionForm(StrictForm):
    """Every change to an objection carries the version the user saw (optimistic locking)."""

    version = version_field(_("Het formulier mist de versie van het bezwaar. Laad het opnieuw."))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        errors = self.errors
        if "version" in errors:
            self.add_error(None, list(errors.pop("version")))
        return data


class ObjectionForm(StrictForm):
    filed_on = date_field(_("Bezwaar ontvangen op"))
    received_via = _choice(
        _("Hoe kwam het bezwaar binnen?"),
        [("", _("Kies hoe het binnenkwam")), *ReceivedVia.choices],
        _("Kies hoe het bezwaar binnenkwam."),
        _("Kies hoe het bezwaar binnenkwam."),
    )
    posted_on = date_field(_("Poststempel (bij post, optioneel)"), required=False)
    announced_on = date_field(
        _("Besluit bekendgemaakt op (als dat niet bij de zaak staat)"), required=False
    )
    objector_name = text_field(_("Naam van de indiener"), max_length=MAX_NAME)
    by_representative = forms.BooleanField(
        label=_("Ingediend door een gemachtigde"), required=False
    )
    grounds = long_text_field(_("Gronden van het bezwaar"), max_length=MAX_GROUNDS)
    committee = forms.BooleanField(
        label=_("Advies van de bezwaarcommissie (beslistermijn 12 weken)"), required=False
    )
    excuse = long_text_field(
        _("Te laat? Reden waarom dat verschoonbaar is (optioneel)"),
        required=False,
        max_length=MAX_TEXT,
    )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M", attrs={"class": "utrecht-textbox"})


class HearingForm(VersionForm):
    hearing_on = date_field(_("Datum hoorzitting"), required=False)
    hearing_time = forms.TimeField(
        label=_("Aanvang (bij een nieuwe hoorzitting: staat in de uitnodiging)"),
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        widget=TimeInput(),
        error_messages={"invalid": _("Vul een geldig tijdstip in, bijvoorbeeld 10:30.")},
    )
    place = text_field(
        _("Plaats (bij een nieuwe hoorzitting: staat in de uitnodiging)"),
        max_length=MAX_PLACE,
        required=False,
    )
    invited_on = date_field(_("Uitnodiging verstuurd op"), required=False)
    minutes = long_text_field(_("Verslag"), required=False, max_length=MAX_MINUTES)
    skipped = _choice(
        _("Of: niet horen, omdat (artikel 7:3 Awb)"),
        [("", _("Er wordt gehoord")), *HearingSkipped.choices],
        _("Kies een grond."),
        _("Kies een grond uit artikel 7:3 Awb (a tot en met e)."),
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
    notified_on = date_field(_("Bericht aan de indiener verstuurd op"))
    consented_on = date_field(
        _("Indiener stemde in op (alleen bij verder uitstel, artikel 7:10 lid 4 Awb)"),
        required=False,
    )
    reason = long_text_field(_("Reden"), max_length=MAX_TEXT)


class ExcuseForm(VersionForm):
    excuse = long_text_field(
        _("Waarom is de termijnoverschrijding verschoonbaar? (artikel 6:11 Awb)"),
        max_length=MAX_TEXT,
    )


class OutcomeForm(VersionForm):
    outcome = _choice(
        _("Uitkomst"),
        [("", _("Kies een uitkomst")), *ObjectionOutcome.choices],
        _("Kies een uitkomst."),
        _("Kies een uitkomst uit de lijst."),
    )
    decided_on = date_field(_("Datum beslissing op bezwaar"))
    reasoning = long_text_field(_("Motivering"), max_length=MAX_REASONING)
    follow_up = long_text_field(
        _("Vervolg (bijvoorbeeld het nieuwe besluit, optioneel)"),
        required=False,
        max_length=MAX_TEXT,
    )


class RepairRequestForm(VersionForm):
    requested_on = date_field(_("Datum verzoek om herstel"))
    until = date_field(_("Herstellen uiterlijk op"))
    what = long_text_field(
        _("Wat moet de indiener aanvullen? (artikel 6:5 en 6:6 Awb)"), max_length=MAX_TEXT
    )


class RepairEndForm(VersionForm):
    repaired_on = date_field(
        _("Hersteld op (leeg: de hersteltermijn is ongebruikt verstreken)"), required=False
    )


class NoticeForm(StrictForm):
    received_on = date_field(_("Ingebrekestelling ontvangen op"))
