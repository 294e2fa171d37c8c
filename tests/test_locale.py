"""Dutch first: the browser's language does not switch the interface; the user's choice does."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_dutch(client):
    response = client.get("/inloggen", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert "Gebruikersnaam" in response.content.decode()


def test_the_language_switch_gives_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/inloggen")
    assert response["Content-Language"] == "en"
    assert "Username" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_dutch(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/inloggen")["Content-Language"] == "nl"
