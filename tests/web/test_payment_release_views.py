"""The release of a payment run and what is in it, as staff use the screens (issue 12
items 7 and 8): the SEPA file is refused until a second person released the run, and then
it is exactly the released bytes; the lines of a run per municipality are shown only for
the residents the user may see, paged, searchable, and every line shown is audited."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from samen.access.models import AuditEntry
from samen.income.models import Benefit, PayingAccount, PaymentFile, PaymentRun
from tests.cases.conftest import World, world  # noqa: F401
from tests.web.pages import table_rows, text
from tests.web.test_income_views import (  # noqa: F401 (fixtures)
    benefit,
    client_for,
    demo_mode,
    paying_account,
    release_march,
    run_march,
    today,
)

pytestmark = pytest.mark.django_db

D = dt.date
ANNA = "999990019"


@pytest.fixture
def ran(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
    paying_account: PayingAccount,  # noqa: F811
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> Client:
    """March 2026 run by the administratie (not released); returns that client."""
    client = client_for(world, "administratie")
    run_march(client, django_capture_on_commit_callbacks)
    return client


def grant(world: World, username: str, *codenames: str) -> None:  # noqa: F811
    world.users[username].user_permissions.add(*Permission.objects.filter(codename__in=codenames))


# --- item 7: release ---------------------------------------------------------------------------
def test_the_sepa_file_is_refused_until_the_run_is_released(world: World, ran: Client) -> None:  # noqa: F811
    refused = ran.get("/betalingen/2026-03/GM0981/sepa.xml")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("text/html")
    page = text(refused)
    assert "Betaalbestand nog niet vrijgegeven" in page
    assert "Een tweede medewerker met het recht om betaalruns vrij te geven" in page
    assert "NL91ABNA0417164300" not in refused.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()

    run_page = text(client_for(world, "directeur").get("/betalingen/2026-03"))
    assert "Gestart door: Jos Kurvers." in run_page
    assert "Aansluiting met de betaalbestanden" in run_page
    assert "Totaal 1 € 1.331,42 1 € 1.331,42 klopt" in run_page
    assert "Betaalrun vrijgeven" in run_page

    release_march(world)
    released = text(client_for(world, "administratie").get("/betalingen/2026-03"))
    assert "Vrijgegeven op" in released and "door Mirjam Hendriks" in released
    assert "Betaalrun vrijgeven" not in released
    assert ran.get("/betalingen/2026-03/GM0981/sepa.xml").status_code == 200
    entry = AuditEntry.objects.get(object_type="betaalrun", action="update")
    assert entry.actor_name == "Mirjam Hendriks"


def test_the_released_file_is_the_same_bytes_after_an_iban_changes(
    world: World,  # noqa: F811
    ran: Client,
    benefit: Benefit,  # noqa: F811
) -> None:
    release_march(world)
    first = ran.get("/betalingen/2026-03/GM0981/sepa.xml").content
    stored = PaymentFile.objects.get(municipality_code="GM0981")
    assert hashlib.sha256(first).hexdigest() == stored.sha256

    # the client reports a new account, the municipality changes bank: the file stays
    Benefit.objects.filter(pk=benefit.pk).update(iban="NL02ABNA0123456789")
    PayingAccount.objects.filter(municipality__cbs_code="GM0981").update(iban="NL44RABO0123456789")
    later = ran.get("/betalingen/2026-03/GM0981/sepa.xml").content

    assert later == first
    assert b"NL91ABNA0417164300" in later and b"NL02ABNA0123456789" not in later
    assert AuditEntry.objects.filter(action="export", object_type="betaling").count() == 2


def test_a_tampered_stored_file_is_not_served(world: World, ran: Client) -> None:  # noqa: F811
    release_march(world)
    PaymentFile.objects.filter(municipality_code="GM0981").update(content=b"<?xml?><x/>")
    response = ran.get("/betalingen/2026-03/GM0981/sepa.xml")
    assert response.status_code == 409
    assert "klopt niet meer met de SHA-256" in text(response)
    assert b"<x/>" not in response.content


def test_the_starter_cannot_release_even_with_the_right(world: World, ran: Client) -> None:  # noqa: F811
    grant(world, "administratie", "release_paymentrun")
    page = text(ran.get("/betalingen/2026-03"))
    assert "U heeft deze betaalrun zelf gestart: een tweede medewerker moet hem vrijgeven." in page
    assert "Betaalrun vrijgeven" not in page
    run = PaymentRun.objects.get(month=D(2026, 3, 1))

    refused = ran.post("/betalingen/2026-03/vrijgeven", {"versie": run.attempts})

    assert refused.status_code == 403
    assert "U heeft de betaalrun van maart 2026 zelf gestart" in text(refused)
    run.refresh_from_db()
    assert not run.released and not PaymentFile.objects.exists()


def test_a_released_run_is_not_released_again(world: World, ran: Client) -> None:  # noqa: F811
    release_march(world)
    run = PaymentRun.objects.get(month=D(2026, 3, 1))
    again = client_for(world, "directeur").post(
        "/betalingen/2026-03/vrijgeven", {"versie": run.attempts}
    )
    assert again.status_code == 409
    assert "is al vrijgegeven" in text(again)
    assert "Een betaalrun wordt maar één keer vrijgegeven." in text(again)
    assert AuditEntry.objects.filter(object_type="betaalrun", action="update").count() == 1
    # and nothing can be added: starting the month again is refused in Dutch
    restart = ran.post("/betalingen", {"maand": "2026-03"})
    assert restart.status_code == 400
    assert "De betaalrun van maart 2026 is al vrijgegeven" in text(restart)


def test_release_refuses_bad_input_without_a_500(world: World, ran: Client) -> None:  # noqa: F811
    directeur = client_for(world, "directeur")
    for data, message in (
        ({}, "Laad de betaalrun opnieuw en geef hem dan vrij."),
        ({"versie": "abc"}, "Laad de betaalrun opnieuw en geef hem dan vrij."),
        ({"versie": "99999999999"}, "Laad de betaalrun opnieuw en geef hem dan vrij."),
        ({"versie": "1", "bedrag": "0"}, "Het formulier bevat een onbekend veld: bedrag."),
    ):
        response = directeur.post("/betalingen/2026-03/vrijgeven", data)
        assert response.status_code == 400, data
        assert message in text(response)
    stale = directeur.post("/betalingen/2026-03/vrijgeven", {"versie": "7"})
    assert stale.status_code == 409
    assert "intussen opnieuw gedraaid" in text(stale)
    assert directeur.get("/betalingen/2026-03/vrijgeven").status_code == 405
    assert directeur.post("/betalingen/2026-04/vrijgeven", {"versie": "1"}).status_code == 404
    # administration may start runs but not release them
    assert ran.post("/betalingen/2026-03/vrijgeven", {"versie": "1"}).status_code == 403
    assert not PaymentFile.objects.exists()


# --- item 8: what is in a run -------------------------------------------------------------------
def test_the_lines_of_a_municipality_are_shown_masked_and_audited(
    world: World,  # noqa: F811
    ran: Client,
    benefit: Benefit,  # noqa: F811
) -> None:
    assert 'href="/betalingen/2026-03/GM0981"' in ran.get("/betalingen/2026-03").content.decode()
    before = AuditEntry.objects.filter(action="list", object_type="betaling").count()

    response = ran.get("/betalingen/2026-03/GM0981")

    assert response.status_code == 200
    assert table_rows(response) == [
        ["Anna Janssen", ANNA, "Regulier", "€ 1.331,42", "**** **** **** ** 4300"]
    ]
    page = text(response)
    assert "1 betaling gevonden; u ziet 1 t/m 1." in page
    assert "In de run: 1 betalingen boven € 0,00, samen € 1.331,42." in page
    listed = AuditEntry.objects.filter(action="list", object_type="betaling")
    assert listed.count() == before + 1
    assert listed.last().data_subject_id == ANNA  # type: ignore[union-attr]

    by_bsn = ran.get("/betalingen/2026-03/GM0981", {"zoek": ANNA})
    by_name = ran.get("/betalingen/2026-03/GM0981", {"zoek": "anna janssen"})
    assert (
        [r[0] for r in table_rows(by_bsn)]
        == [r[0] for r in table_rows(by_name)]
        == ["Anna Janssen"]
    )
    nobody = ran.get("/betalingen/2026-03/GM0981", {"zoek": "Pietersen"})
    assert "Geen betalingen gevonden die u mag zien." in text(nobody)


def test_bad_input_on_the_lines_page_is_a_dutch_error(world: World, ran: Client) -> None:  # noqa: F811
    for query, message in (
        ({"zoek": "12345"}, "Een BSN bestaat uit negen cijfers."),
        ({"zoek": "x" * 101}, "Maximaal 100 tekens."),
        ({"zoek": "a\x00b"}, ""),
        ({"pagina": "abc"}, "Dit paginanummer bestaat niet."),
        ({"pagina": "10000000000"}, "Dit paginanummer bestaat niet."),
        ({"gemeente": "GM0935"}, "Het formulier bevat een onbekend veld: gemeente."),
    ):
        response = ran.get("/betalingen/2026-03/GM0981", query)
        assert response.status_code == 400, query
        assert message in text(response)
        assert "Anna Janssen" not in text(response)
    # a municipality not in the run, a malformed code, a month without a run: not found
    for url in (
        "/betalingen/2026-03/GM0935",
        "/betalingen/2026-03/XX",
        "/betalingen/2026-02/GM0981",
    ):
        assert ran.get(url).status_code == 404, url


def test_one_municipality_cannot_see_another_municipalitys_clients(
    world: World,  # noqa: F811
    ran: Client,
) -> None:
    # A Maastricht consulent who may also see the payment runs (figures) sees no Vaals line.
    grant(world, "consulent.maastricht", "view_paymentrun")
    outsider = client_for(world, "consulent.maastricht")
    user = world.users["consulent.maastricht"]

    listing = outsider.get("/betalingen/2026-03/GM0981")
    assert listing.status_code == 200
    assert table_rows(listing) == []
    assert "Er zijn geen betalingen die u mag zien." in text(listing)
    assert "Anna Janssen" not in listing.content.decode()

    # A refused line looks like one that does not exist: Anna's BSN answers as a BSN that is
    # in no line of the run at all.
    anna = outsider.get("/betalingen/2026-03/GM0981", {"zoek": ANNA})
    unknown = outsider.get("/betalingen/2026-03/GM0981", {"zoek": "999990020"})
    assert anna.status_code == unknown.status_code == 200
    assert text(anna).replace(ANNA, "BSN") == text(unknown).replace("999990020", "BSN")
    assert "Anna Janssen" not in anna.content.decode()
    assert not AuditEntry.objects.filter(actor_id=user.pk, data_subject_id=ANNA).exists()
    # and the file does not leave with them either
    release_march(world)
    assert outsider.get("/betalingen/2026-03/GM0981/sepa.xml").status_code == 404
