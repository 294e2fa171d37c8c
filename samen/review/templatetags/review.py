"""``{% review_panel case %}``: the four-eyes review status of the case's latest decision on
the case page (the one include the cases template has of this app). The case page has read
and audited the case already."""

from __future__ import annotations

from typing import Any

from django import template

from samen.review import services

register = template.Library()


@register.inclusion_tag("review/case_panel_body.html", takes_context=True)
def review_panel(context: template.Context, case: Any) -> dict[str, Any]:
    request = context["request"]
    return {
        "toetsing": services.case_status(case),
        "may_review": services.may_review(request.user),
    }
