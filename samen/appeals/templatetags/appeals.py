"""``{% appeal_panel objection %}`` on the objection's page and ``{% appeal_case_panel case %}``
on the page of the case of a new decision a ruling ordered: the appeals through the appeal
services, so the access policy scopes and the audit trail records them (the includes are the
only way the objections and cases templates know of this app)."""

from __future__ import annotations

from typing import Any

from django import template

from samen.appeals import services
from samen.appeals.models import Appeal, Instance

register = template.Library()


def _user(context: template.Context) -> Any:
    """The request's user; a nested include's context keeps the request as an attribute."""
    request = getattr(context, "request", None) or context["request"]
    return request.user


@register.inclusion_tag("appeals/objection_panel_body.html", takes_context=True)
def appeal_panel(context: template.Context, objection: Any) -> dict[str, Any]:
    user = _user(context)
    appeals = services.appeals_of_objection(user, objection)
    contested = services.contested_decision(objection)
    may_file = (
        contested is not None
        and services.may_change(user, objection)
        and not any(
            a.contested_id == contested.pk and a.instance == Instance.BEROEP for a in appeals
        )
    )
    return {"objection": objection, "appeals": appeals, "may_file": may_file}


@register.inclusion_tag("appeals/case_panel_body.html", takes_context=True)
def appeal_case_panel(context: template.Context, case: Any) -> dict[str, Any]:
    found: Appeal | None = services.ordering_appeal(_user(context), case)
    return {"appeal": found}
