"""Staff for the team tests: a member of a demo team, with an approved grant."""

from __future__ import annotations

import datetime as dt

from samen.access.models import Grant, Role
from samen.organisation.models import Domain, Function, Municipality, Staff, Team
from tests import factories

D = dt.date


def staff_in(
    team_name: str,
    function: str,
    municipalities: list[str],
    name: str,
    since: dt.date = D(2020, 1, 1),
    role: str = "",
) -> Staff:
    """A member of a demo team with an approved grant for Participatiewet work."""
    appointment = factories.AppointmentFactory(
        staff=factories.StaffFactory(name=name),
        function=Function.objects.get(code=function),
        team=Team.objects.get(name=team_name),
        valid_from=since,
    )
    grant = Grant.objects.create(
        status=Grant.Status.APPROVED,
        staff=appointment.staff,
        role=Role.objects.get(
            code=role or ("teammanager" if function == "teammanager" else "consulent")
        ),
        max_confidentiality=4,
        valid_from=D(2016, 1, 1),
    )
    grant.municipalities.set(Municipality.objects.filter(cbs_code__in=municipalities))
    grant.domains.set(Domain.objects.filter(code="participatiewet"))
    return appointment.staff
