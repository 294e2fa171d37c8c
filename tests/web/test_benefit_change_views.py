"""Recording a change in a benefit's household or income on screen: the form sends only what
the user filled in, the months already paid are recalculated and the message says what that
gave. Another municipality's consulent gets 404, a stale version 409, and a bad change shows
the Dutch errors and saves nothing. The `benefit` fixture pins "today" at 15 May 2026, with
March and April paid (€ 1.331,42 each)."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from django.test import Client

from samen.access.models import AuditEntry
from samen.income.forms import BenefitChangeForm
from samen.income.models import Benefit, BenefitFact, RecoveryClaim, Supplement
from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401
from tests.web.pages import logged_in, text

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True  # demo users may only log in in demo mode


def url(benefit: Benefit) -> str:  # noqa: F811
    return f"/uitkeringen/{benefit.pk}/wijziging"


def consulent(world: World, username: str = "consulent.vaals") -> Client:  # noqa: F811
    return logged_in(world.user(username))


def income_change(benefit: Benefit, **extra: Any) -> dict[str, Any]:  # noqa: F811
    return {
        "ingangsdatum": "2026-03-01",
        "inkomen_persoon": "aanvrager",
        "inkomen_soort": "overig",
        "inkomen_netto": "200,00",
        "reden": "Alimentatie gemeld",
        "version": str(benefit.version),
        **extra,
    }


def test_the_benefits_page_links_to_the_change_form(world: World, benefit: Benefit) -> None:  # noqa: F811
    page = consulent(world).get(f"/personen/{benefit.person_id}/uitkeringen")
    assert page.status_code == 200
    assert f'href="{url(benefit)}"' in page.content.decode()
    assert "Wijziging vastleggen" in text(page)


def test_the_form_records_an_income_and_names_the_recovery(world: World, benefit: Benefit) -> None:  # noqa: F811
    client = consulent(world)
    form = client.get(url(benefit))
    assert form.status_code == 200
    page = text(form)
    for label in ("Ingangsdatum van de wijziging", "Inkomen van", "Geen partner meer", "Reden"):
        assert label in page
    assert f'name="version" value="{benefit.version}"' in form.content.decode()

    response = client.post(url(benefit), income_change(benefit))
    assert response.status_code == 302
    assert response["Location"] == f"/personen/{benefit.person_id}/uitkeringen"
    after = client.get(response["Location"])
    assert (
        "De wijziging is vastgelegd. Herberekend: 2 maanden te veel betaald "
        "(terugvordering € 380,00)." in text(after)
    )
    assert [(c.month, str(c.amount)) for c in RecoveryClaim.objects.order_by("month")] == [
        (D(2026, 3, 1), "190.00"),
        (D(2026, 4, 1), "190.00"),
    ]
    latest = BenefitFact.objects.filter(benefit=benefit).latest("pk")
    assert latest.valid_from == D(2026, 3, 1)
    assert latest.reason == "Alimentatie gemeld"
    assert latest.facts["inkomsten"] == [
        {"persoon": "aanvrager", "soort": "overig", "netto_per_maand": "200.00"}
    ]
    assert latest.facts["partner"] is None  # not filled in: unchanged
    assert AuditEntry.objects.filter(object_type="uitkering", action="update").count() == 1


def test_a_lower_income_gives_supplements(world: World, benefit: Benefit) -> None:  # noqa: F811
    client = consulent(world)
    client.post(url(benefit), income_change(benefit))
    benefit.refresh_from_db()
    response = client.post(
        url(benefit), income_change(benefit, inkomen_netto="0", reden="Alimentatie gestopt")
    )
    assert response.status_code == 302
    assert Supplement.objects.count() == 2
    after = text(client.get(response["Location"]))
    assert "2 maanden te weinig betaald (aanvulling € 380,00)" in after


def test_a_maastricht_consulent_gets_404(world: World, benefit: Benefit) -> None:  # noqa: F811
    client = consulent(world, "consulent.maastricht")
    assert client.get(url(benefit)).status_code == 404
    assert client.post(url(benefit), income_change(benefit)).status_code == 404
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1
    assert not RecoveryClaim.objects.exists()


def test_a_stale_version_gives_409_and_saves_nothing(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = consulent(world).post(
        url(benefit), income_change(benefit, version=str(benefit.version + 5))
    )
    assert response.status_code == 409
    page = text(response)
    assert "Iemand anders heeft deze uitkering intussen gewijzigd." in page
    assert "Gegevens opnieuw laden" in page
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1
    assert not RecoveryClaim.objects.exists()


def test_a_bad_change_shows_the_dutch_errors_and_saves_nothing(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    client = consulent(world)
    empty_reason = client.post(url(benefit), income_change(benefit, reden=""))
    assert empty_reason.status_code == 400
    assert "Geef de reden van de wijziging." in text(empty_reason)
    too_early = client.post(url(benefit), income_change(benefit, ingangsdatum="2026-01-01"))
    assert too_early.status_code == 400
    assert "De wijziging ligt vóór de ingangsdatum van de uitkering." in text(too_early)
    assert 'aria-invalid="true"' in too_early.content.decode()
    nothing = client.post(
        url(benefit), income_change(benefit, inkomen_netto="", reden="Niets veranderd")
    )
    assert nothing.status_code == 400
    assert "Vul ten minste één wijziging in" in text(nothing)
    assert BenefitFact.objects.filter(benefit=benefit).count() == 1
    assert not RecoveryClaim.objects.exists()
    assert not AuditEntry.objects.filter(object_type="uitkering", action="update").exists()


def test_the_form_sends_only_what_was_filled_in() -> None:
    base = {"ingangsdatum": "01-04-2026", "reden": "Partner vertrokken", "version": "1"}
    gone = BenefitChangeForm({**base, "geen_partner": "on"})
    assert gone.is_valid(), gone.errors
    assert gone.changes() == {"partner": None}
    new = BenefitChangeForm({**base, "partner_geboortedatum": "1981-02-03"})
    assert new.is_valid(), new.errors
    assert new.changes() == {"partner": {"geboortedatum": "1981-02-03"}}
    both = BenefitChangeForm({**base, "partner_geboortedatum": "1981-02-03", "geen_partner": "on"})
    assert not both.is_valid()
    assert "geen_partner" in both.errors
    amount = BenefitChangeForm({**base, "inkomen_netto": "€ 1.200,50", "inkomen_soort": "arbeid"})
    assert amount.is_valid(), amount.errors
    assert amount.changes() == {
        "inkomsten": [{"persoon": "aanvrager", "soort": "arbeid", "netto_per_maand": "1200.50"}]
    }
    english = BenefitChangeForm({**base, "inkomen_netto": "1,200.50"})
    assert english.is_valid(), english.errors
    assert english.changes()["inkomsten"][0]["netto_per_maand"] == "1200.50"  # type: ignore[index]
    negative = BenefitChangeForm({**base, "inkomen_netto": "-5"})
    assert not negative.is_valid()
    assert negative.errors["inkomen_netto"] == ["Een inkomen kan niet negatief zijn."]


def test_the_form_records_a_stay_in_an_institution(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = consulent(world).post(
        url(benefit),
        {
            "ingangsdatum": "2026-05-01",
            "inrichting": "ja",
            "reden": "Opgenomen in een verpleeghuis",
            "version": str(benefit.version),
        },
    )
    assert response.status_code == 302, text(response)
    latest = BenefitFact.objects.filter(benefit=benefit).latest("pk")
    assert latest.valid_from == D(2026, 5, 1)
    assert latest.facts["inrichting"] is True
    assert BenefitChangeForm({"inrichting": "misschien"}).errors["inrichting"] == [
        "Kies een mogelijkheid uit de lijst."
    ]


def test_the_benefits_page_lists_the_recovery_claims_with_their_vakantietoeslag(
    world: World,  # noqa: F811
    benefit: Benefit,  # noqa: F811
) -> None:
    client = consulent(world)
    assert client.post(url(benefit), income_change(benefit)).status_code == 302
    page = client.get(f"/personen/{benefit.person_id}/uitkeringen?peildatum=2026-04-01")
    html = page.content.decode()
    table = html[html.index("Terugvorderingen na herberekening") :]
    table = table[: table.index("</table>")]
    claims = list(RecoveryClaim.objects.filter(benefit=benefit).order_by("-month"))
    assert len(claims) == 2
    for claim in claims:
        assert claim.reason in unescape(table)
        assert claim.holiday_allowance < 0  # less income reserved as vakantietoeslag
        shown = f"{claim.holiday_allowance:.2f}".replace(".", ",")
        assert f"€ {shown}" in table
    assert "Geen aanvullingen." in text(page)
