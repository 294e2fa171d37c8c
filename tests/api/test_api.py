"""The API as a client sees it: NLGov API Design Rules (version header, problem+json in
Dutch, no trailing slashes, public OpenAPI document with open CORS) and the organisation
answers (contracted tasks, who may decide, with the chain or the reason)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samen.organisation import models
from tests import factories
from tests.conftest import MandateChain, Organisation

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


# ---------------------------------------------------------------------------------------------
# The rules of the road
# ---------------------------------------------------------------------------------------------
def test_success_carries_the_api_version(api_client: APIClient, szmh: Organisation) -> None:
    response = api_client.get("/api/v1/gemeenten")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert "API-Version" in response["Access-Control-Expose-Headers"]
    body = response.json()
    assert body["count"] == 6
    names = [g["naam"] for g in body["results"]]
    assert names == sorted(names)
    maastricht = next(g for g in body["results"] if g["cbsCode"] == "GM0935")
    assert maastricht["college"] == "het college van burgemeester en wethouders van Maastricht"


def test_without_credentials_401_problem(anonymous_client: APIClient, szmh: Organisation) -> None:
    response = anonymous_client.get("/api/v1/gemeenten")
    body = problem(response, 401)
    assert body["title"] == "Niet ingelogd"
    assert body["detail"] == "Authenticatiegegevens zijn niet opgegeven."
    assert response["WWW-Authenticate"].startswith("Token")
    assert "Vaals" not in response.content.decode()


def test_wrong_token_401_problem(anonymous_client: APIClient) -> None:
    anonymous_client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    body = problem(anonymous_client.get("/api/v1/gemeenten"), 401)
    assert body["detail"] == "Ongeldige token."


def test_token_authentication(anonymous_client: APIClient, api_user: models.Staff) -> None:
    key = Token.objects.create(user=api_user.user).key
    anonymous_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert anonymous_client.get("/api/v1/domeinen").status_code == 200
    anonymous_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert anonymous_client.get("/api/v1/domeinen").status_code == 200


def test_session_authentication(anonymous_client: APIClient, api_user: models.Staff) -> None:
    anonymous_client.force_login(api_user.user)
    assert anonymous_client.get("/api/v1/domeinen").status_code == 200


def test_demo_user_token_refused_outside_demo_mode(
    anonymous_client: APIClient, settings: Any
) -> None:
    settings.DEMO_MODE = False
    demo = factories.StaffFactory(user=factories.UserFactory(username="demo"), is_demo=True)
    key = Token.objects.create(user=demo.user).key
    anonymous_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = problem(anonymous_client.get("/api/v1/domeinen"), 401)
    assert body["detail"] == "Deze gebruiker mag hier niet inloggen."


def test_no_trailing_slashes(api_client: APIClient, szmh: Organisation) -> None:
    assert api_client.get("/api/v1/gemeenten").status_code == 200
    body = problem(api_client.get("/api/v1/gemeenten/"), 404)
    assert body["instance"] == "/api/v1/gemeenten/"
    problem(api_client.get("/api/v1/gemeenten/GM0981/"), 404)


def test_unknown_path_is_a_404_problem_even_without_login(anonymous_client: APIClient) -> None:
    body = problem(anonymous_client.get("/api/v1/bestaat-niet"), 404)
    assert body["detail"] == "Dit adres bestaat niet in deze API."
    problem(anonymous_client.post("/api/v1/bestaat/ook/niet", {}), 404)


def test_unknown_resource_is_a_404_problem(api_client: APIClient, szmh: Organisation) -> None:
    assert api_client.get("/api/v1/gemeenten/GM0981").json()["naam"] == "Vaals"
    assert api_client.get("/api/v1/gemeenten/gm0981").json()["naam"] == "Vaals"
    body = problem(api_client.get("/api/v1/gemeenten/GM9999"), 404)
    assert body["title"] == "Niet gevonden"


def test_method_not_allowed_is_a_405_problem(api_client: APIClient, szmh: Organisation) -> None:
    body = problem(api_client.post("/api/v1/gemeenten", {"naam": "X"}, format="json"), 405)
    assert body["title"] == "Methode niet toegestaan"
    assert "POST" in body["detail"]
    problem(api_client.delete("/api/v1/gemeenten/GM0981"), 405)
    assert models.Municipality.objects.filter(cbs_code="GM0981").exists()


def test_bad_datum_is_a_400_problem_naming_the_field(api_client: APIClient) -> None:
    body = problem(api_client.get("/api/v1/gecontracteerde-taken?datum=2026-13-01"), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["datum"]
    assert body["invalidParams"][0]["reason"] == (
        "Ongeldige datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-01."
    )
    assert body["detail"].startswith("datum: ")


def test_unknown_gemeente_is_a_400_problem_naming_the_field(
    api_client: APIClient, szmh: Organisation
) -> None:
    body = problem(
        api_client.get("/api/v1/taakuitvoering?gemeente=GM9999&domein=wmo&datum=2026-03-01"), 400
    )
    assert body["invalidParams"] == [
        {"name": "gemeente", "reason": "Onbekende gemeente: GM9999.", "code": "invalid"}
    ]
    body = problem(api_client.get("/api/v1/gecontracteerde-taken?gemeente=GM9999"), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["gemeente"]


def test_missing_parameters_are_named(api_client: APIClient, szmh: Organisation) -> None:
    body = problem(api_client.get("/api/v1/wie-mag-besluiten?gemeente=GM0981"), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["besluittype"]
    assert body["invalidParams"][0]["reason"] == "Dit veld is vereist."


def test_openapi_document_is_public_with_open_cors(anonymous_client: APIClient) -> None:
    response = anonymous_client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://ontwikkelaar.nl")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["API-Version"] == "1.0.0"
    document = json.loads(response.content)
    assert document["info"]["version"] == "1.0.0"
    assert document["servers"][0]["url"].endswith("/api/v1")
    assert "/wie-mag-besluiten" in document["paths"]
    assert "/taakuitvoering" in document["paths"]
    assert not [path for path in document["paths"] if path.endswith("/")]


def test_cors_is_only_open_for_the_openapi_document(
    api_client: APIClient, szmh: Organisation
) -> None:
    response = api_client.get("/api/v1/gemeenten", HTTP_ORIGIN="https://ontwikkelaar.nl")
    assert "Access-Control-Allow-Origin" not in response


def test_reference_page_is_public_and_uses_no_cdn(anonymous_client: APIClient) -> None:
    response = anonymous_client.get("/api/v1/documentatie")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "/api/v1/openapi.json" in html
    assert "https://" not in html


# ---------------------------------------------------------------------------------------------
# Organisation answers
# ---------------------------------------------------------------------------------------------
def test_domeinen(api_client: APIClient) -> None:
    codes = [d["code"] for d in api_client.get("/api/v1/domeinen").json()["results"]]
    assert codes[:2] == ["participatiewet", "minima"]
    assert api_client.get("/api/v1/domeinen/wmo").json()["naam"] == "Wmo 2015"


def test_pagination_uses_dutch_keys(api_client: APIClient, szmh: Organisation) -> None:
    body = api_client.get("/api/v1/gemeenten?paginaGrootte=2&pagina=2").json()
    assert body["count"] == 6
    assert len(body["results"]) == 2
    assert "pagina=3" in body["next"]
    problem(api_client.get("/api/v1/gemeenten?paginaGrootte=2&pagina=9"), 404)


def test_contracted_tasks_filtered(api_client: APIClient, szmh: Organisation) -> None:
    body = api_client.get("/api/v1/gecontracteerde-taken?domein=wmo&datum=2026-03-01").json()
    assert sorted(t["gemeente"] for t in body["results"]) == ["GM0935", "GM0994"]
    task = next(t for t in body["results"] if t["gemeente"] == "GM0994")
    assert task["grondslag"] == "contract"
    assert task["beginDatum"] == "2016-01-01"
    assert task["eindDatum"] is None

    pw_2026 = api_client.get(
        "/api/v1/gecontracteerde-taken?domein=participatiewet&datum=2026-03-01"
    ).json()
    assert "GM1903" not in {t["gemeente"] for t in pw_2026["results"]}
    pw_2024 = api_client.get(
        "/api/v1/gecontracteerde-taken?domein=participatiewet&datum=2024-03-01&gemeente=gm1903"
    ).json()
    assert [(t["gemeente"], t["eindDatum"]) for t in pw_2024["results"]] == [
        ("GM1903", "2025-04-09")
    ]


def test_taakuitvoering_answers_with_the_reason(api_client: APIClient, szmh: Organisation) -> None:
    no = api_client.get("/api/v1/taakuitvoering?gemeente=GM0938&domein=wmo&datum=2026-03-01")
    assert no.status_code == 200
    assert no.json() == {
        "gemeente": "GM0938",
        "domein": "wmo",
        "datum": "2026-03-01",
        "uitgevoerd": False,
        "reden": "Meerssen heeft Wmo 2015 op 1 maart 2026 niet bij ons belegd; hiervoor kan "
        "geen zaak worden geopend.",
        "taak": None,
    }
    yes = api_client.get(
        "/api/v1/taakuitvoering?gemeente=GM0994&domein=wmo&datum=2026-03-01"
    ).json()
    assert yes["uitgevoerd"] is True
    assert yes["reden"] == ""
    assert yes["taak"]["samenwerkingsvorm"] == "Uitvoering Wmo en Jeugd"
    left = api_client.get(
        "/api/v1/taakuitvoering?gemeente=GM1903&domein=participatiewet&datum=2025-04-10"
    ).json()
    assert left["uitgevoerd"] is False
    assert "Eijsden-Margraten" in left["reden"]


def test_mandaten(api_client: APIClient, mandate_chain: MandateChain) -> None:
    body = api_client.get("/api/v1/mandaten?datum=2026-03-01").json()
    assert body["count"] == 3
    first = api_client.get(f"/api/v1/mandaten/{mandate_chain.manager_to_consulent.pk}").json()
    assert first["titel"] == "Ondermandaat consulenten 2026-2027"
    assert first["mandaatgever"] == {"soort": "functie", "naam": "Manager Sociale Zekerheid"}
    assert first["ondermandaat"] is True
    assert first["vaststellingsDatum"] == "2026-01-27"
    assert (first["beginDatum"], first["eindDatum"]) == ("2026-01-01", "2027-12-31")
    assert sorted(first["besluittypen"]) == ["pw-algemene-bijstand", "pw-herziening-intrekking"]
    assert api_client.get("/api/v1/mandaten?datum=2025-12-31").json()["count"] == 0
    boete = api_client.get("/api/v1/mandaten?besluittype=pw-boete").json()
    assert boete["count"] == 2
    problem(api_client.get("/api/v1/mandaten?besluittype=bestaat-niet"), 400)
    problem(api_client.get("/api/v1/mandaten/999999"), 404)


def test_wie_mag_besluiten_returns_the_chain(
    api_client: APIClient, mandate_chain: MandateChain
) -> None:
    response = api_client.get(
        "/api/v1/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-algemene-bijstand"
        "&datum=2026-03-01&medewerker=C0001"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["toegestaan"] is True
    assert body["reden"] == ""
    assert [link["titel"] for link in body["keten"]] == [
        "Mandaatbesluit Participatiewet Vaals 2026",
        "Aanwijzings- en mandaatbesluit Sociale Zekerheid Maastricht 2026",
        "Ondermandaat consulenten 2026-2027",
    ]
    assert body["keten"][0]["mandaatgever"] == "college van B&W van Vaals"
    assert body["keten"][-1]["gemandateerde"] == "Consulent"
    assert [(b["personeelsnummer"], len(b["keten"])) for b in body["bevoegden"]] == [
        ("M0001", 2),
        ("C0001", 3),
    ]


def test_wie_mag_besluiten_returns_the_refusal_reason(
    api_client: APIClient, mandate_chain: MandateChain
) -> None:
    body = api_client.get(
        "/api/v1/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-algemene-bijstand"
        "&datum=2025-12-31&medewerker=C0001"
    ).json()
    assert body["toegestaan"] is False
    assert body["keten"] == []
    assert "Mandaatbesluit Participatiewet Vaals 2026" in body["reden"]
    assert body["bevoegden"] == []
    boete = api_client.get(
        "/api/v1/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-boete&datum=2026-03-01"
        "&medewerker=C0001"
    ).json()
    assert boete["toegestaan"] is False
    assert "geen (onder)mandaat voor 'Bestuurlijke boete'" in boete["reden"]
    body = problem(
        api_client.get(
            "/api/v1/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-boete&medewerker=X9"
        ),
        400,
    )
    assert body["invalidParams"][0]["name"] == "medewerker"
    assert body["invalidParams"][0]["reason"] == "Onbekende medewerker: X9."


def test_malformed_authorization_header_is_a_dutch_401(anonymous_client: APIClient) -> None:
    anonymous_client.credentials(HTTP_AUTHORIZATION="Bearer een twee")
    body = problem(anonymous_client.get("/api/v1/domeinen"), 401)
    assert body["detail"] == (
        "Ongeldige Authorization-header: gebruik 'Token <token>' of 'Bearer <token>'."
    )


def test_unexpected_error_is_a_500_problem_without_internals(
    api_client: APIClient, szmh: Organisation, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("geheime interne details")

    monkeypatch.setattr("samen.organisation.services.executes", broken)
    response = api_client.get("/api/v1/taakuitvoering?gemeente=GM0938&domein=wmo&datum=2026-03-01")
    body = problem(response, 500)
    assert "geheime" not in response.content.decode()
    assert body["title"] == "Interne fout"
    assert "geheime interne details" in caplog.text
