from django.urls import URLPattern, path  # noqa: F401 — each view module adds its paths

app_name = "departments"

# The departmental pages sit under the département's own address,
# /territoires/<département>/…; the commune's settings under the commune's.
P = "territoires/<slug:territory_slug>/"

urlpatterns: list[URLPattern] = []
