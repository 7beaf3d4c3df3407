"""Access rows for the réseau: services, contact points, procedures, imports."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from maillage.core.roles import Visibility
from maillage.network.models import ImportBatch, Service
from tests.access.table import Url
from tests.network.builders import make_contact, make_procedure, make_service


def _service(visibility):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return make_service(
            world.territory, world.org_member, name=f"Service {visibility}", visibility=visibility
        )

    return build


def _contact(visibility):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return make_contact(world.territory, world.org_member, visibility=visibility)

    return build


def _procedure(visibility):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return make_procedure(
            world.territory, world.org_member, title=f"Démarche {visibility}", visibility=visibility
        )

    return build


def _import(world):  # type: ignore[no-untyped-def]
    batch = ImportBatch(
        territory=world.territory, state=ImportBatch.State.PREVIEWED, services_name="services.json"
    )
    # A file behind the batch, so that its download URL has something to serve.
    batch.services_file.save("services.json", ContentFile(b"[]"), save=False)
    batch.save()
    return batch


SUBJECTS = {
    "service[public]": _service(Visibility.PUBLIC),
    "service[partners]": _service(Visibility.PARTNERS),
    "service[members]": _service(Visibility.MEMBERS),
    "contact_point[public]": _contact(Visibility.PUBLIC),
    "contact_point[partners]": _contact(Visibility.PARTNERS),
    "procedure[public]": _procedure(Visibility.PUBLIC),
    "procedure[members]": _procedure(Visibility.MEMBERS),
    "network_import": _import,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "contribute_network"):    "N N Y Y N Y Y N Y",
    ("territory", "run_network"):           "N N N N N Y N N Y",
    ("service[public]", "view"):            "Y Y Y Y Y Y Y Y Y",
    ("service[public]", "change"):          "N N N Y N Y N N Y",
    ("service[partners]", "view"):          "N N Y Y Y Y Y N Y",
    ("service[partners]", "change"):        "N N N Y N Y N N Y",
    ("service[members]", "view"):           "N N N Y N Y N N Y",
    ("service[members]", "change"):         "N N N Y N Y N N Y",
    ("contact_point[public]", "view"):      "Y Y Y Y Y Y Y Y Y",
    ("contact_point[public]", "change"):    "N N N Y N Y N N Y",
    ("contact_point[partners]", "view"):    "N N Y Y Y Y Y N Y",
    ("contact_point[partners]", "change"):  "N N N Y N Y N N Y",
    ("procedure[public]", "view"):          "Y Y Y Y Y Y Y Y Y",
    ("procedure[public]", "change"):        "N N N Y N Y N N Y",
    ("procedure[members]", "view"):         "N N N Y N Y N N Y",
    ("procedure[members]", "change"):       "N N N Y N Y N N Y",
    ("network_import", "view"):             "N N N N N Y N N Y",
    ("network_import", "apply"):            "N N N N N Y N N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _api_t(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _own_organisation(world, actor):  # type: ignore[no-untyped-def]
    return {
        "partner": world.org_other,
        "coordinator": world.org_other,
        "departement": world.org_dept,
    }.get(actor, world.org_member)


def _stale_service(world, obj):  # type: ignore[no-untyped-def]
    """A service of the member's organisation last updated two years ago: the reminder has
    someone to write to."""
    service = make_service(world.territory, world.org_member, name="Service à mettre à jour")
    Service.objects.filter(pk=service.pk).update(
        date_maj=timezone.localdate() - datetime.timedelta(days=730)
    )
    return {}


def _confirm(world, obj):  # type: ignore[no-untyped-def]
    """A confirmation page's POST: the confirmation is the whole form."""
    return {}


def _feed_params(world, obj):  # type: ignore[no-untyped-def]
    return {"territory": world.territory.slug}


JSON = "application/json"
POSTED = frozenset({302})

