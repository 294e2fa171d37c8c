"""The case-type catalogue (``samen/cases/data/case_types.csv``) against the reference data.

Pure: reads the CSV and ``samen.organisation.reference``; no database.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import samen.cases
from samen.cases.deadlines import UNITS, Term
from samen.organisation.reference import DECISION_TYPES, DOMAINS

CSV = Path(samen.cases.__file__).parent / "data" / "case_types.csv"
COLUMNS = [
    "code",
    "domein",
    "naam",
    "wettelijke_grondslag",
    "termijn",
    "eenheid",
    "verlenging_toegestaan",
    "verlenging_max",
    "verlenging_eenheid",
    "opschorting_toegestaan",
    "zoektermijn_jongeren_weken",
    "besluittypen",
    "geldig_vanaf",
    "bron",
    "behandelaar_functie",
]
DOMAIN_CODES = {code for code, *_ in DOMAINS}
DECISION_TYPE_DOMAINS = {code: domain for code, _name, domain, *_ in DECISION_TYPES}


def _rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


ROWS = _rows()
IDS = [row["code"] for row in ROWS]


def test_codes_are_unique_and_the_catalogue_is_not_empty():
    assert len(ROWS) >= 15
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_domain_exists(row):
    assert row["domein"] in DOMAIN_CODES


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_decision_types_exist_in_the_same_domain(row):
    codes = [code for code in row["besluittypen"].split("|") if code]
    for code in codes:
        assert code in DECISION_TYPE_DOMAINS, f"{row['code']}: onbekend besluittype {code}"
        assert DECISION_TYPE_DOMAINS[code] == row["domein"]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_term_is_positive_with_a_valid_unit(row):
    if not row["termijn"]:
        # Only a case type without a decision (no Awb term), or one whose decisions are taken
        # ambtshalve (no aanvraag, so no term of Awb 4:13), may leave the term empty.
        assert row["eenheid"] == ""
        assert "Geen beslistermijn" in row["bron"]
        assert row["besluittypen"] == "" or "ambtshalve" in row["bron"]
        return
    assert row["eenheid"] in UNITS
    assert int(row["termijn"]) > 0
    Term(int(row["termijn"]), row["eenheid"])  # the deadline module accepts it


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_extension_and_suspension_columns(row):
    assert row["verlenging_toegestaan"] in {"ja", "nee"}
    assert row["opschorting_toegestaan"] in {"ja", "nee"}
    if row["verlenging_max"]:
        assert row["verlenging_toegestaan"] == "ja"
        assert int(row["verlenging_max"]) > 0
        assert row["verlenging_eenheid"] in UNITS
    else:
        assert row["verlenging_eenheid"] == ""


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_source_and_validity_are_given(row):
    assert row["bron"].strip()
    assert row["wettelijke_grondslag"].strip()
    assert row["naam"].strip()
    dt.date.fromisoformat(row["geldig_vanaf"])


def test_the_statutory_terms_we_rely_on():
    by_code = {row["code"]: row for row in ROWS}
    assert (
        by_code["pw-aanvraag-algemene-bijstand"]["termijn"],
        by_code["pw-aanvraag-algemene-bijstand"]["eenheid"],
    ) == ("8", "weken")
    assert by_code["wmo-melding"]["termijn"] == "6"
    assert by_code["wmo-aanvraag"]["termijn"] == "2"
    assert (by_code["bezwaar"]["termijn"], by_code["bezwaar"]["verlenging_max"]) == ("6", "6")
    assert by_code["bezwaar-adviescommissie"]["termijn"] == "12"
    assert (by_code["klacht"]["termijn"], by_code["klacht"]["verlenging_max"]) == ("6", "4")
    assert by_code["klacht-adviescommissie"]["termijn"] == "10"


def test_only_the_application_for_algemene_bijstand_has_the_youth_search_period() -> None:
    """Art. 41 lid 4 Participatiewet: under 27, four weeks of searching come first."""
    with_search = {
        r["code"]: r["zoektermijn_jongeren_weken"]
        for r in _rows()
        if r["zoektermijn_jongeren_weken"]
    }
    assert with_search == {"pw-aanvraag-algemene-bijstand": "4"}


@pytest.mark.django_db
def test_the_migration_loaded_the_catalogue_with_its_decision_types() -> None:
    from samen.cases import catalogue
    from samen.cases.models import CaseType

    rows = _rows()
    assert CaseType.objects.count() == len(rows)
    bijstand = CaseType.objects.get(code="pw-aanvraag-algemene-bijstand")
    assert (bijstand.term_amount, bijstand.term_unit, bijstand.youth_search_weeks) == (
        8,
        "weken",
        4,
    )
    assert list(bijstand.decision_types.values_list("code", flat=True)) == ["pw-algemene-bijstand"]
    assert CaseType.objects.get(code="leerplicht-verzuimmelding").term_amount is None
    assert catalogue.load() == len(rows)  # loading again changes nothing
    assert CaseType.objects.count() == len(rows)
