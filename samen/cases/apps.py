from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samen.cases"
    label = "cases"
    verbose_name = _("Zaken")

    def ready(self) -> None:
        from samen.cases import kpis
        from samen.cases.attention import client_notices, term_signals
        from samen.common import attention, notices

        attention.register(term_signals)
        notices.register(client_notices)
        kpis.register()
