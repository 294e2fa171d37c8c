"""What every app's screens use to read input: the same rules as the API's fields
(:mod:`samen.api.fields`), through the same parsers (:mod:`samen.common.codes`).

- :class:`StrictForm`: a form that is posted refuses fields it does not have (a field injected
  into the page is an error at the top of the form, and nothing is saved);
- :func:`text_validators`: no NUL or other control characters (line breaks only in a text
  area), so every text field refuses the same characters as the API;
- :class:`CodeChoiceField`: a choice by code whose code is parsed before it is looked up, so a
  NUL byte or a megabyte in a select is "unknown", never a database error;
- :class:`BoundedDateField`: dates between 1900 and 2099, as in the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.common import codes

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
