from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "samen.recovery"
    label = "recovery"
    verbose_name = "Debiteuren"

    def ready(self) -> None:
        # Offsets, garnishments and direct payments in income's monthly run (income does
        # not import recovery: it only calls what is registered here).
        from samen.income import deductions
        from samen.recovery.run_deductions import book_offsets, provide

        deductions.register(provide, on_release=book_offsets)
