"""Admin: the reference data (retention classes, document types) is editable; notes and
documents are read-only here (append-only, and reading them goes through the policy)."""

from django.contrib import admin

from samen.dossier import models


@admin.register(models.RetentionClass)
class RetentionClassAdmin(admin.ModelAdmin):
    list_display = ("code", "process_type", "result", "appraisal", "retention_years")
    search_fields = ("code", "result")


@admin.register(models.DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "retention_class")
    search_fields = ("code", "name")
