"""The staff web shell through the Django test client: what a staff member sees."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from samen.organisation import services
from samen.organisation.models import DecisionType
from samen.web import views
from tests.web.data import PASSWORD, Org

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as a user reads it: no tags, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def nav(response) -> list[str]:
    block = re.search(r'<nav class="utrecht-nav-bar.*?</nav>', response.content.decode(), re.S)
    if block is None:
        return []
    return [unescape(x).strip() for x in re.findall(r"<a [^>]*>([^<]*)</a>", block.group(0))]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def consulent(org: Org) -> Client:
    return logged_in(org.consulent_user)


@pytest.fixture
def manager(org: Org) -> Client:
    return logged_in(org.manager.user)


# --- login, home, navigation ------------------------------------------------------------------
def test_anonymous_user_is_sent_to_the_login_page(org: Org) -> None:
    response = Client().get("/mandaten")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen?next=/mandaten")
    login = Client().get(response["Location"])
    assert "Inloggen" in text(login)
    assert nav(login) == []


def test_login_with_wrong_password_is_refused_in_dutch(org: Org) -> None:
    response = Client().post("/inloggen", {"username": "consulent", "password": "fout"})
    assert response.status_code == 200
    assert "Inloggen is niet gelukt. Controleer de gebruikersnaam, het wachtwoord" in text(response)


def test_login_greets_the_staff_member_with_function_and_team(org: Org) -> None:
    client = Client()
    response = client.post(
        "/inloggen", {"username": "consulent", "password": PASSWORD}, follow=True
    )
    page = text(response)
    assert "Welkom, Bram Vliegen" in page
    assert "U werkt als Consulent in Team Inkomen Oost." in page
    assert "<title>Start · samen</title>" in response.content.decode()

    logout = client.post("/uitloggen", follow=True)
    assert "Inloggen" in text(logout)
    assert client.get("/").status_code == 302


def test_navigation_shows_only_what_the_user_may_use(org: Org, consulent: Client) -> None:
    assert nav(consulent.get("/")) == ["Start", "Organisatie", "Mandaatregister", "Mijn toegang"]
    manager = logged_in(org.manager.user)
    assert nav(manager.get("/")) == [
        "Start",
        "Organisatie",
        "Mandaatregister",
        "Mandaatcontrole",
        "Mijn toegang",
    ]


def test_user_without_permission_does_not_see_the_register_and_gets_a_dutch_403(
    org: Org,
) -> None:
    client = logged_in(org.outsider_user)
    assert nav(client.get("/")) == ["Start", "Organisatie", "Mijn toegang"]
    response = client.get("/mandaten")
    assert response.status_code == 403
    page = text(response)
    assert "Geen toegang" in page
    assert "U heeft geen toegang tot deze pagina." in page
    assert 'lang="nl"' in response.content.decode()
    assert client.get("/mandaten/wie-mag-besluiten").status_code == 403


def test_current_page_is_marked_in_the_navigation(consulent: Client) -> None:
    html = consulent.get("/mandaten/wie-mag-besluiten").content.decode()
    assert re.search(r'href="/mandaten" aria-current="page">Mandaatregister<', html)


# --- organisation ---------------------------------------------------------------------------
def test_organisation_lists_municipalities_memberships_and_todays_tasks(consulent: Client) -> None:
    response = consulent.get("/organisatie")
    page = text(response)
    assert "Maastricht GM0935" in page
    assert "Vaals GM0981" in page
    assert "GR Sociale Zaken (test)" in page
    assert "vanaf 1 januari 2016" in page
    assert "Team Inkomen Oost" in page and "Heuvelland Oost" in page
    # the matrix: Vaals has the Participatiewet executed by us, Maastricht (here) has not
    row = re.search(r"Vaals</th>(.*?)</tr>", response.content.decode(), re.S).group(1)
    assert re.findall(r"samen-(yes|no)", row)[0] == "yes"
    row = re.search(r'scope="row">Maastricht</th>(.*?)</tr>', response.content.decode(), re.S)
    assert "samen-yes" not in row.group(1)


def test_executes_form_answers_with_the_dutch_reason(consulent: Client) -> None:
    yes = text(
        consulent.get(
            "/organisatie/voert-uit",
            {"gemeente": "GM0981", "domein": "participatiewet", "datum": "2026-02-10"},
        )
    )
    assert "Ja. Wij voeren Participatiewet, IOAW, IOAZ en Bbz op 10 februari 2026 uit" in yes
    no = text(
        consulent.get(
            "/organisatie/voert-uit",
            {"gemeente": "GM0981", "domein": "wmo", "datum": "2026-02-10"},
        )
    )
    assert "Nee. Vaals heeft Wmo 2015 op 10 februari 2026 niet bij ons belegd" in no


def test_municipality_detail_shows_memberships_tasks_and_areas(consulent: Client) -> None:
    response = consulent.get("/organisatie/gemeenten/GM0981")
    page = text(response)
    assert "Gemeente Vaals" in page
    assert "GR Sociale Zaken (test) vanaf 1 januari 2016" in page
    assert "Participatiewet, IOAW, IOAZ en Bbz vanaf 1 januari 2016" in page
    assert "DVO test" in page
    assert "Heuvelland Oost: Team Inkomen Oost" in page
    assert consulent.get("/organisatie/gemeenten/GM9999").status_code == 404


# --- mandate register -----------------------------------------------------------------------
def test_mandate_register_lists_and_filters_by_date(consulent: Client) -> None:
    page = text(consulent.get("/mandaten"))
    assert "Mandaatbesluit Vaals 2026" in page
    assert "college van B&W van Vaals college van B&W van Maastricht" in page
    assert "27 januari 2026 1 januari 2026 onbepaald Ja" in page  # retroactive

    before = text(consulent.get("/mandaten", {"datum": "2025-12-31"}))
    assert "Op deze datum geldt geen enkel mandaat." in before
    january = text(consulent.get("/mandaten", {"datum": "2026-01-15"}))
    assert "Mandaten geldig op 15 januari 2026" in january
    assert "Aanwijzingsbesluit Maastricht 2026" in january
    assert "Ondermandaat Consulent 2026" not in january


def test_mandate_detail(org: Org, consulent: Client) -> None:
    mandate = org.chain_mandates[0]
    page = text(consulent.get(f"/mandaten/{mandate.pk}"))
    assert "Mandaatbesluit van een college: college van B&W van Vaals mandateert" in page
    assert "Ja: vastgesteld op 27 januari 2026, geldig vanaf 1 januari 2026." in page
    assert "Besluit op aanvraag algemene bijstand" in page
    assert "Bestuurlijke boete" in page


def test_who_may_decide_lists_staff_with_their_chain(consulent: Client) -> None:
    response = consulent.get(
        "/mandaten/wie-mag-besluiten",
        {"gemeente": "GM0981", "besluittype": "pw-algemene-bijstand", "datum": "2026-02-10"},
    )
    page = text(response)
    assert "Op 10 februari 2026 mogen 2 medewerkers" in page
    page = page[page.index("Uitkomst") :]
    consulent_part = page[page.index("Bram Vliegen") : page.index("Mieke Maas")]
    assert (
        consulent_part.index("Mandaatbesluit Vaals 2026")
        < consulent_part.index("Aanwijzingsbesluit Maastricht 2026")
        < consulent_part.index("Ondermandaat Consulent 2026")
    )
    assert "college van B&W van Vaals → college van B&W van Maastricht" in consulent_part
    assert "Manager Sociale Zekerheid → Consulent" in consulent_part


def test_who_may_decide_for_one_employee_shows_the_chain(org: Org, consulent: Client) -> None:
    page = text(
        consulent.get(
            "/mandaten/wie-mag-besluiten",
            {
                "gemeente": "GM0981",
                "besluittype": "pw-algemene-bijstand",
                "datum": "2026-02-10",
                "medewerker": org.consulent.employee_number,
            },
        )
    )
    assert (
        "Toegestaan. Bram Vliegen mag op 10 februari 2026 'Besluit op aanvraag algemene "
        "bijstand' nemen namens het college van Vaals." in page
    )
    assert "Mandaatketen" in page
    assert "Ondermandaat Consulent 2026" in page


def refusal(org: Org, type_code: str, day: dt.date) -> str:
    """The reason the service gives: the page must show it word for word."""
    answer = services.may_decide(
        org.consulent, DecisionType.objects.get(code=type_code), org.vaals, day
    )
    assert not answer.allowed and answer.reason
    return answer.reason


def test_who_may_decide_for_one_employee_shows_the_refusal_reason(
    org: Org, consulent: Client
) -> None:
    query = {"gemeente": "GM0981", "medewerker": org.consulent.employee_number}
    fine = text(
        consulent.get(
            "/mandaten/wie-mag-besluiten",
            {**query, "besluittype": "pw-boete", "datum": "2026-03-02"},
        )
    )
    assert f"Geweigerd. {refusal(org, 'pw-boete', dt.date(2026, 3, 2))}" in fine
    assert "Bram Vliegen" in fine and "Bestuurlijke boete" in fine
    assert "Mandaatketen" not in fine

    too_early = text(
        consulent.get(
            "/mandaten/wie-mag-besluiten",
            {**query, "besluittype": "pw-algemene-bijstand", "datum": "2026-01-15"},
        )
    )
    reason = refusal(org, "pw-algemene-bijstand", dt.date(2026, 1, 15))
    assert f"Geweigerd. {reason}" in too_early
    assert "Ondermandaat Consulent 2026" in reason  # the lapsed link is named


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("datum", "31-02-2026", "Vul een geldige datum in, bijvoorbeeld 27-01-2026."),
        ("datum", "morgen", "Vul een geldige datum in, bijvoorbeeld 27-01-2026."),
        ("datum", "", "Vul een datum in."),
        ("gemeente", "GM9999", "Deze gemeente is onbekend."),
        ("besluittype", "bestaat-niet", "Dit besluittype is onbekend."),
        ("medewerker", "X9999", "Deze medewerker is onbekend."),
    ],
)
def test_bad_input_gives_a_dutch_form_error_and_no_answer(
    consulent: Client, field: str, value: str, message: str
) -> None:
    query = {"gemeente": "GM0981", "besluittype": "pw-algemene-bijstand", "datum": "2026-02-10"}
    response = consulent.get("/mandaten/wie-mag-besluiten", {**query, field: value})
    page = text(response)
    assert message in page
    assert "Uitkomst" not in page
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'<[^>]*aria-invalid="true"[^>]*id="id_{field}"', html) or re.search(
        rf'<[^>]*id="id_{field}"[^>]*aria-invalid="true"', html
    )


def test_dutch_date_notation_is_accepted(consulent: Client) -> None:
    page = text(
        consulent.get(
            "/mandaten/wie-mag-besluiten",
            {"gemeente": "GM0981", "besluittype": "pw-algemene-bijstand", "datum": "10-02-2026"},
        )
    )
    assert "Op 10 februari 2026 mogen 2 medewerkers" in page


def test_uncovered_decisions_are_listed_with_the_reason(org: Org, manager: Client) -> None:
    page = text(manager.get("/mandaten/controle"))
    assert "1 besluit zonder geldige mandaatketen" in page
    assert "Z-TEST-0117 Bestuurlijke boete Vaals Bram Vliegen 2 maart 2026" in page
    assert refusal(org, "pw-boete", dt.date(2026, 3, 2)) in page
    consulent = logged_in(org.consulent_user)
    assert consulent.get("/mandaten/controle").status_code == 403


# --- language and error pages ---------------------------------------------------------------
def test_english_language_switch_translates_the_navigation(consulent: Client) -> None:
    assert nav(consulent.get("/")) == ["Start", "Organisatie", "Mandaatregister", "Mijn toegang"]
    response = consulent.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert nav(response) == ["Home", "Organisation", "Mandate register", "My access"]
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Welcome, Bram Vliegen" in text(response)
    assert "Skip to content" in text(response)
    # and back to Dutch with the button that the English page offers
    assert 'value="nl" lang="nl">Nederlands</button>' in html
    back = consulent.post("/i18n/setlang/", {"language": "nl", "next": "/"}, follow=True)
    assert nav(back)[1] == "Organisatie"


def test_404_page_is_dutch(consulent: Client, settings) -> None:
    settings.DEBUG = False
    response = consulent.get("/bestaat-niet")
    assert response.status_code == 404
    page = text(response)
    assert "Pagina niet gevonden" in page
    assert "Deze pagina bestaat niet (meer)." in page
    assert "<title>Pagina niet gevonden · samen</title>" in response.content.decode()
    anonymous = Client().get("/bestaat/ook/niet")
    assert anonymous.status_code == 404
    assert "Pagina niet gevonden" in text(anonymous)


def test_500_page_is_dutch_without_request_context() -> None:
    request = RequestFactory().get("/")
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_every_page_has_a_skip_link_landmarks_and_one_h1(consulent: Client, org: Org) -> None:
    pages = [
        reverse("home"),
        reverse("organisation"),
        reverse("municipality", args=["GM0981"]),
        reverse("executes"),
        reverse("mandates"),
        reverse("mandate", args=[org.chain_mandates[0].pk]),
        reverse("who-may-decide"),
    ]
    for url in pages:
        html = consulent.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'href="#inhoud"' in html and 'id="inhoud"' in html, url
        assert "<main" in html and "<header" in html and "<footer" in html, url
