"""Issue 11 item 4: every page type carries the Content-Security-Policy: no inline scripts or
styles, no eval, no frames. The browser tests check the pages themselves keep to it
(tests/browser/conftest.py); here the header of each kind of answer."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.data import Org
from tests.web.pages import logged_in

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:  # noqa: ANN001
    header = response["Content-Security-Policy"]
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


@pytest.mark.parametrize(
    "url",
    ["/inloggen", "/", "/organisatie", "/bestaat-niet", "/beheer/login/", "/api/v1/gemeenten"],
)
def test_every_kind_of_page_carries_the_policy(org: Org, settings, url: str) -> None:  # noqa: ANN001
    settings.DEBUG = False  # error pages as in production
    response = logged_in(org.consulent_user).get(url)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_only_the_api_reference_page_allows_redocs_inline_styles(db: None) -> None:
    reference = directives(Client().get("/api/v1/documentatie"))
    assert reference["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in reference["style-src"] and reference["worker-src"] == ["blob:"]
    document = Client().get("/api/v1/openapi.json")
    assert "unsafe-inline" not in document["Content-Security-Policy"]
