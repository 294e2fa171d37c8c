"""The dashboards: one per municipality, one for SZMH with the municipalities side by side;
a contact person sees only her own municipality, and every view is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.access.models import AuditEntry
from tests.steering import data
from tests.steering.test_reports import client_for

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def pinned(monkeypatch, settings):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.DEMO_MODE = True


def test_a_meerssen_contact_person_opens_her_dashboard_but_not_vaals(world):
    meerssen = world.municipalities["GM0938"]
    for i in range(10):
        data.case(
            meerssen,
            "pw-aanvraag-algemene-bijstand",
            deadline=D(2026, 3, 1),
            decided=D(2026, 3, 1) if i < 9 else D(2026, 3, 5),
        )
    client = client_for(world, "contact.meerssen")
    before = AuditEntry.objects.count()
    own = client.get("/sturing/GM0938")
    assert own.status_code == 200
    html = own.content.decode()
    assert "Dashboard Meerssen, januari-april 2026" in html  # the latest ended period
    assert "90%" in html and "Gehaald" in html
    assert client.get("/sturing/GM0981").status_code == 404
    assert client.get("/sturing/GM0938?periode=2026-7").status_code == 404
    entries = list(AuditEntry.objects.filter(sequence__gt=before).order_by("sequence"))
    assert [(e.action, e.object_type, e.object_id) for e in entries] == [
        ("read", "dashboard", "GM0938/2026-1"),
        ("refused", "dashboard", "GM0981/"),
        ("refused", "dashboard", "GM0938/2026-7"),
    ]


def test_the_szmh_dashboard_puts_the_municipalities_side_by_side_within_the_grant(world):
    director = client_for(world, "directeur").get("/sturing/dashboard?periode=2026-1")
    html = director.content.decode()
    assert director.status_code == 200
    for name in ("Maastricht", "Gulpen-Wittem", "Meerssen", "Vaals", "Valkenburg aan de Geul"):
        assert name in html
    assert "&gt; 85%" in html  # one norm for all five: shown once
    contact = client_for(world, "contact.meerssen").get("/sturing/dashboard").content.decode()
    assert "Meerssen" in contact and "Vaals" not in contact and "Maastricht</a>" not in contact
