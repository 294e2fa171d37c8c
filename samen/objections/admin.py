"""Admin for the configuration of the objection procedure: the penalty rules (Awb 4:17).
Objections, postponements and notices of default hold personal data and are only reachable
through the screens and the API, which go through the access policy and the audit trail."""

from django.contrib import admin

from samen.objections.models import PenaltyRule, PenaltyTier


class PenaltyTierInline(admin.TabularInline):
    model = PenaltyTier
    extra = 0


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "grace_days", "valid_from", "valid_until"]
    inlines = [PenaltyTierInline]
