from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "samen.objections"
    label = "objections"
    verbose_name = _("Bezwaar")

    def ready(self) -> None:
        from samen.income import one_offs
        from samen.objections import kpis, penalties

        kpis.register()
        one_offs.register(penalties.penalty_dues)