URLS = {
    "network:search": Url("territory", "view", kwargs=_t),
    "network:suggest": Url("territory", "view", kwargs=_t),
    "network:service_create": Url("territory", "contribute_network", kwargs=_t),
    "network:service": Url("service[partners]", "view", kwargs=_pk),
    "network:service_update": Url("service[partners]", "change", kwargs=_pk),
    "network:service_mark_fresh": Url(
        "service[partners]", "change", kwargs=_pk, method="post", ok=POSTED
    ),
    "network:service_delete": Url(
        "service[partners]",
        "change",
        kwargs=_pk,
        post=_confirm,
        post_location=r"/reseau/$|/recherche",
    ),
    "network:contact_point_create": Url("territory", "contribute_network", kwargs=_t),
    "network:contact_point": Url("contact_point[partners]", "view", kwargs=_pk),
    "network:contact_point_update": Url("contact_point[partners]", "change", kwargs=_pk),
    "network:contact_point_mark_fresh": Url(
        "contact_point[partners]", "change", kwargs=_pk, method="post", ok=POSTED
    ),
    "network:contact_point_delete": Url(
        "contact_point[partners]",
        "change",
        kwargs=_pk,
        post=_confirm,
        post_location=r"/reseau/$|/recherche",
    ),
    "network:procedure_create": Url("territory", "contribute_network", kwargs=_t),
    "network:procedure": Url("procedure[members]", "view", kwargs=_pk),
    "network:procedure_update": Url("procedure[members]", "change", kwargs=_pk),
    "network:procedure_delete": Url(
        "procedure[members]",
        "change",
        kwargs=_pk,
        post=_confirm,
        post_location=r"/reseau/$|/recherche",
    ),
    "network:freshness": Url("territory", "contribute_network", kwargs=_t),
    "network:rules": Url("territory", "run_network", kwargs=_t),
    "network:send_reminders": Url(
        "territory",
        "run_network",
        kwargs=_t,
        method="post",
        data=_stale_service,
        ok=POSTED,
        location=r"/fraicheur/$",
    ),
    "network:exchange": Url("territory", "view", kwargs=_t),
    "network:import_detail": Url("network_import", "view", kwargs=_pk),
    "network:import_file": Url(
        "network_import", "view", kwargs=lambda w, o: {**_pk(w, o), "which": "services"}
    ),
    "network:export": Url(
        "territory",
        "view",
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "kind": "services", "fmt": "json"},
    ),
    "network:guide": Url("territory", "view", kwargs=_t),
    "network:guide_pdf": Url("territory", "view", kwargs=_t),
    "network:cooperation": Url("territory", "view", kwargs=_t),
    # The data·inclusion feeds, asked for the territory of the world.
    "api-v1:di_structures": Url("territory", "view", api=True, data=_feed_params),
    "api-v1:di_services": Url("territory", "view", api=True, data=_feed_params),
    "api-v1:network_search": Url("territory", "view", kwargs=_api_t, api=True),
    "api-v1:network_get_service": Url(
        "service[partners]",
        "view",
        api=True,
        kwargs=lambda w, o: {"slug": w.territory.slug, "service_id": o.pk},
    ),
    "api-v1:network_create_service": Url(
        "territory",
        "contribute_network",
        kwargs=_api_t,
        api=True,
        method="post",
        content_type=JSON,
        # Only members of the organisation (and coordinators) may publish for it: each
        # allowed actor publishes for their own.
        data_as=lambda w, o, actor: {
            "structure": _own_organisation(w, actor).pk,
            "nom": "Nouveau service",
            "description": "Un service décrit par l’API.",
        },
        ok=frozenset({201}),
    ),
    "api-v1:network_update_service": Url(
        "service[partners]",
        "change",
        api=True,
        method="patch",
        content_type=JSON,
        kwargs=lambda w, o: {"slug": w.territory.slug, "service_id": o.pk},
        data=lambda w, o: {"horaires_accueil": "Mo-Fr 09:00-12:00"},
    ),
    "api-v1:network_mark_service_fresh": Url(
        "service[partners]",
        "change",
        api=True,
        method="post",
        kwargs=lambda w, o: {"slug": w.territory.slug, "service_id": o.pk},
    ),
    "api-v1:network_get_procedure": Url(
        "procedure[members]",
        "view",
        api=True,
        kwargs=lambda w, o: {"slug": w.territory.slug, "procedure_id": o.pk},
    ),
    "api-v1:network_get_contact_point": Url(
        "contact_point[partners]",
        "view",
        api=True,
        kwargs=lambda w, o: {"slug": w.territory.slug, "contact_id": o.pk},
    ),
}
