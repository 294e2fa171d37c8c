"""Forms of the client's file: a note, an upload, a withdrawal. They parse input only: who may
write or read what is decided by the one access policy inside :mod:`samen.dossier.services`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common import codes
from samen.common.forms import (
    BoundedIntegerField,
    CodeChoiceField,
    Select,
    StrictForm,
    date_field,
    long_text_field,
    text_field,
    version_field,
)
from samen.dossier import models
from samen.organisation.forms import domain_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CATEGORY = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}")


def parse_category(raw: object) -> str:
    """A category of the selectielijst: numbers with dots, such as 8.3.1."""
    text = str(raw).strip() if isinstance(raw, str) else ""
    if len(text) > 20 or not CATEGORY.fullmatch(text):
        raise codes.InputError("Deze categorie bestaat uit cijfers en punten, zoals 8.3.1.")
    return text


def _levels() -> list[tuple[int, StrOrPromise]]:
    return list(Confidentiality.choices)


def confidentiality_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Vertrouwelijkheid"),
        choices=_levels,
        coerce=int,
        initial=Confidentiality.ZAAKVERTROUWELIJK,
        widget=Select(),
        error_messages={
            "required": _("Kies een vertrouwelijkheid."),
            "invalid_choice": _("Kies een vertrouwelijkheid uit de lijst."),
        },
    )


def case_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Zaak (optioneel)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        widget=Select(),
        help_text=_("Een zaak van deze persoon in hetzelfde domein."),
        error_messages={"invalid_choice": _("Kies een zaak van deze persoon uit de lijst.")},
    )


class _FileItemForm(StrictForm):
    """A note or an upload: the case can be chosen among the person's cases the user may
    read (``cases``: id and label)."""

    def __init__(self, *args: Any, cases: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("Geen zaak")), *cases]  # type: ignore[attr-defined]


class NoteForm(_FileItemForm):
    domain = domain_field(_("Domein"))
    case = case_field()
    on_date = date_field(_("Datum"))
    confidentiality = confidentiality_field()
    text = long_text_field(_("Notitie"), max_length=models.MAX_NOTE)
    corrects = BoundedIntegerField(
        required=False,
        min_value=1,
        max_value=codes.MAX_ID,
        widget=forms.HiddenInput(),
        error_messages={"invalid": _("Deze notitie is niet gevonden.")},
    )


class MaxSize:
    """The upload limit (``DOSSIER_MAX_UPLOAD_BYTES``), checked before anything is read."""

    def __call__(self, value: Any) -> None:
        limit = settings.DOSSIER_MAX_UPLOAD_BYTES
        if value is not None and value.size > limit:
            raise forms.ValidationError(
                _("Het bestand is te groot: hoogstens %(mb)s MB is toegestaan."),
                code="too_large",
                params={"mb": limit // (1024 * 1024)},
            )


class DocumentForm(_FileItemForm):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, PNG of JPEG."),
        max_length=200,
        validators=[MaxSize()],
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Dit is geen bestand; kies het opnieuw."),
            "max_length": _("De bestandsnaam is te lang (hoogstens %(max)d tekens)."),
        },
    )
    title = text_field(_("Titel"), max_length=models.MAX_TITLE)
    document_type = CodeChoiceField(
        parse=codes.parse_slug,
        label=_("Documenttype"),
        queryset=models.DocumentType.objects.select_related("retention_class"),
        to_field_name="code",
        empty_label=_("Kies een documenttype"),
        widget=Select(),
        error_messages={
            "required": _("Kies een documenttype."),
            "invalid_choice": _("Dit documenttype is onbekend."),
        },
    )
    retention_class = CodeChoiceField(
        parse=parse_category,
        label=_("Selectielijstcategorie (optioneel)"),
        help_text=_("Leeg: de categorie van het documenttype."),
        required=False,
        queryset=models.RetentionClass.objects.all(),
        to_field_name="code",
        empty_label=_("Die van het documenttype"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze categorie is onbekend.")},
    )
    domain = domain_field(_("Domein"))
    case = case_field()
    received_on = date_field(_("Ontvangen op"))
    confidentiality = confidentiality_field()


class WithdrawForm(StrictForm):
    reason = text_field(_("Reden van de intrekking"), max_length=models.MAX_REASON)
    version = version_field(_("Het formulier mist de versie van het document. Laad het opnieuw."))
