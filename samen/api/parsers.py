"""The API's JSON parser: strict, bounded and Dutch.

DRF's own parser answers in English ("JSON parse error - Expecting value ..."), accepts
``NaN`` and ``Infinity`` as numbers, turns ``1e999`` into an infinite float, lets a
5,000-digit integer or a deeply nested array raise deep inside Python (a 500), and reads a
body of any size. This one refuses each of those with a 400 (413 for size) that says in Dutch
what is wrong and where (line and column), reads numbers with a fraction as ``Decimal``
(money is never a float) and refuses a key that occurs twice in one object.
"""

from __future__ import annotations

import codecs
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from rest_framework import exceptions, renderers, status
from rest_framework.parsers import BaseParser

# Python's own messages of json.JSONDecodeError -> Dutch.
JSON_MESSAGES = {
    "Expecting value": "hier wordt een waarde verwacht",
    "Expecting property name enclosed in double quotes": (
        "hier wordt een veldnaam tussen dubbele aanhalingstekens verwacht"
    ),
    "Expecting ':' delimiter": "hier wordt een dubbele punt (:) verwacht",
    "Expecting ',' delimiter": "hier wordt een komma verwacht",
    "Extra data": "na het einde van de JSON staat nog iets",
    "Unterminated string starting at": "een tekst wordt niet afgesloten",
    "Invalid control character at": "een tekst bevat een stuurteken; schrijf het als \\uXXXX",
    "Invalid \\escape": "ongeldige escape (\\) in een tekst",
    "Invalid \\uXXXX escape": "ongeldige \\uXXXX-escape in een tekst",
}
MAX_NUMBER_DIGITS = 40


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class InvalidJson(exceptions.ParseError):
    default_code = "invalid_json"


def _number(text: str) -> Any:
    if len(text) > MAX_NUMBER_DIGITS:
        raise InvalidJson(
            f"Een getal in de JSON is te lang (hoogstens {MAX_NUMBER_DIGITS} tekens)."
        )
    return text


def _parse_int(text: str) -> int:
    return int(_number(text))


def _parse_float(text: str) -> Decimal:
    try:
        value = Decimal(_number(text))
    except InvalidOperation as error:  # pragma: no cover - json only passes valid numbers
        raise InvalidJson("Ongeldig getal in de JSON.") from error
    if not value.is_finite() or abs(value.adjusted()) > MAX_NUMBER_DIGITS:
        raise InvalidJson("Een getal in de JSON is te groot of te klein.")
    return value


def _refuse_constant(name: str) -> Any:
    raise InvalidJson(f"{name} is geen getal in JSON; geef een gewoon getal of null.")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidJson(f"Het veld {key!r} staat twee keer in hetzelfde object.")
        result[key] = value
    return result


def _dutch(error: json.JSONDecodeError) -> str:
    reason = next(
        (dutch for english, dutch in JSON_MESSAGES.items() if error.msg.startswith(english)),
        "dit is geen geldige JSON",
    )
    return f"Ongeldige JSON op regel {error.lineno}, kolom {error.colno}: {reason}."


class JSONParser(BaseParser):
    media_type = "application/json"
    renderer_class = renderers.JSONRenderer

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(
                f"Het verzoek is te groot: hoogstens {limit // 1024} kB aan gegevens."
            )
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            known = codecs.lookup(encoding).name
        except LookupError:
            known = ""
        if known != "utf-8":
            raise exceptions.UnsupportedMediaType(
                media_type or "", detail="Stuur JSON in UTF-8 (charset=utf-8)."
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidJson(
                f"De gegevens zijn geen geldige UTF-8 (byte {error.start + 1})."
            ) from error
        try:
            return json.loads(
                text,
                parse_int=_parse_int,
                parse_float=_parse_float,
                parse_constant=_refuse_constant,
                object_pairs_hook=_object,
            )
        except json.JSONDecodeError as error:
            raise InvalidJson(_dutch(error)) from error
        except RecursionError as error:
            raise InvalidJson("De JSON is te diep genest.") from error
