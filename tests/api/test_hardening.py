"""Issue 10, bad input: every request that answered a 500, stored what it should have refused,
or answered in English, now answers a Dutch 400 (413 for size) problem naming the field, and
changes nothing. Each case is one the fuzzing and the hand-made inputs found; most answered
a 500 on PostgreSQL (a NUL byte cannot be sent to it) or silently dropped a misspelled key."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from samen.cases.models import Case, Decision, Suspension
from samen.income.models import Benefit, BenefitFact
from samen.people.models import Person, Registration
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def client(world: World, username: str = "consulent.vaals") -> APIClient:  # noqa: F811
    api = APIClient()
    api.force_authenticate(world.user(username))
    return api


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status and body["detail"]
    return body


def invalid(response: Any) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in problem(response, 400)["invalidParams"]}


def post(api: APIClient, url: str, body: Any, **headers: Any) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return api.post(url, raw, content_type="application/json", **headers)


def new_person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bsn": "111222333",
        "voornamen": "Mila",
        "achternaam": "Dassen",
        "geboortedatum": "1991-04-12",
        "adres": {
            "straat": "Maastrichterlaan",
            "huisnummer": "12",
            "postcode": "6291 EN",
            "woonplaats": "Vaals",
            "gemeente": "GM0981",
            "woontSinds": "2020-01-01",
        },
        "inschrijving": {"domein": "participatiewet", "onderwerp": "Aanvraag bijstand"},
    }
    body.update(overrides)
    return body


def calculation(**overrides: Any) -> dict[str, Any]:
    return {
        "peildatum": "2026-03-01",
        "gemeente": "GM0981",
        "aanvrager": {"geboortedatum": "1980-05-01"},
        **overrides,
    }


# ---------------------------------------------------------------------------------------------
# 1. No 500 on any input: NUL bytes in looked-up codes, page numbers beyond the database
# ---------------------------------------------------------------------------------------------
NUL_QUERIES = [
    ("/api/v1/mandaten?besluittype=%00", "besluittype"),
    ("/api/v1/gecontracteerde-taken?gemeente=%00", "gemeente"),
    ("/api/v1/gecontracteerde-taken?domein=a%00", "domein"),
    ("/api/v1/wie-mag-besluiten?gemeente=GM0981&besluittype=%00", "besluittype"),
    (
        "/api/v1/wie-mag-besluiten?gemeente=GM0981&besluittype=pw-algemene-bijstand"
        "&medewerker=D%000001",
        "medewerker",
    ),
    ("/api/v1/taakuitvoering?gemeente=GM%000981&domein=wmo", "gemeente"),
    ("/api/v1/taakuitvoering?gemeente=GM0981&domein=wmo%00", "domein"),
    ("/api/v1/gemeenten/GM%000935", "cbsCode"),
    ("/api/v1/domeinen/a%00", "code"),
    ("/api/v1/personen?zoek=Jan%00ssen", "zoek"),
    ("/api/v1/zaken?bsn=99999%00019", "bsn"),
]


@pytest.mark.parametrize(("url", "name"), NUL_QUERIES)
def test_a_nul_byte_in_a_code_is_a_400_naming_it(world: World, url: str, name: str) -> None:  # noqa: F811
    assert list(invalid(client(world).get(url))) == [name]


def test_a_nul_byte_in_a_code_is_a_400_also_for_the_officer(world: World) -> None:  # noqa: F811
    assert list(invalid(client(world, "fg").get("/api/v1/auditregels?gemeente=%00"))) == [
        "gemeente"
    ]


@pytest.mark.parametrize("field", ["adres.gemeente", "inschrijving.domein", "voornamen"])
def test_a_nul_byte_in_a_new_person_is_a_400_and_nothing_is_saved(
    world: World,  # noqa: F811
    field: str,
) -> None:
    body = new_person()
    part, _, key = field.rpartition(".")
    (body[part] if part else body)[key] = "\u0000"
    before = Person.objects.count()
    assert field in invalid(post(client(world), "/api/v1/personen", body))
    assert Person.objects.count() == before


@pytest.mark.parametrize("url", ["/api/v1/zaken", "/api/v1/personen", "/api/v1/auditregels"])
@pytest.mark.parametrize("page", ["10000000000000000000", "0", "-1", "drie", "1.5"])
def test_a_page_number_out_of_range_is_a_400_naming_it(
    world: World,  # noqa: F811
    url: str,
    page: str,
) -> None:
    api = client(world, "fg" if "audit" in url else "consulent.vaals")
    reason = invalid(api.get(f"{url}?pagina={page}"))["pagina"]
    assert reason.startswith("Het paginanummer")


def test_a_page_size_out_of_range_is_a_400_naming_it(world: World) -> None:  # noqa: F811
    api = client(world)
    assert list(invalid(api.get("/api/v1/gemeenten?paginaGrootte=100000"))) == ["paginaGrootte"]
    assert list(invalid(api.get("/api/v1/zaken?paginaGrootte=0"))) == ["paginaGrootte"]
    # A well-formed page after the last one is still "not found".
    problem(api.get("/api/v1/gemeenten?pagina=999999"), 404)


def test_an_id_beyond_the_database_range_is_not_found(world: World) -> None:  # noqa: F811
    api = client(world)
    problem(api.get("/api/v1/zaken/99999999999999999999999"), 404)
    problem(api.get("/api/v1/personen/99999999999999999999999"), 404)
    assert list(invalid(api.get("/api/v1/werkvoorraad?team=99999999999999999999999"))) == ["team"]


# ---------------------------------------------------------------------------------------------
# 2. Unknown fields are refused, not dropped, and nothing is written
# ---------------------------------------------------------------------------------------------
def test_a_misspelled_change_field_is_refused_and_nothing_changes(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    facts, version = BenefitFact.objects.count(), benefit.version
    response = post(
        client(world),
        f"/api/v1/uitkeringen/{benefit.pk}/wijzigingen",
        {
            "ingangsdatum": "2026-03-01",
            "wijzigingen": {"kinderenn": [], "vrijlatingGebruiktMaanden": 1},
            "reden": "Tikfout",
            "versie": benefit.version,
        },
    )
    assert invalid(response) == {"wijzigingen.kinderenn": "Onbekend veld."}
    benefit.refresh_from_db()
    assert (BenefitFact.objects.count(), benefit.version) == (facts, version)


@pytest.mark.parametrize(
    ("extra", "name"),
    [
        ({"onbekendVeld": 1}, "onbekendVeld"),
        ({"adres": {**new_person()["adres"], "land": "NL"}}, "adres.land"),
        (
            {"inschrijving": {"domein": "participatiewet", "onderwerp": "x", "geheim": True}},
            "inschrijving.geheim",
        ),
    ],
)
def test_an_unknown_field_on_a_new_person_is_refused_and_nothing_is_saved(
    world: World,  # noqa: F811
    extra: dict[str, Any],
    name: str,
) -> None:
    before = (Person.objects.count(), Registration.objects.count())
    response = post(client(world), "/api/v1/personen", new_person(**extra))
    assert invalid(response) == {name: "Onbekend veld."}
    assert (Person.objects.count(), Registration.objects.count()) == before


def test_an_unknown_field_in_a_calculation_is_refused(world: World) -> None:  # noqa: F811
    api = client(world)
    assert invalid(post(api, "/api/v1/bijstandsberekeningen", calculation(kinder=[]))) == {
        "kinder": "Onbekend veld."
    }
    nested = calculation(aanvrager={"geboortedatum": "1980-05-01", "leeftijd": 45})
    assert list(invalid(post(api, "/api/v1/bijstandsberekeningen", nested))) == [
        "aanvrager.leeftijd"
    ]
    listed = calculation(kinderen=[{"geboortedatum": "2015-01-01", "naam": "Sem"}])
    assert list(invalid(post(api, "/api/v1/bijstandsberekeningen", listed))) == ["kinderen.0.naam"]


def test_an_unknown_query_key_is_refused(world: World) -> None:  # noqa: F811
    # A misspelled filter would otherwise answer every record the actor may see.
    assert invalid(client(world).get("/api/v1/zaken?bsm=999990019")) == {"bsm": "Onbekend veld."}


# ---------------------------------------------------------------------------------------------
# 3. Limits on every text and number, and dates in order
# ---------------------------------------------------------------------------------------------
def _open_case(world: World) -> dict[str, Any]:  # noqa: F811
    response = post(
        client(world),
        "/api/v1/zaken",
        {
            "persoon": world.persons["vaals"].pk,
            "zaaktype": world.bijstand.code,
            "datumMelding": "2026-03-02",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_motivering_over_the_limit_is_refused_and_no_letter_is_made(
    world: World,  # noqa: F811
) -> None:
    case = _open_case(world)
    body = {
        "besluittype": "pw-algemene-bijstand",
        "uitkomst": "afgewezen",
        "besluitdatum": "2026-04-01",
        "motivering": "x" * 10_001,
        "versie": case["versie"],
    }
    reason = invalid(post(client(world), f"/api/v1/zaken/{case['id']}/besluiten", body))
    assert reason == {"motivering": "Deze tekst is te lang: hoogstens 10000 tekens, nu 10001."}
    # A megabyte is refused before it is parsed at all.
    huge = {**body, "motivering": "x" * 1_000_000}
    problem(post(client(world), f"/api/v1/zaken/{case['id']}/besluiten", huge), 413)
    assert not Decision.objects.filter(case_id=case["id"]).exists()


def test_a_count_out_of_range_is_refused(world: World, benefit: Benefit) -> None:  # noqa: F811
    api = client(world)
    months = calculation(vrijlatingGebruiktMaanden=10**20)
    assert list(invalid(post(api, "/api/v1/bijstandsberekeningen", months))) == [
        "vrijlatingGebruiktMaanden"
    ]
    facts = BenefitFact.objects.count()
    change = {
        "ingangsdatum": "2026-03-01",
        "wijzigingen": {"vrijlatingGebruiktMaanden": 10**20},
        "reden": "Test",
        "versie": benefit.version,
    }
    url = f"/api/v1/uitkeringen/{benefit.pk}/wijzigingen"
    assert list(invalid(post(api, url, change))) == ["wijzigingen.vrijlatingGebruiktMaanden"]
    assert BenefitFact.objects.count() == facts
    many = calculation(kinderen=[{"geboortedatum": "2015-01-01"}] * 21)
    assert invalid(post(api, "/api/v1/bijstandsberekeningen", many)) == {
        "kinderen": "Geef hoogstens 20 items."
    }


def test_an_information_request_due_before_it_was_made_is_refused(
    world: World,  # noqa: F811
) -> None:
    case = _open_case(world)
    response = post(
        client(world),
        f"/api/v1/zaken/{case['id']}/informatieverzoeken",
        {
            "datum": "2026-03-10",
            "omschrijving": "Bankafschriften",
            "uiterlijk": "2026-03-01",
            "versie": case["versie"],
        },
    )
    assert invalid(response) == {"uiterlijk": "Deze datum ligt vóór de datum van het verzoek."}
    assert not Suspension.objects.filter(case_id=case["id"]).exists()


def test_a_date_outside_the_supported_years_is_refused(world: World) -> None:  # noqa: F811
    api = client(world)
    for day in ("0001-01-01", "9999-12-31"):
        reason = invalid(post(api, "/api/v1/bijstandsberekeningen", calculation(peildatum=day)))
        assert reason == {"peildatum": "Deze datum ligt buiten 1900-2099."}


def test_control_characters_are_refused_in_text_but_line_breaks_in_a_motivering_are_kept(
    world: World,  # noqa: F811
) -> None:
    body = new_person(voornamen="Mi\x07la")
    assert invalid(post(client(world), "/api/v1/personen", body)) == {
        "voornamen": "Deze tekst bevat een stuurteken (teken 3); dat kan hier niet."
    }
    body = new_person(achternaam="Das\nsen")
    assert list(invalid(post(client(world), "/api/v1/personen", body))) == ["achternaam"]
    case = _open_case(world)
    decided = post(
        client(world),
        f"/api/v1/zaken/{case['id']}/besluiten",
        {
            "besluittype": "pw-algemene-bijstand",
            "uitkomst": "afgewezen",
            "besluitdatum": "2026-04-01",
            "motivering": "Eerste alinea.\n\nTweede alinea.",
            "versie": case["versie"],
        },
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["motivering"] == "Eerste alinea.\n\nTweede alinea."


# ---------------------------------------------------------------------------------------------
# 4. Every error in Dutch, naming the field
# ---------------------------------------------------------------------------------------------
def test_malformed_json_is_a_dutch_400(world: World) -> None:  # noqa: F811
    body = problem(post(client(world), "/api/v1/bijstandsberekeningen", b'{"peildatum": }'), 400)
    assert body["detail"] == "Ongeldige JSON op regel 1, kolom 15: hier wordt een waarde verwacht."


def test_bytes_that_are_not_utf8_are_a_dutch_400(world: World) -> None:  # noqa: F811
    raw = b'{"gemeente": "GM0981\xff"}'
    body = problem(post(client(world), "/api/v1/bijstandsberekeningen", raw), 400)
    assert body["detail"] == "De gegevens zijn geen geldige UTF-8 (byte 21)."


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(world: World, constant: str) -> None:  # noqa: F811
    raw = (
        '{"peildatum": "2026-03-01", "gemeente": "GM0981", "aanvrager": {"geboortedatum": '
        '"1980-05-01"}, "inkomsten": [{"persoon": "aanvrager", "soort": "arbeid", '
        f'"nettoPerMaand": {constant}}}]}}'
    ).encode()
    body = problem(post(client(world), "/api/v1/bijstandsberekeningen", raw), 400)
    assert body["detail"].startswith(f"{constant} is geen getal in JSON")


def test_numbers_too_long_or_nested_too_deep_are_a_400(world: World) -> None:  # noqa: F811
    api = client(world)
    long_number = b'{"vrijlatingGebruiktMaanden": ' + b"9" * 5000 + b"}"
    assert (
        "te lang" in problem(post(api, "/api/v1/bijstandsberekeningen", long_number), 400)["detail"]
    )
    huge_float = b'{"vrijlatingGebruiktMaanden": 1e999}'
    problem(post(api, "/api/v1/bijstandsberekeningen", huge_float), 400)
    deep = b"[" * 100_000 + b"]" * 100_000
    assert problem(post(api, "/api/v1/bijstandsberekeningen", deep), 400)["detail"] == (
        "De JSON is te diep genest."
    )
    twice = b'{"peildatum": "2026-03-01", "peildatum": "2026-04-01"}'
    assert "twee keer" in problem(post(api, "/api/v1/bijstandsberekeningen", twice), 400)["detail"]


@pytest.mark.parametrize("value", [["GM0981"], {"code": "GM0981"}, True])
def test_a_list_or_object_where_text_is_expected_is_a_dutch_400(
    world: World,  # noqa: F811
    value: Any,
) -> None:
    reasons = invalid(post(client(world), "/api/v1/personen", new_person(voornamen=value)))
    assert reasons == {"voornamen": "Geef een tekst."}


def test_an_object_where_a_list_is_expected_and_the_reverse(world: World) -> None:  # noqa: F811
    api = client(world)
    assert invalid(post(api, "/api/v1/bijstandsberekeningen", calculation(kinderen={}))) == {
        "kinderen": "Geef een lijst, geen dict."
    }
    assert invalid(post(api, "/api/v1/bijstandsberekeningen", calculation(aanvrager=[]))) == {
        "aanvrager": "Geef een object met de gegevens, geen list."
    }
    body = problem(post(api, "/api/v1/bijstandsberekeningen", b"[]"), 400)
    assert body["invalidParams"][0]["reason"] == "Geef een object met de gegevens, geen list."


def test_a_version_that_cannot_exist_is_a_400_not_a_412(world: World) -> None:  # noqa: F811
    case = _open_case(world)
    url = f"/api/v1/zaken/{case['id']}/oppakken"
    assert list(invalid(post(client(world), url, {"versie": 10**20}))) == ["versie"]
    assert list(invalid(post(client(world), url, {}, HTTP_IF_MATCH=f'"{10**20}"'))) == ["If-Match"]
    assert Case.objects.get(pk=case["id"]).version == case["versie"]


def test_a_body_that_is_not_json_is_a_dutch_415(world: World) -> None:  # noqa: F811
    response = client(world).post("/api/v1/bijstandsberekeningen", "a=b", content_type="text/plain")
    assert problem(response, 415)["detail"] == (
        "Stuur de gegevens als JSON in UTF-8 (Content-Type: application/json)."
    )
    latin = client(world).post(
        "/api/v1/bijstandsberekeningen",
        b"{}",
        content_type="application/json; charset=latin-1",
    )
    assert problem(latin, 415)["detail"] == "Stuur JSON in UTF-8 (charset=utf-8)."


def test_a_method_not_allowed_is_dutch(world: World) -> None:  # noqa: F811
    body = problem(client(world).delete("/api/v1/gemeenten"), 405)
    assert body["detail"] == "De methode DELETE is op dit adres niet toegestaan."


def test_errors_that_django_answers_itself_are_problems_under_the_api(
    world: World,  # noqa: F811
    settings: Any,
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client(world).get("/api/v1/gemeenten", HTTP_HOST="aanvaller.example")
    problem(response, 400)
    page = client(world).get("/organisatie", HTTP_HOST="aanvaller.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
