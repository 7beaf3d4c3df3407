from django.urls import path

from maillage.api import views
from maillage.api.main import api

app_name = "api"

urlpatterns = [
    path("compte/jetons/", views.tokens, name="tokens"),
    path("compte/jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
]

api_urls = api.urls
