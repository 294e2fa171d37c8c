"""Admin for the configuration of the court procedure: the terms of the verweerschrift, the
hoger beroep and the new decision after a ruling, with their source. Appeals hold personal
data and are only reachable through the screens and the API, which go through the access
policy and the audit trail."""

from django.contrib import admin

from samen.appeals.models import CourtTerm


@admin.register(CourtTerm)
class CourtTermAdmin(admin.ModelAdmin):
    list_display = ["code", "weeks", "court", "valid_from", "valid_until"]
    list_filter = ["code"]
