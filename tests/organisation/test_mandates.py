"""The mandate register: the 2026 chain college of Vaals -> college of Maastricht ->
Manager Sociale Zekerheid -> Consulent, and every refusal a lawful register must make."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from samen.common.periods import Period
from samen.organisation import mandates as rules
from samen.organisation import models, services
from tests import factories
from tests.conftest import MANDATES_2026_ADOPTED, MANDATES_2026_FROM, MandateChain

D = dt.date


def _type(code: str) -> models.DecisionType:
    return models.DecisionType.objects.get(code=code)


def ids(chain: tuple[rules.MandateFact, ...]) -> list[int]:
    return [link.id for link in chain]


# ---------------------------------------------------------------------------------------------
# may_decide: following the chain
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestMayDecide:
    def test_consulent_decides_for_vaals_through_three_links_college_first(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        answer = services.may_decide(
            c.consulent, _type("pw-algemene-bijstand"), c.vaals, D(2026, 3, 1)
        )
        assert answer.allowed
        assert answer.reason == ""
        assert ids(answer.chain) == [
            c.vaals_to_maastricht.pk,
            c.maastricht_to_manager.pk,
            c.manager_to_consulent.pk,
        ]
        assert [link.grantor_label for link in answer.chain] == [
            "college van B&W van Vaals",
            "college van B&W van Maastricht",
            "Manager Sociale Zekerheid",
        ]
        assert answer.chain[-1].grantee_label == "Consulent"

    def test_consulent_decides_for_maastricht_through_two_links(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        answer = services.may_decide(
            c.consulent, _type("pw-algemene-bijstand"), c.maastricht, D(2026, 3, 1)
        )
        assert answer.allowed
        assert ids(answer.chain) == [c.maastricht_to_manager.pk, c.manager_to_consulent.pk]

    def test_manager_decides_for_vaals_through_two_links(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        answer = services.may_decide(c.manager, _type("pw-boete"), c.vaals, D(2026, 3, 1))
        assert answer.allowed
        assert ids(answer.chain) == [c.vaals_to_maastricht.pk, c.maastricht_to_manager.pk]

    def test_refused_before_the_mandates_take_effect_naming_the_mandates(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        answer = services.may_decide(
            c.consulent, _type("pw-algemene-bijstand"), c.vaals, D(2025, 12, 31)
        )
        assert not answer.allowed
        assert answer.chain == ()
        assert answer.reason.startswith(
            "Op 31 december 2025 is er geen geldige mandaatketen voor 'Besluit op aanvraag "
            "algemene bijstand' namens het college van Vaals:"
        )
        assert "'Mandaatbesluit Participatiewet Vaals 2026' geldt vanaf 1 januari 2026" in (
            answer.reason
        )

    def test_refused_after_the_submandate_ends_naming_it(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        day = D(2028, 1, 3)
        answer = services.may_decide(c.consulent, _type("pw-algemene-bijstand"), c.vaals, day)
        assert not answer.allowed
        assert (
            "'Ondermandaat consulenten 2026-2027' geldt van 1 januari 2026 t/m 31 december 2027"
            in answer.reason
        )
        assert "Mandaatbesluit Participatiewet Vaals" not in answer.reason
        # The manager's own mandate has no end: the manager still may.
        assert services.may_decide(c.manager, _type("pw-algemene-bijstand"), c.vaals, day).allowed

    def test_retroactive_mandates_cover_days_before_their_adoption(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        day = D(2026, 1, 15)
        assert day < MANDATES_2026_ADOPTED
        answer = services.may_decide(c.consulent, _type("pw-algemene-bijstand"), c.vaals, day)
        assert answer.allowed
        assert len(answer.chain) == 3

    def test_consulent_without_submandate_for_the_type_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        answer = services.may_decide(c.consulent, _type("pw-boete"), c.vaals, D(2026, 3, 1))
        assert not answer.allowed
        assert answer.reason.startswith("Bram Peters heeft ")
        assert answer.reason.endswith("geen (onder)mandaat voor 'Bestuurlijke boete'.")

    def test_municipality_that_did_not_mandate_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        meerssen = models.Municipality.objects.get(name="Meerssen")
        answer = services.may_decide(
            c.consulent, _type("pw-algemene-bijstand"), meerssen, D(2026, 3, 1)
        )
        assert not answer.allowed
        assert "onderbroken" in answer.reason
        assert "college van Meerssen" in answer.reason

    def test_staff_without_the_function_on_the_day_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        newcomer = factories.StaffFactory(name="Chris de Vries")
        factories.AppointmentFactory(
            staff=newcomer, function=c.consulent_function, valid_from=D(2026, 4, 1)
        )
        bijstand = _type("pw-algemene-bijstand")
        assert not services.may_decide(newcomer, bijstand, c.vaals, D(2026, 3, 31)).allowed
        assert services.may_decide(newcomer, bijstand, c.vaals, D(2026, 4, 1)).allowed

    def test_a_raad_competence_is_never_decided_under_mandate(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        answer = services.may_decide(c.manager, _type("pw-verordening"), c.vaals, D(2026, 3, 1))
        assert not answer.allowed
        assert "geen bevoegdheid van het college" in answer.reason

    def test_submandate_to_a_named_staff_member(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        specialist = factories.StaffFactory(name="Dana Smeets")
        submandate = services.save_mandate(
            models.Mandate(
                title="Ondermandaat terugvordering Dana Smeets",
                grantor_function=c.manager_function,
                grantee_staff=specialist,
                adopted_on=D(2026, 2, 1),
                valid_from=D(2026, 2, 1),
            ),
            [_type("pw-terugvordering")],
        )
        answer = services.may_decide(specialist, _type("pw-terugvordering"), c.vaals, D(2026, 3, 1))
        assert ids(answer.chain) == [
            c.vaals_to_maastricht.pk,
            c.maastricht_to_manager.pk,
            submandate.pk,
        ]


# ---------------------------------------------------------------------------------------------
# save_mandate: the refusals (nothing saved)
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestSaveMandate:
    def refused(self, mandate: models.Mandate, types: list[models.DecisionType]) -> list[str]:
        before = models.Mandate.objects.count()
        with pytest.raises(ValidationError) as error:
            services.save_mandate(mandate, types)
        assert models.Mandate.objects.count() == before
        return error.value.messages

    def test_a_college_cannot_mandate_a_raad_competence(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        messages = self.refused(
            models.Mandate(
                title="Mandaat verordening",
                grantor_college=c.vaals,
                grantee_college=c.maastricht,
                adopted_on=D(2026, 3, 1),
                valid_from=D(2026, 3, 1),
            ),
            [_type("pw-verordening")],
        )
        assert messages == [
            "Valt buiten de bevoegdheid van het college van Vaals: 'Vaststelling verordening "
            "Participatiewet' (gemeenteraad)."
        ]

    def test_submandate_from_a_grantor_without_mandate_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        teammanager = factories.FunctionFactory(code="teammanager", name="Teammanager")
        messages = self.refused(
            models.Mandate(
                title="Ondermandaat van de teammanager",
                grantor_function=teammanager,
                grantee_function=mandate_chain.consulent_function,
                adopted_on=D(2026, 3, 1),
                valid_from=D(2026, 3, 1),
            ),
            [_type("pw-algemene-bijstand")],
        )
        assert messages == [
            "De mandaatgever (Teammanager) heeft op 1 maart 2026 zelf geen geldig mandaat en "
            "kan dus geen ondermandaat verlenen."
        ]

    def test_submandate_before_the_grantor_has_a_mandate_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        messages = self.refused(
            models.Mandate(
                title="Ondermandaat 2025",
                grantor_function=mandate_chain.manager_function,
                grantee_function=mandate_chain.consulent_function,
                adopted_on=D(2025, 6, 1),
                valid_from=D(2025, 6, 1),
                valid_until=D(2025, 12, 31),
            ),
            [_type("pw-algemene-bijstand")],
        )
        assert "zelf geen geldig mandaat" in messages[0]

    def test_submandate_outside_the_grantors_mandate_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        colleague = factories.StaffFactory(name="Eva Hermans")
        messages = self.refused(
            models.Mandate(
                title="Ondermandaat boete door consulent",
                grantor_function=mandate_chain.consulent_function,
                grantee_staff=colleague,
                adopted_on=D(2026, 3, 1),
                valid_from=D(2026, 3, 1),
            ),
            [_type("pw-algemene-bijstand"), _type("pw-boete")],
        )
        assert messages == [
            "Valt buiten het mandaat van de mandaatgever (Consulent) op 1 maart 2026: "
            "'Bestuurlijke boete'."
        ]

    def test_overlapping_mandate_is_refused(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        messages = self.refused(
            models.Mandate(
                title="Tweede mandaatbesluit Vaals",
                grantor_college=c.vaals,
                grantee_college=c.maastricht,
                adopted_on=D(2026, 6, 1),
                valid_from=D(2026, 6, 1),
            ),
            [_type("pw-algemene-bijstand")],
        )
        assert messages == [
            "Er geldt al een mandaat van dezelfde mandaatgever aan dezelfde gemandateerde voor "
            "deze besluittypen in een overlappende periode: 'Mandaatbesluit Participatiewet "
            "Vaals 2026' (vanaf 1 januari 2026)."
        ]

    def test_a_following_mandate_after_the_first_ends_is_accepted(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        follow_up = services.save_mandate(
            models.Mandate(
                title="Ondermandaat consulenten 2028-2029",
                grantor_function=c.manager_function,
                grantee_function=c.consulent_function,
                adopted_on=D(2027, 12, 1),
                valid_from=D(2028, 1, 1),
                valid_until=D(2029, 12, 31),
            ),
            [_type("pw-algemene-bijstand")],
        )
        answer = services.may_decide(
            c.consulent, _type("pw-algemene-bijstand"), c.vaals, D(2028, 1, 3)
        )
        assert answer.chain[-1].id == follow_up.pk

    def test_retroactive_start_without_permission_is_refused(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        gulpen = models.Municipality.objects.get(name="Gulpen-Wittem")
        messages = self.refused(
            models.Mandate(
                title="Mandaatbesluit Gulpen-Wittem 2026",
                grantor_college=gulpen,
                grantee_college=c.maastricht,
                adopted_on=MANDATES_2026_ADOPTED,
                valid_from=MANDATES_2026_FROM,
                retroactive_allowed=False,
            ),
            [_type("pw-algemene-bijstand")],
        )
        assert messages == [
            "De ingangsdatum ligt vóór de datum van vaststelling; dat kan alleen als "
            "terugwerkende kracht is toegestaan."
        ]

    def test_a_college_cannot_mandate_itself(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        messages = self.refused(
            models.Mandate(
                title="Aan zichzelf",
                grantor_college=c.vaals,
                grantee_college=c.vaals,
                adopted_on=D(2026, 3, 1),
                valid_from=D(2026, 3, 1),
            ),
            [_type("pw-boete")],
        )
        assert messages == ["Een college kan geen mandaat aan zichzelf verlenen."]

    def test_at_least_one_decision_type(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        gulpen = models.Municipality.objects.get(name="Gulpen-Wittem")
        messages = self.refused(
            models.Mandate(
                title="Leeg",
                grantor_college=gulpen,
                grantee_college=c.maastricht,
                adopted_on=D(2026, 3, 1),
                valid_from=D(2026, 3, 1),
            ),
            [],
        )
        assert messages == ["Kies ten minste één besluittype."]


# ---------------------------------------------------------------------------------------------
# who_may_decide, uncovered_decisions, record_decision
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
class TestRegister:
    def test_who_may_decide_lists_the_manager_and_the_consulent(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        holders = services.who_may_decide(_type("pw-algemene-bijstand"), c.vaals, D(2026, 3, 1))
        assert [(h.staff.name, len(h.chain)) for h in holders] == [
            ("Anna Jansen", 2),
            ("Bram Peters", 3),
        ]
        consulent_chain = holders[1].chain
        assert ids(consulent_chain) == [
            c.vaals_to_maastricht.pk,
            c.maastricht_to_manager.pk,
            c.manager_to_consulent.pk,
        ]

    def test_who_may_decide_follows_the_type_and_the_date(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        boete = services.who_may_decide(_type("pw-boete"), c.vaals, D(2026, 3, 1))
        assert [h.staff.name for h in boete] == ["Anna Jansen"]
        assert (
            services.who_may_decide(_type("pw-algemene-bijstand"), c.vaals, D(2025, 12, 31)) == []
        )
        assert services.who_may_decide(_type("pw-verordening"), c.vaals, D(2026, 3, 1)) == []

    def test_uncovered_decisions_lists_a_2015_decision_and_not_a_2026_one(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        bijstand = _type("pw-algemene-bijstand")
        old = factories.RecordedDecisionFactory(
            decision_type=bijstand,
            municipality=c.vaals,
            taken_by=c.consulent,
            decided_on=D(2015, 6, 1),
            reference="VAA-2015-001",
        )
        factories.RecordedDecisionFactory(
            decision_type=bijstand,
            municipality=c.vaals,
            taken_by=c.consulent,
            decided_on=D(2026, 2, 1),
            reference="VAA-2026-001",
        )
        uncovered = services.uncovered_decisions()
        assert [u.decision.reference for u in uncovered] == ["VAA-2015-001"]
        assert uncovered[0].decision == old
        # In 2015 the consulent had no function yet: no mandate at all.
        assert uncovered[0].reason.startswith("Bram Peters heeft ")
        assert uncovered[0].reason.endswith(
            "geen (onder)mandaat voor 'Besluit op aanvraag algemene bijstand'."
        )

    def test_record_decision_with_cover_is_saved(self, mandate_chain: MandateChain) -> None:
        c = mandate_chain
        decision = services.record_decision(
            decision_type=_type("pw-algemene-bijstand"),
            municipality=c.vaals,
            staff=c.consulent,
            decided_on=D(2026, 2, 1),
            reference="VAA-2026-002",
        )
        assert models.RecordedDecision.objects.get(pk=decision.pk).taken_by == c.consulent

    def test_record_decision_without_cover_is_refused_and_nothing_saved(
        self, mandate_chain: MandateChain
    ) -> None:
        c = mandate_chain
        with pytest.raises(ValidationError) as error:
            services.record_decision(
                decision_type=_type("pw-boete"),
                municipality=c.vaals,
                staff=c.consulent,
                decided_on=D(2026, 2, 1),
                reference="VAA-2026-003",
            )
        (message,) = error.value.messages
        assert message.startswith("Bram Peters heeft ")
        assert message.endswith("geen (onder)mandaat voor 'Bestuurlijke boete'.")
        assert not models.RecordedDecision.objects.exists()


# ---------------------------------------------------------------------------------------------
# Properties of the pure chain search
# ---------------------------------------------------------------------------------------------
COLLEGES = [rules.Party(rules.COLLEGE, i) for i in (1, 2, 3)]
OTHERS = [rules.Party(kind, i) for kind in (rules.FUNCTION, rules.STAFF) for i in (1, 2, 3)]
TYPES = (1, 2, 3)
BASE = D(2026, 1, 1)
day_strategy = st.integers(0, 30).map(lambda n: BASE + dt.timedelta(days=n))


@st.composite
def facts_strategy(draw: st.DrawFn) -> list[rules.MandateFact]:
    facts = []
    for i in range(draw(st.integers(0, 12))):
        grantor = draw(st.sampled_from(COLLEGES + OTHERS))
        grantee = draw(st.sampled_from(COLLEGES + OTHERS).filter(lambda p, g=grantor: p != g))
        start = draw(day_strategy)
        length = draw(st.none() | st.integers(0, 20))
        facts.append(
            rules.MandateFact(
                id=i + 1,
                title=f"Mandaat {i + 1}",
                grantor=grantor,
                grantee=grantee,
                decision_type_ids=frozenset(draw(st.sets(st.sampled_from(TYPES), min_size=1))),
                period=Period(start, None if length is None else start + dt.timedelta(days=length)),
            )
        )
    return facts


def reachable_grantors(
    facts: list[rules.MandateFact], starts: list[rules.Party], type_id: int, day: dt.date
) -> set[rules.Party]:
    """Reference answer: every party from which valid mandates lead down to a start."""
    found: set[rules.Party] = set()
    frontier = set(starts)
    while frontier:
        step = {
            f.grantor
            for f in facts
            if f.grantee in frontier and type_id in f.decision_type_ids and f.period.contains(day)
        }
        frontier = step - found
        found |= step
    return found


def ask(facts, starts, type_id, municipality_id, day) -> rules.ChainAnswer:  # noqa: ANN001
    return rules.find_chain(
        facts,
        employee_parties=starts,
        employee_label="Medewerker",
        decision_type_id=type_id,
        decision_type_label=f"type {type_id}",
        college_competent=True,
        municipality_id=municipality_id,
        municipality_label=f"gemeente {municipality_id}",
        day=day,
    )


@settings(max_examples=300, deadline=None)
@given(
    facts=facts_strategy(),
    starts=st.lists(st.sampled_from(OTHERS), min_size=1, max_size=2, unique=True),
    type_id=st.sampled_from(TYPES),
    municipality_id=st.sampled_from([1, 2, 3]),
    day=day_strategy,
)
def test_find_chain_returns_an_unbroken_valid_chain_whenever_one_exists(
    facts: list[rules.MandateFact],
    starts: list[rules.Party],
    type_id: int,
    municipality_id: int,
    day: dt.date,
) -> None:
    target = rules.Party(rules.COLLEGE, municipality_id)
    answer = ask(facts, starts, type_id, municipality_id, day)
    assert answer.allowed == (target in reachable_grantors(facts, starts, type_id, day))
    if not answer.allowed:
        assert answer.chain == ()
        assert answer.reason
        return
    chain = answer.chain
    assert chain[0].grantor == target
    assert chain[-1].grantee in starts
    for upper, lower in zip(chain, chain[1:], strict=False):
        assert upper.grantee == lower.grantor
    for link in chain:
        assert link.period.contains(day)
        assert type_id in link.decision_type_ids
    assert len({link.id for link in chain}) == len(chain)


@settings(max_examples=200, deadline=None)
@given(
    facts=facts_strategy(),
    type_id=st.sampled_from(TYPES),
    municipality_id=st.sampled_from([1, 2, 3]),
    day=day_strategy,
)
def test_holders_are_exactly_the_parties_find_chain_allows(
    facts: list[rules.MandateFact], type_id: int, municipality_id: int, day: dt.date
) -> None:
    found = rules.holders(facts, decision_type_id=type_id, municipality_id=municipality_id, day=day)
    for party in OTHERS:
        allowed = ask(facts, [party], type_id, municipality_id, day).allowed
        assert (party in found) == allowed
    for party, chain in found.items():
        assert chain[0].grantor == rules.Party(rules.COLLEGE, municipality_id)
        assert chain[-1].grantee == party
        for upper, lower in zip(chain, chain[1:], strict=False):
            assert upper.grantee == lower.grantor


def test_a_raad_competence_has_no_chain() -> None:
    fact = rules.MandateFact(
        id=1,
        title="M",
        grantor=COLLEGES[0],
        grantee=OTHERS[0],
        decision_type_ids=frozenset({1}),
        period=Period(BASE),
    )
    answer = rules.find_chain(
        [fact],
        employee_parties=[OTHERS[0]],
        employee_label="X",
        decision_type_id=1,
        decision_type_label="verordening",
        college_competent=False,
        municipality_id=1,
        municipality_label="A",
        day=BASE,
    )
    assert not answer.allowed
    assert "geen bevoegdheid van het college" in answer.reason
