"""OpenAPI generation that follows the NLGov API Design Rules: every operation documents its
`API-Version` header and its `application/problem+json` errors (400 included, as the rules
ask), and the document has no trailing slashes."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

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


def nlgov_postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
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
