"""The KPI catalogue and the DVO norms are data: loaded by migration from the 2017 DVO table,
one DVO 2026-2027 per current partner, editable without code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samen.common import kpis
from samen.steering import reference
from samen.steering.models import Dvo, DvoNorm, Kpi

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_migration_loads_the_catalogue_with_every_computation_registered():
    assert Kpi.objects.count() == len(reference.KPIS) == 33
    registered = {r.code for r in kpis.registered()}
    for kpi in Kpi.objects.exclude(computation=""):
        assert kpi.computation in registered, kpi.code
    manual = set(Kpi.objects.filter(computation="").values_list("code", flat=True))
    assert {"klantwaardering", "fraude-opgeboekt"} <= manual
    # the error score is computed by internal control (migration control/0002), the
    # objections' figures by the objections app (migration objections/0004)
    assert Kpi.objects.get(code="foutscore").computation == "control.foutscore"
    assert Kpi.objects.get(code="tijdig-bezwaar").computation == "objections.tijdig-beslist"
    assert Kpi.objects.get(code="gegronde-bezwaren").computation == "objections.gegrond"
    # the share of justified complaints by the complaints app (migration steering/0007)
    assert Kpi.objects.get(code="gegronde-klachten").computation == "complaints.gegrond"
    # the completed fraud investigations by the enforcement app (migration steering/0010)
    assert Kpi.objects.get(code="fraudeonderzoeken").computation == "enforcement.fraudeonderzoeken"


def test_every_current_partner_gets_the_2017_norms_for_2026_2027(world):
    with_dvo = set(Dvo.objects.values_list("municipality__cbs_code", flat=True))
    # Maastricht, Gulpen-Wittem, Meerssen, Vaals, Valkenburg; Eijsden-Margraten left in 2025.
    assert with_dvo == {"GM0935", "GM1729", "GM0938", "GM0981", "GM0994"}
    dvo = Dvo.objects.get(municipality__cbs_code="GM0938")
    assert (dvo.valid_from, dvo.valid_until) == (D(2026, 1, 1), D(2027, 12, 31))
    assert "DVO 2017" in dvo.source
    norm = DvoNorm.objects.get(dvo=dvo, kpi__code="tijdig-pw-aanvragen")
    assert (norm.comparator, norm.value) == (">", Decimal("85.00"))
    assert DvoNorm.objects.get(dvo=dvo, kpi__code="gegronde-bezwaren").comparator == "<"
    regional = DvoNorm.objects.get(dvo=dvo, kpi__code="aanvragen-bijzondere-bijstand")
    assert (regional.comparator, regional.value) == ("info", Decimal("5800.00"))
    assert dvo.norms.count() == len(reference.NORMS_2017)


def test_loading_again_changes_nothing_and_keeps_a_changed_norm(world):
    norm = DvoNorm.objects.get(dvo__municipality__cbs_code="GM0981", kpi__code="aandeel-parttime")
    norm.value = Decimal("9")
    norm.save()
    assert reference.load_partner_dvos() == 0
    norm.refresh_from_db()
    assert norm.value == Decimal("9.00")
    assert DvoNorm.objects.count() == 5 * len(reference.NORMS_2017)


def test_a_second_dvo_overlapping_the_first_is_refused(world):
    vaals = world.municipalities["GM0981"]
    overlapping = Dvo(municipality=vaals, name="Nog een", source="test", valid_from=D(2027, 1, 1))
    with pytest.raises(ValidationError, match="al een DVO"):
        overlapping.full_clean()


def test_a_kpi_with_an_unknown_computation_is_refused():
    kpi = Kpi(
        code="x",
        name="X",
        definition="x",
        unit="aantal",
        direction="hoger",
        computation="cases.bestaat-niet",
    )
    with pytest.raises(ValidationError, match="geen berekening"):
        kpi.full_clean()


def test_the_migration_loader_runs_on_the_historical_models(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    Dvo.objects.all().delete()  # the norms go with them
    # The table has the reporting calendar (0006) now, so the loader runs on the models of
    # that state; on the models of 0002 it leaves the calendar out (tested by migrating).
    state = ("steering", "0006_annual_figures")
    apps = MigrationExecutor(connection).loader.project_state(state).apps
    assert reference.load_partner_dvos(apps) == 5
    assert DvoNorm.objects.count() == 5 * len(reference.NORMS_2017)
    dvo = Dvo.objects.get(municipality__cbs_code="GM0938")
    assert (dvo.report_due_days, dvo.annual_due_month, dvo.annual_due_day) == (30, 3, 15)
    assert DvoNorm.objects.get(dvo=dvo, kpi__code="co-creatie").annual_value == 12
