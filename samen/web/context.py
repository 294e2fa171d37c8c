"""Navigation: only what the user may use, decided by Django permissions and, for personal
data and the audit trail, by the one access policy."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.access.policy import policy_for
from samen.control.services import may_control
from samen.enforcement.investigations import investigates
from samen.income.run_services import may_view_runs
from samen.steering.services import may_view_steering


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    policy = policy_for(user)
    items = [(_("Start"), reverse("home"))]
    if policy.handles_personal_data:
        items.append((_("Personen"), reverse("persons")))
        items.append((_("Werkvoorraad"), reverse("worklist")))
    if policy.handles_personal_data and user.has_perm("objections.view_objection"):
        items.append((_("Bezwaren"), reverse("objections")))
        items.append((_("Beroepen"), reverse("appeals")))
    if policy.handles_personal_data and user.has_perm("complaints.view_complaint"):
        items.append((_("Klachten"), reverse("complaints")))
    if policy.handles_personal_data and user.has_perm("sanctions.view_fine"):
        items.append((_("Boetes"), reverse("fines")))
    if policy.handles_personal_data and user.has_perm("enforcement.view_signal"):
        items.append((_("Signalen"), reverse("signals")))
    if investigates(user):
        items.append((_("Onderzoeken"), reverse("investigations")))
    if policy.handles_personal_data and user.has_perm("review.add_review"):
        items.append((_("Toetsing"), reverse("reviews")))
    if may_view_runs(user):
        items.append((_("Betalingen"), reverse("payment-runs")))
    if may_view_steering(user):
        items.append((_("Sturing"), reverse("steering")))
    if may_control(user):
        items.append((_("Interne controle"), reverse("control")))
    if user.has_perm("organisation.view_municipality"):
        items.append((_("Organisatie"), reverse("organisation")))
    if user.has_perm("organisation.view_mandate"):
        items.append((_("Mandaatregister"), reverse("mandates")))
    if user.has_perm("organisation.view_recordeddecision"):
        items.append((_("Mandaatcontrole"), reverse("uncovered-decisions")))
    if user.has_perm("organisation.view_staff"):
        items.append((_("Medewerkers"), reverse("staff-list")))
    if user.has_perm("access.manage_grants") or user.has_perm("access.approve_grants"):
        items.append((_("Autorisaties"), reverse("grant-proposals")))
    if policy.may_read_audit:
        items.append((_("Toezicht"), reverse("supervision")))
    items.append((_("Mijn toegang"), reverse("my-access")))
    if user.is_staff:
        items.append((_("Beheer"), reverse("admin:index")))
    current = request.path
    longest = max(
        (
            url
            for _label, url in items
            if current == url or (url != "/" and current.startswith(url))
        ),
        key=len,
        default=None,
    )
    return {
        "nav_items": [
            {"label": label, "url": url, "current": url == longest} for label, url in items
        ]
    }
