"""Admin (``/beheer/``): the KPI catalogue, each municipality's DVO and its norms are
configured here. Figures entered by hand and reports change only through the steering
screens (who and when is recorded, and audited); here they are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samen.steering import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "direction", "computation", "order"]
    list_filter = ["unit", "direction"]
    search_fields = ["code", "name"]


class DvoNormInline(admin.TabularInline):
    model = models.DvoNorm
    extra = 0
    fields = ["kpi", "comparator", "value", "note"]


@admin.register(models.Dvo)
class DvoAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "valid_from", "valid_until", "source"]
    list_filter = ["municipality"]
    inlines = [DvoNormInline]


@admin.register(models.ManualValue)
class ManualValueAdmin(ReadOnlyAdmin):
    list_display = ["kpi", "municipality", "year", "number", "value", "recorded_by", "recorded_at"]
    list_filter = ["municipality", "year", "number"]


class ReportFigureInline(admin.TabularInline):
    model = models.ReportFigure
    extra = 0
    can_delete = False
    fields = ["kpi_code", "origin", "value", "numerator", "denominator", "comparator", "norm_value"]
    readonly_fields = ["kpi_code", "origin", "value", "numerator", "denominator", "comparator"]
    readonly_fields += ["norm_value"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "year", "number", "status", "published_at"]
    list_filter = ["municipality", "year", "status"]
    inlines = [ReportFigureInline]


@admin.register(models.GrowthRate)
class GrowthRateAdmin(admin.ModelAdmin):
    list_display = ["rate", "valid_from", "valid_until", "source"]


@admin.register(models.DossierCount)
class DossierCountAdmin(admin.ModelAdmin):
    list_display = ["cost_year", "municipality", "dossiers", "source"]
    list_filter = ["cost_year"]


@admin.register(models.CostYear)
class CostYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "total", "count_basis", "reference_date", "recorded_by"]


@admin.register(models.AdditionalService)
class AdditionalServiceAdmin(ReadOnlyAdmin):
    list_display = ["cost_year", "municipality", "description", "amount", "requested"]


@admin.register(models.ComputedValue)
class ComputedValueAdmin(ReadOnlyAdmin):
    """The stored results, to see when a figure was computed; refreshed by the nightly task
    and the report page's "Cijfers nu bijwerken", never edited."""

    list_display = ["municipality", "year", "number", "part", "code", "value", "computed_at"]
    list_filter = ["municipality", "year", "number", "part"]
