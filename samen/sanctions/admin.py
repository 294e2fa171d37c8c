"""Admin for the dated rules of fines and measures. Fines and measures themselves hold
personal data and are only reachable through the screens and the API, which go through the
access policy and the audit trail."""

from django.contrib import admin

from samen.sanctions.models import BlameRate, CriminalFineCategory, FineRule, MeasureRule


@admin.register(BlameRate)
class BlameRateAdmin(admin.ModelAdmin):
    list_display = ["blame", "percentage", "valid_from", "valid_until"]


@admin.register(CriminalFineCategory)
class CriminalFineCategoryAdmin(admin.ModelAdmin):
    list_display = ["category", "amount", "valid_from", "valid_until"]


@admin.register(FineRule)
class FineRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "warning_max", "recidive_years", "recidive_percentage"]


@admin.register(MeasureRule)
class MeasureRuleAdmin(admin.ModelAdmin):
    list_display = [
        "municipality_code",
        "code",
        "name",
        "percentage",
        "months",
        "example",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["municipality_code", "example"]
