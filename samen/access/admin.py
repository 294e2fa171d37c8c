"""Admin for roles, and a read-only view of grants: grants are proposed, approved and ended
only through the grant screens (:mod:`samen.access.grants`), which ask for a second person and
audit every step. The audit trail has no admin: it is read in the supervision screens and
cannot be changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from samen.access.models import Grant, Role


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


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    """Grants are shown here, never made or changed: a grant takes effect only after a second
    person approved it, and every step is audited, so the lifecycle goes through the screens
    of :mod:`samen.access.views` (``/autorisaties``) and :mod:`samen.access.grants`. Admin
    cannot ask for a second person, so it must not be a way around one."""

    list_display = [
        "staff",
        "role",
        "status",
        "max_confidentiality",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["status", "role", "municipalities", "domains"]
    search_fields = ["staff__name", "reason"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
