"""The objection procedure through the services: filing on a decision with the term check,
the case it opens, hearing, verdaging, herstel verzuim, the decision on the objection under
mandate, and the access policy. Dates explicit; "today" pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from samen.access.models import AuditEntry
from samen.cases import services as cases
from samen.cases.models import Case, Decision, Extension, Status
from samen.objections import handling, services
from samen.objections.handling import Hearing, NewOutcome
from samen.objections.models import Objection, ObjectionOutcome, Postponement
from samen.objections.services import NewObjection
from tests.cases.conftest import World

D = dt.date


def file(world: World, decision: Decision, user: str = "jurist", **extra) -> Objection:  # noqa: ANN003
    data = {
        "decision_pk": decision.pk,
        "filed_on": D(2026, 3, 10),
        "received_via": "post",
        "grounds": "Mijn vermogen is lager: de auto is van mijn zoon.",
        "objector_name": "Anna Janssen",
        **extra,
    }
    return services.file_objection(world.user(user), NewObjection(**data))


def deadline(objection: Objection) -> dt.date | None:
    return Case.objects.get(pk=objection.case_id).deadline


def test_an_objection_opens_a_bezwaar_case_with_the_7_10_deadline(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    case = objection.case
    assert case.case_type.code == "bezwaar"
    assert case.person_id == contested.case.person_id
    assert case.municipality.name == "Vaals"
    assert case.reported_on == D(2026, 3, 10)
    # The bezwaartermijn ends on Good Friday 3 April 2026, then Easter Monday: 7 April.
    assert objection.term_end == D(2026, 4, 7)
    assert objection.timeliness == "tijdig"
    assert services.admissibility(objection) == []
    # Awb 7:10: six weeks after the end of the bezwaartermijn.
    assert case.received_on == D(2026, 4, 7)
    assert case.deadline == D(2026, 5, 19)
    entry = AuditEntry.objects.filter(object_type="bezwaar", action="create").get()
    assert (entry.object_id, entry.data_subject_id) == (case.reference, "999990019")


def test_with_an_advisory_committee_the_term_is_twelve_weeks(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested, committee=True)
    assert objection.case.case_type.code == "bezwaar-adviescommissie"
    assert objection.case.deadline == D(2026, 6, 30)


def test_a_late_objection_is_decided_only_once_its_lateness_is_excused(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested, filed_on=D(2026, 4, 10), received_via="digitaal")
    assert objection.timeliness == "te_laat"
    assert "te laat" in services.admissibility(objection)[0]
    # A late objection's term runs from its receipt: 10 April + 6 weeks.
    assert objection.case.deadline == D(2026, 5, 22)
    jurist = world.user("jurist")
    handling.record_hearing(jurist, objection.pk, Hearing(skipped="b"))
    with pytest.raises(ValidationError, match="verschoonbaar"):
        handling.decide(
            jurist, objection.pk, NewOutcome("ongegrond", D(2026, 5, 1), "Het vermogen telt.")
        )
    assert not objection.case.decisions.exists()
    services.record_excuse(
        jurist, objection.pk, excuse="Mevrouw lag van 30 maart tot 9 april in het ziekenhuis."
    )
    objection.refresh_from_db()
    assert services.admissibility(objection) == []
    decided = handling.decide(
        jurist, objection.pk, NewOutcome("ongegrond", D(2026, 5, 1), "Het vermogen telt.")
    )
    assert decided.outcome == ObjectionOutcome.ONGEGROND and not decided.revokes


def test_posted_in_time_and_received_within_a_week(world: World, contested: Decision) -> None:
    objection = file(world, contested, filed_on=D(2026, 4, 13), posted_on=D(2026, 4, 7))
    assert objection.timeliness == "tijdig_per_post"


def test_verdaging_then_consent_moves_the_cases_deadline(world: World, contested: Decision) -> None:
    objection = file(world, contested)
    jurist = world.user("jurist")
    handling.postpone(jurist, objection.pk, weeks=6, notified_on=D(2026, 5, 1), reason="Advies")
    assert deadline(objection) == D(2026, 6, 30)
    with pytest.raises(ValidationError, match="één keer"):
        handling.postpone(jurist, objection.pk, weeks=6, notified_on=D(2026, 6, 1), reason="X")
    assert Postponement.objects.count() == 1
    assert Extension.objects.filter(case=objection.case).count() == 1
    handling.postpone(
        jurist,
        objection.pk,
        weeks=4,
        notified_on=D(2026, 6, 2),
        consented_on=D(2026, 6, 1),
        reason="Indiener stuurt nog stukken",
    )
    assert deadline(objection) == D(2026, 7, 28)


def test_herstel_verzuim_suspends_only_the_running_decision_term(
    world: World,
    contested: Decision,
    today,  # noqa: ANN001
) -> None:
    objection = file(world, contested)
    jurist = world.user("jurist")
    # Asked and repaired before the bezwaartermijn ended: the decision term was not running.
    handling.request_repair(
        jurist, objection.pk, requested_on=D(2026, 3, 12), until=D(2026, 3, 26), what="Handtekening"
    )
    assert deadline(objection) is None
    handling.repair_ended(jurist, objection.pk, repaired_on=D(2026, 3, 20))
    assert deadline(objection) == D(2026, 5, 19)
    # Asked after: 14 April to 21 April suspends 6 days; 25 May is tweede Pinksterdag.
    handling.request_repair(
        jurist, objection.pk, requested_on=D(2026, 4, 14), until=D(2026, 4, 28), what="Kopie"
    )
    handling.repair_ended(jurist, objection.pk, repaired_on=D(2026, 4, 21))
    assert deadline(objection) == D(2026, 5, 26)


def test_a_justified_objection_on_a_benefit_decision_records_the_herroeping(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    jurist = world.user("jurist")
    with pytest.raises(ValidationError, match="hoorzitting"):
        handling.decide(jurist, objection.pk, NewOutcome("gegrond", D(2026, 5, 4), "Klopt."))
    handling.record_hearing(
        jurist,
        objection.pk,
        Hearing(hearing_on=D(2026, 4, 28), invited_on=D(2026, 4, 14), minutes="Mevrouw legt uit."),
    )
    decided = handling.decide(
        jurist,
        objection.pk,
        NewOutcome(
            "gegrond", D(2026, 5, 4), "De auto is van haar zoon.", "Nieuw besluit per 2 februari."
        ),
    )
    decision = decided.decision
    assert decision.decision_type.code == "pw-beslissing-op-bezwaar"
    assert decision.outcome == "toegekend" and decision.chain
    assert decision.reasoning.startswith("Wij verklaren uw bezwaar gegrond.")
    assert decision.letter.sha256
    _, pdf = cases.letter_pdf(jurist, objection.case_id, decision.pk)
    letter = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "U krijgt gelijk, helemaal of voor een deel." in letter
    assert "Wij verklaren uw bezwaar gegrond." in letter
    assert "beroep instellen bij de rechtbank" in letter and "aangevraagd" not in letter
    assert decided.revokes
    assert "herroepen" in decided.follow_up and "uitkeringspagina" in decided.follow_up
    assert decided.follow_up.endswith("Nieuw besluit per 2 februari.")
    case = Case.objects.get(pk=objection.case_id)
    assert case.status == Status.BESLUIT_GENOMEN and case.decided_in_time
    with pytest.raises(ValidationError, match="al beslist"):
        handling.decide(jurist, objection.pk, NewOutcome("ongegrond", D(2026, 5, 4), "X"))


def test_a_hearing_and_a_ground_to_skip_it_do_not_go_together(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    with pytest.raises(ValidationError) as refused:
        handling.record_hearing(
            world.user("jurist"), objection.pk, Hearing(hearing_on=D(2026, 4, 28), skipped="c")
        )
    assert "niet samen" in str(refused.value)
    with pytest.raises(ValidationError, match="7:3"):
        handling.record_hearing(world.user("jurist"), objection.pk, Hearing(skipped="z"))
    objection.refresh_from_db()
    assert objection.hearing_on is None and objection.version == 1


def test_a_vaals_objection_is_invisible_to_a_maastricht_consulent(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    maastricht = world.user("consulent.maastricht")
    with pytest.raises(services.NotVisible):
        services.get_objection(maastricht, objection.pk)
    with pytest.raises(services.NotVisible):
        handling.record_hearing(maastricht, objection.pk, Hearing(skipped="c"))
    assert services.worklist(maastricht) == ([], 0)
    with pytest.raises(services.NotVisible):
        file(world, contested, user="consulent.maastricht")
    assert AuditEntry.objects.filter(action="refused", object_type="bezwaar").count() == 2


def test_every_read_is_audited(world: World, contested: Decision) -> None:
    objection = file(world, contested)
    jurist = world.user("jurist")
    services.get_objection(jurist, objection.pk)
    found, total = services.worklist(jurist)
    assert [o.pk for o in found] == [objection.pk] and total == 1
    reads = AuditEntry.objects.filter(object_type="bezwaar", object_id=objection.case.reference)
    assert sorted(reads.values_list("action", flat=True)) == ["create", "list", "read"]


def test_malformed_input_is_refused_in_dutch_and_nothing_is_written(
    world: World, contested: Decision
) -> None:
    cases_before = Case.objects.count()
    with pytest.raises(ValidationError) as refused:
        file(
            world,
            contested,
            grounds="  ",
            objector_name="x" * 201,
            received_via="duif",
            posted_on=D(2026, 3, 1),
            filed_on=D(2026, 12, 1),
        )
    messages = refused.value.message_dict
    assert messages["grounds"] == ["Vul de gronden van het bezwaar in (artikel 6:5 Awb)."]
    assert "te lang" in messages["objector_name"][0]
    assert messages["received_via"] == ["Kies hoe het bezwaar binnenkwam."]
    assert "toekomst" in messages["filed_on"][0]
    assert "posted_on" in messages
    assert Objection.objects.count() == 0 and Case.objects.count() == cases_before


def test_an_objection_to_a_decision_in_another_domain_is_refused_for_now(
    world: World,
    today,  # noqa: ANN001
) -> None:
    """The catalogue has bezwaar case types for the Participatiewet only: an objection to a
    Wmo decision would otherwise be a Participatiewet case, visible to other staff."""
    wmo_case = cases.open_case(
        world.user("consulent.wmo"),
        cases.NewCase(world.persons["valkenburg"].pk, world.wmo.code, D(2026, 2, 2)),
    )
    decision = cases.decide(
        world.user("consulent.wmo"),
        wmo_case.pk,
        cases.NewDecision("wmo-maatwerkvoorziening", "afgewezen", D(2026, 2, 10), "Geen."),
    )
    with pytest.raises(ValidationError, match="domein Wmo"):
        file(world, decision, announced_on=D(2026, 2, 10))
    assert not Objection.objects.exists()
