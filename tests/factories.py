"""Shared factories (factory_boy) for every app's tests.

Natural keys are looked up first (``django_get_or_create``), so a factory call for a code
that the reference data migration already loaded (domains, decision types, CBS codes) reuses
that row instead of failing on a unique constraint.

A Municipality may only carry a CBS code from the reference list; the factory creates the
code row itself when it is missing, so tests do not depend on the CBS file being loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from samen.organisation import models

D = dt.date

# The SZMH municipalities (DOMAIN.md section 1).
CBS_NAMES = {
    "GM0935": "Maastricht",
    "GM0938": "Meerssen",
    "GM0981": "Vaals",
    "GM0994": "Valkenburg aan de Geul",
    "GM1729": "Gulpen-Wittem",
    "GM1903": "Eijsden-Margraten",
}


class CbsMunicipalityCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CbsMunicipalityCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{8000 + n:04d}")
    name = factory.LazyAttribute(lambda o: CBS_NAMES.get(o.code, f"Testgemeente {o.code}"))
    valid_from = D(1900, 1, 1)
    valid_until = None


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality
        django_get_or_create = ("cbs_code",)

    cbs_code = factory.Sequence(lambda n: f"GM{8000 + n:04d}")
    name = factory.LazyAttribute(lambda o: CBS_NAMES.get(o.cbs_code, f"Testgemeente {o.cbs_code}"))
    postal_address = factory.LazyAttribute(lambda o: f"Postbus 1, {o.name}")
    website = factory.LazyAttribute(lambda o: f"https://www.{o.cbs_code.lower()}.example.nl")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> models.Municipality:
        CbsMunicipalityCodeFactory(code=kwargs["cbs_code"], name=kwargs["name"])
        return super()._create(model_class, *args, **kwargs)


class ArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Arrangement
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeenschappelijke regeling {n}")
    short_name = ""
    kind = models.Arrangement.Kind.CENTRUMGEMEENTE
    executing_municipality = factory.SubFactory(MunicipalityFactory, cbs_code="GM0935")
    valid_from = D(2016, 1, 1)
    valid_until = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    arrangement = factory.SubFactory(ArrangementFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    valid_from = D(2016, 1, 1)
    valid_until = None


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Domain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"domein-{n}")
    name = factory.LazyAttribute(lambda o: f"Domein {o.code}")
    order = 100


class ContractedTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ContractedTask

    municipality = factory.SubFactory(MunicipalityFactory)
    domain = factory.SubFactory(DomainFactory, code="participatiewet")
    arrangement = factory.SubFactory(ArrangementFactory)
    basis = factory.LazyAttribute(
        lambda o: (
            models.ContractedTask.Basis.CONTRACT
            if o.arrangement.kind == models.Arrangement.Kind.CONTRACT
            else models.ContractedTask.Basis.GR
        )
    )
    valid_from = D(2016, 1, 1)
    valid_until = None


class FunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Function
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"functie-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    domain = factory.SubFactory(DomainFactory, code="participatiewet")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@samen.example.nl")
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-2026")

    @factory.post_generation
    def save_password(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Staff
        django_get_or_create = ("employee_number",)

    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"P{10000 + n}")
    name = factory.Sequence(lambda n: f"Medewerker {n}")
    employer = factory.SubFactory(MunicipalityFactory, cbs_code="GM0935")
    is_demo = False


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Appointment

    staff = factory.SubFactory(StaffFactory)
    function = factory.SubFactory(FunctionFactory)
    team = None
    valid_from = D(2020, 1, 1)
    valid_until = None


class DecisionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DecisionType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"besluittype-{n}")
    name = factory.LazyAttribute(lambda o: f"Besluit {o.code}")
    domain = factory.SubFactory(DomainFactory, code="participatiewet")
    competent_body = models.DecisionType.Body.COLLEGE


class MandateFactory(factory.django.DjangoModelFactory):
    """Saves without validation; use ``services.save_mandate`` to test the refusals."""

    class Meta:
        model = models.Mandate
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mandaatbesluit {n}")
    grantor_college = factory.SubFactory(MunicipalityFactory)
    grantee_function = factory.SubFactory(FunctionFactory)
    adopted_on = D(2026, 1, 27)
    valid_from = D(2026, 1, 1)
    valid_until = None
    retroactive_allowed = True

    @factory.post_generation
    def decision_types(obj: models.Mandate, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.decision_types.set(extracted)


class RecordedDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RecordedDecision

    decision_type = factory.SubFactory(DecisionTypeFactory, code="pw-algemene-bijstand")
    municipality = factory.SubFactory(MunicipalityFactory)
    taken_by = factory.SubFactory(StaffFactory)
    decided_on = D(2026, 2, 1)
    reference = factory.Sequence(lambda n: f"BESL-{n:05d}")
