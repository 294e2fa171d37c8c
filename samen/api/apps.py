from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samen.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI extension for our token authentication.
        from samen.api import schema  # noqa: F401
