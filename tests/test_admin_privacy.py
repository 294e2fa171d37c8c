"""/beheer shows no personal data: admin reads go past the access policy and the audit trail,
so no model registered there may point to a person, directly or through the records that
belong to one (a benefit, a case, a household). Configuration (case types, norms, paying
accounts) and aggregate records (payment runs) are fine."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.db import models

from samen.people.models import Person


def _reaches_person(model: type[models.Model], depth: int = 3) -> list[str]:
    """The foreign-key paths from ``model`` to :class:`Person`, up to ``depth`` steps."""
    if model is Person:
        return ["persoon"]
    if depth == 0:
        return []
    paths = []
    for field in model._meta.get_fields():
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model:
            target = field.related_model
            paths += [f"{field.name} -> {p}" for p in _reaches_person(target, depth - 1)]
    return paths


def test_no_admin_model_holds_personal_data() -> None:
    found = {
        f"{model._meta.label}: {path}"
        for model in admin.site._registry
        for path in _reaches_person(model)
    }
    assert found == set()


def test_the_check_finds_a_model_that_holds_personal_data() -> None:
    # The rule itself: a benefit and its payment lines reach a person; a payment run does not.
    assert _reaches_person(apps.get_model("income", "Benefit"))
    assert _reaches_person(apps.get_model("income", "PaymentLine"))
    assert not _reaches_person(apps.get_model("income", "PaymentRun"))
