from django.urls import path

app_name = "observatory"
urlpatterns: list = []
