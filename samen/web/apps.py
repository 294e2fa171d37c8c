from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "samen.web"
    label = "web"
    verbose_name = "Webschil"
