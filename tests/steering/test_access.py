"""Whose figures: the municipalities of the grants whose role may read figures, for every
demo user; every contact person is refused every other municipality's report (404)."""

from __future__ import annotations

import pytest

from samen.access.demo import GRANTS
from samen.access.policy import policy_for
from samen.steering import services

pytestmark = pytest.mark.django_db
FIGURE_ROLES = {"contactpersoon", "teammanager", "interne-controle", "directeur"}


def test_the_figures_grants_of_every_demo_user(world):
    for username, (role, codes, _domains, _level) in GRANTS.items():
        user = world.user(username)
        expected = set(codes) if role in FIGURE_ROLES else set()
        seen = {
            world.municipalities[c].cbs_code
            for c in world.municipalities
            if world.municipalities[c].pk in policy_for(user).figure_municipality_ids()
        }
        assert seen == expected, username
        assert services.may_view_steering(user) == bool(expected), username


@pytest.mark.parametrize(
    "username", ["contact.meerssen", "contact.vaals", "contact.gulpen-wittem", "contact.valkenburg"]
)
def test_a_contact_person_is_refused_every_other_municipality(world, username):
    own = GRANTS[username][1]
    for code in world.municipalities:
        if code in own:
            continue
        with pytest.raises(services.NotVisible):
            services.report_page(world.user(username), code, "2026-1")
        with pytest.raises(services.NotVisible):
            services.dashboard(world.user(username), code, "2026-1")
