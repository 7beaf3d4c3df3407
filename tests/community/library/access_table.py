"""Access rows for the shared library, the one search and the notifications
(community-library). Its own module: the news, events and communication rows are in
``tests/community/access_table.py``."""

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.community.services import notifications as notification_services
from maillage.core.roles import Visibility
from tests.access.table import Url
from tests.community.library_builders import document
from tests.community.samples import pdf_bytes


def _document(visibility):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        return document(
            world.territory,
            world.org_member,
            actor=world.users["member"],
            title=f"Document {visibility}",
            visibility=visibility,
            restricted_to=[world.org_member] if visibility == Visibility.RESTRICTED else [],
        )

    return build


def _follow(world):  # type: ignore[no-untyped-def]
    """The partner follows the territory."""
    return notification_services.follow(
        actor=world.users["partner"], territory=world.territory, kind="territory", target=""
    )


SUBJECTS = {
    "document[partners]": _document(Visibility.PARTNERS),
    "document[restricted]": _document(Visibility.RESTRICTED),
    "follow": _follow,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "contribute_library"):    "N N Y Y N Y Y N Y",
    ("territory", "follow"):                "N Y Y Y Y Y Y Y Y",
    ("document[partners]", "view"):         "N N Y Y Y Y Y N Y",
    ("document[partners]", "change"):       "N N N Y N Y N N Y",
    ("document[restricted]", "view"):       "N N N Y N N N N Y",
    ("document[restricted]", "change"):     "N N N Y N N N N Y",
    ("follow", "view"):                     "N N Y N N N N N Y",
    ("follow", "delete"):                   "N N Y N N N N N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _api_t(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _api_doc(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "document_id": obj.pk}


def _own_organisation(world, actor):  # type: ignore[no-untyped-def]
    return {
        "partner": world.org_other,
        "coordinator": world.org_other,
        "departement": world.org_dept,
    }.get(actor, world.org_member)


def _new_document(world, obj, actor):  # type: ignore[no-untyped-def]
    return {
        "title": "Étude déposée par l’API",
        "kind": "study",
        "summary": "Un résumé.",
        "author_id": _own_organisation(world, actor).pk,
        "visibility": "partners",
        "file": SimpleUploadedFile("etude.pdf", pdf_bytes("Texte de l’étude")),
    }


def _new_version(world, obj):  # type: ignore[no-untyped-def]
    return {"note": "v2", "file": SimpleUploadedFile("v2.pdf", pdf_bytes("Seconde version"))}


def _token(world, obj):  # type: ignore[no-untyped-def]
    return {"token": notification_services.unsubscribe_token(world.users["partner"])}


def _query(world, obj):  # type: ignore[no-untyped-def]
    return {"q": "document"}


POSTED = frozenset({302})

URLS = {
    "community:library": Url("territory", "view", kwargs=_t),
    "community:library_create": Url("territory", "contribute_library", kwargs=_t),
    "community:library_document": Url("document[partners]", "view", kwargs=_pk),
    "community:library_update": Url("document[partners]", "change", kwargs=_pk),
    "community:library_version": Url("document[partners]", "change", kwargs=_pk),
    "community:library_download": Url(
        "document[restricted]", "view", kwargs=lambda w, o: {**_pk(w, o), "number": 1}
    ),
    "community:search": Url("territory", "view", kwargs=_t, data=_query),
    "community:follow": Url("territory", "follow", kwargs=_t),
    "community:notifications": Url("platform", "use_account"),
    "community:notifications_read": Url("platform", "use_account", method="post", ok=POSTED),
    "community:notification_settings": Url(
        "platform",
        "use_account",
        post=lambda w, o: {"frequency": "weekly"},
        post_location=r"/notifications/$",
    ),
    "community:unfollow": Url(
        "follow", "delete", kwargs=lambda w, o: {"pk": o.pk}, method="post", ok=POSTED
    ),
    # The signed link of an e-mail: anyone holding it reaches the page, signed in or not.
    "community:unsubscribe": Url("platform", "view", kwargs=_token),
    "api-v1:library_documents": Url("territory", "view", api=True, kwargs=_api_t),
    "api-v1:library_document": Url("document[partners]", "view", api=True, kwargs=_api_doc),
    "api-v1:library_create_document": Url(
        "territory",
        "contribute_library",
        api=True,
        method="post",
        kwargs=_api_t,
        data_as=_new_document,
        ok=frozenset({201}),
    ),
    "api-v1:library_create_version": Url(
        "document[partners]",
        "change",
        api=True,
        method="post",
        kwargs=_api_doc,
        data=_new_version,
        ok=frozenset({201}),
    ),
    "api-v1:territory_search": Url("territory", "view", api=True, kwargs=_api_t, data=_query),
    "api-v1:territory_search_facets": Url(
        "territory", "view", api=True, kwargs=_api_t, data=_query
    ),
}
