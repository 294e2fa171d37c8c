"""Admin screens for functional management (functioneel beheer).

Mandates are validated through :func:`services.validate_mandate`, so admin refuses exactly
what the service refuses, with the same Dutch messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.organisation import models, services


class PeriodAdmin(admin.ModelAdmin):
    date_hierarchy = "valid_from"


@admin.register(models.CbsMunicipalityCode)
class CbsMunicipalityCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_until"]
    search_fields = ["code", "name"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "phone", "website"]
    search_fields = ["name", "cbs_code"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0


@admin.register(models.Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "executing_municipality", "valid_from", "valid_until"]
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(PeriodAdmin):
    list_display = ["municipality", "arrangement", "valid_from", "valid_until"]
    list_filter = ["arrangement", "municipality"]


@admin.register(models.Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(models.ContractedTask)
class ContractedTaskAdmin(PeriodAdmin):
    list_display = ["municipality", "domain", "basis", "arrangement", "valid_from", "valid_until"]
    list_filter = ["domain", "municipality", "basis"]


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    list_filter = ["municipality"]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    filter_horizontal = ["areas"]


@admin.register(models.Function)
class FunctionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


class AppointmentInline(admin.TabularInline):
    model = models.Appointment
    extra = 0


@admin.register(models.Staff)
class StaffAdmin(admin.ModelAdmin):
    """Access follows the staff record, so its login is never edited here: a staff member is
    created with their login on the screen ``/medewerkers/nieuw`` (audited), and the login
    shown here cannot be changed."""

    list_display = ["name", "employee_number", "employer", "user", "is_demo"]
    search_fields = ["name", "employee_number"]
    readonly_fields = ["user"]
    inlines = [AppointmentInline]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(models.DecisionType)
class DecisionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "domain", "competent_body", "remedy", "grants_benefit"]
    list_filter = ["domain", "competent_body", "remedy", "grants_benefit"]


class MandateForm(forms.ModelForm):
    class Meta:
        model = models.Mandate
        fields = [
            "title",
            "grantor_college",
            "grantor_function",
            "grantor_staff",
            "grantee_college",
            "grantee_function",
            "grantee_staff",
            "decision_types",
            "adopted_on",
            "retroactive_allowed",
            "valid_from",
            "valid_until",
            "legal_reference",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # builds self.instance and runs model validation
        if self.errors:
            return
        try:
            services.validate_mandate(
                self.instance, list(self.cleaned_data.get("decision_types") or [])
            )
        except ValidationError as error:
            self.add_error(None, error.messages)


@admin.register(models.Mandate)
class MandateAdmin(PeriodAdmin):
    form = MandateForm
    list_display = [
        "title",
        "grantor",
        "grantee",
        "adopted_on",
        "valid_from",
        "valid_until",
    ]
    filter_horizontal = ["decision_types"]
    search_fields = ["title", "legal_reference"]

    @admin.display(description=_("mandaatgever"))
    def grantor(self, obj: models.Mandate) -> str:
        return obj.grantor_label

    @admin.display(description=_("gemandateerde"))
    def grantee(self, obj: models.Mandate) -> str:
        return obj.grantee_label


@admin.register(models.RecordedDecision)
class RecordedDecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "decision_type", "municipality", "taken_by", "decided_on"]
    list_filter = ["municipality", "decision_type"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
