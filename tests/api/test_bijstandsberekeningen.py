"""`POST /api/v1/bijstandsberekeningen`: the amounts as decimal strings, the explanation, and a
problem+json 400 naming the field for every kind of bad input."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from samen.income.norms import NormTable

pytestmark = pytest.mark.django_db
URL = "/api/v1/bijstandsberekeningen"
PROBLEM = "application/problem+json"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "peildatum": "2026-03-01",
        "gemeente": "GM0935",
        "aanvrager": {"geboortedatum": "1990-05-01"},
        "partner": None,
        "kinderen": [],
        "medebewoners": [],
        "inkomsten": [],
        "vrijlatingGebruiktMaanden": 0,
    }
    data.update(overrides)
    return data


def post(client: APIClient, data: dict[str, Any]) -> Any:
    return client.post(URL, data=json.dumps(data), content_type="application/json")


def invalid(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    problem = json.loads(response.content)
    return {p["name"]: p["reason"] for p in problem["invalidParams"]}


def test_couple_with_a_housemate_and_work(api_client: APIClient) -> None:
    response = post(
        api_client,
        body(
            partner={"geboortedatum": "1988-02-01"},
            medebewoners=[
                {"geboortedatum": "1960-01-01", "studeert": False, "commercieleHuur": False},
                {"geboortedatum": "2001-01-01", "studeert": True, "commercieleHuur": False},
            ],
            inkomsten=[{"persoon": "partner", "soort": "arbeid", "nettoPerMaand": "400.00"}],
        ),
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["norm"] == "1735.18"
    assert answer["kostendelersAantal"] == 3
    assert answer["vrijlating"] == "100.00"
    assert answer["inkomstenInMindering"] == "300.00"
    assert answer["bijstandPerMaand"] == "1435.18"
    assert answer["vakantietoeslag"] == "71.76"
    assert answer["normZonderVakantietoeslag"] == "1648.42"
    assert any("kostendelersnorm" in line for line in answer["toelichting"])


def test_needs_a_login(anonymous_client: APIClient) -> None:
    response = post(anonymous_client, body())
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"peildatum": "2024-06-01"}, "peildatum"),
        ({"aanvrager": {"geboortedatum": "2027-01-01"}}, "aanvrager.geboortedatum"),
        (
            {"inkomsten": [{"persoon": "aanvrager", "soort": "arbeid", "nettoPerMaand": "-5"}]},
            "inkomsten.0.nettoPerMaand",
        ),
        ({"gemeente": "GM9999"}, "gemeente"),
        ({"gemeente": "GM0003"}, "gemeente"),  # Appingedam, gone since 2021
        (
            {"inkomsten": [{"persoon": "partner", "soort": "overig", "nettoPerMaand": "5"}]},
            "inkomsten.0.persoon",
        ),
        ({"medebewoners": [{"geboortedatum": "2030-01-01"}]}, "medebewoners.0.geboortedatum"),
        ({"verblijfInInrichting": "misschien"}, "verblijfInInrichting"),
        ({"verblijfInInrichting": 1}, "verblijfInInrichting"),
        ({"verblijfInInrichting": "true"}, "verblijfInInrichting"),
        ({"verblijfInInrichting": None}, "verblijfInInrichting"),
        ({"mantelzorgTijdelijkElders": "ja"}, "mantelzorgTijdelijkElders"),
        ({"mantelzorgTijdelijkElders": 1}, "mantelzorgTijdelijkElders"),
        (
            {"aanvrager": {"geboortedatum": "2007-01-01", "geenBeroepOpOuders": "true"}},
            "aanvrager.geenBeroepOpOuders",
        ),
        (
            {
                "aanvrager": {"geboortedatum": "2007-01-01", "geenBeroepOpOuders": True},
                "medebewoners": [{"geboortedatum": "1960-01-01"}],
            },
            "aanvrager.geenBeroepOpOuders",
        ),
        (
            {"verblijfInInrichting": True, "aanvrager": {"geboortedatum": "2006-01-01"}},
            "aanvrager.geboortedatum",
        ),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(
    api_client: APIClient, overrides: dict[str, Any], field: str
) -> None:
    params = invalid(post(api_client, body(**overrides)))
    assert field in params, params


# -- verblijf in een inrichting (art. 23) ------------------------------------------------------
def test_institution_is_passed_to_the_calculation(
    api_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the published art. 23 figures of 1-7-2021 (see the calculation tests)."""
    from samen.income import api
    from samen.income.calculation import calculate
    from tests.income.test_calculation import institution_table

    table = institution_table()
    monkeypatch.setattr(api, "calculate", lambda data: calculate(data, table))
    response = post(
        api_client,
        body(
            peildatum="2021-07-01",
            partner={"geboortedatum": "1985-01-01"},
            verblijfInInrichting=True,
        ),
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["norm"] == "607.26"
    assert answer["normZonderVakantietoeslag"] == "580.70"
    assert answer["vakantietoeslag"] == "26.56"
    assert any("inrichting" in line for line in answer["toelichting"])


def test_institution_gives_the_article_23_norm(api_client: APIClient) -> None:
    response = post(api_client, body(verblijfInInrichting=True))
    assert response.status_code == 200, response.content
    expected = _norm("23", "alleenstaande", "2026-03-01") + _norm(
        "23", "alleenstaande_verhoging", "2026-03-01"
    )
    assert Decimal(response.json()["norm"]) == expected


def test_institution_without_figures_names_the_peildatum(api_client: APIClient) -> None:
    params = invalid(post(api_client, body(verblijfInInrichting=True, peildatum="2027-01-01")))
    assert "01-01-2027" in params["peildatum"]


def test_institution_false_is_the_default(api_client: APIClient) -> None:
    default = post(api_client, body())
    explicit = post(api_client, body(verblijfInInrichting=False))
    assert default.status_code == explicit.status_code == 200
    assert explicit.json() == default.json()
    assert explicit.json()["norm"] == "1401.50"


# -- Participatiewet in balans (art. 22a lid 4 and art. 20 lid 3) ------------------------------
def _norm(article: str, household: str, day: str) -> Decimal:
    return NormTable.load().norm_for(article, household, date.fromisoformat(day)).amount


def test_mantelzorg_elsewhere_switches_off_the_kostendelersnorm(api_client: APIClient) -> None:
    housemate = [{"geboortedatum": "1950-01-01"}]
    shared = post(api_client, body(medebewoners=housemate))
    cared = post(api_client, body(medebewoners=housemate, mantelzorgTijdelijkElders=True))
    assert shared.status_code == cared.status_code == 200, cared.content
    assert shared.json()["kostendelersAantal"] == 2
    assert cared.json()["kostendelersAantal"] == 1
    assert Decimal(cared.json()["norm"]) == _norm("21", "alleenstaande", "2026-03-01")
    assert any("artikel 22a lid 4" in line for line in cared.json()["toelichting"])
    assert (
        post(api_client, body(mantelzorgTijdelijkElders=False)).json()
        == post(api_client, body()).json()
    )


def test_mantelzorg_elsewhere_before_2026_changes_nothing(api_client: APIClient) -> None:
    housemate = [{"geboortedatum": "1950-01-01"}]
    plain = post(api_client, body(peildatum="2025-07-01", medebewoners=housemate))
    cared = post(
        api_client,
        body(peildatum="2025-07-01", medebewoners=housemate, mantelzorgTijdelijkElders=True),
    )
    assert plain.status_code == cared.status_code == 200, cared.content
    assert cared.json()["norm"] == plain.json()["norm"]
    assert cared.json()["kostendelersAantal"] == 2


def test_youth_without_parental_support_gets_the_increase(api_client: APIClient) -> None:
    young = {"geboortedatum": "2007-01-01", "geenBeroepOpOuders": True}
    response = post(api_client, body(aanvrager=young))
    assert response.status_code == 200, response.content
    expected = _norm("20", "alleenstaande", "2026-03-01") + _norm(
        "20", "verhoging_ouders", "2026-03-01"
    )
    assert Decimal(response.json()["norm"]) == expected
    plain = post(api_client, body(aanvrager={"geboortedatum": "2007-01-01"}))
    assert Decimal(plain.json()["norm"]) == _norm("20", "alleenstaande", "2026-03-01")
