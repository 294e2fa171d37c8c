"""The contracted-task question: does SZMH execute domain D for municipality M on date X?
And the refusals when registering municipalities, memberships and contracted tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samen.organisation import models, services
from tests import factories
from tests.conftest import EM_LEFT, GR_START, Organisation

D = dt.date
pytestmark = pytest.mark.django_db


def test_meerssen_has_no_wmo_with_us_in_2026(szmh: Organisation) -> None:
    answer = services.executes(szmh["Meerssen"], szmh.domains["wmo"], D(2026, 3, 1))
    assert not answer
    assert answer.task is None
    assert answer.reason == (
        "Meerssen heeft Wmo 2015 op 1 maart 2026 niet bij ons belegd; hiervoor kan geen zaak "
        "worden geopend."
    )


def test_valkenburg_has_wmo_with_us_by_contract_in_2026(szmh: Organisation) -> None:
    answer = services.executes(szmh["Valkenburg aan de Geul"], "wmo", D(2026, 3, 1))
    assert answer
    assert answer.reason == ""
    assert answer.task.basis == models.ContractedTask.Basis.CONTRACT
    assert answer.task.arrangement == szmh.wmo_jeugd_contract


@pytest.mark.parametrize(
    ("name", "domain", "expected"),
    [
        ("Maastricht", "wmo", True),
        ("Maastricht", "jeugd", True),
        ("Valkenburg aan de Geul", "jeugd", True),
        ("Vaals", "wmo", False),
        ("Vaals", "jeugd", False),
        ("Gulpen-Wittem", "jeugd", False),
        ("Vaals", "participatiewet", True),
        ("Meerssen", "participatiewet", True),
        ("Gulpen-Wittem", "participatiewet", True),
        ("Maastricht", "participatiewet", True),
        ("Eijsden-Margraten", "participatiewet", False),
    ],
)
def test_who_has_what_executed_in_2026(
    szmh: Organisation, name: str, domain: str, expected: bool
) -> None:
    assert bool(services.executes(szmh[name], domain, D(2026, 3, 1))) is expected


def test_wmo_contract_started_in_2016(szmh: Organisation) -> None:
    valkenburg = szmh["Valkenburg aan de Geul"]
    assert not services.executes(valkenburg, "wmo", GR_START - dt.timedelta(days=1))
    assert services.executes(valkenburg, "wmo", GR_START)


def test_eijsden_margraten_leaves_the_gr_on_10_april_2025(szmh: Organisation) -> None:
    em = szmh["Eijsden-Margraten"]
    assert services.executes(em, "participatiewet", D(2024, 6, 1))
    assert services.executes(em, "participatiewet", EM_LEFT)
    answer = services.executes(em, "participatiewet", D(2025, 4, 10))
    assert not answer
    assert "Eijsden-Margraten" in answer.reason
    assert "10 april 2025" in answer.reason
    assert "geen zaak" in answer.reason


def test_a_gr_task_needs_membership_on_the_day(szmh: Organisation) -> None:
    """Even when the task itself was recorded without an end, a GR task is only executed
    while the municipality is a member of that GR."""
    em = szmh["Eijsden-Margraten"]
    task = models.ContractedTask.objects.get(municipality=em, domain__code="participatiewet")
    task.valid_until = None
    task.save()
    answer = services.executes(em, "participatiewet", D(2025, 4, 10))
    assert not answer
    assert answer.reason == (
        "Eijsden-Margraten is op 10 april 2025 geen deelnemer van GR SZMH; hiervoor kan geen "
        "zaak worden geopend."
    )


def test_members_on_a_date(szmh: Organisation) -> None:
    names_2024 = {m.name for m in services.members_on(szmh.gr.pk, D(2024, 1, 1))}
    names_2026 = {m.name for m in services.members_on(szmh.gr.pk, D(2026, 1, 1))}
    assert names_2024 == set(factories.CBS_NAMES.values())
    assert names_2026 == set(factories.CBS_NAMES.values()) - {"Eijsden-Margraten"}


def test_overlapping_membership_is_refused_and_nothing_saved(szmh: Organisation) -> None:
    before = models.Membership.objects.count()
    with pytest.raises(ValidationError) as error:
        services.save_membership(
            models.Membership(
                arrangement=szmh.gr, municipality=szmh["Meerssen"], valid_from=D(2020, 1, 1)
            )
        )
    assert error.value.messages == [
        "Deze gemeente neemt in die periode al deel aan deze samenwerking (vanaf 1 januari 2016)."
    ]
    assert models.Membership.objects.count() == before


def test_rejoining_after_leaving_is_allowed(szmh: Organisation) -> None:
    membership = services.save_membership(
        models.Membership(
            arrangement=szmh.gr,
            municipality=szmh["Eijsden-Margraten"],
            valid_from=D(2030, 1, 1),
        )
    )
    assert membership.pk is not None


def test_overlapping_contracted_task_is_refused_and_nothing_saved(szmh: Organisation) -> None:
    before = models.ContractedTask.objects.count()
    with pytest.raises(ValidationError) as error:
        services.save_contracted_task(
            models.ContractedTask(
                municipality=szmh["Valkenburg aan de Geul"],
                domain=szmh.domains["wmo"],
                basis=models.ContractedTask.Basis.CONTRACT,
                arrangement=szmh.wmo_jeugd_contract,
                valid_from=D(2026, 1, 1),
                valid_until=D(2027, 12, 31),
            )
        )
    assert error.value.messages == [
        "Deze taak is voor deze gemeente in die periode al vastgelegd (vanaf 1 januari 2016)."
    ]
    assert models.ContractedTask.objects.count() == before


def test_basis_must_match_the_arrangement(szmh: Organisation) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_contracted_task(
            models.ContractedTask(
                municipality=szmh["Vaals"],
                domain=szmh.domains["wmo"],
                basis=models.ContractedTask.Basis.GR,
                arrangement=szmh.wmo_jeugd_contract,
                valid_from=D(2026, 1, 1),
            )
        )
    assert error.value.message_dict["basis"] == [
        "De grondslag past niet bij de soort samenwerkingsvorm."
    ]
    assert not services.executes(szmh["Vaals"], "wmo", D(2026, 3, 1))


def test_reversed_period_is_refused(szmh: Organisation) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_membership(
            models.Membership(
                arrangement=szmh.wmo_jeugd_contract,
                municipality=szmh["Vaals"],
                valid_from=D(2026, 1, 1),
                valid_until=D(2025, 1, 1),
            )
        )
    assert error.value.message_dict["valid_until"] == ["De einddatum ligt vóór de begindatum."]


def test_unknown_cbs_code_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_municipality(models.Municipality(cbs_code="GM9999", name="Nergenshuizen"))
    assert error.value.message_dict["cbs_code"] == [
        "CBS-code GM9999 is onbekend: het is geen Nederlandse gemeente."
    ]
    assert not models.Municipality.objects.filter(cbs_code="GM9999").exists()


@pytest.mark.parametrize("code", ["GM12", "0935", "GMabcd", "XX0935", ""])
def test_malformed_cbs_code_is_refused(db: None, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_municipality(models.Municipality(cbs_code=code, name="Ergens"))
    assert (
        "Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0935."
        in (error.value.message_dict["cbs_code"])
    )
    assert not models.Municipality.objects.filter(name="Ergens").exists()


def test_known_cbs_code_is_accepted_and_normalised(db: None) -> None:
    factories.CbsMunicipalityCodeFactory(code="GM0917", name="Heerlen")
    saved = services.save_municipality(models.Municipality(cbs_code="gm0917", name="Heerlen"))
    assert saved.cbs_code == "GM0917"
