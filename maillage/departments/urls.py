from django.urls import URLPattern, path

app_name = "departments"

# The departmental pages sit under the département's own address,
# /territoires/<département>/…; the commune's settings under the commune's.
P = "territoires/<slug:territory_slug>/"

urlpatterns: list[URLPattern] = []

# The departmental home and the commune's sharing setting (docs/departments.md,
# "Vue départementale et partage").
from maillage.departments import views_sharing  # noqa: E402

urlpatterns += [
    path(P + "partage-departement/", views_sharing.sharing_setting, name="sharing"),
]

# --- Engagements (docs/departments.md, "Engagements")
from maillage.departments import views_engagements  # noqa: E402

urlpatterns += [
    path(P + "engagements/", views_engagements.engagements, name="engagements"),
    path(
        P + "engagements/export.csv",
        views_engagements.engagements_export,
        name="engagements_export",
    ),
    path(
        P + "partenaires/<int:pk>/engagements/",
        views_engagements.organisation_engagements,
        name="organisation_engagements",
    ),
    path(
        P + "partenaires/<int:pk>/engagements/export.csv",
        views_engagements.organisation_engagements_export,
        name="organisation_engagements_export",
    ),
]

# Comparing the communes (docs/departments.md, "Comparer les communes").
from maillage.departments import views_compare  # noqa: E402

urlpatterns += [
    path(P + "comparer/", views_compare.compare, name="compare"),
    path(P + "comparer/export.<str:fmt>", views_compare.compare_export, name="compare_export"),
]

# --------------------------------------------------------------------------- shared reference lists
from maillage.departments import views_references as references  # noqa: E402

R = P + "referentiels/"
urlpatterns += [
    path(R, references.references, name="references"),
    path(R + "<slug:kind>/nouveau/", references.item_create, name="reference_item_create"),
    path(R + "<slug:kind>/publier/", references.publish, name="reference_publish"),
    path(R + "elements/<int:item_id>/", references.item_edit, name="reference_item_edit"),
    path(
        R + "elements/<int:item_id>/archiver/",
        references.item_archive,
        name="reference_item_archive",
    ),
    path(R + "elements/<int:item_id>/rapprocher/", references.map_item, name="reference_map"),
    path(R + "elements/<int:item_id>/adopter/", references.adopt_item, name="reference_adopt"),
]

# --------------------------------------------------------------------------- new territory
# (docs/departments.md, "Nouveau territoire")
from maillage.departments import views_setup  # noqa: E402

urlpatterns += [
    path("plateforme/territoires/nouveau/", views_setup.territory_new, name="territory_new"),
    path(P + "demarrage/", views_setup.territory_setup, name="setup"),
]
