from django.urls import URLPattern, path

app_name = "departments"

# The departmental pages sit under the département's own address,
# /territoires/<département>/…; the commune's settings under the commune's.
P = "territoires/<slug:territory_slug>/"

urlpatterns: list[URLPattern] = []

# --------------------------------------------------------------------------- new territory
# (docs/departments.md, "Nouveau territoire")
from maillage.departments import views_setup  # noqa: E402

urlpatterns += [
    path("plateforme/territoires/nouveau/", views_setup.territory_new, name="territory_new"),
    path(P + "demarrage/", views_setup.territory_setup, name="setup"),
]
