from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.control"
    label = "control"
    verbose_name = _("Interne controle")

    def ready(self) -> None:
        from samen.control import kpis

        kpis.register()
