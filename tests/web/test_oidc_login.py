"""Issue 11 item 3: staff log in through the municipality's identity provider (OpenID Connect,
mozilla-django-oidc) against a real provider running locally (npm ``oidc-provider``,
tests/oidc/provider.mjs), over HTTP, as a browser would: the provider says who the employee
is (the staff-number claim); what they may do comes only from samen. An employee samen does
not know gets no access and a clear message; logging out ends the session at the provider as
well."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from tests.oidc.provider import Provider, running_provider
from tests.web.data import PASSWORD, Org, build

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS = {
    # login at the provider -> the claims it gives
    "bram": {"personeelsnummer": "T0002", "name": "Iemand Anders", "groups": "beheerders"},
    "onbekend": {"personeelsnummer": "X9999"},
    "olga": {"personeelsnummer": "T0003"},
    # "zonderclaim": no personeelsnummer at all
}


@pytest.fixture
def org(transactional_db) -> Org:  # noqa: ANN001
    return build()


@pytest.fixture
def provider(live_server, settings) -> Iterator[Provider]:  # noqa: ANN001
    with running_provider(live_server.url, ACCOUNTS) as running:
        for name, value in running.samen_settings().items():
            setattr(settings, name, value)
        yield running


def page_text(response: requests.Response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.text, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def form(response: requests.Response, action_part: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the first form whose action contains ``action_part``."""
    for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", response.text, re.S):
        action = re.search(r'action="([^"]*)"', match.group(1))
        if action and action_part in action.group(1):
            fields = dict(
                re.findall(
                    r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"',
                    match.group(2),
                )
            )
            return urljoin(response.url, unescape(action.group(1))), fields
    raise AssertionError(
        f"geen formulier met {action_part!r} op {response.url}:\n{response.text[:2000]}"
    )


def provider_login(
    browser: requests.Session, samen: str, login: str, next_page: str = "/"
) -> requests.Response:
    """Click 'Inloggen via ...' on samen's login page, log in at the provider."""
    page = browser.get(f"{samen}/inloggen?next={next_page}")
    link = re.search(r'href="(/oidc/authenticate/[^"]*)"', page.text)
    assert link, page.text
    at_provider = browser.get(urljoin(samen, unescape(link.group(1))))
    assert urlsplit(at_provider.url).path.startswith("/interaction/"), at_provider.url
    action, fields = form(at_provider, "/interaction/")
    return browser.post(action, data={**fields, "login": login, "password": "wat-dan-ook"})


def logged_in(browser: requests.Session, samen: str) -> bool:
    return browser.get(f"{samen}/", allow_redirects=False).status_code == 200


def test_an_employee_logs_in_through_the_provider_and_out_again(
    org: Org, live_server, provider: Provider
) -> None:  # noqa: ANN001
    samen = live_server.url
    browser = requests.Session()

    page = browser.get(f"{samen}/inloggen")
    assert "Inloggen via Gemeente Testdorp" in page_text(page)

    home = provider_login(browser, samen, "bram")
    assert home.url == f"{samen}/"
    assert "Welkom, Bram Vliegen" in page_text(home)
    assert "U werkt als Consulent in Team Inkomen Oost." in page_text(home)

    # The claims changed nothing: samen's name, no extra rights from the provider's groups.
    user = get_user_model().objects.get(username="consulent")
    assert (user.first_name, user.last_name) == ("Bram", "Vliegen")
    assert not user.is_superuser and not user.is_staff
    assert get_user_model().objects.count() == 3  # nobody was created

    # Logging out ends samen's session and the provider's, then shows samen's login page.
    csrf = browser.cookies.get("csrftoken")
    at_provider = browser.post(
        f"{samen}/uitloggen", data={"csrfmiddlewaretoken": csrf}, headers={"Referer": f"{samen}/"}
    )
    assert at_provider.url.startswith(provider.discovery["end_session_endpoint"]), at_provider.url
    action, fields = form(at_provider, "/session/end/confirm")
    back = browser.post(action, data={**fields, "logout": "yes"})
    assert back.url == f"{samen}/inloggen?uitgelogd"
    assert "U bent uitgelogd." in page_text(back)
    assert not logged_in(browser, samen)

    # The provider forgot the login too: the next attempt asks for it again.
    again = browser.get(f"{samen}/oidc/authenticate/")
    assert urlsplit(again.url).path.startswith("/interaction/"), again.url


def test_a_provider_login_is_in_the_access_log(
    org: Org, live_server, provider: Provider, settings
) -> None:  # noqa: ANN001
    settings.AXES_ENABLED = True
    browser = requests.Session()
    provider_login(browser, live_server.url, "bram")
    assert logged_in(browser, live_server.url)
    assert AccessLog.objects.filter(username="consulent").count() == 1


def test_the_login_returns_to_the_page_asked_for(org: Org, live_server, provider: Provider) -> None:  # noqa: ANN001
    browser = requests.Session()
    page = provider_login(browser, live_server.url, "bram", next_page="/mandaten")
    assert page.url == f"{live_server.url}/mandaten"


