"""Admin for the configuration of internal control only: the control roles, the sample-size
rules and the checklist. Samples, items, findings and reports point at residents' decisions
and payments and are never registered here (``tests/test_admin_privacy.py``)."""

from django.contrib import admin

from samen.control.models import ChecklistQuestion, ControlRole, SampleRule


@admin.register(ControlRole)
class ControlRoleAdmin(admin.ModelAdmin):
    list_display = ["role_code", "note"]


@admin.register(SampleRule)
class SampleRuleAdmin(admin.ModelAdmin):
    list_display = ["population", "confidence", "tolerable_rate", "valid_from", "valid_until"]
    list_filter = ["population"]


@admin.register(ChecklistQuestion)
class ChecklistQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "population", "case_type_code", "order", "valid_from", "valid_until"]
    list_filter = ["population", "case_type_code"]
    search_fields = ["text", "source"]
