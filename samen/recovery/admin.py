"""Admin for configuration only: the parameters of the beslagvrije voet. Claims, their
ledger and arrangements hold personal data and are never registered here (they are read
and changed only through the services, the one access policy and the audit trail)."""

from django.contrib import admin

from samen.recovery.models import ProtectionParameter


@admin.register(ProtectionParameter)
class ProtectionParameterAdmin(admin.ModelAdmin):
    list_display = ("name", "value", "valid_from", "valid_until")
    list_filter = ("name",)
