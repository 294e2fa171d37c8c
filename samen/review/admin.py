"""Admin for the review rules only. Reviews point at residents' decisions and are never
registered here (``tests/test_admin_privacy.py``)."""

from django.contrib import admin

from samen.review.models import ReviewRule


@admin.register(ReviewRule)
class ReviewRuleAdmin(admin.ModelAdmin):
    list_display = ["decision_type", "function", "required", "valid_from", "valid_until"]
    list_filter = ["required", "function"]
    search_fields = ["decision_type__name", "source"]
