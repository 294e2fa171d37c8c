"""`POST /api/v1/uitkeringen/{id}/wijzigingen` as a client sees it: a change in household or
income recalculates the months already paid and answers the recovery claims and supplements;
camelCase is mapped to the stored facts; refusals are problem+json (404 for another
municipality, 412 for a stale version, 400 naming the field). The `benefit` fixture pins
"today" at 15 May 2026, with March and April paid (€ 1.331,42 each)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.income import payments
from samen.income.models import Benefit, BenefitFact, RecoveryClaim
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
D = dt.date


def client(world: World, username: str = "consulent.vaals") -> APIClient:  # noqa: F811
    api = APIClient()
    api.default_format = "json"
    api.force_authenticate(world.user(username))
    return api


def url(benefit: Benefit) -> str:  # noqa: F811
    return f"/api/v1/uitkeringen/{benefit.pk}/wijzigingen"


def body(benefit: Benefit, **extra: Any) -> dict[str, Any]:  # noqa: F811
    return {
        "ingangsdatum": "2026-03-01",
        "wijzigingen": {
            "inkomsten": [{"persoon": "aanvrager", "soort": "overig", "nettoPerMaand": "200.00"}]
        },
        "reden": "Alimentatie gemeld",
        "versie": benefit.version,
        **extra,
    }


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    answer = json.loads(response.content)
    assert answer["status"] == status
    return answer


def invalid(response: Any) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in problem(response, 400)["invalidParams"]}


def test_a_change_answers_the_recovery_claims(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = client(world).post(url(benefit), body(benefit))
    assert response.status_code == 201, response.content
    answer = json.loads(response.content)
    assert [(c["maand"], c["bedrag"]) for c in answer["terugvorderingen"]] == [
        ("2026-03-01", "190.00"),
        ("2026-04-01", "190.00"),
    ]
    assert answer["aanvullingen"] == []
    benefit.refresh_from_db()  # the change and the recalculation each raise the version
    assert response["ETag"] == f'"{benefit.version}"'
    assert RecoveryClaim.objects.count() == 2
    latest = BenefitFact.objects.filter(benefit=benefit).latest("pk")
    assert latest.facts["inkomsten"] == [
        {"persoon": "aanvrager", "soort": "overig", "netto_per_maand": "200.00"}
    ]
    assert AuditEntry.objects.filter(object_type="uitkering", action="update").count() == 1
    again = client(world).post(
        url(benefit),
        {k: v for k, v in body(benefit, reden="Alimentatie hoger").items() if k != "versie"},
        HTTP_IF_MATCH=response["ETag"],
    )
    assert again.status_code == 201, again.content  # the ETag is good for the next change


def test_camel_case_is_mapped_to_the_stored_facts(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = client(world).post(
        url(benefit),
        body(
            benefit,
            ingangsdatum="2026-05-01",
            wijzigingen={
                "partner": None,
                "kinderen": [],
                "medebewoners": [
                    {"geboortedatum": "2001-06-01", "studeert": False, "commercieleHuur": True}
                ],
                "vrijlatingGebruiktMaanden": 2,
            },
        ),
    )
    assert response.status_code == 201, response.content
    facts = BenefitFact.objects.filter(benefit=benefit).latest("pk").facts
    assert facts["medebewoners"] == [
        {"geboortedatum": "2001-06-01", "studeert": False, "commerciele_huur": True}
    ]
    assert facts["vrijlating_maanden_gebruikt"] == 2
    assert facts["partner"] is None
    assert facts["kinderen"] == []


def test_the_version_may_come_in_if_match(world: World, benefit: Benefit) -> None:  # noqa: F811
    data = body(benefit)
    del data["versie"]
    response = client(world).post(url(benefit), data, HTTP_IF_MATCH=f'"{benefit.version}"')
    assert response.status_code == 201, response.content


def test_a_stale_version_is_412_and_saves_nothing(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = client(world).post(url(benefit), body(benefit, versie=benefit.version + 5))
    problem(response, 412)
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1
    assert not RecoveryClaim.objects.exists()


def test_a_maastricht_consulent_gets_404(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = client(world, "consulent.maastricht").post(url(benefit), body(benefit))
    problem(response, 404)
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1


def test_a_bad_change_names_the_fields_and_saves_nothing(world: World, benefit: Benefit) -> None:  # noqa: F811
    api = client(world)
    assert invalid(api.post(url(benefit), body(benefit, reden=""))) == {
        "reden": "Geef de reden van de wijziging."
    }
    assert invalid(api.post(url(benefit), body(benefit, ingangsdatum="2026-01-01"))) == {
        "ingangsdatum": "De wijziging ligt vóór de ingangsdatum van de uitkering."
    }
    assert invalid(api.post(url(benefit), body(benefit, wijzigingen={}))) == {
        "wijzigingen": "Geef ten minste één wijziging."
    }
    negative = body(
        benefit,
        wijzigingen={
            "inkomsten": [{"persoon": "aanvrager", "soort": "arbeid", "nettoPerMaand": "-1"}]
        },
    )
    assert (
        "Een inkomen kan niet negatief zijn." in invalid(api.post(url(benefit), negative)).values()
    )
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1
    assert not RecoveryClaim.objects.exists()


def test_the_situations_of_articles_20_22a_and_23_are_stored_as_facts(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    response = client(world).post(
        url(benefit),
        body(
            benefit,
            ingangsdatum="2026-05-01",
            wijzigingen={
                "verblijfInInrichting": False,
                "mantelzorgTijdelijkElders": True,
                "aanvragerGeenBeroepOpOuders": True,
                "partnerGeenBeroepOpOuders": False,
            },
        ),
    )
    assert response.status_code == 201, response.content
    facts = BenefitFact.objects.filter(benefit=benefit).latest("pk").facts
    assert facts["inrichting"] is False
    assert facts["mantelzorg_tijdelijk_elders"] is True
    assert facts["aanvrager_geen_beroep_op_ouders"] is True
    assert facts["partner_geen_beroep_op_ouders"] is False
    calculation_input = payments.facts_to_input(
        payments.BenefitFacts(D(2026, 5, 1), "GM0981", facts)
    )
    assert calculation_input.temporary_caregiver_elsewhere is True
    assert calculation_input.applicant_without_parental_support is True
    assert calculation_input.in_institution is False

    wrong = client(world).post(
        url(benefit), body(benefit, wijzigingen={"mantelzorgTijdelijkElders": "ja"})
    )
    assert "wijzigingen.mantelzorgTijdelijkElders" in invalid(wrong)
