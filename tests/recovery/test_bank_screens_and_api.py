"""The screens and API for incoming payments: a statement uploaded on the page or through
`/api/v1/bankafschriften` (twice: one receipt), a malformed one refused in Dutch with nothing
written, the unknown receipts matched by hand, and a Maastricht-only grant that gets 404 for
a receipt quoting a Vaals claim."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.recovery.models import BankCredit, BankStatement, Claim, Movement
from tests.cases.conftest import World
from tests.recovery.statements import Line, statement
from tests.recovery.test_bank_import import fresh, maastricht_claim
from tests.web.pages import logged_in, text


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(content: bytes, name: str = "afschrift.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/xml")


def test_uploading_on_the_page_twice_books_once(world: World, claims: list[Claim]) -> None:
    client = logged_in(fresh("administratie"))
    content = statement(
        [Line("B-1", "40.00", claims[0].reference), Line("B-2", "5.00", "onbekend")]
    )
    response = client.post("/vorderingen/bankafschriften", {"bestand": upload(content)})
    assert response.status_code == 302
    page = client.get("/vorderingen/bankafschriften")
    assert (
        "Afschrift 2026-05-15-001 ingelezen: 2 bijschrijvingen, 1 gekoppeld, 1 naar de "
        "onbekende ontvangsten, 0 overgeslagen." in text(page)
    )
    assert "NL91ABNA0417164300" in text(page)
    client.post("/vorderingen/bankafschriften", {"bestand": upload(content, "weer.xml")})
    assert "was al ingelezen" in text(client.get("/vorderingen/bankafschriften"))
    assert claims[0].balance() == Decimal("150.00")
    assert Movement.objects.filter(kind="ontvangst").count() == 1
    worklist = client.get("/vorderingen/ontvangsten-onbekend")
    assert "1 ontvangst, de oudste eerst" in text(worklist) and "onbekend" in text(worklist)
    credit = BankCredit.objects.get(entry_reference="B-2")
    matched = client.post(
        f"/vorderingen/ontvangsten-onbekend/{credit.pk}/koppeling",
        {"vordering": claims[1].reference},
    )
    assert matched.status_code == 302 and matched["Location"] == f"/vorderingen/{claims[1].pk}"
    assert claims[1].balance() == Decimal("185.00")
    assert "Er zijn geen onbekende ontvangsten" in text(
        client.get("/vorderingen/ontvangsten-onbekend")
    )


def test_a_malformed_upload_is_refused_on_the_page(world: World, claims: list[Claim]) -> None:
    client = logged_in(fresh("administratie"))
    response = client.post(
        "/vorderingen/bankafschriften", {"bestand": upload(b"<Document><kapot>")}
    )
    assert response.status_code == 400
    assert "Het bankafschrift is geweigerd: Het bestand is geen geldige XML" in text(response)
    assert not BankStatement.objects.exists()
    consulent = logged_in(fresh("consulent.vaals"))
    assert consulent.get("/vorderingen/bankafschriften").status_code == 403
    assert consulent.get("/vorderingen/ontvangsten-onbekend").status_code == 403


def test_the_api_imports_once_and_refuses_a_malformed_file(
    world: World, claims: list[Claim]
) -> None:
    client = api(fresh("administratie"))
    content = statement([Line("B-1", "40.00", claims[0].reference), Line("B-2", "7.00", "")])
    first = client.post("/api/v1/bankafschriften", {"bestand": upload(content)}, format="multipart")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["nieuw"] is True and body["nietGekoppeld"] == 1
    assert body["bankafschrift"]["gekoppeld"] == 1
    again = client.post("/api/v1/bankafschriften", {"bestand": upload(content)}, format="multipart")
    assert again.status_code == 200 and again.json()["nieuw"] is False
    assert Movement.objects.filter(kind="ontvangst").count() == 1
    listed = client.get("/api/v1/bankafschriften").json()
    assert listed["count"] == 1 and listed["results"][0]["bijschrijvingen"] == 2
    bad = client.post(
        "/api/v1/bankafschriften",
        {"bestand": upload(statement([Line("B-1", "1,00", "x")], "other"))},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    problem = bad.json()["invalidParams"][0]
    assert problem["name"] == "bestand" and "het bedrag '1,00'" in problem["reason"]
    unknown = client.post(
        "/api/v1/bankafschriften",
        {"bestand": upload(content), "extra": "1"},
        format="multipart",
    )
    assert unknown.status_code == 400
    assert BankStatement.objects.count() == 1
    open_ = client.get("/api/v1/onbekende-ontvangsten").json()
    assert open_["count"] == 1 and open_["results"][0]["bedrag"] == "7.00"
    credit_id = open_["results"][0]["id"]
    refused = client.post(
        f"/api/v1/onbekende-ontvangsten/{credit_id}/koppeling",
        {"vordering": "VORD-12345678"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "vordering"
    matched = client.post(
        f"/api/v1/onbekende-ontvangsten/{credit_id}/koppeling",
        {"vordering": str(claims[1].pk)},
        format="json",
    )
    assert matched.status_code == 201, matched.content
    assert matched.json()["saldo"] == "183.00"
    assert client.get("/api/v1/onbekende-ontvangsten").json()["count"] == 0
    assert (
        client.post(
            f"/api/v1/onbekende-ontvangsten/{credit_id}/koppeling",
            {"vordering": str(claims[1].pk)},
            format="json",
        ).status_code
        == 404
    )


def test_a_maastricht_grant_gets_404_for_a_receipt_quoting_a_vaals_claim(
    world: World, claims: list[Claim]
) -> None:
    user = fresh("consulent.maastricht")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_bankstatement", "view_bankstatement"])
    )
    user = fresh("consulent.maastricht")
    own = maastricht_claim(world)
    content = statement(
        [Line("B-1", "30.00", own.reference), Line("B-2", "30.00", claims[0].reference)]
    )
    response = api(user).post(
        "/api/v1/bankafschriften", {"bestand": upload(content)}, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["nietGekoppeld"] == 1  # nothing says which claim it quoted
    hidden = BankCredit.objects.get(entry_reference="B-2")
    assert hidden.claim_id is None and claims[0].balance() == Decimal("190.00")
    page = logged_in(user).get(f"/vorderingen/ontvangsten-onbekend/{hidden.pk}/koppeling")
    assert page.status_code == 404
    posted = api(user).post(
        f"/api/v1/onbekende-ontvangsten/{hidden.pk}/koppeling",
        {"vordering": str(own.pk)},
        format="json",
    )
    assert posted.status_code == 404
    assert api(user).get("/api/v1/onbekende-ontvangsten").json()["count"] == 0
    assert own.balance() == Decimal("270.00")
    assert (
        AuditEntry.objects.filter(
            object_type="bijschrijving", object_id=str(hidden.pk), action="refused"
        ).count()
        == 2
    )
