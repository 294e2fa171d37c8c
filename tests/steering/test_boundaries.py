"""Steering reads figures through the registry only: it imports no model, service or table
of the apps that hold the data (cases, income, people), and the registry sits below every
app (tested for all of common in tests/test_layering.py)."""

from __future__ import annotations

from tests.test_layering import PACKAGE, _offenders


def test_steering_does_not_reach_into_the_apps_that_hold_the_data():
    steering = PACKAGE / "steering"
    for app in ("samen.cases", "samen.income", "samen.people"):
        assert _offenders(steering, app) == [], app
