from django.urls import URLPattern, path

app_name = "departments"

# The departmental pages sit under the département's own address,
# /territoires/<département>/…; the commune's settings under the commune's.
P = "territoires/<slug:territory_slug>/"

urlpatterns: list[URLPattern] = []

# Comparing the communes (docs/departments.md, "Comparer les communes").
from maillage.departments import views_compare  # noqa: E402

urlpatterns += [
    path(P + "comparer/", views_compare.compare, name="compare"),
    path(P + "comparer/export.<str:fmt>", views_compare.compare_export, name="compare_export"),
]
