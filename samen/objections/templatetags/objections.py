"""``{% objection_panel case %}``: the objections and the penalty on the case page, through
the objection services (the one include the cases template has of this app)."""

from __future__ import annotations

from typing import Any

from django import template

from samen.objections import penalties, services

register = template.Library()


@register.inclusion_tag("objections/case_panel_body.html", takes_context=True)
def objection_panel(context: template.Context, case: Any) -> dict[str, Any]:
    request = context["request"]
    panel = services.case_panel(request.user, case)
    fixed, payment = penalties.fixed_penalty_of(case)
    return {
        "case": case,
        "panel": panel,
        "penalty": penalties.penalty_of(case),
        "notice_possible": panel.may_change and penalties.may_record_notice(case),
        "fix_possible": panel.may_change and penalties.may_fix_penalty(case),
        "fixed": fixed,
        "payment": payment,
    }
