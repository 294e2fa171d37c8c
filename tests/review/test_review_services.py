"""Four-eyes review in the services: a reviewer cannot approve her own decision; announcing
is refused until a reviewer approved; niet akkoord keeps the decision from being announced;
the rule is data by date; a Maastricht-only reviewer cannot see a Vaals decision; reads are
audited; bad input is refused in Dutch with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.cases import services as cases
from samen.cases.models import Decision, Status
from samen.review import services
from samen.review.models import Review, ReviewRule, Verdict
from tests.cases.conftest import World
from tests.review.conftest import TODAY, decided, rule

D = dt.date
pytestmark = pytest.mark.django_db


def test_a_reviewer_who_tries_to_approve_her_own_decision_is_refused(
    office: World, decision: Decision
) -> None:
    consulent = office.users["consulent.vaals"]
    consulent.groups.add(Group.objects.get(name="Toetser"))  # she reviews too
    with pytest.raises(ValidationError) as refused:
        services.give_verdict(
            office.user("consulent.vaals"), decision.pk, verdict=Verdict.AKKOORD, remarks=""
        )
    assert refused.value.messages == [
        "U kunt uw eigen besluit niet toetsen; een andere toetser moet dit doen."
    ]
    assert not Review.objects.exists()
    with pytest.raises(ValidationError):
        cases.announce(office.user("consulent.vaals"), decision.case_id, on=D(2026, 2, 20))


def test_announcing_is_refused_until_a_reviewer_approved(office: World, decision: Decision) -> None:
    consulent = office.user("consulent.vaals")
    with pytest.raises(ValidationError) as refused:
        cases.announce(consulent, decision.case_id, on=D(2026, 2, 20))
    assert refused.value.messages == ["Dit besluit moet eerst getoetst worden."]
    decision.case.refresh_from_db()
    assert decision.case.status == Status.BESLUIT_GENOMEN
    assert [t.pk for t in services.worklist(office.user("toetser"))] == [decision.pk]

    done = services.give_verdict(
        office.user("toetser"), decision.pk, verdict=Verdict.AKKOORD, remarks="Goed gemotiveerd."
    )
    review = Review.objects.get()
    assert (review.reviewer, review.verdict, review.remarks, done.version) == (
        office.users["toetser"].staff,
        "akkoord",
        "Goed gemotiveerd.",
        2,
    )
    assert review.requested_at == decision.created_at
    assert services.worklist(office.user("toetser")) == []
    case = cases.announce(office.user("consulent.vaals"), decision.case_id, on=D(2026, 2, 20))
    assert case.status == Status.BEKENDGEMAAKT


def test_niet_akkoord_keeps_the_decision_from_being_announced(
    office: World, decision: Decision
) -> None:
    services.give_verdict(
        office.user("toetser"),
        decision.pk,
        verdict=Verdict.NIET_AKKOORD,
        remarks="De vermogensgrens van 2026 is niet gebruikt.",
    )
    with pytest.raises(ValidationError) as refused:
        cases.announce(office.user("consulent.vaals"), decision.case_id, on=D(2026, 2, 20))
    assert "niet akkoord" in refused.value.messages[0]
    # A verdict is given once.
    with pytest.raises(ValidationError):
        services.give_verdict(
            office.user("toetser"), decision.pk, verdict=Verdict.AKKOORD, remarks="", version=2
        )
    with pytest.raises(services.VersionConflict):
        services.give_verdict(
            office.user("toetser"), decision.pk, verdict=Verdict.AKKOORD, remarks="", version=1
        )
    assert Review.objects.get().verdict == "niet_akkoord"


def test_the_rule_is_data_by_date_a_rule_from_tomorrow_does_not_apply_today(
    world: World,
    today,  # noqa: ANN001
) -> None:
    rule(valid_from=TODAY + dt.timedelta(days=1))
    decision = decided(world, on=TODAY)
    case = cases.announce(world.user("consulent.vaals"), decision.case_id, on=TODAY)
    assert case.status == Status.BEKENDGEMAAKT
    assert not Review.objects.exists()


def test_without_a_rule_nothing_changes_and_a_rule_for_every_function_applies(
    world: World,
    today,  # noqa: ANN001
) -> None:
    first = decided(world)
    assert cases.announce(world.user("consulent.vaals"), first.case_id, on=D(2026, 2, 20))
    for_all = rule()
    for_all.function = None
    for_all.save()
    second = decided(world)
    with pytest.raises(ValidationError):
        cases.announce(world.user("consulent.vaals"), second.case_id, on=D(2026, 2, 20))
    # One for the function wins over one for every function.
    ReviewRule.objects.create(
        decision_type=for_all.decision_type,
        function=world.users["consulent.vaals"].staff.appointment_on(TODAY).function,
        valid_from=D(2026, 1, 1),
        required=False,
        source="Werkinstructie (test)",
    )
    assert cases.announce(world.user("consulent.vaals"), second.case_id, on=D(2026, 2, 20))


def test_a_vaals_decision_is_invisible_to_a_maastricht_only_reviewer(
    office: World, decision: Decision
) -> None:
    maastricht = office.user("toetser.maastricht")
    assert services.worklist(maastricht) == []
    with pytest.raises(services.NotVisible):
        services.get(maastricht, decision.pk)
    with pytest.raises(services.NotVisible):
        services.give_verdict(maastricht, decision.pk, verdict=Verdict.AKKOORD, remarks="")
    assert not Review.objects.exists()


def test_a_consulent_is_no_reviewer(office: World, decision: Decision) -> None:
    with pytest.raises(services.NotAllowed):
        services.worklist(office.user("consulent.maastricht"))
    with pytest.raises(services.NotAllowed):
        services.give_verdict(
            office.user("consulent.maastricht"), decision.pk, verdict="akkoord", remarks=""
        )


def test_every_read_and_the_verdict_are_audited(office: World, decision: Decision) -> None:
    entries = AuditEntry.objects.filter(object_type="besluit", object_id=str(decision.pk))
    services.worklist(office.user("toetser"))
    services.get(office.user("toetser"), decision.pk)
    assert list(entries.values_list("action", "purpose")) == [
        ("list", "controle"),
        ("read", "controle"),
    ]
    services.give_verdict(office.user("toetser"), decision.pk, verdict="akkoord", remarks="")
    assert entries.filter(action="create").count() == 1
    with pytest.raises(services.NotVisible):
        services.get(office.user("toetser.maastricht"), decision.pk)
    assert AuditEntry.objects.filter(action="refused", object_id=str(decision.pk)).exists()


@pytest.mark.parametrize(
    ("verdict", "remarks", "field", "message"),
    [
        ("misschien", "", "verdict", "Kies een oordeel: akkoord of niet akkoord."),
        ("niet_akkoord", "  ", "remarks", "Schrijf op waarom u niet akkoord gaat."),
        ("akkoord", "x" * 2001, "remarks", "De opmerkingen zijn te lang: ten hoogste 2000 tekens."),
    ],
)
def test_bad_input_is_refused_in_dutch_with_nothing_written(
    office: World, decision: Decision, verdict: str, remarks: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.give_verdict(office.user("toetser"), decision.pk, verdict=verdict, remarks=remarks)
    assert refused.value.message_dict == {field: [message]}
    assert not Review.objects.exists()
