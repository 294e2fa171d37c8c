"""Demo grants: each demo user gets the role, municipalities and domains that fit the story
(see README), approved, so the demo works from the start. Idempotent: a user who already has
a grant is left alone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from samen.access.models import Confidentiality, Grant, Role
from samen.organisation.models import Domain, Municipality, Staff

ALL = ["GM0935", "GM0938", "GM0981", "GM0994", "GM1729", "GM1903"]
HEUVELLAND = ["GM0938", "GM0981", "GM0994", "GM1729", "GM1903"]
PW = ["participatiewet", "minima", "reintegratie", "kinderopvang"]
ALL_DOMAINS = [*PW, "wmo", "jeugd", "onderwijs"]
Z = Confidentiality.ZAAKVERTROUWELIJK
V = Confidentiality.VERTROUWELIJK

# username -> (role, municipalities, domains, highest confidentiality)
GRANTS: dict[str, tuple[str, list[str], list[str], int]] = {
    "directeur": ("directeur", ALL, ALL_DOMAINS, Z),
    "teammanager": ("teammanager", HEUVELLAND, PW, Z),
    "consulent.maastricht": ("consulent", ["GM0935"], PW, Z),
    "consulent.vaals": ("consulent", ["GM0981"], PW, Z),
    "consulent.wmo": ("consulent", ["GM0935", "GM0994"], ["wmo", "jeugd"], Z),
    "leerplicht": ("consulent", ALL, ["onderwijs"], Z),
    "toetser": ("toetser", ALL, PW, Z),
    "administratie": ("administratie", ALL, PW, Z),
    "handhaving": ("handhaving", ALL, ["participatiewet"], V),
    "jurist": ("jurist", ALL, [*PW, "wmo", "jeugd"], Z),
    "internecontrole": ("interne-controle", ALL, ALL_DOMAINS, V),
    "beheerder": ("functioneel-beheer", [], [], Confidentiality.OPENBAAR),
    "fg": ("fg", ALL, [], Confidentiality.OPENBAAR),
    "contact.gulpen-wittem": ("contactpersoon", ["GM1729"], ALL_DOMAINS, Confidentiality.INTERN),
    "contact.meerssen": ("contactpersoon", ["GM0938"], ALL_DOMAINS, Confidentiality.INTERN),
    "contact.vaals": ("contactpersoon", ["GM0981"], ALL_DOMAINS, Confidentiality.INTERN),
    "contact.valkenburg": ("contactpersoon", ["GM0994"], ALL_DOMAINS, Confidentiality.INTERN),
}


@transaction.atomic
def load_grants() -> None:
    roles = {r.code: r for r in Role.objects.all()}
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    domains = {d.code: d for d in Domain.objects.all()}
    for username, (role, munis, doms, level) in GRANTS.items():
        staff = Staff.objects.filter(user__username=username).first()
        if staff is None or Grant.objects.filter(staff=staff).exists():
            continue
        grant = Grant.objects.create(
            staff=staff,
            role=roles[role],
            max_confidentiality=level,
            valid_from=dt.date(2016, 1, 1),
            reason="Demo-autorisatie",
            # The demo's story starts with grants in force; a real grant needs a second person.
            status=Grant.Status.APPROVED,
            decided_at=timezone.now(),
            decision_note="Goedgekeurd bij het laden van de demo.",
        )
        grant.municipalities.set([municipalities[c] for c in munis])
        grant.domains.set([domains[c] for c in doms])
