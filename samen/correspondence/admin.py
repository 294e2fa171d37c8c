"""Admin (/beheer/) for the configuration of correspondence: the kinds of letter and their
body texts per municipality and period. The letters sent hold personal data and are only
reachable through the screens and the API, which go through the access policy and the audit
trail, so they are not registered here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from samen.correspondence import house
from samen.correspondence.models import BodyTemplate, LetterKind


@admin.register(LetterKind)
class LetterKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "subject", "legal_basis"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "placeholders", "fields_help"]
    fields = ["code", "name", "subject", "legal_basis", "fields_help"]

    @admin.display(description=_("velden in de brieftekst"))
    def fields_help(self, obj: LetterKind) -> str:
        names = house.placeholders(obj.placeholders if obj else {})
        return "; ".join(f"{{{{ {name} }}}}: {meaning}" for name, meaning in names.items())

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # a kind is sent by code: new kinds come with the app that sends them

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(BodyTemplate)
class BodyTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "municipality", "valid_from", "valid_until"]
    list_filter = ["kind", "municipality"]
    fields = ["kind", "municipality", "valid_from", "valid_until", "body"]
