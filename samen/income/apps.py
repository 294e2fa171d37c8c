from django.apps import AppConfig


class IncomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.income"
    label = "income"
    verbose_name = "Inkomen"

    def ready(self) -> None:
        from samen.common import attention, notices
        from samen.income import kpis
        from samen.income.attention import aow_signals, missing_payment_signals
        from samen.income.schedule import missed_run_notices, norm_coverage_notices

        notices.register(missed_run_notices)
        notices.register(norm_coverage_notices)
        attention.register(aow_signals)
        attention.register(missing_payment_signals)
        kpis.register()
