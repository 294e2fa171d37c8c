"""Admin for the configuration of case work: case types and letter templates. Cases,
decisions and letters hold personal data and are only reachable through the screens and the
API, which go through the access policy and the audit trail."""

from django.contrib import admin

from samen.cases.models import CaseType, LetterTemplate


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "domain",
        "term_amount",
        "term_unit",
        "extension_amount",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["domain"]
    search_fields = ["name", "code", "legal_basis"]
    filter_horizontal = ["decision_types"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["outcome", "municipality", "decision_type", "valid_from", "valid_until"]
    list_filter = ["outcome", "municipality"]
