"""Only configuration in /beheer: the handling terms of the signals (dated data with their
source). Signals, investigations and checks hold personal data and are read through the one
access policy only (tests/test_admin_privacy.py)."""

from django.contrib import admin

from samen.enforcement.models import HandlingTerm


@admin.register(HandlingTerm)
class HandlingTermAdmin(admin.ModelAdmin):
    list_display = ("product", "days", "valid_from", "valid_until")
    list_filter = ("product",)
