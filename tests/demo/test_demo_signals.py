"""The demo tells the AOW story of issue 12: Pim van der Maes, born 24 July 1959, reached the
AOW age on 24 July 2026 and his bijstand runs on; on 2 December 2026 his fixed consulent sees
that on the start page and on /aandachtspunten, and the other municipalities' consulents don't."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from samen.access.policy import forget
from samen.cases.attention import client_notices, client_signals
from samen.cases.models import Assignment
from samen.common import attention
from samen.income.attention import AOW
from samen.people.models import Person

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 2)


def test_pims_consulent_is_told_and_no_one_else(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True
    call_command("demo", "laden", stdout=io.StringIO())
    pim = Person.objects.get(given_names="Pim", surname_prefix="van der", surname="Maes")
    assert pim.birth_date == dt.date(1959, 7, 24)
    fixed = Assignment.objects.valid_on(DAY).get(person=pim).staff.user
    forget(fixed)
    [signal] = [s for s in client_signals(fixed, DAY) if s.kind == AOW]
    assert signal.person_id == pim.pk and signal.level == "danger"
    assert any("AOW-leeftijd: 1" in n.text for n in client_notices(fixed, DAY))
    # asked about Pim directly, the Vaals consulent learns nothing: his benefit is Maastricht's
    other = get_user_model().objects.get(username="consulent.vaals")
    forget(other)
    assert attention.signals_for(other, [pim.pk], DAY) == {pim.pk: []}
