from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "samen.organisation"
    label = "organisation"
    verbose_name = _("Organisatie en mandaatregister")

    def ready(self) -> None:
        from samen.organisation import checks  # noqa: F401  (registers system checks)
