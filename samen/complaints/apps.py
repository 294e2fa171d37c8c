from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.complaints"
    label = "complaints"
    verbose_name = _("Klachten")

    def ready(self) -> None:
        from samen.complaints import kpis

        kpis.register()
