"""Access rights without a superuser: functional management proposes a grant, a second person
approves it, and only then does it give access (issue 12 item 9). Through the real policy,
the real screens and the audit trail the officer reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from samen.access import grants
from samen.access.models import AuditEntry, Grant, Role
from samen.access.policy import Purpose, forget, policy_for
from samen.organisation.models import Staff
from samen.people import services as people
from samen.people.models import Person
from tests.access.helpers import Z, domains, grant, municipalities, person, staff_user, today
from tests.web.pages import logged_in, table_rows, text

pytestmark = pytest.mark.django_db
BSN = "999990019"


def allow(user: Any, *codenames: str) -> Any:
    """``user`` with the given permissions, fetched again so has_perm sees them."""
    for codename in codenames:
        app, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=name)
        )
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def world() -> dict[str, Any]:
    munis = municipalities("GM0981", "GM0935")
    doms = domains("participatiewet", "wmo")
    resident = person(BSN, munis["GM0981"], [(doms["participatiewet"], Z)])
    beheerder = allow(
        staff_user("beheerder", "Bea Beheer"),
        "access.manage_grants",
        "organisation.add_staff",
        "organisation.view_staff",
    )
    tweede = allow(staff_user("beheerder2", "Bert Beheer"), "access.manage_grants")
    directeur = allow(
        staff_user("directeur", "Mirjam Directeur"), "access.approve_grants", "access.view_grant"
    )
    consulent = staff_user("consulent", "Bram Consulent")
    fg = staff_user("fg", "Femke Toezicht")
    grant(fg, "fg", [munis["GM0981"]], [])
    return {
        "munis": munis,
        "doms": doms,
        "resident": resident,
        "beheerder": beheerder,
        "tweede": tweede,
        "directeur": directeur,
        "consulent": consulent,
        "fg": fg,
    }


def proposal(w: dict[str, Any], **changes: Any) -> grants.Proposal:
    values: dict[str, Any] = {
        "staff": w["consulent"].staff,
        "role": Role.objects.get(code="consulent"),
        "municipalities": [w["munis"]["GM0981"]],
        "domains": [w["doms"]["participatiewet"]],
        "max_confidentiality": Z,
        "valid_from": today() - dt.timedelta(days=1),
        "valid_until": None,
        "reason": "Nieuwe consulent team Heuvelland",
        **changes,
    }
    return grants.Proposal(**values)


def _resident_pk() -> int:
    return Person.objects.get(bsn=BSN).pk


def sees_resident(user: Any) -> bool:
    """Whether ``user`` sees the resident, through the real policy: in the list and in the
    detail (which must agree)."""
    forget(user)
    listed = BSN in [
        view.person.bsn for view in people.list_persons(user, Purpose.UITVOERING).items
    ]
    try:
        people.get_person(user, _resident_pk(), Purpose.UITVOERING)
    except people.NotVisible:
        found = False
    else:
        found = True
    assert listed == found, "list and detail must agree"
    return found


# --- the rule the issue names ----------------------------------------------------------------
def test_a_grant_without_approval_gives_no_access(world: dict[str, Any]) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world))
    assert proposed.status == Grant.Status.PROPOSED
    consulent = world["consulent"]
    assert policy_for(consulent).grants == []
    assert not sees_resident(consulent)
    client = logged_in(consulent)
    assert client.get(f"/personen/{_resident_pk()}").status_code in (403, 404)
    assert BSN not in text(client.get("/personen"))


def test_a_grant_created_without_the_lifecycle_is_a_proposal(world: dict[str, Any]) -> None:
    # Default deny: a row written without a status (a script, a fixture) gives nothing.
    row = Grant.objects.create(
        staff=world["consulent"].staff,
        role=Role.objects.get(code="consulent"),
        valid_from=today(),
    )
    row.municipalities.set([world["munis"]["GM0981"]])
    row.domains.set([world["doms"]["participatiewet"]])
    assert row.status == Grant.Status.PROPOSED
    assert not sees_resident(world["consulent"])


def test_approval_by_a_second_person_gives_access(world: dict[str, Any]) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world))
    approved = grants.approve(world["directeur"], proposed.pk)
    assert approved.status == Grant.Status.APPROVED
    assert approved.decided_by == world["directeur"]
    assert approved.decided_at is not None
    assert sees_resident(world["consulent"])
    assert logged_in(world["consulent"]).get(f"/personen/{_resident_pk()}").status_code == 200


def test_the_proposer_cannot_approve_and_the_attempt_is_recorded(world: dict[str, Any]) -> None:
    beheerder = allow(world["beheerder"], "access.approve_grants")
    proposed = grants.propose(beheerder, proposal(world))
    with pytest.raises(ValidationError, match="zelf voorgesteld"):
        grants.approve(beheerder, proposed.pk)
    proposed.refresh_from_db()
    assert proposed.status == Grant.Status.PROPOSED
    assert not sees_resident(world["consulent"])
    refused = AuditEntry.objects.get(action="refused", object_type="autorisatie")
    assert refused.actor_id == beheerder.pk
    assert refused.changes["event"] == "goedkeuring geweigerd"


def test_nobody_approves_their_own_grant(world: dict[str, Any]) -> None:
    own = grants.propose(world["beheerder"], proposal(world, staff=world["directeur"].staff))
    with pytest.raises(ValidationError, match="voor uzelf"):
        grants.approve(world["directeur"], own.pk)
    assert Grant.objects.get(pk=own.pk).status == Grant.Status.PROPOSED


def test_without_the_approval_right_nobody_approves(world: dict[str, Any]) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world))
    with pytest.raises(Exception, match="goedkeuren"):
        grants.approve(world["tweede"], proposed.pk)  # a second beheerder without the right
    response = logged_in(world["tweede"]).post(f"/autorisaties/{proposed.pk}/goedkeuren")
    assert response.status_code == 403
    assert Grant.objects.get(pk=proposed.pk).status == Grant.Status.PROPOSED


def test_a_rejected_proposal_gives_no_access(world: dict[str, Any]) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world))
    with pytest.raises(ValidationError):
        grants.reject(world["directeur"], proposed.pk, "   ")
    rejected = grants.reject(world["directeur"], proposed.pk, "Geen aanstelling in Vaals")
    assert (rejected.status, rejected.decision_note) == (
        Grant.Status.REJECTED,
        "Geen aanstelling in Vaals",
    )
    assert not sees_resident(world["consulent"])
    with pytest.raises(ValidationError, match="afgewezen"):
        grants.approve(world["directeur"], proposed.pk)


def test_a_withdrawn_proposal_cannot_be_approved(world: dict[str, Any]) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world))
    grants.withdraw(world["tweede"], proposed.pk, "Dubbel voorstel")
    with pytest.raises(ValidationError, match="ingetrokken"):
        grants.approve(world["directeur"], proposed.pk)
    assert not sees_resident(world["consulent"])


def test_ending_takes_access_away_at_once_without_a_second_person(
    world: dict[str, Any],
) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world, valid_from=today()))
    grants.approve(world["directeur"], proposed.pk)
    assert sees_resident(world["consulent"])
    with pytest.raises(ValidationError) as error:
        grants.end(world["beheerder"], proposed.pk, today() - dt.timedelta(days=1), "Uit dienst")
    assert "begindatum" in str(error.value)
    ended = grants.end(world["beheerder"], proposed.pk, today(), "Uit dienst")
    assert ended.valid_until == today() and ended.ended_by == world["beheerder"]
    # Ending only shortens: the same or a later day is a new proposal.
    with pytest.raises(ValidationError, match="alleen korter"):
        grants.end(world["beheerder"], proposed.pk, today() + dt.timedelta(days=30), "Terug")


def test_ending_yesterday_stops_access_today(world: dict[str, Any]) -> None:
    proposed = grants.propose(world["beheerder"], proposal(world))  # from yesterday
    grants.approve(world["directeur"], proposed.pk)
    grants.end(world["directeur"], proposed.pk, today() - dt.timedelta(days=1), "Functie gewijzigd")
    assert not sees_resident(world["consulent"])


# --- the audit trail and the officer ---------------------------------------------------------
def test_every_step_is_in_the_audit_trail_and_on_the_officers_screen(
    world: dict[str, Any],
) -> None:
    first = grants.propose(world["beheerder"], proposal(world))
    grants.approve(world["directeur"], first.pk)
    grants.end(world["beheerder"], first.pk, today(), "Uit dienst")
    second = grants.propose(world["beheerder"], proposal(world, reason="Tweede poging"))
    grants.reject(world["directeur"], second.pk, "Niet nodig")
    third = grants.propose(world["beheerder"], proposal(world, reason="Derde"))
    grants.withdraw(world["beheerder"], third.pk)

    entries = list(AuditEntry.objects.filter(object_type="autorisatie").order_by("sequence"))
    assert [(e.object_id, e.action, e.changes["event"]) for e in entries] == [
        (str(first.pk), "create", "voorgesteld"),
        (str(first.pk), "update", "goedgekeurd"),
        (str(first.pk), "update", "beëindigd"),
        (str(second.pk), "create", "voorgesteld"),
        (str(second.pk), "update", "afgewezen"),
        (str(third.pk), "create", "voorgesteld"),
        (str(third.pk), "update", "ingetrokken"),
    ]
    assert {e.actor_name for e in entries} == {"Bea Beheer", "Mirjam Directeur"}
    assert all(e.purpose == "beheer" and e.data_subject_id == "" for e in entries)
    assert entries[0].changes["fields"]["municipalities"] == [None, ["GM0981"]]
    assert entries[0].changes["staff"] == "Bram Consulent (consulent)"

    fg = logged_in(world["fg"])
    page = fg.get("/toezicht/autorisaties")
    assert page.status_code == 200
    rows = table_rows(page)
    assert len(rows) == 7
    assert rows[0][5] == f"autorisatie {third.pk}: ingetrokken (Bram Consulent (consulent))"
    assert rows[-1][1].startswith("Bea Beheer")
    assert "voorgesteld" in rows[-1][5]
    # Its reading is recorded, as every reading of the audit trail is.
    assert AuditEntry.objects.filter(
        actor_id=world["fg"].pk, object_type="audittrail", object_id="autorisaties"
    ).exists()
    # And the search filters on the object type.
    found = table_rows(fg.get("/toezicht", {"soort": "autorisatie"}))
    assert len(found) == 7 and all("autorisatie" in row[5] for row in found)
    assert fg.get("/toezicht", {"soort": "iets\x00anders"}).status_code == 400


def test_only_the_officer_reads_the_grant_changes(world: dict[str, Any]) -> None:
    for user in (world["beheerder"], world["directeur"], world["consulent"]):
        assert logged_in(user).get("/toezicht/autorisaties").status_code == 403


# --- the screens -------------------------------------------------------------------------------
def propose_form(w: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "rol": "consulent",
        "gemeenten": ["GM0981"],
        "domeinen": ["participatiewet"],
        "vertrouwelijkheid": str(Z),
        "geldig_vanaf": today().isoformat(),
        "geldig_tot": "",
        "reden": "Nieuwe consulent",
        **changes,
    }


def test_the_screens_propose_and_a_second_person_approves(world: dict[str, Any]) -> None:
    staff = world["consulent"].staff
    beheer = logged_in(world["beheerder"])
    assert beheer.get(f"/autorisaties/medewerkers/{staff.pk}/voorstellen").status_code == 200
    response = beheer.post(f"/autorisaties/medewerkers/{staff.pk}/voorstellen", propose_form(world))
    assert response.status_code == 302
    proposed = Grant.objects.get(staff=staff)
    assert (proposed.status, proposed.proposed_by) == (Grant.Status.PROPOSED, world["beheerder"])
    overview = text(beheer.get(f"/autorisaties/medewerkers/{staff.pk}"))
    assert "voorgesteld" in overview and "nee" in overview
    # The beheerder has no approve button and no approval right.
    assert (
        f"/autorisaties/{proposed.pk}/goedkeuren"
        not in beheer.get("/autorisaties").content.decode()
    )
    assert beheer.post(f"/autorisaties/{proposed.pk}/goedkeuren").status_code == 403

    directeur = logged_in(world["directeur"])
    page = directeur.get("/autorisaties")
    assert "Bram Consulent" in text(page)
    assert f"/autorisaties/{proposed.pk}/goedkeuren" in page.content.decode()
    # A field injected into the button's form is refused, nothing approved.
    directeur.post(f"/autorisaties/{proposed.pk}/goedkeuren", {"status": "approved"})
    assert Grant.objects.get(pk=proposed.pk).status == Grant.Status.PROPOSED
    response = directeur.post(f"/autorisaties/{proposed.pk}/goedkeuren", follow=True)
    assert "is goedgekeurd" in text(response)
    assert Grant.objects.get(pk=proposed.pk).status == Grant.Status.APPROVED
    assert sees_resident(world["consulent"])
    assert "ja" in text(directeur.get(f"/autorisaties/medewerkers/{staff.pk}"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rol": ""}, "rol", "Kies een rol."),
        ({"rol": "koning"}, "rol", "Deze rol is onbekend."),
        ({"rol": "consulent\x00"}, "rol", "Deze rol is onbekend."),
        ({"gemeenten": ["GM9999"]}, "gemeenten", "Een van de gekozen gemeenten is onbekend."),
        ({"gemeenten": ["x" * 5000]}, "gemeenten", "Een van de gekozen gemeenten is onbekend."),
        ({"domeinen": ["bestaat-niet"]}, "domeinen", "Een van de gekozen domeinen is onbekend."),
        ({"vertrouwelijkheid": "99"}, "vertrouwelijkheid", "Kies een vertrouwelijkheid uit"),
        ({"geldig_vanaf": ""}, "geldig_vanaf", "Vul in vanaf welke datum de autorisatie geldt."),
        ({"geldig_vanaf": "morgen"}, "geldig_vanaf", "Vul een geldige datum in"),
        ({"geldig_vanaf": "9999-01-01"}, "geldig_vanaf", "Vul een datum tussen 1900 en 2099 in."),
        ({"geldig_tot": "2020-01-01"}, "geldig_tot", "De einddatum ligt vóór de begindatum."),
        ({"reden": ""}, "reden", "Vul de reden van dit voorstel in."),
        ({"reden": "x" * 301}, "reden", "Maximaal 300 tekens."),
        ({"reden": "a\x00b"}, "reden", ""),
        ({"status": "approved"}, None, "Het formulier bevat een onbekend veld: status."),
    ],
)
def test_bad_proposal_input_gets_a_dutch_error_at_the_field(
    world: dict[str, Any], changes: dict[str, Any], field: str | None, message: str
) -> None:
    staff = world["consulent"].staff
    response = logged_in(world["beheerder"]).post(
        f"/autorisaties/medewerkers/{staff.pk}/voorstellen", propose_form(world, **changes)
    )
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__")
    assert errors, form.errors
    assert message in " ".join(errors)
    assert not Grant.objects.filter(staff=staff).exists()


def test_rejecting_and_ending_on_the_screens(world: dict[str, Any]) -> None:
    staff = world["consulent"].staff
    proposed = grants.propose(world["beheerder"], proposal(world))
    directeur = logged_in(world["directeur"])
    response = directeur.post(f"/autorisaties/{proposed.pk}/afwijzen", {"toelichting": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["toelichting"] == ["Vul de reden van de afwijzing in."]
    directeur.post(f"/autorisaties/{proposed.pk}/afwijzen", {"toelichting": "Niet nodig"})
    assert Grant.objects.get(pk=proposed.pk).status == Grant.Status.REJECTED

    second = grants.propose(world["beheerder"], proposal(world))
    grants.approve(world["directeur"], second.pk)
    beheer = logged_in(world["beheerder"])
    bad = beheer.post(f"/autorisaties/{second.pk}/beeindigen", {"laatste_dag": "", "reden": ""})
    assert bad.status_code == 400
    assert bad.context["form"].errors["laatste_dag"] == ["Vul de laatste dag met toegang in."]
    assert bad.context["form"].errors["reden"] == ["Vul de reden van de beëindiging in."]
    response = beheer.post(
        f"/autorisaties/{second.pk}/beeindigen",
        {"laatste_dag": (today() - dt.timedelta(days=1)).isoformat(), "reden": "Uit dienst"},
    )
    assert response.status_code == 302
    assert not sees_resident(world["consulent"])
    assert "beëindigd" in text(beheer.get(f"/autorisaties/medewerkers/{staff.pk}"))


def test_unknown_and_enormous_ids_are_not_found(world: dict[str, Any]) -> None:
    beheer = logged_in(world["beheerder"])
    for url in (
        "/autorisaties/medewerkers/999999",
        "/autorisaties/medewerkers/99999999999999999999999999",
        "/autorisaties/99999999999999999999999999/beeindigen",
    ):
        assert beheer.get(url).status_code == 404, url
    assert beheer.post("/autorisaties/99999999999999999999999999/intrekken").status_code == 404


def test_the_grant_screens_refuse_others(world: dict[str, Any]) -> None:
    consulent = logged_in(world["consulent"])
    staff = world["consulent"].staff
    for url in (
        "/autorisaties",
        f"/autorisaties/medewerkers/{staff.pk}",
        f"/autorisaties/medewerkers/{staff.pk}/voorstellen",
        "/medewerkers/nieuw",
    ):
        assert consulent.get(url).status_code == 403, url
    # The approver looks, but proposes nothing.
    directeur = logged_in(world["directeur"])
    assert directeur.get(f"/autorisaties/medewerkers/{staff.pk}").status_code == 200
    assert (
        directeur.post(
            f"/autorisaties/medewerkers/{staff.pk}/voorstellen", propose_form(world)
        ).status_code
        == 403
    )


def test_the_menu_shows_the_pages_to_those_roles(world: dict[str, Any]) -> None:
    from tests.web.pages import nav

    assert {"Medewerkers", "Autorisaties"} <= set(nav(logged_in(world["beheerder"]).get("/")))
    assert "Autorisaties" in nav(logged_in(world["directeur"]).get("/"))
    assert "Autorisaties" not in nav(logged_in(world["consulent"]).get("/"))


# --- staff and their login -------------------------------------------------------------------
def staff_form(**changes: Any) -> dict[str, str]:
    return {
        "naam": "Nina Nieuw",
        "personeelsnummer": "N0042",
        "werkgever": "GM0935",
        "gebruikersnaam": "nina.nieuw",
        "bestaande_login": "",
        **changes,
    }


def test_functional_management_creates_staff_with_a_new_login(world: dict[str, Any]) -> None:
    beheer = logged_in(world["beheerder"])
    assert beheer.get("/medewerkers/nieuw").status_code == 200
    response = beheer.post("/medewerkers/nieuw", staff_form())
    assert response.status_code == 302
    staff = Staff.objects.get(employee_number="N0042")
    assert staff.user.username == "nina.nieuw"
    assert not staff.user.has_usable_password()
    assert response["Location"] == f"/autorisaties/medewerkers/{staff.pk}"
    entry = AuditEntry.objects.get(object_type="medewerker")
    assert (entry.action, entry.object_id, entry.actor_id) == (
        "create",
        str(staff.pk),
        world["beheerder"].pk,
    )
    assert entry.changes["fields"]["user"] == [None, "nina.nieuw"]
    # No grant yet, so no access.
    assert policy_for(staff.user).grants == []
    assert "Nina Nieuw" in text(beheer.get("/medewerkers"))


def test_an_existing_login_not_linked_yet_can_be_chosen(world: dict[str, Any]) -> None:
    User = get_user_model()
    User.objects.create_user("losse.login")
    beheer = logged_in(world["beheerder"])
    response = beheer.post(
        "/medewerkers/nieuw", staff_form(gebruikersnaam="", bestaande_login="losse.login")
    )
    assert response.status_code == 302
    assert Staff.objects.get(employee_number="N0042").user.username == "losse.login"
    # A login that is already someone's cannot be chosen.
    taken = beheer.post(
        "/medewerkers/nieuw",
        staff_form(personeelsnummer="N0043", gebruikersnaam="", bestaande_login="consulent"),
    )
    assert taken.status_code == 400
    assert taken.context["form"].errors["bestaande_login"] == [
        "Deze login bestaat niet of is al gekoppeld."
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"naam": ""}, "naam", "Vul de naam in."),
        ({"personeelsnummer": ""}, "personeelsnummer", "Vul het personeelsnummer in."),
        ({"personeelsnummer": "N 42"}, "personeelsnummer", "Een personeelsnummer bestaat uit"),
        ({"personeelsnummer": "N\x0042"}, "personeelsnummer", ""),
        ({"personeelsnummer": "D" * 21}, "personeelsnummer", "hoogstens 20 tekens"),
        ({"personeelsnummer": "consulent"}, "personeelsnummer", "Er is al een medewerker"),
        ({"werkgever": "GM9999"}, "werkgever", "Deze gemeente is onbekend."),
        ({"gebruikersnaam": ""}, "gebruikersnaam", "Vul een gebruikersnaam in of kies"),
        ({"gebruikersnaam": "met spatie"}, "gebruikersnaam", "zonder spaties"),
        ({"gebruikersnaam": "consulent"}, "gebruikersnaam", "bestaat al"),
        ({"gebruikersnaam": "x\x00y"}, "gebruikersnaam", ""),
        ({"bestaande_login": "consulent"}, "bestaande_login", "al gekoppeld"),
        ({"is_superuser": "on"}, None, "onbekend veld: is_superuser"),
    ],
)
def test_bad_staff_input_gets_a_dutch_error_at_the_field(
    world: dict[str, Any], changes: dict[str, str], field: str | None, message: str
) -> None:
    before = Staff.objects.count()
    response = logged_in(world["beheerder"]).post("/medewerkers/nieuw", staff_form(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors.get(field or "__all__")
    assert errors, response.context["form"].errors
    assert message in " ".join(errors)
    assert Staff.objects.count() == before
