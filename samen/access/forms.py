"""Forms of the supervision screens (the audit trail). They parse input only: whether the
actor may read the audit trail is decided inside :mod:`samen.access.services`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.access.models import AuditEntry
from samen.access.services import AuditFilters
from samen.common import codes
from samen.common.forms import (
    CodeChoiceField,
    PagedForm,
    Select,
    bsn_field,
    date_field,
    text_validators,
)
from samen.organisation import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _action_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Alle handelingen")), *AuditEntry.Kind.choices]


class AuditSearchForm(PagedForm):
    """Search the audit trail. Bound as soon as any filter is in the query string."""

    bsn = bsn_field(_("BSN betrokkene"), required=False)
    gebruiker = forms.CharField(
        label=_("Gebruiker"),
        help_text=_("Naam (of een deel daarvan) of gebruiker-id."),
        required=False,
        max_length=150,
        validators=text_validators(150),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )
    gemeente = CodeChoiceField(
        parse=codes.parse_cbs_code,
        label=_("Namens gemeente"),
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        required=False,
        empty_label=_("Alle gemeenten"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze gemeente is onbekend.")},
    )
    vanaf = date_field(_("Vanaf"), required=False)
    tot = date_field(_("Tot en met"), required=False)
    handeling = forms.ChoiceField(
        label=_("Handeling"),
        choices=_action_choices,
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Deze handeling is onbekend.")},
    )

    FILTERS = ("bsn", "gebruiker", "gemeente", "vanaf", "tot", "handeling")

    def __init__(self, query: dict | None = None, **kwargs: object) -> None:
        bound = query is not None and any(name in query for name in self.FILTERS)
        super().__init__(query if bound else None, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("vanaf"), data.get("tot")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        municipality = data.get("gemeente")
        return AuditFilters(
            bsn=data.get("bsn") or "",
            actor=data.get("gebruiker") or "",
            municipality_code=municipality.cbs_code if municipality else "",
            date_from=data.get("vanaf"),
            date_until=data.get("tot"),
            action=data.get("handeling") or "",
        )
