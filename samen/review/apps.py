from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.review"
    label = "review"
    verbose_name = _("Toetsing")

    def ready(self) -> None:
        from samen.cases import guards
        from samen.common import notices
        from samen.review import notices as review_notices
        from samen.review import services

        guards.register(services.announcement_guard)
        guards.register_replacement(services.replacement_permit)
        notices.register(review_notices.missing_rule_notices)
