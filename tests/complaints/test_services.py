"""Complaint handling through the services: registering with the term from the catalogue,
the handler and Awb 9:7, hearing, verdaging, the outcomes, and the access policy with its
audit trail. Dates explicit; "today" pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.cases.models import CaseType
from samen.complaints import handling, services
from samen.complaints.handling import Hearing, NewConclusion
from samen.complaints.models import Complaint, Postponement
from tests.cases.conftest import World
from tests.complaints.conftest import number, register

D = dt.date
pytestmark = pytest.mark.django_db


def test_a_complaint_gets_the_catalogue_term_and_the_municipality_of_the_behaviour(
    office: World,
) -> None:
    complaint = register(office)
    assert complaint.reference.startswith("GM0981-2026-K")
    assert complaint.municipality.name == "Vaals"
    assert complaint.case_type.code == "klacht"
    assert complaint.deadline == D(2026, 3, 24)  # 10 February + 6 weeks (Awb 9:11 lid 1)
    assert complaint.deadline_explanation[-1] == "Uiterlijk afhandelen op 24 maart 2026."
    assert complaint.handler.name and complaint.official.user.username == "consulent.vaals"
    entry = AuditEntry.objects.filter(object_type="klacht", action="create").get()
    assert (entry.object_id, entry.data_subject_id) == (complaint.reference, "999990019")
    assert (entry.municipality_code, entry.domain_code) == ("GM0981", "participatiewet")


def test_with_the_advisory_committee_the_term_is_ten_weeks(office: World) -> None:
    complaint = register(office, committee=True)
    assert complaint.case_type.code == "klacht-adviescommissie"
    assert complaint.deadline == D(2026, 4, 21)


def test_the_term_is_read_from_the_catalogue_not_a_constant(office: World) -> None:
    # A new version of the klacht case type from 1 February 2026 with eight weeks.
    old = CaseType.objects.filter(code="klacht").get()
    old.valid_until = D(2026, 1, 31)
    old.save()
    new = CaseType.objects.create(
        code="klacht",
        domain=old.domain,
        name=old.name,
        legal_basis=old.legal_basis,
        term_amount=8,
        term_unit="weken",
        extension_amount=4,
        suspension_allowed=False,
        valid_from=D(2026, 2, 1),
    )
    complaint = register(office)
    assert complaint.case_type_id == new.pk
    assert complaint.deadline == D(2026, 4, 7)  # 10 February + 8 weeks


def test_awb_9_7_the_handler_is_not_the_official_complained_about(office: World) -> None:
    with pytest.raises(ValidationError) as error:
        register(office, handler=number(office, "consulent.vaals"))
    assert error.value.message_dict["handler"] == [
        "De behandelaar mag niet de medewerker zijn over wie geklaagd wordt (artikel 9:7 Awb). "
        "Kies een andere behandelaar."
    ]
    # The official registering it without naming a handler makes herself the handler: refused.
    with pytest.raises(ValidationError, match="artikel 9:7 Awb"):
        register(office, user="consulent.vaals", handler="")
    assert Complaint.objects.count() == 0
    complaint = register(office)
    with pytest.raises(ValidationError, match="artikel 9:7 Awb"):
        handling.assign_handler(
            office.user("jurist"), complaint.pk, handler=number(office, "consulent.vaals")
        )
    # The official may read the complaint about her (Awb 9:9) but takes no step.
    vaals = office.user("consulent.vaals")
    assert services.get_complaint(vaals, complaint.pk).pk == complaint.pk
    with pytest.raises(ValidationError, match="gaat over u"):
        handling.record_hearing(vaals, complaint.pk, Hearing(skipped="b"))
    complaint.refresh_from_db()
    assert complaint.version == 1 and not complaint.hearing_skipped
    assert not services.may_change(vaals, complaint)


def test_a_handler_without_access_to_the_complaint_is_refused(office: World) -> None:
    with pytest.raises(ValidationError, match="mag geen klachten van Vaals"):
        register(office, handler=number(office, "consulent.maastricht"))


def test_a_complaint_in_a_domain_the_actor_does_not_hold_is_refused(office: World) -> None:
    # The Vaals consulent holds the Participatiewet domains, not Wmo.
    with pytest.raises(services.NotAllowed, match="domein Wmo"):
        register(office, user="consulent.vaals", domain_code="wmo", official="")
    assert AuditEntry.objects.filter(object_type="klacht", action="refused").count() == 1
    assert Complaint.objects.count() == 0


def test_a_complainant_the_actor_may_not_see_is_not_found(office: World) -> None:
    with pytest.raises(services.NotVisible):
        register(office, user="consulent.maastricht", handler="", official="")
    assert Complaint.objects.count() == 0


def test_malformed_input_is_refused_in_dutch_naming_the_fields(office: World) -> None:
    with pytest.raises(ValidationError) as error:
        register(
            office,
            received_on=D(2026, 12, 1),
            behaviour_on=D(2026, 12, 2),
            received_via="duif",
            behaviour=" ",
            handler="X999",
            official="Y999",
            representative="x" * 201,
        )
    messages = error.value.message_dict
    assert messages["received_on"] == ["De datum van ontvangst ligt in de toekomst."]
    assert messages["behaviour_on"] == ["De datum van de gedraging ligt in de toekomst."]
    assert messages["received_via"] == ["Kies hoe de klacht binnenkwam."]
    assert "artikel 9:4 lid 2 onder c Awb" in messages["behaviour"][0]
    assert messages["handler"] == ["Deze behandelaar is onbekend."]
    assert messages["official"] == ["Deze medewerker is onbekend."]
    assert "ten hoogste 200 tekens" in messages["representative"][0]
    assert Complaint.objects.count() == 0


def test_hearing_postponement_and_a_justified_outcome(office: World) -> None:
    complaint = register(office)
    jurist = office.user("jurist")
    handling.record_hearing(
        jurist,
        complaint.pk,
        Hearing(D(2026, 3, 2), "Mevrouw vertelde wat er gebeurde.", official_heard=True),
    )
    handling.postpone(
        jurist, complaint.pk, weeks=4, notified_on=D(2026, 3, 20), reason="Nog een getuige"
    )
    complaint.refresh_from_db()
    assert complaint.deadline == D(2026, 4, 21)
    with pytest.raises(ValidationError, match="maar één keer"):
        handling.postpone(
            jurist, complaint.pk, weeks=1, notified_on=D(2026, 4, 1), reason="Nog eens"
        )
    assert Postponement.objects.count() == 1
    stale = complaint.version - 1
    with pytest.raises(services.VersionConflict):
        handling.conclude(
            jurist,
            complaint.pk,
            NewConclusion("gegrond", D(2026, 4, 10), "Klopt."),
            version=stale,
        )
    handling.conclude(
        jurist,
        complaint.pk,
        NewConclusion(
            "gegrond",
            D(2026, 4, 10),
            "De consulent hing op. Dat had niet mogen gebeuren.",
            measures_taken=True,
            measures="Gesprek met de consulent; werkinstructie telefoon aangepast.",
        ),
        version=complaint.version,
    )
    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.concluded_on) == ("gegrond", D(2026, 4, 10))
    assert complaint.measures_taken
    with pytest.raises(ValidationError, match="al afgehandeld"):
        handling.record_hearing(jurist, complaint.pk, Hearing(skipped="b"))
    update = AuditEntry.objects.filter(object_type="klacht", action="update").last()
    assert update is not None and update.changes["fields"]["outcome"] == ["", "gegrond"]


def test_not_handled_after_a_year_and_not_before(office: World) -> None:
    jurist = office.user("jurist")
    recent = register(office)
    with pytest.raises(ValidationError) as error:
        handling.conclude(
            jurist,
            recent.pk,
            NewConclusion(
                "niet_in_behandeling", D(2026, 2, 20), "Te lang geleden.", not_handled_ground="1b"
            ),
        )
    assert "niet langer dan een jaar" in error.value.message_dict["not_handled_ground"][0]
    old = register(office, behaviour_on=D(2025, 1, 5))
    assert "meer dan een jaar voor de klacht" in services.findings(old)[0]
    handling.conclude(
        jurist,
        old.pk,
        NewConclusion(
            "niet_in_behandeling",
            D(2026, 2, 20),
            "De gedraging was in januari 2025; wij behandelen de klacht niet.",
            not_handled_ground="1b",
        ),
    )
    old.refresh_from_db()
    assert (old.outcome, old.not_handled_ground) == ("niet_in_behandeling", "1b")
    assert services.findings(old) == []  # told within four weeks (by 10 March)


def test_resolved_to_the_complainants_satisfaction_without_a_hearing(office: World) -> None:
    complaint = register(office)
    handling.conclude(
        office.user("jurist"),
        complaint.pk,
        NewConclusion(
            "naar_tevredenheid", D(2026, 2, 12), "Excuses aangeboden per telefoon; tevreden."
        ),
    )
    complaint.refresh_from_db()
    assert complaint.outcome == "naar_tevredenheid"


def test_a_vaals_complaint_is_invisible_to_a_maastricht_only_grant(office: World) -> None:
    complaint = register(office)
    maastricht = office.user("consulent.maastricht")
    with pytest.raises(services.NotVisible):
        services.get_complaint(maastricht, complaint.pk)
    with pytest.raises(services.NotVisible):
        handling.record_hearing(maastricht, complaint.pk, Hearing(skipped="b"))
    assert services.worklist(maastricht) == ([], 0)
    assert services.complaints_of_person(maastricht, complaint.person_id) == []
    refused = AuditEntry.objects.filter(object_type="klacht", action="refused")
    assert refused.count() == 2
    # The team manager of the Heuvelland sees it; the Wmo consulent does not.
    assert services.worklist(office.user("teammanager"))[1] == 1
    assert services.worklist(office.user("consulent.wmo"))[1] == 0


def test_every_read_is_audited(office: World) -> None:
    complaint = register(office)
    jurist = office.user("jurist")
    reads = AuditEntry.objects.filter(object_type="klacht", object_id=complaint.reference)
    services.get_complaint(jurist, complaint.pk)
    services.worklist(jurist)
    services.complaints_of_person(jurist, complaint.person_id)
    assert reads.filter(action="read").count() == 1
    assert reads.filter(action="list").count() == 2
