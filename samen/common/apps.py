from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "samen.common"
    label = "common"
    verbose_name = "Gemeenschappelijk"

    def ready(self) -> None:
        from samen.common import lookups

        lookups.register()
