"""Admin for roles and grants. Grants are themselves audited: every change made here writes
an audit entry with the old and new values. The audit trail has no admin: it is read in the
supervision screens and cannot be changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from samen.access import audit
from samen.access.models import Grant, Role
from samen.access.policy import Purpose


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "may_read",
        "may_change",
        "may_export",
        "may_read_audit",
        "may_read_figures",
    ]


def _snapshot(grant: Grant) -> dict[str, Any]:
    if grant.pk is None:
        return {}
    return {
        "staff": grant.staff.name,
        "role": grant.role.code,
        "municipalities": sorted(m.cbs_code for m in grant.municipalities.all()),
        "domains": sorted(d.code for d in grant.domains.all()),
        "max_confidentiality": grant.get_max_confidentiality_display(),
        "valid_from": grant.valid_from.isoformat() if grant.valid_from else None,
        "valid_until": grant.valid_until.isoformat() if grant.valid_until else None,
    }


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["staff", "role", "max_confidentiality", "valid_from", "valid_until"]
    list_filter = ["role", "municipalities", "domains"]
    filter_horizontal = ["municipalities", "domains"]
    search_fields = ["staff__name", "reason"]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        before = getattr(form.instance, "_audit_before", {})
        super().save_related(request, form, formsets, change)
        after = _snapshot(form.instance)
        diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        audit.record(
            actor=request.user,
            action="update" if change else "create",
            subjects=[audit.Subject("autorisatie", str(form.instance.pk))],
            purpose=Purpose.BEHEER.value,
            changes={"fields": diff},
        )

    def get_form(
        self, request: Any, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            obj._audit_before = _snapshot(obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def delete_model(self, request: Any, obj: Grant) -> None:
        before = _snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action="delete",
            subjects=[audit.Subject("autorisatie", str(pk))],
            purpose=Purpose.BEHEER.value,
            changes={"fields": {k: [v, None] for k, v in before.items()}},
        )

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for grant in list(queryset):
            self.delete_model(request, grant)
