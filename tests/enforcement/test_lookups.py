"""``field__anyof``: the batch look-up the import uses selects exactly what ``__in`` does."""

from __future__ import annotations

import pytest

from samen.people.models import Address, Person
from tests.enforcement.conftest import ANNA, BAS, CARLA, Office

pytestmark = pytest.mark.django_db


def test_anyof_selects_what_in_selects(office: Office) -> None:
    wanted = [ANNA, CARLA, "123456782"]
    assert set(Person.objects.filter(bsn__anyof=wanted).values_list("bsn", flat=True)) == {
        ANNA,
        CARLA,
    }
    assert not Person.objects.filter(bsn__anyof=[]).exists()
    bas = Person.objects.get(bsn=BAS)
    found = Address.objects.filter(person_id__anyof=[bas.pk]).values_list("person_id", flat=True)
    assert list(found) == list(
        Address.objects.filter(person_id__in=[bas.pk]).values_list("person_id", flat=True)
    )
    assert list(found) == [bas.pk]
