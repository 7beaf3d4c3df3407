from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "maillage.community"
    label = "community"
    verbose_name = "Vie du réseau"
