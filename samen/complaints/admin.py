"""Admin for the configuration of complaint handling: the dated rules of Awb 9:8.
Complaints and their postponements hold personal data and are only reachable through the
screens and the API, which go through the access policy and the audit trail."""

from django.contrib import admin

from samen.complaints.models import ComplaintRule


@admin.register(ComplaintRule)
class ComplaintRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "behaviour_years", "notice_weeks", "valid_from", "valid_until"]
