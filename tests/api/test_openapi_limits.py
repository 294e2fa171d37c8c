"""Issue 10: the OpenAPI document says what the server enforces. Every text a client sends has
a maxLength (or is a date, an amount or a choice), every number a minimum and a maximum, every
list a maxItems, every request object refuses fields it does not name, and every parameter in
a path or header is bounded too. Because the document is generated from the same fields that
validate, a gap here is a gap in the validation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers
from rest_framework.test import APIClient

from samen.api import fields
from samen.api.serializers import StrictSerializer

OPERATIONS = ("get", "post", "patch", "put", "delete")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _gaps(schema: dict[str, Any], where: str, components: dict[str, Any], seen: set[str]) -> list:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _gaps(components[name], name, components, seen)
    gaps: list[str] = []
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            gaps += _gaps(sub, where, components, seen)
    kind = schema.get("type")
    if kind == "object":
        if schema.get("properties") and schema.get("additionalProperties") is not False:
            gaps.append(f"{where}: object without additionalProperties: false")
        for name, sub in schema.get("properties", {}).items():
            if not sub.get("readOnly"):
                gaps += _gaps(sub, f"{where}.{name}", components, seen)
    elif kind == "array":
        if "maxItems" not in schema:
            gaps.append(f"{where}: array without maxItems")
        gaps += _gaps(schema.get("items", {}), f"{where}[]", components, seen)
    elif kind == "string":
        free = "enum" not in schema and schema.get("format") not in ("date", "decimal")
        if free and "maxLength" not in schema:
            gaps.append(f"{where}: string without maxLength")
    elif kind in ("integer", "number") and not ("minimum" in schema and "maximum" in schema):
        gaps.append(f"{where}: {kind} without minimum and maximum")
    return gaps


def test_every_input_in_the_document_is_bounded(db: None, document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    gaps: list[str] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in OPERATIONS:
                continue
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} {parameter['in']} {parameter['name']}"
                gaps += _gaps(parameter.get("schema", {}), where, components, set())
            for content in operation.get("requestBody", {}).get("content", {}).values():
                gaps += _gaps(content["schema"], f"{method.upper()} {path} body", components, set())
    assert gaps == []


def test_limits_in_the_document_are_the_ones_the_server_applies(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    decision = schemas["BesluitNieuwRequest"]["properties"]
    assert decision["motivering"]["maxLength"] == 10_000
    assert "If-Match" in decision["versie"]["description"]
    assert decision["versie"]["maximum"] == 2**31 - 1
    months = schemas["BijstandsberekeningVraagRequest"]["properties"]["vrijlatingGebruiktMaanden"]
    assert (months["minimum"], months["maximum"]) == (0, 120)
    address = schemas["AdresInvoerRequest"]["properties"]
    assert address["gemeente"]["pattern"] == "^[Gg][Mm][0-9]{4}$"
    pages = {
        p["name"]: p["schema"]
        for p in document["paths"]["/zaken"]["get"]["parameters"]
        if p["name"].startswith("pagina")
    }
    assert pages["pagina"]["maximum"] == 1_000_000
    assert pages["paginaGrootte"] == {"type": "integer", "minimum": 1, "maximum": 500}


def test_an_unbounded_request_field_is_refused_when_the_serializer_is_built() -> None:
    class Loose(StrictSerializer):
        text = serializers.CharField()

    class Counted(StrictSerializer):
        count = serializers.IntegerField(min_value=0)

    class Listed(StrictSerializer):
        names = serializers.ListField(child=fields.TextField(max_length=10))

    for serializer in (Loose, Counted, Listed):
        with pytest.raises(ImproperlyConfigured):
            serializer().fields  # noqa: B018
