from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.enforcement"
    label = "enforcement"
    verbose_name = _("Handhaving")

    def ready(self) -> None:
        from samen.enforcement import attention, kpis

        kpis.register()
        attention.register()
