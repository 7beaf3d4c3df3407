"""Access rows for the network's life: news, public events and their registrations,
co-branded documents. ``org_member`` writes every object and asks ``org_other`` (the
``partner``, ``elected`` and ``coordinator`` actors' organisation) to co-sign; the
``resident`` actor is registered for the public event."""

from maillage.community import services
from maillage.community.models import Communication
from tests.access.table import Url
from tests.community import builders

OK_302 = frozenset({302})
OK_201 = frozenset({201})
JSON = "application/json"


def _post(visibility="public", status="published"):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        admin = world.users["admin"]
        post = builders.post(
            world.territory,
            world.org_member,
            cosigners=[world.org_other],
            visibility=visibility,
            actor=admin,
        )
        if status == "published":
            services.publish_post(actor=admin, post=post)
        elif status == "review":
            services.set_validation(
                actor=admin, territory=world.territory, coordinator_validation=True
            )
            services.publish_post(actor=world.users["member"], post=post)
        return post

    return build


def _event(status="published"):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        admin = world.users["admin"]
        event = builders.event(
            world.territory,
            world.org_member,
            cosigners=[world.org_other],
            publish=status == "published",
            actor=admin,
        )
        if status == "review":
            services.set_validation(
                actor=admin, territory=world.territory, coordinator_validation=True
            )
            services.publish_event(actor=world.users["member"], event=event)
        return event

    return build


def _registration(world):  # type: ignore[no-untyped-def]
    event = _event()(world)
    resident = world.users["resident"]
    return services.register(
        actor=resident, event=event, name=resident.full_name, email=resident.email, user=resident
    )


def _communication(released=False):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        communication = builders.communication(
            world.territory,
            world.org_member,
            cosigners=[world.org_other],
            actor=world.users["admin"],
        )
        if released:
            # The PDF made by the task, without WeasyPrint: the rows are about access.
            communication.signatories.update(state="approved")
            communication.status = Communication.Status.APPROVAL
            communication.save()
            services.release(communication=communication, pdf=b"%PDF-1.4 test")
            communication.refresh_from_db()
        return communication

    return build


SUBJECTS = {
    "post[public]": _post(),
    "post[partners]": _post(visibility="partners"),
    "post[draft]": _post(status="draft"),
    "post[review]": _post(status="review"),
    "public_event": _event(),
    "public_event[draft]": _event(status="draft"),
    "public_event[review]": _event(status="review"),
    "registration": _registration,
    "communication[draft]": _communication(),
    "communication[released]": _communication(released=True),
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "contribute_community"):          "N N Y Y N Y Y N Y",
    ("territory", "run_community"):                 "N N N N N Y N N Y",
    ("post[public]", "view"):                       "Y Y Y Y Y Y Y Y Y",
    ("post[public]", "change"):                     "N N N Y N Y N N Y",
    ("post[public]", "validate"):                   "N N N N N Y N N Y",
    ("post[public]", "sign"):                       "N N Y N N Y N N N",
    ("post[partners]", "view"):                     "N N Y Y Y Y Y N Y",
    ("post[partners]", "change"):                   "N N N Y N Y N N Y",
    ("post[draft]", "view"):                        "N N Y Y N Y N N Y",
    ("post[draft]", "change"):                      "N N N Y N Y N N Y",
    ("post[draft]", "sign"):                        "N N Y N N Y N N N",
    ("post[review]", "view"):                       "N N Y Y N Y N N Y",
    ("post[review]", "validate"):                   "N N N N N Y N N Y",
    ("public_event", "view"):                       "Y Y Y Y Y Y Y Y Y",
    ("public_event", "change"):                     "N N N Y N Y N N Y",
    ("public_event", "validate"):                   "N N N N N Y N N Y",
    ("public_event", "sign"):                       "N N Y N N Y N N N",
    ("public_event", "register"):                   "Y Y Y Y Y Y Y Y Y",
    ("public_event[draft]", "view"):                "N N Y Y N Y N N Y",
    ("public_event[draft]", "change"):              "N N N Y N Y N N Y",
    ("public_event[draft]", "register"):            "N N N N N N N N N",
    ("public_event[review]", "view"):               "N N Y Y N Y N N Y",
    ("public_event[review]", "validate"):           "N N N N N Y N N Y",
    ("registration", "view"):                       "N Y N Y N Y N N Y",
    ("registration", "cancel"):                     "N Y N Y N Y N N Y",
    ("communication[draft]", "view"):               "N N Y Y N Y N N Y",
    ("communication[draft]", "change"):             "N N N Y N Y N N Y",
    ("communication[draft]", "sign"):               "N N Y Y N Y N N N",
    ("communication[draft]", "download"):           "N N N N N N N N N",
    ("communication[released]", "view"):            "N N Y Y Y Y Y N Y",
    ("communication[released]", "change"):          "N N N N N N N N N",
    ("communication[released]", "download"):        "N N Y Y Y Y Y N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _api_t(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _empty(world, obj):  # type: ignore[no-untyped-def]
    return {}


