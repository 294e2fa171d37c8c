"""Beroep and hoger beroep through the services: registering at the municipality's court with
the beroepstermijn, the statement of defence and the hearing, a ruling gegrond that orders a
new decision (its case and term), hoger beroep at the Centrale Raad van Beroep, the worklist
of court deadlines, the access policy, the audit trail and refused input. Dates explicit;
"today" pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from samen.access.models import AuditEntry
from samen.appeals import proceedings, services
from samen.appeals.models import Appeal
from samen.appeals.proceedings import Defence, NewDecision, Ruling
from samen.appeals.services import NewAppeal
from samen.cases import services as cases
from samen.cases.models import Case
from samen.objections.models import Objection
from tests.cases.conftest import World

D = dt.date


def beroep(world: World, objection: Objection, user: str = "jurist", **extra) -> Appeal:  # noqa: ANN003
    data = {"filed_on": D(2026, 6, 10), "court_reference": "ROE 26/1234 PW", **extra}
    return services.file_appeal(world.user(user), objection.pk, NewAppeal(**data))


def ruled_gegrond(world: World, objection: Objection, **ruling) -> Appeal:  # noqa: ANN003
    jurist = world.user("jurist")
    appeal = beroep(world, objection, notified_on=D(2026, 6, 17), defence_due=D(2026, 7, 15))
    proceedings.record_defence(jurist, appeal.pk, Defence(defence_sent_on=D(2026, 7, 14)))
    proceedings.record_hearing(jurist, appeal.pk, hearing_on=D(2026, 10, 1))
    data = {
        "outcome": "gegrond",
        "ruling_on": D(2026, 10, 22),
        "ruling_sent_on": D(2026, 10, 23),
        "consequence": "nieuw_besluit",
        **ruling,
    }
    return proceedings.record_ruling(jurist, appeal.pk, Ruling(**data))


def test_a_beroep_goes_to_the_municipalitys_court_with_its_term(
    world: World, objection: Objection
) -> None:
    appeal = beroep(world, objection)
    assert appeal.court == "Rechtbank Limburg, sector bestuursrecht"
    assert appeal.contested_id == objection.decision_id
    assert appeal.filed_by == "indiener" and appeal.court_reference == "ROE 26/1234 PW"
    # Announced on 4 May 2026: six weeks, Monday 15 June 2026.
    assert appeal.term_end == D(2026, 6, 15)
    assert any("15 juni 2026" in line for line in appeal.term_explanation)
    entry = AuditEntry.objects.get(object_type="beroep", action="create")
    assert entry.object_id == f"{objection.case.reference}/{appeal.pk}"
    assert (entry.data_subject_id, entry.municipality_code) == ("999990019", "GM0981")
    with pytest.raises(ValidationError, match="al beroep"):
        beroep(world, objection)


def test_a_late_beroep_is_registered_and_flagged_for_the_court(
    world: World, objection: Objection
) -> None:
    appeal = beroep(world, objection, filed_on=D(2026, 6, 16))
    assert "na het einde van de termijn" in appeal.term_explanation[-1]


def test_defence_and_hearing_then_a_ruling_gegrond_orders_a_new_decision_with_its_term(
    world: World, objection: Objection
) -> None:
    appeal = ruled_gegrond(world, objection)
    assert (appeal.defence_due, appeal.defence_sent_on) == (D(2026, 7, 15), D(2026, 7, 14))
    assert appeal.hearing_on == D(2026, 10, 1) and appeal.version == 4
    # Sent on Friday 23 October 2026: six weeks, Friday 4 December (no term set by the court).
    assert appeal.new_decision_due == D(2026, 12, 4)
    assert "geen termijn gesteld" in appeal.new_decision_explanation[0]
    assert any("ABRvS 25 mei 2022" in line for line in appeal.new_decision_explanation)
    assert appeal.higher_appeal_term_end == D(2026, 12, 4)
    assert "4 december 2026" in appeal.follow_up and "vernietigd" in appeal.follow_up
    new_case = Case.objects.get(pk=appeal.new_case_id)
    assert new_case.case_type.code == "bezwaar" and new_case.person_id == objection.case.person_id
    assert new_case.municipality.name == "Vaals" and new_case.deadline == D(2026, 12, 4)
    assert "ROE 26/1234 PW" in new_case.history.get().note
    # The new decision, under mandate, with its letter; then the task is done.
    jurist = world.user("jurist")
    decided = proceedings.decide_anew(
        jurist, appeal.pk, NewDecision("gegrond", D(2026, 11, 20), "De auto is van de zoon.")
    )
    assert decided.new_outcome == "gegrond"
    decision = Case.objects.get(pk=new_case.pk).decisions.get()
    assert decision.decision_type.code == "pw-beslissing-op-bezwaar" and decision.chain
    _, pdf = cases.letter_pdf(jurist, new_case.pk, decision.pk)
    letter = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Wij verklaren uw bezwaar gegrond." in " ".join(letter.split())
    with pytest.raises(ValidationError, match="al genomen"):
        proceedings.decide_anew(jurist, appeal.pk, NewDecision("gegrond", D(2026, 11, 20), "X"))
    # A further beroep is against the new decision.
    assert services.contested_decision(objection) == decision


def test_the_courts_own_term_for_the_new_decision_goes_first(
    world: World, objection: Objection
) -> None:
    appeal = ruled_gegrond(world, objection, court_until=D(2026, 11, 20))
    assert appeal.new_decision_due == D(2026, 11, 20)
    assert "8:72 lid 4" in appeal.new_decision_explanation[0]
    new_case = Case.objects.get(pk=appeal.new_case_id)
    assert "uiterlijk 20 november 2026" in new_case.history.get().note
    # The case's own deadline (worklist, term signal, KPI) is the court's, with its source,
    # not the catalogue's six weeks (4 December 2026); the college cannot extend it.
    assert new_case.deadline == D(2026, 11, 20)
    assert new_case.deadline_override_source.startswith("termijn van de Rechtbank Limburg")
    assert "ROE 26/1234 PW" in new_case.deadline_explanation[0]
    assert "20 november 2026" in new_case.deadline_explanation[0]
    assert cases.deadline_of(new_case).due == D(2026, 11, 20)
    with pytest.raises(ValidationError) as refused:
        cases.extend_term(
            world.user("jurist"), new_case.pk, notified_on=D(2026, 11, 2), reason="Advies nodig."
        )
    assert "niet zelf verlengen" in refused.value.messages[0]
    assert Case.objects.get(pk=new_case.pk).deadline == D(2026, 11, 20)


def test_a_ruling_ongegrond_changes_nothing_and_opens_the_term_for_hoger_beroep(
    world: World, objection: Objection
) -> None:
    jurist = world.user("jurist")
    appeal = beroep(world, objection)
    with pytest.raises(ValidationError) as refused:
        proceedings.record_ruling(
            jurist,
            appeal.pk,
            Ruling("ongegrond", D(2026, 10, 22), D(2026, 10, 23), consequence="nieuw_besluit"),
        )
    assert "Alleen een gegrond" in refused.value.message_dict["consequence"][0]
    ruled = proceedings.record_ruling(
        jurist, appeal.pk, Ruling("ongegrond", D(2026, 10, 22), D(2026, 10, 23))
    )
    assert ruled.new_case is None and ruled.new_decision_due is None
    assert ruled.higher_appeal_term_end == D(2026, 12, 4)
    assert any("Centrale Raad van Beroep" in line for line in ruled.higher_appeal_explanation)
    # The college may appeal too (8:104); then the defence is not ours to write.
    higher = services.file_higher_appeal(
        jurist,
        appeal.pk,
        NewAppeal(D(2026, 11, 16), "26/4567 PW", filed_by="college", notified_on=D(2026, 11, 20)),
    )
    assert higher.court == "Centrale Raad van Beroep" and higher.parent_id == appeal.pk
    assert higher.term_end == D(2026, 12, 4) and higher.contested_id == appeal.contested_id
    with pytest.raises(ValidationError, match="zelf hoger beroep"):
        proceedings.record_defence(jurist, higher.pk, Defence(defence_due=D(2026, 12, 18)))
    with pytest.raises(ValidationError, match="al hoger beroep"):
        services.file_higher_appeal(jurist, appeal.pk, NewAppeal(D(2026, 11, 16), "26/4568 PW"))
    with pytest.raises(ValidationError, match="geen hoger beroep"):
        services.file_higher_appeal(jurist, higher.pk, NewAppeal(D(2026, 11, 16), "26/4569 PW"))


def test_no_hoger_beroep_after_a_withdrawal(world: World, objection: Objection) -> None:
    jurist = world.user("jurist")
    appeal = beroep(world, objection)
    with pytest.raises(ValidationError, match="geen uitspraak"):
        proceedings.record_ruling(
            jurist, appeal.pk, Ruling("ingetrokken", D(2026, 9, 1), D(2026, 9, 2))
        )
    ended = proceedings.record_ruling(jurist, appeal.pk, Ruling("ingetrokken", D(2026, 9, 1)))
    assert ended.higher_appeal_term_end is None
    with pytest.raises(ValidationError, match="intrekking of schikking"):
        services.file_higher_appeal(jurist, appeal.pk, NewAppeal(D(2026, 9, 10), "26/1 PW"))


def test_the_worklist_of_court_deadlines_by_date(world: World, objection: Objection) -> None:
    jurist = world.user("jurist")
    appeal = beroep(world, objection, notified_on=D(2026, 6, 17), defence_due=D(2026, 12, 10))
    proceedings.record_hearing(jurist, appeal.pk, hearing_on=D(2027, 1, 12))
    items = services.worklist(jurist)
    assert [(i.deadline.kind, i.deadline.due) for i in items] == [
        ("verweerschrift", D(2026, 12, 10)),
        ("zitting", D(2027, 1, 12)),
    ]
    assert items[0].days_left == 16 and not items[0].near and not items[0].overdue
    listed = AuditEntry.objects.filter(object_type="beroep", action="list")
    assert listed.count() == 1  # one line for the appeal, not one per deadline
    appeal.refresh_from_db()
    proceedings.record_defence(jurist, appeal.pk, Defence(defence_sent_on=D(2026, 11, 20)))
    proceedings.record_ruling(
        jurist,
        appeal.pk,
        Ruling("gegrond", D(2026, 11, 18), D(2026, 11, 19), consequence="nieuw_besluit"),
    )
    items = services.worklist(jurist)
    # Sent on 19 November: both end six weeks later, 31 December 2026.
    assert [(i.deadline.kind, i.deadline.due) for i in items] == [
        ("hoger-beroep", D(2026, 12, 31)),
        ("nieuwe-beslissing", D(2026, 12, 31)),
    ]


def test_a_vaals_appeal_is_invisible_to_a_maastricht_consulent(
    world: World, objection: Objection
) -> None:
    appeal = beroep(world, objection)
    maastricht = world.user("consulent.maastricht")
    with pytest.raises(services.NotVisible):
        services.get_appeal(maastricht, appeal.pk)
    with pytest.raises(services.NotVisible):
        proceedings.record_hearing(maastricht, appeal.pk, hearing_on=D(2026, 12, 1))
    with pytest.raises(services.NotVisible):
        beroep(world, objection, user="consulent.maastricht")
    assert services.worklist(maastricht) == []
    assert services.appeals_of_objection(maastricht, objection) == []
    assert AuditEntry.objects.filter(action="refused", object_type="beroep").count() == 2
    assert AuditEntry.objects.filter(action="refused", object_type="bezwaar").count() == 1


def test_every_read_is_audited(world: World, objection: Objection) -> None:
    appeal = beroep(world, objection, defence_due=D(2026, 12, 10))
    jurist = world.user("jurist")
    services.get_appeal(jurist, appeal.pk)
    services.appeals_of_objection(jurist, objection)
    services.worklist(jurist)
    reads = AuditEntry.objects.filter(
        object_type="beroep", object_id=f"{objection.case.reference}/{appeal.pk}"
    )
    assert sorted(reads.values_list("action", flat=True)) == ["create", "list", "list", "read"]


def test_malformed_input_is_refused_in_dutch_and_nothing_is_written(
    world: World, objection: Objection
) -> None:
    with pytest.raises(ValidationError) as refused:
        beroep(
            world,
            objection,
            filed_on=D(2026, 12, 1),
            court_reference="ROE <26>",
            filed_by="college",
            notified_on=D(2026, 6, 1),
        )
    messages = refused.value.message_dict
    assert "toekomst" in messages["filed_on"][0]
    assert "letters, cijfers" in messages["court_reference"][0]
    assert "hoger beroep" in messages["filed_by"][0]
    assert "vóór het instellen" in messages["notified_on"][0]
    assert Appeal.objects.count() == 0
    appeal = beroep(world, objection)
    cases_before = Case.objects.count()
    with pytest.raises(ValidationError) as refused:
        proceedings.record_ruling(
            world.user("jurist"),
            appeal.pk,
            Ruling("gegrond", D(2026, 5, 1), None, consequence="geen", follow_up="x" * 2001),
        )
    messages = refused.value.message_dict
    assert "8:72 lid 1" in messages["consequence"][0]
    assert "vóór het instellen" in messages["ruling_on"][0]
    assert "verzonden" in messages["ruling_sent_on"][0]
    assert "te lang" in messages["follow_up"][0]
    with pytest.raises(ValidationError, match="Kies een uitkomst"):
        proceedings.record_ruling(
            world.user("jurist"), appeal.pk, Ruling("vernietigd", D(2026, 10, 1))
        )
    appeal.refresh_from_db()
    assert appeal.version == 1 and appeal.outcome == "" and Case.objects.count() == cases_before


def test_a_stale_version_is_refused(world: World, objection: Objection) -> None:
    appeal = beroep(world, objection)
    jurist = world.user("jurist")
    proceedings.record_hearing(jurist, appeal.pk, hearing_on=D(2026, 12, 1), version=1)
    with pytest.raises(services.VersionConflict):
        proceedings.record_hearing(jurist, appeal.pk, hearing_on=D(2026, 12, 2), version=1)
    appeal.refresh_from_db()
    assert appeal.hearing_on == D(2026, 12, 1)
