from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.recovery"
    label = "recovery"
    verbose_name = "Debiteuren"

    def ready(self) -> None:
        # the debtor-receipts KPIs for steering (samen/recovery/kpis.py)
        from samen.recovery import kpis

        kpis.register()
