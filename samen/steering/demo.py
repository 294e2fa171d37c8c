"""Demo for steering: every partner's DVO 2026-2027 with the 2017 norms (the loader of
migration 0002, now that the organisation exists), and the steering permissions for the
demo groups: teammanagers and the director write the analysis and enter figures by hand,
the director publishes. Idempotent."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from samen.steering import reference

PERMISSIONS = {
    "Teammanager": ["write_analysis", "enter_figures"],
    "Directeur": ["write_analysis", "enter_figures", "publish_report", "enter_costs"],
}


@transaction.atomic
def load() -> int:
    created = reference.load_partner_dvos()
    for group_name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="steering", codename__in=codenames
                )
            )
    return created
