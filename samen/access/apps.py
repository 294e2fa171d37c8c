from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "samen.access"
    label = "access"
    verbose_name = _("Toegang en audittrail")

    def ready(self) -> None:
        from samen.access import checks  # noqa: F401  (registers system checks)
