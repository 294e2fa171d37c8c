"""The API's fields for values from outside: every code, id, date, version and free text a
client sends is read by one of these, which call the shared parsers of
:mod:`samen.common.codes`. So a NUL byte, a number beyond the database's range or a text of a
megabyte is a 400 naming the field, the same in every endpoint, and the OpenAPI document
states the limits (``maxLength``, ``minimum``, ``maximum``, ``pattern``) that the server
enforces.

:class:`samen.api.serializers.StrictSerializer` refuses a request serializer whose text,
number, date or list field is not bounded, so a new endpoint cannot forget a limit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers

from samen.common import codes
from samen.common.codes import InputError

# Dates before or after these are refused: no birth date, decision or payment month lies
# outside them, and date arithmetic (terms, age, months) cannot overflow within them.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


def _fail(error: InputError) -> serializers.ValidationError:
    return serializers.ValidationError(str(error), code=error.code)


def path_code(kwargs: dict[str, Any], name: str, parse: Callable[[object], str]) -> str:
    """A code in the path, parsed by the shared parser; a malformed one is a 400 naming the
    path parameter (a well-formed code that does not exist stays a 404)."""
    try:
        return parse(kwargs[name])
    except InputError as error:
        raise serializers.ValidationError({name: [str(error)]}) from error


class TextField(serializers.CharField):
    """Free text with a maximum length (required), without NUL or other control characters;
    ``multiline`` allows line breaks and tabs (a motivering, a reason)."""

    def __init__(self, *, max_length: int, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        self.limit = max_length
        self.multiline = multiline
        # DRF's NUL and surrogate validators answer in English and run after the value was
        # accepted; the shared check below covers both, in Dutch, before anything else.
        self.validators = [
            v for v in self.validators if not type(v).__name__.startswith("Prohibit")
        ]

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return codes.check_text(value, max_length=self.limit, multiline=self.multiline)
        except InputError as error:
            raise _fail(error) from error


class CodeField(serializers.CharField):
    """A code parsed by one of the shared parsers (``parse``); the value is the normalised
    code. Whether it exists is for the view or the service (or a subclass) to decide."""

    pattern = ""

    def __init__(
        self, parse: Callable[[object], str], *, max_length: int, pattern: str, **kwargs: Any
    ) -> None:
        self.parse = parse
        self.pattern = pattern
        own = list(kwargs.pop("validators", []))
        super().__init__(max_length=max_length, **kwargs)
        # The parser checks length and characters; a lookup field's value is an object, which
        # DRF's length validators cannot measure. Only the caller's own validators run.
        self.validators = own

    def to_internal_value(self, data: Any) -> Any:
        try:
            return self.parse(data)
        except InputError as error:
            raise _fail(error) from error


def cbs_code_field(**kwargs: Any) -> CodeField:
    kwargs.setdefault("help_text", "CBS-gemeentecode, bijvoorbeeld GM0935.")
    return CodeField(codes.parse_cbs_code, max_length=6, pattern=r"^[Gg][Mm][0-9]{4}$", **kwargs)


def slug_code_field(what: str = "De code", **kwargs: Any) -> CodeField:
    return CodeField(
        lambda raw: codes.parse_slug(raw, what=what),
        max_length=codes.MAX_SLUG,
        pattern=r"^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$",
        **kwargs,
    )


def bsn_field(**kwargs: Any) -> CodeField:
    return CodeField(codes.parse_bsn_shape, max_length=9, pattern=r"^[0-9]{9}$", **kwargs)


class BoundedIntegerField(serializers.IntegerField):
    """A whole number within [min_value, max_value] (both required), parsed by the shared
    parser: ``10^20`` is a 400, never a database error."""

    def __init__(self, *, min_value: int, max_value: int, what: str = "Dit getal", **kw: Any):
        super().__init__(min_value=min_value, max_value=max_value, **kw)
        self.bounds = (min_value, max_value)
        self.what = what

    def to_internal_value(self, data: Any) -> int:
        try:
            return codes.parse_int(
                data, minimum=self.bounds[0], maximum=self.bounds[1], what=self.what
            )
        except InputError as error:
            raise _fail(error) from error


def id_field(what: str = "Het id", **kwargs: Any) -> BoundedIntegerField:
    return BoundedIntegerField(min_value=1, max_value=codes.MAX_ID, what=what, **kwargs)


def version_field(help_text: str, **kwargs: Any) -> BoundedIntegerField:
    """``versie`` for optimistic locking. A version that cannot exist is a 400, not a 412."""
    kwargs.setdefault("required", False)
    return BoundedIntegerField(
        min_value=1,
        max_value=codes.MAX_VERSION,
        what="De versie",
        help_text=f"{help_text} Verplicht als u geen If-Match-header meegeeft; staan beide er, "
        "dan moeten ze gelijk zijn.",
        **kwargs,
    )


VERSION_IN_HEADER = re.compile(r'^\s*(?:W/)?"?([0-9]+)"?\s*$')


def expected_version(request: Any, in_body: int | None) -> int:
    """The version the client saw, from the body's ``versie`` or the ``If-Match`` header
    (ETag form ``"3"``); both given must agree; none given, or a version that cannot exist,
    is a 400 naming the field."""
    header = request.headers.get("If-Match")
    in_header = None
    if header is not None:  # an empty If-Match is no version either
        match = VERSION_IN_HEADER.match(header)
        if match is None:
            raise serializers.ValidationError(
                {"If-Match": ['Geef de versie als getal, bijvoorbeeld "3".']}
            )
        try:
            in_header = codes.parse_int(
                match.group(1), minimum=1, maximum=codes.MAX_VERSION, what="De versie"
            )
        except InputError as error:
            raise serializers.ValidationError({"If-Match": [str(error)]}) from error
    if in_body is not None and in_header is not None and in_body != in_header:
        raise serializers.ValidationError(
            {"versie": ["De versie in het veld versie en in If-Match verschillen."]}
        )
    version = in_body if in_body is not None else in_header
    if version is None:
        raise serializers.ValidationError(
            {"versie": ["Geef de versie mee die u heeft gezien (veld versie of If-Match)."]}
        )
    return version


class DateField(serializers.DateField):
    """A date (JJJJ-MM-DD) between 1900 and 2099, with a Dutch message and example."""

    def __init__(self, example: str = "2026-03-01", **kwargs: Any) -> None:
        self.example = example
        limits = f"Van {EARLIEST_DATE.isoformat()} tot en met {LATEST_DATE.isoformat()}."
        kwargs["help_text"] = f"{kwargs.get('help_text') or 'Datum (JJJJ-MM-DD).'} {limits}"
        messages: dict[str, Any] = {
            "invalid": f"Ongeldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld {example}.",
            "datetime": f"Geef een datum zonder tijd, bijvoorbeeld {example}.",
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        if not isinstance(value, str | dt.date):
            self.fail("invalid")
        day = super().to_internal_value(value)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise serializers.ValidationError(
                f"Deze datum ligt buiten {EARLIEST_DATE.year}-{LATEST_DATE.year}.",
                code="out_of_range",
            )
        return day


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
        "maxLength": 5,
        "example": "10:30",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day without a timezone (UU:MM, local time), with a Dutch message; in the
    OpenAPI document a bounded string, as the NLGov rules want a time without a zone."""

    def __init__(self, **kwargs: Any) -> None:
        messages: dict[str, Any] = {
            "invalid": "Ongeldig tijdstip: gebruik UU:MM, bijvoorbeeld 10:30."
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(format="%H:%M", input_formats=["%H:%M"], error_messages=messages, **kwargs)

    def to_internal_value(self, value: Any) -> dt.time:
        if not isinstance(value, str) or len(value) > 5:
            self.fail("invalid")
        return super().to_internal_value(value)


class StrictBooleanField(serializers.BooleanField):
    """Only the JSON values true and false; DRF's own field also takes "ja"-like strings and
    numbers such as 1, which hide mistakes in a client."""

    default_error_messages = {"invalid": "Geef true of false."}

    def to_internal_value(self, data: Any) -> bool:
        if data is True or data is False:
            return data
        self.fail("invalid")


class QueryBooleanField(StrictBooleanField):
    """A yes/no in the query string: only ``true`` and ``false`` (a query string has no JSON
    values, so :class:`StrictBooleanField` would refuse every value there)."""

    def to_internal_value(self, data: Any) -> bool:
        if data in ("true", "false"):
            return data == "true"
        self.fail("invalid")


class CodeFieldExtension(OpenApiSerializerFieldExtension):
    """Codes are documented as strings with their length and shape."""

    target_class = "samen.api.fields.CodeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = build_basic_type(OpenApiTypes.STR)
        assert schema is not None
        schema["maxLength"] = self.target.max_length
        schema["pattern"] = self.target.pattern
        return schema


def versioned_body(
    request: Any, serializer: type[serializers.Serializer]
) -> tuple[dict[str, Any], int]:
    """A versioned write's body, validated by ``serializer``, and the version the client saw
    (its ``versie`` field or ``If-Match``, see :func:`expected_version`); the one helper of
    every viewset whose actions carry a version."""
    body = serializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = dict(body.validated_data)
    return data, expected_version(request, data.pop("versie", None))


def if_match(description: str) -> Any:
    """The optional ``If-Match`` header of a versioned write, as the OpenAPI document shows
    it (read by :func:`expected_version`)."""
    from drf_spectacular.types import OpenApiTypes

    return OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=False,
        description=description,
    )