def _post_form(world, post):  # type: ignore[no-untyped-def]
    return {
        "organisation": post.organisation_id,
        "cosigners": [world.org_other.pk],
        "title": "Titre modifié",
        "summary": post.summary,
        "body": post.body,
        "visibility": post.visibility,
    }


def _event_form(world, event):  # type: ignore[no-untyped-def]
    return {
        "organisation": event.organisation_id,
        "cosigners": [world.org_other.pk],
        "title": "Intitulé modifié",
        "summary": event.summary,
        "day": "2031-03-04",
        "start_time": "14:00",
        "end_time": "16:00",
        "place": event.place,
        "visibility": "public",
        "registration_open": "on",
        "capacity": "30",
        "languages": ["fr"],
    }


def _communication_form(world, communication):  # type: ignore[no-untyped-def]
    return {
        "organisation": communication.organisation_id,
        "cosigners": [world.org_other.pk],
        "kind": "poster",
        "title": "Affiche modifiée",
        "body": communication.body,
    }


def _sign_other(world, obj):  # type: ignore[no-untyped-def]
    return {"organisation": world.org_other.pk, "decision": "approve"}


def _sign_as(world, obj, actor):  # type: ignore[no-untyped-def]
    organisation = world.org_member if actor == "member" else world.org_other
    return {"organisation": organisation.pk, "decision": "approve"}


def _api_sign_other(world, obj):  # type: ignore[no-untyped-def]
    return {"organisation_id": world.org_other.pk, "approve": True}


def _api_sign_as(world, obj, actor):  # type: ignore[no-untyped-def]
    return {"organisation_id": _sign_as(world, obj, actor)["organisation"], "approve": True}


def _register(world, obj, actor):  # type: ignore[no-untyped-def]
    return {"name": "Personne inscrite", "email": f"inscription-{actor}@essai.test"}


def _own_org(world, actor):  # type: ignore[no-untyped-def]
    return {
        "member": world.org_member,
        "departement": world.org_dept,
        "admin": world.org_member,
    }.get(actor, world.org_other)


def _api_post(world, obj, actor):  # type: ignore[no-untyped-def]
    return {
        "organisation_id": _own_org(world, actor).pk,
        "title": "Forum des assistantes maternelles",
        "summary": "Un forum pour rencontrer les assistantes maternelles du quartier.",
        "cosigner_ids": [world.org_other.pk],
    }


def _api_event(world, obj, actor):  # type: ignore[no-untyped-def]
    return {
        "organisation_id": _own_org(world, actor).pk,
        "title": "Forum des assistantes maternelles",
        "summary": "Rencontrer les assistantes maternelles du quartier.",
        "starts_at": "2031-03-04T14:00:00",
        "ends_at": "2031-03-04T17:00:00",
        "place": "Espace 93",
        "languages": ["fr"],
        "registration_open": True,
        "capacity": 40,
    }


def _token(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "token": obj.token}


