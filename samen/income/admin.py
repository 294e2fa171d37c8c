"""Admin: paying accounts are configured here; benefits, runs, lines, recovery claims and
supplements are shown read-only (they change only through :mod:`samen.income.payments`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samen.income import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.PayingAccount)
class PayingAccountAdmin(admin.ModelAdmin):
    list_display = ["municipality", "name", "iban", "bic", "valid_from", "valid_until"]
    list_filter = ["municipality"]


@admin.register(models.Benefit)
class BenefitAdmin(ReadOnlyAdmin):
    list_display = ["pk", "municipality", "status", "start_date", "end_date", "version"]
    list_filter = ["status", "municipality"]
    raw_id_fields = ["person", "case"]


@admin.register(models.PaymentRun)
class PaymentRunAdmin(ReadOnlyAdmin):
    list_display = ["month", "status", "done", "total", "amount_total", "started_at", "finished_at"]
    list_filter = ["status"]


@admin.register(models.PaymentLine)
class PaymentLineAdmin(ReadOnlyAdmin):
    list_display = ["pk", "run", "benefit_id", "month", "kind", "amount", "created_at"]
    list_filter = ["kind", "month"]
    list_select_related = ["run"]
    show_full_result_count = False


@admin.register(models.RecoveryClaim)
class RecoveryClaimAdmin(ReadOnlyAdmin):
    list_display = ["pk", "benefit_id", "month", "amount", "reason", "created_at"]


@admin.register(models.Supplement)
class SupplementAdmin(ReadOnlyAdmin):
    list_display = ["pk", "benefit_id", "month", "amount", "paid_by_id", "created_at"]


@admin.register(models.PaymentDate)
class PaymentDateAdmin(admin.ModelAdmin):
    list_display = ["month", "run_on", "pay_on", "source"]
    date_hierarchy = "month"
