from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "perhekeskus.api"
    verbose_name = "API"
