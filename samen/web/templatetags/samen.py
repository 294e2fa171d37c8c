"""Template helpers of the web shell: NL Design System classes and ARIA attributes on form
widgets, and the label of a validity period."""

from __future__ import annotations

import datetime as dt

from django import forms, template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _

register = template.Library()

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}


@register.simple_tag
def widget(field: forms.BoundField) -> str:
    """Render a form field's widget with the Utrecht class, aria-invalid and
    aria-describedby pointing at its help text and error message."""
    widget = field.field.widget
    css = next(
        (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)),
        "utrecht-textbox utrecht-textbox--html-input",
    )
    attrs: dict[str, str | bool] = {"class": css}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
        invalid = "utrecht-textbox--invalid" if "textbox" in css else "utrecht-select--invalid"
        attrs["class"] = f"{css} {invalid}"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def period(item: object) -> str:
    """'1 januari 2026 t/m 31 december 2027' or 'vanaf 1 januari 2026', in the active
    language. Accepts a model with valid_from/valid_until or a Period."""
    start: dt.date = item.valid_from  # type: ignore[attr-defined]
    end: dt.date | None = item.valid_until  # type: ignore[attr-defined]
    if end is None:
        return _("vanaf %(start)s") % {"start": date_filter(start, "j F Y")}
    return _("%(start)s t/m %(end)s") % {
        "start": date_filter(start, "j F Y"),
        "end": date_filter(end, "j F Y"),
    }
