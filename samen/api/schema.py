"""OpenAPI generation that follows the NLGov API Design Rules: every operation documents its
`API-Version` header and its `application/problem+json` errors (400 included, as the rules
ask), and the document has no trailing slashes."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.serializers import ListSerializer

from samen.api.serializers import StrictSerializer
from samen.common import codes

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (Problem Details for HTTP APIs).",
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Soort fout."},
        "title": {"type": "string", "description": "Korte omschrijving van de soort fout."},
        "status": {"type": "integer", "description": "HTTP-statuscode."},
        "detail": {"type": "string", "description": "Uitleg voor deze fout, in het Nederlands."},
        "instance": {"type": "string", "description": "Het pad waarop de fout optrad."},
        "code": {"type": "string", "description": "Code van de fout."},
        "invalidParams": {
            "type": "array",
            "description": "De ongeldige velden.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "reason": {"type": "string"},
                    "code": {"type": "string"},
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

VERSION_HEADER = {
    "API-Version": {
        "description": "De volledige versie van de API (semver).",
        "schema": {"type": "string", "example": "1.0.0"},
    }
}

ERRORS = {
    "400": "Ongeldige invoer.",
    "401": "Niet ingelogd.",
    "403": "Geen toegang.",
    "404": "Niet gevonden.",
    "500": "Interne fout.",
}


def camel_case(name: str) -> str:
    """`gecontracteerde-taken_list` -> `gecontracteerdeTakenList`."""
    first, *rest = [part for part in re.split(r"[-_\s]+", name) if part]
    return first[:1].lower() + first[1:] + "".join(p[:1].upper() + p[1:] for p in rest)


PATH_PARAMETERS = {
    "cbsCode": "CBS-gemeentecode, bijvoorbeeld GM0935.",
    "code": "Code, bijvoorbeeld participatiewet.",
    "id": "Het id van de resource.",
}
# What the server enforces on parameters that no serializer describes: ids in the path, codes
# in the path (parsed by samen.common.codes), the If-Match header with a version.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": codes.MAX_ID}
PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "cbsCode": {"type": "string", "maxLength": 6, "pattern": "^[Gg][Mm][0-9]{4}$"},
    "code": {
        "type": "string",
        "maxLength": codes.MAX_SLUG,
        "pattern": "^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$",
    },
    "id": ID_SCHEMA,
    "besluitId": ID_SCHEMA,
    "If-Match": {
        "type": "string",
        "maxLength": 20,
        "pattern": '^(W/)?"?[0-9]{1,10}"?$',
    },
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation_id(self) -> str:
        return camel_case(super().get_operation_id())


class TokenOrBearerScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <key>` or `Authorization: Bearer <key>` (a personal API token,
    made with `samen token GEBRUIKERSNAAM`)."""

    target_class = "samen.api.authentication.BearerOrTokenAuthentication"
    name = ["tokenAuth", "bearerAuth"]

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[str]]]:
        return [{"tokenAuth": []}, {"bearerAuth": []}]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, str]]:
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Persoonlijk API-token met voorvoegsel `Token`, bijvoorbeeld "
                "`Token 0123abcd...`. Een token maakt u met `samen token GEBRUIKERSNAAM`.",
            },
            {
                "type": "http",
                "scheme": "bearer",
                "description": "Hetzelfde persoonlijke API-token, als `Bearer <token>`.",
            },
        ]


def _strict_components(generator: Any) -> set[str]:
    """Names of the components made from a StrictSerializer: they refuse unknown fields."""
    registry = getattr(generator, "registry", None)
    found = getattr(registry, "_components", {}) if registry is not None else {}
    names = set()
    for component in found.values():
        target = component.object
        if isinstance(target, ListSerializer):
            target = target.child
        if isinstance(target, StrictSerializer) or (
            isinstance(target, type) and issubclass(target, StrictSerializer)
        ):
            names.add(component.name)
    return names


def nlgov_postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    # What the server refuses is what the document forbids: no fields beyond the named ones.
    for name in _strict_components(generator):
        if schemas.get(name, {}).get("type") == "object":
            schemas[name]["additionalProperties"] = False
    schemas["Problem"] = PROBLEM_SCHEMA
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    headers = components.setdefault("headers", {})
    headers["API-Version"] = VERSION_HEADER["API-Version"]

    new_paths = {}
    for path, item in result.get("paths", {}).items():
        new_paths[path.rstrip("/") or "/"] = item
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and not parameter.get("description"):
                    parameter["description"] = PATH_PARAMETERS.get(
                        parameter["name"], "Identificatie van de resource."
                    )
                if parameter.get("in") in ("path", "header"):
                    bounded = PARAMETER_SCHEMAS.get(parameter["name"])
                    if bounded and parameter.get("schema", {}).get("type") == bounded["type"]:
                        parameter["schema"] = {**parameter["schema"], **bounded}
            responses = operation.setdefault("responses", {})
            for code, response in list(responses.items()):
                if not response.get("description"):
                    response["description"] = "Het gevraagde resultaat."
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
                elif code.startswith(("4", "5")):
                    response["content"] = {"application/problem+json": {"schema": problem_ref}}
            for code, description in ERRORS.items():
                if code == "404" and "{" not in path and method != "get":
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": problem_ref}},
                    },
                )
    result["paths"] = new_paths
    result.setdefault("tags", [])
    return result
