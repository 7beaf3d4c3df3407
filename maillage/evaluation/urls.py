from django.urls import URLPattern

app_name = "evaluation"

P = "territoires/<slug:territory_slug>/evaluation/"

urlpatterns: list[URLPattern] = []
