"""Logging in through the municipality's identity provider in a real browser (Chromium), against
the local OpenID Connect provider (tests/oidc/provider.mjs), and out again. samen's own pages
are checked by axe-core and against the Content-Security-Policy, whose form-action must let the
logout go on to the provider; the provider's pages are its own."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AccessiblePage
from tests.oidc.provider import Provider, running_provider
from tests.web.data import Org, build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def org(transactional_db) -> Org:  # noqa: ANN001
    return build()


@pytest.fixture
def provider(live_server, settings) -> Iterator[Provider]:  # noqa: ANN001
    accounts = {"bram": {"personeelsnummer": "T0002"}, "nieuw": {"personeelsnummer": "N0001"}}
    with running_provider(live_server.url, accounts) as running:
        for name, value in running.samen_settings().items():
            setattr(settings, name, value)
        yield running


def log_in_at_provider(ui: AccessiblePage, login: str) -> None:
    page = ui.page
    page.get_by_role("link", name="Inloggen via Gemeente Testdorp").click()
    page.wait_for_url(re.compile(r".*/interaction/.*"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("wat-dan-ook")
    page.locator("button[type=submit]").click()


def test_login_and_logout_through_the_identity_provider(
    ui: AccessiblePage,
    org: Org,
    provider: Provider,
    live_server,  # noqa: ANN001
) -> None:
    ui.goto("/inloggen")
    log_in_at_provider(ui, "bram")
    ui.page.wait_for_url(f"{live_server.url}/")
    ui.check_accessibility()
    expect(ui.page.get_by_role("heading", level=1)).to_have_text("Welkom, Bram Vliegen")

    ui.page.get_by_role("button", name="Uitloggen").click()
    ui.page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/session/end.*"))
    ui.page.locator("button[name=logout][value=yes]").click()
    ui.page.wait_for_url(f"{live_server.url}/inloggen?uitgelogd")
    ui.check_accessibility()
    expect(ui.page.get_by_role("status")).to_contain_text("U bent uitgelogd.")

    ui.goto("/")
    expect(ui.page).to_have_url(re.compile(r".*/inloggen\?next=/$"))


def test_an_unknown_employee_sees_why_there_is_no_access(
    ui: AccessiblePage,
    org: Org,
    provider: Provider,
    live_server,  # noqa: ANN001
) -> None:
    ui.goto("/inloggen")
    log_in_at_provider(ui, "nieuw")
    ui.page.wait_for_url(f"{live_server.url}/inloggen/geweigerd")
    ui.check_accessibility()
    expect(ui.page.locator("main")).to_contain_text(
        "samen kent geen actieve medewerker met personeelsnummer N0001"
    )
