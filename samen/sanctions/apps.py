from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "samen.sanctions"
    label = "sanctions"
    verbose_name = "Boetes en maatregelen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The payment run lowers a benefit for the months a measure covers through income's
        # deduction registry (income does not import sanctions: it calls what is registered).
        from samen.income import deductions
        from samen.sanctions.run_reductions import provide

        deductions.register(provide, first=True)
