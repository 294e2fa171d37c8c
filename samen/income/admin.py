"""Admin: paying accounts are configured here and payment runs shown read-only (they change
only through :mod:`samen.income.payments`). Benefits, payment lines, recovery claims and
supplements hold personal data and are only reachable through the screens and the API,
which go through the access policy and the audit trail (``tests/test_admin_privacy.py``)."""

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


@admin.register(models.EndReason)
class EndReasonAdmin(admin.ModelAdmin):
    """The coded reasons for ending a benefit. A reason in use is closed with its end date,
    not deleted (the benefits keep it: PROTECT)."""

    list_display = ["name", "code", "towards_work", "valid_from", "valid_until"]
    list_filter = ["towards_work"]
    search_fields = ["name", "code"]


@admin.register(models.PaymentRun)
class PaymentRunAdmin(ReadOnlyAdmin):
    list_display = ["month", "status", "done", "total", "amount_total", "started_at", "finished_at"]
    list_filter = ["status"]