URLS = {
    # News
    "community:posts": Url("territory", "view", kwargs=_t),
    "community:posts_atom": Url("territory", "view", kwargs=_t),
    "community:post_create": Url("territory", "contribute_community", kwargs=_t),
    "community:settings": Url("territory", "run_community", kwargs=_t),
    "community:post": Url("post[draft]", "view", kwargs=_pk),
    "community:post_update": Url("post[draft]", "change", kwargs=_pk, post=_post_form),
    "community:post_publish": Url(
        "post[draft]", "change", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    "community:post_validate": Url(
        "post[review]", "validate", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    "community:post_unpublish": Url(
        "post[public]", "change", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    "community:post_sign": Url(
        "post[draft]", "sign", kwargs=_pk, method="post", data=_sign_other, ok=OK_302
    ),
    # Events
    "community:events": Url("territory", "view", kwargs=_t),
    "community:events_ics": Url("territory", "view", kwargs=_t),
    "community:event_create": Url("territory", "contribute_community", kwargs=_t),
    "community:event": Url("public_event[draft]", "view", kwargs=_pk),
    "community:event_ics": Url("public_event[draft]", "view", kwargs=_pk),
    "community:event_update": Url("public_event[draft]", "change", kwargs=_pk, post=_event_form),
    "community:event_publish": Url(
        "public_event[draft]", "change", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    "community:event_validate": Url(
        "public_event[review]", "validate", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    "community:event_cancel": Url(
        "public_event", "change", kwargs=_pk, post=lambda w, o: {"reason": "Salle indisponible"}
    ),
    "community:event_sign": Url(
        "public_event", "sign", kwargs=_pk, method="post", data=_sign_other, ok=OK_302
    ),
    "community:event_register": Url(
        "public_event",
        "register",
        kwargs=_pk,
        method="post",
        data_as=_register,
        ok=OK_302,
    ),
    "community:event_registrations": Url("public_event", "change", kwargs=_pk),
    "community:registration_cancel": Url(
        "registration", "cancel", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    # The link of the confirmation e-mail is the credential: whoever holds it may cancel.
    "community:registration_token": Url(
        "territory", "view", kwargs=lambda w, o: _token(w, _registration(w))
    ),
    # Co-branded communication
    "community:communications": Url("territory", "view", kwargs=_t),
    "community:communication_create": Url("territory", "contribute_community", kwargs=_t),
    "community:communication": Url("communication[draft]", "view", kwargs=_pk),
    "community:communication_update": Url(
        "communication[draft]", "change", kwargs=_pk, post=_communication_form
    ),
    "community:communication_request": Url(
        "communication[draft]", "change", kwargs=_pk, method="post", data=_empty, ok=OK_302
    ),
    "community:communication_sign": Url(
        "communication[draft]",
        "sign",
        kwargs=_pk,
        method="post",
        data_as=_sign_as,
        ok=OK_302,
    ),
    "community:communication_pdf": Url(
        "communication[released]", "download", kwargs=_pk, looks_up_first=True
    ),
    # API
    "api-v1:community_list_posts": Url("territory", "view", kwargs=_api_t, api=True),
    "api-v1:community_get_post": Url(
        "post[draft]", "view", kwargs=lambda w, o: {**_api_t(w, o), "post_id": o.pk}, api=True
    ),
    "api-v1:community_create_post": Url(
        "territory",
        "contribute_community",
        kwargs=_api_t,
        api=True,
        method="post",
        data_as=_api_post,
        content_type=JSON,
        ok=OK_201,
    ),
    "api-v1:community_publish_post": Url(
        "post[draft]",
        "change",
        kwargs=lambda w, o: {**_api_t(w, o), "post_id": o.pk},
        api=True,
        method="post",
    ),
    "api-v1:community_list_events": Url("territory", "view", kwargs=_api_t, api=True),
    "api-v1:community_get_event": Url(
        "public_event[draft]",
        "view",
        kwargs=lambda w, o: {**_api_t(w, o), "event_id": o.pk},
        api=True,
    ),
    "api-v1:community_create_event": Url(
        "territory",
        "contribute_community",
        kwargs=_api_t,
        api=True,
        method="post",
        data_as=_api_event,
        content_type=JSON,
        ok=OK_201,
    ),
    "api-v1:community_publish_event": Url(
        "public_event[draft]",
        "change",
        kwargs=lambda w, o: {**_api_t(w, o), "event_id": o.pk},
        api=True,
        method="post",
    ),
    "api-v1:community_list_registrations": Url(
        "public_event",
        "change",
        kwargs=lambda w, o: {**_api_t(w, o), "event_id": o.pk},
        api=True,
    ),
    # Anyone may register on the page (a visitor gives a name and an address); the API
    # registers the signed-in caller, so an anonymous call is asked to authenticate.
    # tests/community/test_api.py checks what a registration through the API writes.
    "api-v1:community_register": Url(
        "public_event",
        "register",
        kwargs=lambda w, o: {**_api_t(w, o), "event_id": o.pk},
        api=True,
        method="post",
        data=_empty,
        content_type=JSON,
        ok=OK_201,
        ok_for={"anonymous": frozenset({401})},
        writes=False,
    ),
    "api-v1:community_sign_post": Url(
        "post[draft]",
        "sign",
        kwargs=lambda w, o: {**_api_t(w, o), "post_id": o.pk},
        api=True,
        method="post",
        data=_api_sign_other,
        content_type=JSON,
    ),
    "api-v1:community_sign_event": Url(
        "public_event",
        "sign",
        kwargs=lambda w, o: {**_api_t(w, o), "event_id": o.pk},
        api=True,
        method="post",
        data=_api_sign_other,
        content_type=JSON,
    ),
    "api-v1:community_sign_communication": Url(
        "communication[draft]",
        "sign",
        kwargs=lambda w, o: {**_api_t(w, o), "communication_id": o.pk},
        api=True,
        method="post",
        data_as=_api_sign_as,
        content_type=JSON,
    ),
    "api-v1:community_cancel_registration": Url(
        "registration",
        "cancel",
        kwargs=lambda w, o: {**_api_t(w, o), "registration_id": o.pk},
        api=True,
        method="post",
    ),
}
