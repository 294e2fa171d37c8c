"""The one base for every serializer that reads a request (body or query string).

:class:`StrictSerializer`
- refuses fields it does not know, at every depth (``adres.land``), so a misspelled key is a
  400 naming it instead of being dropped while the rest is saved;
- answers in Dutch: DRF's own messages ("Not a valid string.", "This field is required.")
  are replaced by the ones below wherever a field did not set its own;
- refuses, when the serializer is built, a text, number, date or list without a bound, so
  that no endpoint can accept a megabyte of text or a count of 10^20, and the OpenAPI
  document (which is generated from the same fields) states every limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from rest_framework import fields as drf_fields
from rest_framework import serializers

from samen.api import fields

# Dutch messages per DRF error code, for every field type a request serializer uses. The
# placeholders are DRF's own ({max_length}, {input}, ...).
MESSAGES: dict[str, str] = {
    "required": "Dit veld is vereist.",
    "null": "Dit gegeven mag niet leeg (null) zijn.",
    "blank": "Vul dit gegeven in.",
    "max_length": "Gebruik hoogstens {max_length} tekens.",
    "min_length": "Gebruik ten minste {min_length} tekens.",
    "max_value": "Geef een waarde van hoogstens {max_value}.",
    "min_value": "Geef een waarde van ten minste {min_value}.",
    "max_string_length": "Dit getal is te lang.",
    "max_digits": "Gebruik hoogstens {max_digits} cijfers.",
    "max_decimal_places": "Gebruik hoogstens {max_decimal_places} cijfers achter de komma.",
    "max_whole_digits": "Gebruik hoogstens {max_whole_digits} cijfers voor de komma.",
    "invalid_choice": "Onbekende waarde: {input}.",
    "not_a_list": "Geef een lijst.",
    "not_a_dict": "Geef een object.",
    "empty": "De lijst mag niet leeg zijn.",
    "does_not_exist": "Onbekende waarde: {value}.",
    "incorrect_type": "Geef een tekst.",
    "date": "Geef een datum zonder tijd.",
}
# The message for "invalid" depends on what was expected.
INVALID: list[tuple[type[drf_fields.Field], str]] = [
    (serializers.BooleanField, "Geef true of false."),
    (serializers.IntegerField, "Geef een geheel getal."),
    (serializers.DecimalField, "Geef een getal met hoogstens twee cijfers achter de punt."),
    (serializers.DateField, "Ongeldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-01."),
    (serializers.RegexField, "Deze waarde heeft niet de goede vorm."),
    (serializers.CharField, "Geef een tekst."),
    (serializers.BaseSerializer, "Geef een object met de gegevens, geen {datatype}."),
]
LIST_MESSAGES = {
    "max_length": "Geef hoogstens {max_length} items.",
    "min_length": "Geef ten minste {min_length} items.",
    "not_a_list": "Geef een lijst, geen {input_type}.",
    "empty": "De lijst mag niet leeg zijn.",
}
UNKNOWN_FIELD = "Onbekend veld."


def _class_defaults(field: drf_fields.Field) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def dutch_messages(field: drf_fields.Field) -> None:
    """Replace DRF's default messages of ``field`` (not the ones it was given) by Dutch."""
    defaults = _class_defaults(field)
    is_list = isinstance(field, serializers.ListSerializer | serializers.ListField)
    for code, message in list(field.error_messages.items()):
        if defaults.get(code) is not message:
            continue  # the field's own message
        if is_list and code in LIST_MESSAGES:
            field.error_messages[code] = LIST_MESSAGES[code]
        elif code == "invalid":
            for kind, text in INVALID:
                if isinstance(field, kind):
                    field.error_messages[code] = text
                    break
        elif code in MESSAGES:
            field.error_messages[code] = MESSAGES[code]


def _max_items(field: serializers.ListSerializer) -> int | None:
    limit: int | None = getattr(field, "max_length", None)
    return limit


def _check_bounded(owner: str, name: str, field: drf_fields.Field) -> None:
    """A request field without a limit is a programming error: say so when it is built."""
    if field.read_only:
        return
    problem = ""
    if isinstance(field, serializers.CharField) and not isinstance(
        field, fields.TextField | fields.CodeField | serializers.ChoiceField
    ):
        problem = "use fields.TextField (max_length) or a CodeField for text"
    elif isinstance(field, serializers.IntegerField) and (
        field.min_value is None or field.max_value is None
    ):
        problem = "an IntegerField needs min_value and max_value"
    elif isinstance(field, serializers.DateField) and not isinstance(field, fields.DateField):
        problem = "use fields.DateField (bounded years)"
    elif isinstance(field, serializers.ListSerializer) and _max_items(field) is None:
        problem = "a list (many=True) needs max_length"
    elif isinstance(field, serializers.ListField) and field.max_length is None:
        problem = "a ListField needs max_length"
    elif isinstance(field, serializers.FloatField):
        problem = "use DecimalField, never floats"
    elif isinstance(field, serializers.RelatedField | serializers.ManyRelatedField):
        problem = "use a CodeField: codes are parsed by samen.common.codes before a lookup"
    elif isinstance(field, serializers.BooleanField) and not isinstance(
        field, fields.StrictBooleanField
    ):
        problem = "use fields.StrictBooleanField (only true and false)"
    elif isinstance(field, serializers.BaseSerializer) and not isinstance(
        field.child if isinstance(field, serializers.ListSerializer) else field, StrictSerializer
    ):
        problem = "a nested serializer must be a StrictSerializer"
    if problem:
        raise ImproperlyConfigured(f"{owner}.{name}: {problem}")


class StrictSerializer(serializers.Serializer):
    """Base of every request serializer: unknown fields refused, Dutch messages, bounds."""

    # Query keys that the view reads itself (paging); not refused as unknown.
    allowed_extra: frozenset[str] = frozenset()
    unknown_message = UNKNOWN_FIELD

    def get_fields(self) -> dict[str, drf_fields.Field]:
        found = super().get_fields()
        for name, field in found.items():
            _check_bounded(type(self).__name__, name, field)
            dutch_messages(field)
            child = getattr(field, "child", None)
            if isinstance(field, serializers.ListSerializer | serializers.ListField) and child:
                dutch_messages(child)
            limit = _max_items(field) if isinstance(field, serializers.ListSerializer) else None
            if limit is not None:
                # DRF checks the length itself; the validator makes the OpenAPI document say
                # maxItems, as it does for a ListField.
                field.validators = [*field.validators, MaxLengthValidator(limit)]
        return found

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dutch_messages(self)

    def _unknown(self, data: Mapping[str, Any]) -> dict[str, list[str]]:
        known = {name for name, field in self.fields.items() if not field.read_only}
        return {
            str(key): [self.unknown_message]
            for key in data
            if key not in known and key not in self.allowed_extra
        }

    def to_internal_value(self, data: Any) -> Any:
        unknown = self._unknown(data) if isinstance(data, Mapping) else {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**unknown, **error.detail}) from error
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class QuerySerializer(StrictSerializer):
    """The query string of a list: ``pagina`` and ``paginaGrootte`` are the paginator's."""

    allowed_extra = frozenset({"pagina", "paginaGrootte"})
