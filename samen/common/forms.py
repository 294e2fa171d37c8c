"""What every app's screens use to read input: the same rules as the API's fields
(:mod:`samen.api.fields`), through the same parsers (:mod:`samen.common.codes`).

- :class:`StrictForm`: a form that is posted refuses fields it does not have (a field injected
  into the page is an error at the top of the form, and nothing is saved);
- :func:`text_validators`: no NUL or other control characters (line breaks only in a text
  area), so every text field refuses the same characters as the API;
- :class:`CodeChoiceField`: a choice by code whose code is parsed before it is looked up, so a
  NUL byte or a megabyte in a select is "unknown", never a database error;
- :class:`BoundedDateField`: dates between 1900 and 2099, as in the API;
- the fields and widgets every app's screens build their forms from: :func:`date_field`,
  :func:`text_field`, :func:`long_text_field`, :func:`bsn_field`, :func:`version_field`, the
  Utrecht :class:`DateInput` and :class:`Select`, :class:`PagedForm` for a search with pages,
  and :func:`add_service_errors` to show a service's refusal on the form.

The fields that choose a municipality or a domain live with their tables, in
:mod:`samen.organisation.forms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.common import codes
from samen.common.validators import validate_bsn

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
# Fields every posted form may carry besides its own: the CSRF token and a return address.
ALWAYS_ALLOWED = frozenset({"csrfmiddlewaretoken", "next"})


class StrictForm(forms.Form):
    """A posted form that refuses keys it does not know."""

    allowed_extra: frozenset[str] = frozenset()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {self.add_prefix(name) for name in self.fields} | ALWAYS_ALLOWED
        for key in sorted(set(self.data) - known - self.allowed_extra):
            shown = key if len(key) <= 40 and key.isprintable() else _("(onleesbaar)")
            self.add_error(
                None,
                ValidationError(
                    _("Het formulier bevat een onbekend veld: %(name)s. Laad de pagina opnieuw."),
                    code="unknown_field",
                    params={"name": shown},
                ),
            )
        return data


class _TextCheck:
    """A validator with the shared text rules; ``multiline`` allows line breaks."""

    def __init__(self, max_length: int, *, multiline: bool) -> None:
        self.max_length = max_length
        self.multiline = multiline

    def __call__(self, value: str) -> None:
        try:
            codes.check_text(value, max_length=self.max_length, multiline=self.multiline)
        except codes.InputError as error:
            raise ValidationError(str(error), code=error.code) from error

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _TextCheck) and (self.max_length, self.multiline) == (
            other.max_length,
            other.multiline,
        )

    def __hash__(self) -> int:
        return hash((self.max_length, self.multiline))


def text_validators(max_length: int, *, multiline: bool = False) -> list[Callable[[str], None]]:
    return [_TextCheck(max_length, multiline=multiline)]


class CodeChoiceField(forms.ModelChoiceField):
    """A model chosen by a code (``to_field_name``); ``parse`` is one of the shared parsers.
    A value it refuses is answered with the field's own ``invalid_choice`` message."""

    def __init__(self, *args: Any, parse: Callable[[object], str], **kwargs: Any) -> None:
        self.parse = parse
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            value = self.parse(value)
        except codes.InputError as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error
        return super().to_python(value)


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several models chosen by code (checkboxes); every code is parsed before the lookup, and
    at most ``max_choices`` are accepted, so a flood of values is an error, not a query."""

    def __init__(
        self, *args: Any, parse: Callable[[object], str], max_choices: int = 500, **kwargs: Any
    ) -> None:
        self.parse = parse
        self.max_choices = max_choices
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        if value in self.empty_values:
            return super().clean(value)
        if not isinstance(value, list | tuple) or len(value) > self.max_choices:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        parsed = []
        for item in value:
            try:
                parsed.append(self.parse(item))
            except codes.InputError as error:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": "?"},
                ) from error
        return super().clean(parsed)


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2099: date arithmetic on it cannot overflow."""

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(
                _("Vul een datum tussen %(from)s en %(until)s in."),
                code="out_of_range",
                params={"from": EARLIEST_DATE.year, "until": LATEST_DATE.year},
            )
        return day


class BoundedIntegerField(forms.IntegerField):
    """A whole number with both bounds (a page number, a version), so it never reaches a
    query as a number the database cannot hold."""

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


# ---------------------------------------------------------------------------------------------
# The fields and widgets of every app's screens (NL Design System classes, Dutch messages)
# ---------------------------------------------------------------------------------------------
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
    return BoundedDateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )


def text_field(
    label: StrOrPromise, *, max_length: int, required: bool = True, **kwargs: object
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=text_validators(max_length),
        error_messages={
            "required": _("Vul dit veld in."),
            "max_length": _("Maximaal %(limit_value)d tekens."),
        },
        **kwargs,  # type: ignore[arg-type]
    )


def long_text_field(
    label: StrOrPromise, *, max_length: int, required: bool = True
) -> forms.CharField:
    """A text area; ``max_length`` is the owning app's limit (a note, a motivering)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        validators=text_validators(max_length, multiline=True),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Vul dit veld in."),
            "max_length": _("Maximaal %(limit_value)d tekens."),
        },
    )


def bsn_field(label: StrOrPromise, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=9,
        min_length=9,
        validators=[validate_bsn],
        help_text=_("Negen cijfers."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Vul het BSN in."),
            "min_length": _("Een BSN bestaat uit negen cijfers."),
            "max_length": _("Een BSN bestaat uit negen cijfers."),
        },
    )


def version_field(missing: StrOrPromise) -> forms.IntegerField:
    """The hidden version the user saw (optimistic locking); ``missing`` when it is absent
    or not a positive number."""
    return BoundedIntegerField(
        widget=forms.HiddenInput(),
        min_value=1,
        max_value=codes.MAX_VERSION,
        error_messages={
            "required": missing,
            "invalid": missing,
            "min_value": missing,
            "max_value": missing,
        },
    )


class PagedForm(forms.Form):
    """A search form with a page number (hidden); a bad page number is a form error."""

    pagina = BoundedIntegerField(
        required=False,
        min_value=1,
        max_value=codes.MAX_PAGE,
        widget=forms.HiddenInput(),
        error_messages={
            "invalid": _("Dit paginanummer bestaat niet."),
            "min_value": _("Dit paginanummer bestaat niet."),
            "max_value": _("Dit paginanummer bestaat niet."),
        },
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        errors = self.errors  # the field errors, already collected
        if "pagina" in errors:
            self.add_error(None, list(errors.pop("pagina")))
        return data


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: a field's message next to that field
    (``field_map`` translates the service's names to the form's), anything else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = (field_map or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)
