"""Query forms of the staff screens. They only parse and validate input: the answers come from
:mod:`samen.organisation.services`. Every form is submitted with GET, so a result has its own
address and works without JavaScript; htmx only replaces the result block in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.organisation import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATE_ERRORS = {
    "required": _("Vul een datum in."),
    "invalid": _("Vul een geldige datum in, bijvoorbeeld 27-01-2026."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "utrecht-textbox"})


class Select(forms.Select):
    def __init__(self) -> None:
        super().__init__(attrs={"class": "utrecht-select utrecht-select--html-select"})


def date_field(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )


class QueryForm(forms.Form):
    """A GET form: bound as soon as any of its fields is in the query string, with today as
    the initial date."""

    def __init__(self, query: dict | None = None, **kwargs: object) -> None:
        bound = query is not None and any(name in query for name in self.base_fields)
        super().__init__(query if bound else None, **kwargs)  # type: ignore[arg-type]
        self.fields["datum"].initial = timezone.localdate()


class ExecutesForm(QueryForm):
    """Voert samen dit uit? (municipality, domain, date)."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        empty_label=_("Kies een gemeente"),
        widget=Select(),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Deze gemeente is onbekend."),
        },
    )
    domein = forms.ModelChoiceField(
        label=_("Domein"),
        queryset=models.Domain.objects.all(),
        to_field_name="code",
        empty_label=_("Kies een domein"),
        widget=Select(),
        error_messages={
            "required": _("Kies een domein."),
            "invalid_choice": _("Dit domein is onbekend."),
        },
    )
    datum = date_field(_("Datum"))


class WhoMayDecideForm(QueryForm):
    """Wie mag besluiten? (municipality, decision type, date, optionally one employee)."""

    gemeente = forms.ModelChoiceField(
        label=_("Namens het college van"),
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        empty_label=_("Kies een gemeente"),
        widget=Select(),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Deze gemeente is onbekend."),
        },
    )
    besluittype = forms.ModelChoiceField(
        label=_("Besluittype"),
        queryset=models.DecisionType.objects.select_related("domain"),
        to_field_name="code",
        empty_label=_("Kies een besluittype"),
        widget=Select(),
        error_messages={
            "required": _("Kies een besluittype."),
            "invalid_choice": _("Dit besluittype is onbekend."),
        },
    )
    datum = date_field(_("Besluitdatum"))
    medewerker = forms.ModelChoiceField(
        label=_("Medewerker (optioneel)"),
        help_text=_("Laat leeg om iedereen te zien die mag besluiten."),
        queryset=models.Staff.objects.all(),
        to_field_name="employee_number",
        required=False,
        empty_label=_("Alle medewerkers"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze medewerker is onbekend.")},
    )


class MandateFilterForm(forms.Form):
    datum = date_field(_("Geldig op"), required=False)
