from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.steering"
    label = "steering"
    verbose_name = _("Sturing")
