from django.apps import AppConfig


class IncomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.income"
    label = "income"
    verbose_name = "Inkomen"
