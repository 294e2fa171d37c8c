"""`samen demo laden` brings the enforcement story: IB signals on the demo benefits in Vaals
(one unmatched), read in by `handhaving`, and an investigation from a tip; loading twice
changes nothing and `samen demo verwijderen` removes it before the benefits."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from samen.enforcement.models import Investigation, Signal, SignalFile

pytestmark = pytest.mark.django_db


def test_the_demo_loads_signals_and_an_investigation_once(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    call_command("demo", "laden", stdout=io.StringIO())
    assert SignalFile.objects.count() == 2
    assert Signal.objects.count() == 3
    assert Signal.objects.filter(benefit__isnull=True).count() == 1
    assert Signal.objects.filter(benefit__isnull=False, deadline__isnull=False).count() == 2
    found = Investigation.objects.get()
    assert (found.origin, found.investigator.user.username) == ("tip", "handhaving")
    assert found.activities.count() == 1
    call_command("demo", "laden", stdout=io.StringIO())
    assert (Signal.objects.count(), Investigation.objects.count()) == (3, 1)
    call_command("demo", "verwijderen", stdout=io.StringIO())
    assert (Signal.objects.count(), Investigation.objects.count()) == (0, 0)
