"""`/api/v1/zaaktypen`, `/zaken` and `/werkvoorraad` as a client sees them: opening a case,
moving it through its lifecycle, deciding under mandate and fetching the letter; refusals as
problem+json (404 where existence must not leak, 403, 412, 400 naming the field), only scoped
cases in lists, and every read in the audit trail. "Today" is pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.cases.models import Case, Decision, Letter, Status
from samen.organisation.models import DecisionType, RecordedDecision
from tests.cases.conftest import World, world  # noqa: F401

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
D = dt.date
TODAY = D(2026, 11, 24)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def invalid(response: Any) -> dict[str, str]:
    """The fields a 400 problem names, with their reasons."""
    body = problem(response, 400)
    return {p["name"]: p["reason"] for p in body["invalidParams"]}


def client(world: World, username: str) -> APIClient:  # noqa: F811
    api = APIClient()
    api.default_format = "json"  # the API only accepts JSON bodies
    api.force_authenticate(world.user(username))
    return api


def open_case(
    world: World,  # noqa: F811
    username: str = "consulent.vaals",
    who: str = "vaals",
    on: str = "2026-03-02",
    case_type: str = "",
) -> dict[str, Any]:
    response = client(world, username).post(
        "/api/v1/zaken",
        {
            "persoon": world.persons[who].pk,
            "zaaktype": case_type or world.bijstand.code,
            "datumMelding": on,
            "toelichting": "Aanvraag via het loket",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def decision_body(**overrides: Any) -> dict[str, Any]:
    return {
        "besluittype": "pw-algemene-bijstand",
        "uitkomst": "toegekend",
        "besluitdatum": "2026-04-01",
        "ingangsdatum": "2026-03-02",
        "motivering": "U heeft geen inkomen en geen vermogen.\n\nU woont alleen.",
        "iban": "NL91 ABNA 0417 1643 00",
        **overrides,
    }


# ---------------------------------------------------------------------------------------------
# Case types
# ---------------------------------------------------------------------------------------------
def test_zaaktypen_with_their_terms(world: World) -> None:  # noqa: F811
    api = client(world, "consulent.vaals")
    response = api.get("/api/v1/zaaktypen")
    assert response.status_code == 200
    codes = {t["code"]: t for t in response.json()}
    bijstand = codes[world.bijstand.code]
    assert bijstand["beslistermijn"] == {"aantal": 8, "eenheid": "weken"}
    assert bijstand["verlenging"] == {"toegestaan": True, "aantal": 6, "eenheid": "weken"}
    assert bijstand["domein"] == "participatiewet"
    assert bijstand["besluittypen"] == ["pw-algemene-bijstand"]
    assert (bijstand["geldigVanaf"], bijstand["geldigTot"]) == ("2015-01-01", None)
    one = api.get(f"/api/v1/zaaktypen/{world.wmo.code}").json()
    assert one["wettelijkeGrondslag"] == "artikel 2.3.5 Wmo 2015"
    assert one["beslistermijn"] == {"aantal": 2, "eenheid": "weken"}
    older = api.get("/api/v1/zaaktypen?peildatum=2014-06-01").json()
    assert world.bijstand.code not in {t["code"] for t in older}
    problem(api.get(f"/api/v1/zaaktypen/{world.wmo.code}?peildatum=2014-06-01"), 404)
    problem(api.get("/api/v1/zaaktypen/astrologie"), 404)
    assert list(invalid(api.get("/api/v1/zaaktypen?peildatum=2026-02-30"))) == ["peildatum"]


# ---------------------------------------------------------------------------------------------
# Open, read, act, decide
# ---------------------------------------------------------------------------------------------
def test_open_read_act_and_decide_through_the_api(world: World) -> None:  # noqa: F811
    api = client(world, "consulent.vaals")
    response = api.post(
        "/api/v1/zaken",
        {
            "persoon": world.persons["vaals"].pk,
            "zaaktype": world.bijstand.code,
            "datumMelding": "2026-03-02",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    case = response.json()
    assert response["Location"] == f"http://testserver/api/v1/zaken/{case['id']}"
    assert response["ETag"] == '"1"'
    assert case["zaaknummer"] == f"GM0981-2026-{case['id']:06d}"
    assert case["persoon"] == {
        "id": world.persons["vaals"].pk,
        "bsn": "999990019",
        "naam": "Anna Janssen",
    }
    assert (case["gemeente"], case["domein"], case["status"]) == (
        "GM0981",
        "participatiewet",
        "ontvangen",
    )
    assert (case["datumMelding"], case["datumOntvangst"]) == ("2026-03-02", "2026-03-02")
    assert case["uitersteBeslisdatum"] == "2026-04-28"  # 27 April is Koningsdag
    assert case["toelichtingTermijn"] and case["consulent"]["naam"]
    assert case["versie"] == 1 and case["besluiten"] == []
    url = f"/api/v1/zaken/{case['id']}"

    detail = api.get(url)
    assert detail.status_code == 200 and detail.json()["zaaknummer"] == case["zaaknummer"]

    def act(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = api.post(f"{url}/{path}", body, format="json")
        assert response.status_code == 200, response.content
        return response.json()

    case = act("in-behandeling", {"versie": 1})
    assert (case["status"], case["versie"]) == ("in_behandeling", 2)
    case = act(
        "informatieverzoeken",
        {
            "datum": "2026-03-10",
            "omschrijving": "Bankafschriften van de laatste drie maanden",
            "uiterlijk": "2026-03-24",
            "versie": 2,
        },
    )
    assert case["status"] == "informatie_opgevraagd"
    assert case["uitersteBeslisdatum"] is None  # suspended
    assert case["opschortingen"][0]["uiterlijk"] == "2026-03-24"
    case = act("informatie-ontvangen", {"datum": "2026-03-20", "versie": case["versie"]})
    assert case["uitersteBeslisdatum"] == "2026-05-06"
    assert case["opschortingen"][0]["datumOntvangst"] == "2026-03-20"
    case = act(
        "verlengingen",
        {"datumBericht": "2026-04-20", "reden": "Advies nodig", "versie": case["versie"]},
    )
    assert case["uitersteBeslisdatum"] == "2026-06-17"
    assert case["verlengingen"] == [
        {"aantal": 6, "eenheid": "weken", "datumBericht": "2026-04-20", "reden": "Advies nodig"}
    ]

    response = api.post(f"{url}/besluiten", decision_body(versie=case["versie"]), format="json")
    assert response.status_code == 201, response.content
    decision = response.json()
    assert response["Location"] == f"http://testserver{url}/besluiten/{decision['id']}"
    assert decision["besluittype"] == "pw-algemene-bijstand"
    assert (decision["uitkomst"], decision["besluitdatum"]) == ("toegekend", "2026-04-01")
    assert decision["namensCollegeVan"] == "GM0981"
    assert decision["genomenDoor"] == "Bram Vliegen"
    assert decision["mandaatketen"][0]["titel"].startswith("Mandaatbesluit SZMH Vaals")
    assert decision["brief"] == f"http://testserver{url}/besluiten/{decision['id']}/brief"
    assert api.get(response["Location"]).json() == decision

    letter = api.get(decision["brief"])
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    also = api.get(decision["brief"], HTTP_ACCEPT="application/pdf")
    assert also.status_code == 200 and also.content == letter.content

    case = api.get(url).json()
    assert case["status"] == "besluit_genomen" and case["besluiten"] == [decision]
    case = act("bekendmaking", {"datum": "2026-04-02", "versie": case["versie"]})
    case = act("afsluiting", {"datum": "2026-05-20", "versie": case["versie"]})
    assert case["status"] == "afgesloten" and case["afsluitdatum"] == "2026-05-20"
    assert [h["status"] for h in case["statusgeschiedenis"]] == [
        "ontvangen",
        "in_behandeling",
        "informatie_opgevraagd",
        "in_behandeling",
        "in_behandeling",
        "besluit_genomen",
        "bekendgemaakt",
        "afgesloten",
    ]


def test_taking_a_case_puts_it_on_the_worklist_with_its_flags(world: World) -> None:  # noqa: F811
    manager = client(world, "teammanager")
    near = open_case(world, on="2026-10-05")  # 8 weeks: 30 November 2026
    late = open_case(world, on="2026-09-07")  # 8 weeks: 2 November 2026
    for case in (near, late):
        response = manager.post(f"/api/v1/zaken/{case['id']}/oppakken", {"versie": 1})
        assert response.status_code == 200, response.content
        assert response.json()["consulent"]["naam"] == world.user("teammanager").staff.name
    response = manager.get("/api/v1/werkvoorraad")
    assert response.status_code == 200
    items = response.json()
    assert [i["zaak"]["id"] for i in items] == [late["id"], near["id"]]
    assert (items[0]["dagenOver"], items[0]["termijnVerstreken"], items[0]["bijnaVerlopen"]) == (
        -22,
        True,
        False,
    )
    assert (items[1]["dagenOver"], items[1]["termijnVerstreken"], items[1]["bijnaVerlopen"]) == (
        6,
        False,
        True,
    )
    # The consulent's own worklist no longer holds them; a team's worklist does.
    vaals = client(world, "consulent.vaals")
    assert vaals.get("/api/v1/werkvoorraad").json() == []
    team = Case.objects.get(pk=near["id"]).team
    assert team is not None
    by_team = vaals.get(f"/api/v1/werkvoorraad?team={team.pk}").json()
    assert {i["zaak"]["id"] for i in by_team} == {near["id"], late["id"]}
    assert list(invalid(vaals.get("/api/v1/werkvoorraad?team=999999"))) == ["team"]


# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------
def test_a_vaals_consulent_gets_404_for_a_maastricht_case_and_its_letter(
    world: World,  # noqa: F811
) -> None:
    maastricht = client(world, "consulent.maastricht")
    case = open_case(world, username="consulent.maastricht", who="maastricht")
    url = f"/api/v1/zaken/{case['id']}"
    decided = maastricht.post(
        f"{url}/besluiten", decision_body(besluitdatum="2026-03-20", versie=1), format="json"
    )
    assert decided.status_code == 201, decided.content
    decision = decided.json()

    vaals = client(world, "consulent.vaals")
    for response in (
        vaals.get(url),
        vaals.get(f"{url}/besluiten/{decision['id']}"),
        vaals.get(decision["brief"]),
        vaals.get(decision["brief"], HTTP_ACCEPT="application/pdf"),
        vaals.post(f"{url}/oppakken", {"versie": 2}, format="json"),
    ):
        body = problem(response, 404)
        assert body["detail"] == "Zaak niet gevonden, of u heeft geen toegang."
        assert "Smeets" not in response.content.decode()
        assert "999990032" not in response.content.decode()
    # Exactly the same answer as for a case that does not exist.
    missing = problem(vaals.get("/api/v1/zaken/999999"), 404)
    assert missing["detail"] == "Zaak niet gevonden, of u heeft geen toegang."
    refused = AuditEntry.objects.filter(action=AuditEntry.Kind.REFUSED)
    assert refused.filter(actor_name="Bram Vliegen").count() == 6
    assert Case.objects.get(pk=case["id"]).version == 2  # nothing changed


def test_a_meerssen_wmo_case_is_refused_naming_the_reason(world: World) -> None:  # noqa: F811
    response = client(world, "consulent.wmo").post(
        "/api/v1/zaken",
        {
            "persoon": world.persons["meerssen"].pk,
            "zaaktype": world.wmo.code,
            "datumMelding": "2026-03-02",
        },
        format="json",
    )
    body = problem(response, 400)
    [param] = body["invalidParams"]
    assert param["name"] == "persoon"
    assert param["code"] == "not_contracted"
    assert "Meerssen heeft" in param["reason"] and "niet bij ons belegd" in param["reason"]
    assert not Case.objects.exists()
    # A Valkenburg resident can get one.
    case = open_case(world, username="consulent.wmo", who="valkenburg", case_type=world.wmo.code)
    assert (case["gemeente"], case["uitersteBeslisdatum"]) == ("GM0994", "2026-03-16")


def test_bad_input_names_the_field_and_saves_nothing(world: World) -> None:  # noqa: F811
    api = client(world, "consulent.vaals")
    person = world.persons["vaals"].pk

    def opened(**body: Any) -> dict[str, str]:
        base = {"persoon": person, "zaaktype": world.bijstand.code, "datumMelding": "2026-03-02"}
        return invalid(api.post("/api/v1/zaken", {**base, **body}, format="json"))

    unknown = opened(zaaktype="astrologie")
    assert list(unknown) == ["zaaktype"] and "astrologie" in unknown["zaaktype"]
    assert list(opened(datumMelding="2026-02-30")) == ["datumMelding"]
    assert opened(datumMelding="2026-12-01") == {"datumMelding": "Deze datum ligt in de toekomst."}
    assert list(opened(onbekend="x")) == ["onbekend"]
    # A person the consulent may not see: the same words as for a person nobody has.
    other = opened(persoon=world.persons["maastricht"].pk)
    assert (
        other
        == opened(persoon=999999)
        == {"persoon": "Persoon niet gevonden, of u heeft geen toegang."}
    )
    assert not Case.objects.exists()

    case = open_case(world)
    url = f"/api/v1/zaken/{case['id']}"
    body = decision_body(versie=1)
    del body["motivering"]
    assert list(invalid(api.post(f"{url}/besluiten", body, format="json"))) == ["motivering"]
    blank = invalid(api.post(f"{url}/besluiten", decision_body(motivering=" ", versie=1)))
    assert blank == {"motivering": "Motiveer het besluit (Awb 3:46)."}
    future = invalid(
        api.post(f"{url}/besluiten", decision_body(besluitdatum="2026-12-01", versie=1))
    )
    assert list(future) == ["besluitdatum"]
    wrong = invalid(
        api.post(f"{url}/besluiten", decision_body(besluittype="wmo-maatwerkvoorziening", versie=1))
    )
    assert wrong == {"besluittype": "Dit besluittype hoort niet bij dit zaaktype."}
    assert list(invalid(api.post(f"{url}/besluiten", decision_body(uitkomst="misschien")))) == [
        "uitkomst"
    ]
    empty = invalid(
        api.post(
            f"{url}/informatieverzoeken",
            {"datum": "2026-03-10", "omschrijving": "", "versie": 1},
            format="json",
        )
    )
    assert empty == {"omschrijving": "Geef aan welke informatie u opvraagt."}
    # A step the lifecycle does not allow is a 400 on the request as a whole.
    closing = invalid(api.post(f"{url}/afsluiting", {"datum": "2026-03-10", "versie": 1}))
    assert list(closing) == ["nonFieldErrors"]
    assert not Decision.objects.exists()
    stored = Case.objects.get(pk=case["id"])
    assert (stored.status, stored.version) == (Status.ONTVANGEN, 1)
    assert not stored.suspensions.exists()


def test_a_decision_outside_the_consulents_submandate_is_refused(world: World) -> None:  # noqa: F811
    world.bijstand.decision_types.add(DecisionType.objects.get(code="pw-boete"))
    case = open_case(world)
    response = client(world, "consulent.vaals").post(
        f"/api/v1/zaken/{case['id']}/besluiten",
        decision_body(besluittype="pw-boete", uitkomst="afgewezen", versie=1),
        format="json",
    )
    body = problem(response, 400)
    [param] = body["invalidParams"]
    assert (param["name"], param["code"]) == ("besluittype", "no_mandate")
    assert "Bram Vliegen" in param["reason"]
    assert not Decision.objects.exists() and not Letter.objects.exists()
    assert not RecordedDecision.objects.filter(reference__startswith=case["zaaknummer"]).exists()
    stored = Case.objects.get(pk=case["id"])
    assert (stored.status, stored.version) == (Status.ONTVANGEN, 1)


def test_a_stale_version_is_412_and_changes_nothing(world: World) -> None:  # noqa: F811
    api = client(world, "consulent.vaals")
    case = open_case(world)
    url = f"/api/v1/zaken/{case['id']}"
    assert api.post(f"{url}/in-behandeling", {"versie": 1}, format="json").status_code == 200
    stale = {"datum": "2026-03-10", "omschrijving": "Loonstroken", "versie": 1}
    body = problem(api.post(f"{url}/informatieverzoeken", stale, format="json"), 412)
    assert body["title"] == "Gegevens zijn intussen gewijzigd"
    del stale["versie"]
    problem(api.post(f"{url}/informatieverzoeken", stale, format="json", HTTP_IF_MATCH='"1"'), 412)
    problem(api.post(f"{url}/besluiten", decision_body(versie=1), format="json"), 412)
    assert list(invalid(api.post(f"{url}/informatieverzoeken", stale, format="json"))) == ["versie"]
    stored = Case.objects.get(pk=case["id"])
    assert (stored.status, stored.version) == (Status.IN_BEHANDELING, 2)
    assert not stored.suspensions.exists() and not Decision.objects.exists()
    # With the current version in If-Match it goes through.
    response = api.post(f"{url}/informatieverzoeken", stale, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"3"'


def test_a_toetser_may_read_but_acting_is_403(world: World) -> None:  # noqa: F811
    case = open_case(world)
    toetser = client(world, "toetser")
    assert toetser.get(f"/api/v1/zaken/{case['id']}").status_code == 200
    body = problem(
        toetser.post(f"/api/v1/zaken/{case['id']}/in-behandeling", {"versie": 1}, format="json"),
        403,
    )
    assert body["detail"] == "U mag deze zaak inzien maar niet wijzigen."
    assert Case.objects.get(pk=case["id"]).version == 1


def test_anonymous_clients_get_401(world: World) -> None:  # noqa: F811
    case = open_case(world)
    problem(APIClient().get("/api/v1/zaken"), 401)
    problem(APIClient().get(f"/api/v1/zaken/{case['id']}"), 401)
    problem(APIClient().get("/api/v1/werkvoorraad"), 401)


# ---------------------------------------------------------------------------------------------
# Lists and the audit trail
# ---------------------------------------------------------------------------------------------
def test_the_list_shows_only_scoped_cases(world: World) -> None:  # noqa: F811
    ours = open_case(world)
    young = open_case(world, who="vaals_young", on="2026-03-09")
    theirs = open_case(world, username="consulent.maastricht", who="maastricht")
    api = client(world, "consulent.vaals")
    response = api.get("/api/v1/zaken")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [c["id"] for c in body["results"]] == [young["id"], ours["id"]]  # newest first
    assert theirs["zaaknummer"] not in response.content.decode()
    assert "999990032" not in response.content.decode()
    # A BSN of another municipality finds nothing, exactly like a BSN nobody has.
    other = api.get("/api/v1/zaken?bsn=999990032").json()
    nobody = api.get("/api/v1/zaken?bsn=999999999").json()
    assert other == nobody == {"count": 0, "next": None, "previous": None, "results": []}
    by_bsn = api.get("/api/v1/zaken?bsn=999990019").json()
    assert [c["id"] for c in by_bsn["results"]] == [ours["id"]]
    by_status = api.get("/api/v1/zaken?status=melding").json()
    assert [c["id"] for c in by_status["results"]] == [young["id"]]
    first = api.get("/api/v1/zaken?paginaGrootte=1").json()
    assert first["next"] == "http://testserver/api/v1/zaken?pagina=2&paginaGrootte=1"
    assert [c["id"] for c in api.get(first["next"]).json()["results"]] == [ours["id"]]
    problem(api.get("/api/v1/zaken?pagina=3&paginaGrootte=1"), 404)
    assert list(invalid(api.get("/api/v1/zaken?status=zoek"))) == ["status"]
    assert list(invalid(api.get("/api/v1/zaken?bsn=123"))) == ["bsn"]
    # The Maastricht consulent sees only his own.
    mine = client(world, "consulent.maastricht").get("/api/v1/zaken").json()
    assert [c["id"] for c in mine["results"]] == [theirs["id"]]


def test_every_read_is_audited(world: World) -> None:  # noqa: F811
    api = client(world, "consulent.vaals")
    case = open_case(world)
    decided = api.post(
        f"/api/v1/zaken/{case['id']}/besluiten", decision_body(versie=1), format="json"
    ).json()
    start = AuditEntry.objects.count()

    def new_entries() -> list[tuple[str, str, str, str]]:
        nonlocal start
        entries = AuditEntry.objects.order_by("sequence")[start:]
        start = AuditEntry.objects.count()
        return [(e.action, e.object_type, e.object_id, e.data_subject_id) for e in entries]

    reference, bsn = case["zaaknummer"], "999990019"
    api.get(f"/api/v1/zaken/{case['id']}")
    assert new_entries() == [("read", "zaak", reference, bsn)]
    api.get("/api/v1/zaken")
    assert new_entries() == [("list", "zaak", reference, bsn)]
    api.get(decided["brief"])
    assert new_entries() == [("read", "brief", f"{reference}-B{decided['id']}", bsn)]
    api.get(f"/api/v1/zaken/{case['id']}/besluiten/{decided['id']}")
    assert new_entries() == [("read", "zaak", reference, bsn)]
    manager = client(world, "teammanager")
    # Decided cases are off the worklist; an open one shows and is audited.
    second = open_case(world, on="2026-10-05")
    manager.post(f"/api/v1/zaken/{second['id']}/oppakken", {"versie": 1}, format="json")
    new_entries()
    manager.get("/api/v1/werkvoorraad")
    assert new_entries() == [("list", "zaak", second["zaaknummer"], bsn)]
    entry = AuditEntry.objects.order_by("sequence").last()
    assert entry is not None and entry.purpose == "uitvoering"
