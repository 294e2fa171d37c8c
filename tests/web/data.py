"""A small organisation for the web and browser tests, built with the models and services
directly so that the tests do not depend on the wording of the demo data.

The 2026 chain for Vaals: college of Vaals -> college of Maastricht (adopted 27 January 2026
with effect from 1 January 2026) -> function Manager -> function Consulent (ondermandaat for
algemene bijstand only). One recorded decision has no cover: a fine imposed by the consulent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User

from samen.organisation import reference, services
from samen.organisation.models import (
    Appointment,
    Area,
    Arrangement,
    CbsMunicipalityCode,
    ContractedTask,
    DecisionType,
    Function,
    Mandate,
    Membership,
    Municipality,
    RecordedDecision,
    Staff,
    Team,
)

PASSWORD = "Ander-wachtwoord-2026"  # noqa: S105
D = dt.date


@dataclass
class Org:
    maastricht: Municipality
    vaals: Municipality
    manager: Staff
    consulent: Staff
    consulent_user: User
    outsider_user: User
    chain_mandates: list[Mandate]


def _user(username: str, first: str, last: str, *codenames: str) -> User:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="organisation", codename__in=codenames)
    )
    return user


def build() -> Org:
    reference.load()  # idempotent: domains and decision types (a flushed database has none)
    for code, name in (("GM0935", "Maastricht"), ("GM0981", "Vaals")):
        CbsMunicipalityCode.objects.get_or_create(
            code=code, defaults={"name": name, "valid_from": D(1900, 1, 1)}
        )
    maastricht = services.save_municipality(Municipality(cbs_code="GM0935", name="Maastricht"))
    vaals = services.save_municipality(Municipality(cbs_code="GM0981", name="Vaals"))

    gr = Arrangement(
        name="GR Sociale Zaken (test)",
        short_name="GR SZ",
        kind=Arrangement.Kind.CENTRUMGEMEENTE,
        executing_municipality=maastricht,
        valid_from=D(2016, 1, 1),
    )
    gr.full_clean()
    gr.save()
    for municipality in (maastricht, vaals):
        services.save_membership(
            Membership(arrangement=gr, municipality=municipality, valid_from=D(2016, 1, 1))
        )
    services.save_contracted_task(
        ContractedTask(
            municipality=vaals,
            domain_id=_domain("participatiewet"),
            basis=ContractedTask.Basis.GR,
            arrangement=gr,
            valid_from=D(2016, 1, 1),
            reference="DVO test",
        )
    )
    area = Area.objects.create(code="vaals-test", name="Heuvelland Oost", municipality=vaals)
    team = Team.objects.create(name="Team Inkomen Oost", domain_id=_domain("participatiewet"))
    team.areas.set([area])

    manager_fn = Function.objects.create(code="manager-test", name="Manager Sociale Zekerheid")
    consulent_fn = Function.objects.create(code="consulent-test", name="Consulent")

    view_all = (
        "view_municipality",
        "view_mandate",
        "view_recordeddecision",
        "view_arrangement",
        "view_contractedtask",
    )
    manager_user = _user("manager", "Mieke", "Maas", *view_all)
    consulent_user = _user("consulent", "Bram", "Vliegen", "view_municipality", "view_mandate")
    outsider_user = _user("buitenstaander", "Olga", "Ortmans", "view_municipality")
    manager = Staff.objects.create(
        user=manager_user, employee_number="T0001", name="Mieke Maas", employer=maastricht
    )
    consulent = Staff.objects.create(
        user=consulent_user, employee_number="T0002", name="Bram Vliegen", employer=maastricht
    )
    Staff.objects.create(
        user=outsider_user, employee_number="T0003", name="Olga Ortmans", employer=vaals
    )
    Appointment.objects.create(staff=manager, function=manager_fn, valid_from=D(2016, 1, 1))
    Appointment.objects.create(
        staff=consulent, function=consulent_fn, team=team, valid_from=D(2016, 1, 1)
    )

    bijstand = DecisionType.objects.get(code="pw-algemene-bijstand")
    boete = DecisionType.objects.get(code="pw-boete")
    start, adopted = D(2026, 1, 1), D(2026, 1, 27)
    chain = [
        services.save_mandate(
            Mandate(
                title="Mandaatbesluit Vaals 2026",
                grantor_college=vaals,
                grantee_college=maastricht,
                adopted_on=adopted,
                valid_from=start,
                retroactive_allowed=True,
            ),
            [bijstand, boete],
        ),
        services.save_mandate(
            Mandate(
                title="Aanwijzingsbesluit Maastricht 2026",
                grantor_college=maastricht,
                grantee_function=manager_fn,
                adopted_on=adopted,
                valid_from=start,
                retroactive_allowed=True,
            ),
            [bijstand, boete],
        ),
        services.save_mandate(
            Mandate(
                title="Ondermandaat Consulent 2026",
                grantor_function=manager_fn,
                grantee_function=consulent_fn,
                adopted_on=D(2026, 2, 2),
                valid_from=D(2026, 2, 2),
            ),
            [bijstand],
        ),
    ]
    RecordedDecision.objects.create(
        decision_type=boete,
        municipality=vaals,
        taken_by=consulent,
        decided_on=D(2026, 3, 2),
        reference="Z-TEST-0117",
    )
    return Org(
        maastricht=maastricht,
        vaals=vaals,
        manager=manager,
        consulent=consulent,
        consulent_user=consulent_user,
        outsider_user=outsider_user,
        chain_mandates=chain,
    )


def _domain(code: str) -> int:
    from samen.organisation.models import Domain

    return Domain.objects.get(code=code).pk