def test_an_employee_samen_does_not_know_gets_no_access_and_a_clear_message(
    org: Org,
    live_server,
    provider: Provider,  # noqa: ANN001
) -> None:
    samen = live_server.url
    browser = requests.Session()
    refused = provider_login(browser, samen, "onbekend")
    assert refused.url == f"{samen}/inloggen/geweigerd"
    assert refused.status_code == 403
    message = page_text(refused)
    assert "samen kent geen actieve medewerker met personeelsnummer X9999" in message
    assert "Vraag dan functioneel beheer om u als medewerker in samen op te nemen" in message
    assert not logged_in(browser, samen)
    assert get_user_model().objects.count() == 3


def test_a_provider_that_sends_no_staff_number_gets_no_access(
    org: Org, live_server, provider: Provider
) -> None:  # noqa: ANN001
    samen = live_server.url
    browser = requests.Session()
    refused = provider_login(browser, samen, "zonderclaim")
    assert refused.status_code == 403
    assert "gaf geen personeelsnummer door" in page_text(refused)
    assert not logged_in(browser, samen)


def test_a_deactivated_employee_is_refused_even_when_the_provider_knows_them(
    org: Org,
    live_server,
    provider: Provider,  # noqa: ANN001
) -> None:
    get_user_model().objects.filter(username="buitenstaander").update(is_active=False)
    browser = requests.Session()
    refused = provider_login(browser, live_server.url, "olga")
    assert refused.status_code == 403
    assert "personeelsnummer T0003" in page_text(refused)


def test_a_demo_employee_is_refused_outside_demo_mode(
    org: Org, live_server, provider: Provider, settings
) -> None:  # noqa: ANN001
    settings.DEMO_MODE = False
    org.consulent.is_demo = True
    org.consulent.save()
    browser = requests.Session()
    refused = provider_login(browser, live_server.url, "bram")
    assert refused.status_code == 403
    assert not logged_in(browser, live_server.url)


def test_a_session_of_an_employee_deactivated_later_ends(
    org: Org, live_server, provider: Provider
) -> None:  # noqa: ANN001
    browser = requests.Session()
    provider_login(browser, live_server.url, "bram")
    assert logged_in(browser, live_server.url)
    get_user_model().objects.filter(username="consulent").update(is_active=False)
    assert not logged_in(browser, live_server.url)


def test_a_failed_or_cancelled_provider_login_says_so(
    org: Org, live_server, provider: Provider
) -> None:  # noqa: ANN001
    browser = requests.Session()
    browser.get(f"{live_server.url}/oidc/authenticate/")
    back = browser.get(f"{live_server.url}/oidc/callback/?error=access_denied&state=x")
    assert back.url == f"{live_server.url}/inloggen/geweigerd"
    assert "Inloggen via uw gemeente is niet gelukt of is afgebroken" in page_text(back)


def test_the_password_form_stays_for_the_break_glass_account(
    org: Org, live_server, provider: Provider
) -> None:  # noqa: ANN001
    client = Client()
    page = client.get("/inloggen").content.decode()
    assert "Alleen voor het noodaccount van functioneel beheer en voor de demo." in page
    response = client.post("/inloggen", {"username": "consulent", "password": PASSWORD})
    assert response.status_code == 302
    # A password session logs out at samen only.
    out = client.post("/uitloggen")
    assert out["Location"] == "/inloggen?uitgelogd"
    assert not Session.objects.exists() or client.get("/").status_code == 302


# --- without a provider -----------------------------------------------------------------------
def test_without_a_provider_there_is_no_provider_login(org: Org) -> None:
    client = Client()
    assert "Inloggen via" not in client.get("/inloggen").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_a_half_configured_provider_stops_the_start(tmp_path) -> None:  # noqa: ANN001
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment.update(
        SAMEN_OIDC_CLIENT_ID="samen",
        SAMEN_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "samen.manage", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Inloggen via de identity provider (SAMEN_OIDC_CLIENT_ID) mist:" in result.stderr
    assert "SAMEN_OIDC_TOKEN_ENDPOINT" in result.stderr


def test_the_discovery_command_prints_the_settings(live_server, provider: Provider) -> None:  # noqa: ANN001
    out = io.StringIO()
    call_command("oidc", provider.issuer, stdout=out)
    lines = out.getvalue().splitlines()
    assert f"SAMEN_OIDC_TOKEN_ENDPOINT={provider.discovery['token_endpoint']}" in lines
    assert f"SAMEN_OIDC_END_SESSION_ENDPOINT={provider.issuer}/session/end" in lines
    with pytest.raises(CommandError, match="is niet te lezen"):
        call_command("oidc", f"{provider.issuer}/anders", stdout=io.StringIO())


def test_the_policy_lets_the_logout_go_on_to_the_provider(tmp_path) -> None:  # noqa: ANN001
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment.update(
        SAMEN_DATA_DIR=str(tmp_path),
        SAMEN_OIDC_CLIENT_ID="samen",
        SAMEN_OIDC_CLIENT_SECRET="x",
        SAMEN_OIDC_AUTHORIZATION_ENDPOINT="https://idp.example.nl/auth",
        SAMEN_OIDC_TOKEN_ENDPOINT="https://idp.example.nl/token",
        SAMEN_OIDC_USERINFO_ENDPOINT="https://idp.example.nl/userinfo",
        SAMEN_OIDC_JWKS_ENDPOINT="https://idp.example.nl/jwks",
        SAMEN_OIDC_END_SESSION_ENDPOINT="https://idp.example.nl/logout",
        DJANGO_SETTINGS_MODULE="samen.settings",
    )
    code = (
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "[\"'self'\", 'https://idp.example.nl']", result.stderr
