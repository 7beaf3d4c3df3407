"""Access rows for governance: bodies, memberships, meetings, agenda items, minutes,
attendance, decisions, tasks, agreements, their documents and calendar feeds.

The bodies of the world:
- ``body[public]``: public, documents for members, ``org_member`` sits in it;
- ``body[partners]``: body and documents for the partners;
- ``body[members]``: body and documents for members (``org_member``);
- ``body[secretary]``: public, documents for members, ``org_member`` sits in it, and the
  ``partner`` actor (of ``org_other``) is its secretary: they run its meetings.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import Agreement, Decision, Meeting
from tests.access.table import Url
from tests.governance import builders

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _cached(name):  # type: ignore[no-untyped-def]
    """Builders share objects through ``world.cache``, under the subject's own name, so
    that a URL's data can name another subject (the meeting to schedule an item on)."""

    def wrap(build):  # type: ignore[no-untyped-def]
        def cached(world):  # type: ignore[no-untyped-def]
            if name not in world.cache:
                world.cache[name] = build(world)
            return world.cache[name]

        return cached

    return wrap


@_cached("body[public]")
def _body_public(world):  # type: ignore[no-untyped-def]
    return builders.body(world.territory, name="Instance publique", members=[world.org_member])


@_cached("body[partners]")
def _body_partners(world):  # type: ignore[no-untyped-def]
    return builders.body(
        world.territory,
        name="Instance des partenaires",
        members=[world.org_member],
        visibility=Visibility.PARTNERS,
        documents=Visibility.PARTNERS,
    )


@_cached("body[members]")
def _body_members(world):  # type: ignore[no-untyped-def]
    return builders.body(
        world.territory,
        name="Instance réservée",
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
        visibility=Visibility.MEMBERS,
        documents=Visibility.MEMBERS,
    )


@_cached("body[secretary]")
def _body_secretary(world):  # type: ignore[no-untyped-def]
    return builders.body(
        world.territory,
        name="Comité technique à secrétariat partenaire",
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
        secretary=world.users["partner"],
    )


def _membership(world):  # type: ignore[no-untyped-def]
    return _body_public(world).memberships.get()


@_cached("meeting[held]")
def _meeting_held(world):  # type: ignore[no-untyped-def]
    return builders.held_with_records(
        _body_secretary(world), people=[world.users["member"], world.users["partner"]]
    )


@_cached("meeting[draft]")
def _meeting_draft(world):  # type: ignore[no-untyped-def]
    # Two points, so that moving the first one down moves something.
    return builders.meeting(
        _body_secretary(world),
        days=12,
        title="Séance en préparation",
        items=("Point d’étape", "Questions diverses"),
    )


@_cached("meeting[past]")
def _meeting_past(world):  # type: ignore[no-untyped-def]
    return builders.meeting(_body_secretary(world), days=-2, title="Séance passée à enregistrer")


def _new_convened(world):  # type: ignore[no-untyped-def]
    """Convened, to come: its secretary (``partner``) and the titular of ``org_member``
    (``member``) are convened and may answer."""
    from maillage.governance.models import Body

    body = Body.objects.filter(
        territory=world.territory, name="Comité technique à secrétariat partenaire"
    ).first()
    if body is None:
        world.cache.pop("body[secretary]", None)
        body = _body_secretary(world)
    return builders.meeting(
        body,
        days=20,
        title="Séance convoquée",
        status=Meeting.Status.CONVENED,
    )


@_cached("meeting[convened]")
def _meeting_convened(world):  # type: ignore[no-untyped-def]
    return _new_convened(world)


@_cached("meeting[members]")
def _meeting_members(world):  # type: ignore[no-untyped-def]
    return builders.held_with_records(_body_members(world), people=[world.users["member"]])


def _item_backlog(world):  # type: ignore[no-untyped-def]
    return services.propose_item(
        actor=None, body=_body_secretary(world), title="Sujet en attente", duration_minutes=20
    )


def _item_draft(world):  # type: ignore[no-untyped-def]
    return _meeting_draft(world).items.first()


def _item_held(world):  # type: ignore[no-untyped-def]
    return _meeting_held(world).items.first()


def _minutes(world):  # type: ignore[no-untyped-def]
    return _meeting_held(world).minutes.filter(item__isnull=False).first()


def _attendance(world):  # type: ignore[no-untyped-def]
    return _meeting_held(world).attendances.first()


@_cached("decision")
def _decision(world):  # type: ignore[no-untyped-def]
    """A decision of a members-only body's secretary's meeting, owned by the Département's
    service, asking for a new fiche action that nobody has created yet."""
    return services.record_decision(
        actor=None,
        meeting=_meeting_held(world),
        text="Lancer une étude sur l’accès aux droits",
        owner=world.org_dept,
        due_date=datetime.date.today() + datetime.timedelta(days=60),
        action_effect=Decision.ActionEffect.CREATE,
        action_title="Étude sur l’accès aux droits",
        follow_up={"title": "Rédiger le cahier des charges", "owner": world.org_member},
    )


def _task(world):  # type: ignore[no-untyped-def]
    return _decision(world).tasks.get()


def _task_assigned(world):  # type: ignore[no-untyped-def]
    decision = services.record_decision(
        actor=None, meeting=_meeting_members(world), text="Inviter l’élue à présenter le projet"
    )
    return services.create_task(
        actor=None, decision=decision, title="Présenter le projet", assignee=world.users["elected"]
    )


def _task_territory(world):  # type: ignore[no-untyped-def]
    """A task of the territory itself, neither a body's nor an agreement's (what a
    conférence proposal's answer creates)."""
    return services.create_task(
        actor=None,
        territory=world.territory,
        title="Chiffrer la traduction des courriers",
        owner=world.org_other,
    )


@_cached("agreement[partners]")
def _agreement_partners(world):  # type: ignore[no-untyped-def]
    return services.create_agreement(
        actor=None,
        territory=world.territory,
        kind=Agreement.Kind.CONVENTION,
        title="Convention de coopération",
        visibility=Visibility.PARTNERS,
        signatories=[(world.org_member, "la Directrice"), (world.org_other, "")],
        commitments=[("Partager les données de l’observatoire", None)],
    )


def _agreement_members(world):  # type: ignore[no-untyped-def]
    return services.create_agreement(
        actor=None,
        territory=world.territory,
        kind=Agreement.Kind.ROADMAP,
        title="Feuille de route réservée",
        visibility=Visibility.MEMBERS,
        signatories=[(world.org_member, "")],
    )


@_cached("agreement_document")
def _document(world):  # type: ignore[no-untyped-def]
    return services.add_document(
        actor=None,
        agreement=_agreement_partners(world),
        title="Convention signée",
        upload=SimpleUploadedFile("convention.pdf", PDF, content_type="application/pdf"),
    )


@_cached("calendar_feed")
def _feed(world):  # type: ignore[no-untyped-def]
    feed, _key = services.create_feed(
        actor=world.users["member"], territory=world.territory, name="Téléphone"
    )
    return feed


SUBJECTS = {
    "body[public]": _body_public,
    "body[partners]": _body_partners,
    "body[members]": _body_members,
    "body[secretary]": _body_secretary,
    "body_membership": _membership,
    "meeting[held]": _meeting_held,
    "meeting[draft]": _meeting_draft,
    "meeting[past]": _meeting_past,
    "meeting[members]": _meeting_members,
    "meeting[convened]": _meeting_convened,
    "agenda_item[backlog]": _item_backlog,
    "agenda_item[draft]": _item_draft,
    "agenda_item[held]": _item_held,
    "minutes": _minutes,
    "attendance": _attendance,
    "decision": _decision,
    "task": _task,
    "task[assigned]": _task_assigned,
    "task[territory]": _task_territory,
    "agreement[partners]": _agreement_partners,
    "agreement[members]": _agreement_members,
    "agreement_document": _document,
    "calendar_feed": _feed,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "create_body"):                 "N N N N N Y N N Y",
    ("territory", "create_agreement"):            "N N N N N Y N N Y",
    ("territory", "subscribe_calendar"):          "N Y Y Y Y Y Y Y Y",
    ("territory", "view_my_tasks"):               "N N Y Y Y Y Y N Y",
    ("territory", "choose_people"):               "N N Y Y Y Y Y N Y",
    ("body[public]", "view"):                     "Y Y Y Y Y Y Y Y Y",
    ("body[public]", "read_documents"):           "N N N Y N Y N N Y",
    ("body[public]", "change"):                   "N N N N N Y N N Y",
    ("body[public]", "manage_meetings"):          "N N N N N Y N N Y",
    ("body[public]", "propose_item"):             "N N N Y N Y N N Y",
    ("body[partners]", "view"):                   "N N Y Y Y Y Y N Y",
    ("body[partners]", "read_documents"):         "N N Y Y Y Y Y N Y",
    ("body[members]", "view"):                    "N N N Y N Y N N Y",
    ("body[members]", "read_documents"):          "N N N Y N Y N N Y",
    ("body[members]", "propose_item"):            "N N N Y N Y N N Y",
    ("body[secretary]", "view"):                  "Y Y Y Y Y Y Y Y Y",
    ("body[secretary]", "read_documents"):        "N N Y Y N Y N N Y",
    ("body[secretary]", "change"):                "N N N N N Y N N Y",
    ("body[secretary]", "manage_meetings"):       "N N Y N N Y N N Y",
    ("body[secretary]", "propose_item"):          "N N Y Y N Y N N Y",
    ("body_membership", "view"):                  "Y Y Y Y Y Y Y Y Y",
    ("body_membership", "change"):                "N N N N N Y N N Y",
    ("meeting[held]", "view"):                    "Y Y Y Y Y Y Y Y Y",
    ("meeting[held]", "change"):                  "N N Y N N Y N N Y",
    ("meeting[held]", "read_minutes"):            "N N Y Y N Y N N Y",
    ("meeting[draft]", "view"):                   "N N Y N N Y N N Y",
    ("meeting[draft]", "change"):                 "N N Y N N Y N N Y",
    ("meeting[draft]", "read_minutes"):           "N N Y N N Y N N Y",
    ("meeting[past]", "view"):                    "N N Y N N Y N N Y",
    ("meeting[past]", "change"):                  "N N Y N N Y N N Y",
    ("meeting[members]", "view"):                 "N N N Y N Y N N Y",
    ("meeting[members]", "change"):               "N N N N N Y N N Y",
    ("meeting[members]", "read_minutes"):         "N N N Y N Y N N Y",
    ("meeting[held]", "answer"):                  "N N N N N N N N N",
    ("meeting[draft]", "answer"):                 "N N N N N N N N N",
    ("meeting[past]", "answer"):                  "N N N N N N N N N",
    ("meeting[members]", "answer"):               "N N N N N N N N N",
    ("meeting[convened]", "view"):                "Y Y Y Y Y Y Y Y Y",
    ("meeting[convened]", "change"):              "N N Y N N Y N N Y",
    ("meeting[convened]", "read_minutes"):        "N N Y Y N Y N N Y",
    ("meeting[convened]", "answer"):              "N N Y Y N N N N N",
    ("agenda_item[backlog]", "view"):             "Y Y Y Y Y Y Y Y Y",
    ("agenda_item[backlog]", "change"):           "N N Y N N Y N N Y",
    ("agenda_item[draft]", "view"):               "N N Y N N Y N N Y",
    ("agenda_item[draft]", "change"):             "N N Y N N Y N N Y",
    ("agenda_item[held]", "view"):                "Y Y Y Y Y Y Y Y Y",
    ("agenda_item[held]", "change"):              "N N Y N N Y N N Y",
    ("minutes", "view"):                          "N N Y Y N Y N N Y",
    ("attendance", "view"):                       "N N Y Y N Y N N Y",
    ("decision", "view"):                         "N N Y Y N Y Y N Y",
    ("decision", "change"):                       "N N Y N N Y N N Y",
    ("decision", "apply_action"):                 "N N N N N Y N N Y",
    ("task", "view"):                             "N N Y Y N Y N N Y",
    ("task", "change"):                           "N N Y N N Y N N Y",
    ("task", "update_status"):                    "N N Y Y N Y N N Y",
    ("task[assigned]", "view"):                   "N N N Y Y Y N N Y",
    ("task[assigned]", "change"):                 "N N N N N Y N N Y",
    ("task[assigned]", "update_status"):          "N N N N Y Y N N Y",
    ("task[territory]", "view"):                  "N N Y N Y Y N N Y",
    ("task[territory]", "change"):                "N N N N N Y N N Y",
    ("task[territory]", "update_status"):         "N N Y N N Y N N Y",
    ("agreement[partners]", "view"):              "N N Y Y Y Y Y N Y",
    ("agreement[partners]", "change"):            "N N N N N Y N N Y",
    ("agreement[members]", "view"):               "N N N Y N Y N N Y",
    ("agreement[members]", "change"):             "N N N N N Y N N Y",
    ("agreement_document", "view"):               "N N Y Y Y Y Y N Y",
    ("agreement_document", "remove"):             "N N N N N Y N N Y",
    ("calendar_feed", "view"):                    "N N N Y N N N N Y",
    ("calendar_feed", "revoke"):                  "N N N Y N N N N Y",
}
# fmt: on

JSON = "application/json"
OK_302 = frozenset({302})


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _api(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _api_id(name):  # type: ignore[no-untyped-def]
    return lambda world, obj: {"slug": world.territory.slug, name: obj.pk}


def _future(days: int, hour: int) -> str:
    return builders.when(days, hour).isoformat()


def _choice_search(field: str) -> dict[str, str]:
    return {"field": field, "id": f"id_{field}", "q": "a"}


URLS = {
    # Bodies and members
    "governance:bodies": Url("territory", "view", kwargs=_t),
    "governance:body_create": Url("territory", "create_body", kwargs=_t),
    "governance:body": Url("body[members]", "view", kwargs=_pk),
    "governance:body_update": Url("body[public]", "change", kwargs=_pk),
    "governance:member_add": Url("body[public]", "change", kwargs=_pk),
    "governance:member": Url("body_membership", "change", kwargs=_pk),
    "governance:item_propose": Url(
        "body[secretary]",
        "propose_item",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {"title": "Un sujet proposé", "duration_minutes": 20},
        ok=OK_302,
    ),
    "governance:meeting_create": Url("body[secretary]", "manage_meetings", kwargs=_pk),
    "governance:body_ics": Url("body[partners]", "view", kwargs=_pk),
    # Meetings
    "governance:meeting": Url("meeting[draft]", "view", kwargs=_pk),
    "governance:meeting_update": Url("meeting[draft]", "change", kwargs=_pk),
    "governance:agenda": Url("meeting[draft]", "change", kwargs=_pk),
    "governance:meeting_convene": Url(
        "meeting[draft]", "change", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:meeting_hold": Url(
        "meeting[past]", "change", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:meeting_cancel": Url(
        "meeting[draft]",
        "change",
        kwargs=_pk,
        post=lambda w, o: {"reason": "Salle indisponible"},
        post_location=r"/instances/\d+/$",
    ),
    "governance:meeting_approve": Url(
        "meeting[held]", "change", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:attendance": Url("meeting[held]", "change", kwargs=_pk),
    "governance:meeting_answer": Url(
        "meeting[convened]",
        "answer",
        kwargs=_pk,
        post=lambda w, o: {"answer": "represented", "represented_by": "Centre social"},
    ),
    # The signed link of the convocation e-mail is the credential: whoever holds it answers
    # for the person it names, signed in or not.
    "governance:convocation_answer": Url(
        "territory",
        "view",
        kwargs=lambda w, o: {
            "territory_slug": w.territory.slug,
            # A meeting of its own, made inside the call's own savepoint.
            "token": services.answer_token(_new_convened(w), w.users["member"]),
        },
        post=lambda w, o: {"answer": "excused"},
    ),
    "governance:minutes": Url("meeting[held]", "change", kwargs=_pk),
    "governance:decision_create": Url("meeting[held]", "change", kwargs=_pk),
    "governance:convocation_pdf": Url("meeting[members]", "view", kwargs=_pk),
    "governance:minutes_pdf": Url("meeting[held]", "read_minutes", kwargs=_pk),
    "governance:meeting_ics": Url("meeting[members]", "view", kwargs=_pk),
    # Agenda items and backlog
    "governance:item_update": Url("agenda_item[backlog]", "change", kwargs=_pk),
    "governance:item_schedule": Url(
        "agenda_item[backlog]",
        "change",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {"meeting": _meeting_draft(w).pk},
        ok=OK_302,
    ),
    "governance:item_unschedule": Url(
        "agenda_item[draft]", "change", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:item_move": Url(
        "agenda_item[draft]",
        "change",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {"direction": "down"},
        ok=OK_302,
    ),
    "governance:item_withdraw": Url(
        "agenda_item[backlog]", "change", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:item_carry_over": Url(
        "agenda_item[held]", "change", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    # Register
    "governance:register": Url("territory", "view", kwargs=_t),
    "governance:register_export": Url("territory", "view", kwargs=_t),
    "governance:my_tasks": Url("territory", "view_my_tasks", kwargs=_t),
    "governance:choose_person": Url(
        "territory", "choose_people", kwargs=_t, data=lambda w, o: _choice_search("presenter")
    ),
    "governance:choose_action": Url(
        "territory", "choose_people", kwargs=_t, data=lambda w, o: _choice_search("action")
    ),
    "governance:search": Url("territory", "view", kwargs=_t),
    "governance:decision": Url("decision", "view", kwargs=_pk),
    "governance:decision_update": Url("decision", "change", kwargs=_pk),
    "governance:decision_apply": Url(
        "decision", "apply_action", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "governance:task_create": Url(
        "decision",
        "change",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {"title": "Relancer les partenaires", "owner": w.org_member.pk},
        ok=OK_302,
    ),
    "governance:task_update": Url("task", "change", kwargs=_pk),
    "governance:task_status": Url(
        "task",
        "update_status",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {"status": "in_progress", "note": "Premier contact pris"},
        ok=OK_302,
    ),
    # Agreements
    "governance:agreements": Url("territory", "view", kwargs=_t),
    "governance:agreement_create": Url("territory", "create_agreement", kwargs=_t),
    "governance:agreement": Url("agreement[members]", "view", kwargs=_pk),
    "governance:agreement_update": Url("agreement[partners]", "change", kwargs=_pk),
    "governance:commitment_add": Url(
        "agreement[partners]",
        "change",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {"text": "Réunir un comité de suivi chaque année"},
        ok=OK_302,
    ),
    "governance:commitment_remove": Url(
        "agreement[partners]",
        "change",
        kwargs=lambda w, o: {
            "territory_slug": w.territory.slug,
            "pk": o.pk,
            "commitment": o.commitments.first().pk,
        },
        method="post",
        data=lambda w, o: {},
        ok=OK_302,
    ),
    "governance:document_add": Url(
        "agreement[partners]",
        "change",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {
            "title": "Annexe",
            "file": SimpleUploadedFile("annexe.pdf", PDF, content_type="application/pdf"),
        },
        ok=OK_302,
    ),
    "governance:agreement_document": Url("agreement_document", "view", kwargs=_pk),
    "governance:document_remove": Url(
        "agreement_document", "remove", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    # Calendar and feeds
    "governance:calendar": Url("territory", "view", kwargs=_t),
    "governance:territory_ics": Url("territory", "view", kwargs=_t),
    "governance:feeds": Url("territory", "subscribe_calendar", kwargs=_t),
    "governance:feed_revoke": Url(
        "calendar_feed", "revoke", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    # The secret address is the credential: whoever holds it reads its owner's calendar.
    # A fresh feed per call, made inside the call's own savepoint.
    "governance:personal_ics": Url(
        "territory",
        "view",
        kwargs=lambda w, o: {
            "territory_slug": w.territory.slug,
            "key": services.create_feed(
                actor=w.users["member"], territory=w.territory, name="Agenda"
            )[1],
        },
    ),
    # API: bodies and memberships
    "api-v1:list_bodies": Url("territory", "view", kwargs=_api, api=True),
    "api-v1:create_body": Url(
        "territory",
        "create_body",
        kwargs=_api,
        api=True,
        method="post",
        data=lambda w, o: {"kind": "working_group", "name": "Groupe de travail Mobilité"},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:get_body": Url("body[members]", "view", kwargs=_api_id("body_id"), api=True),
    "api-v1:update_body": Url(
        "body[public]",
        "change",
        kwargs=_api_id("body_id"),
        api=True,
        method="patch",
        data=lambda w, o: {"rhythm": "mensuel"},
        content_type=JSON,
    ),
    "api-v1:list_memberships": Url("body[members]", "view", kwargs=_api_id("body_id"), api=True),
    "api-v1:add_membership": Url(
        "body[public]",
        "change",
        kwargs=_api_id("body_id"),
        api=True,
        method="post",
        data=lambda w, o: {"organisation_id": w.org_other.pk},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:change_representatives": Url(
        "body_membership",
        "change",
        kwargs=_api_id("membership_id"),
        api=True,
        method="patch",
        data=lambda w, o: {"titular_id": w.users["member"].pk},
        content_type=JSON,
    ),
    "api-v1:end_membership": Url(
        "body_membership",
        "change",
        kwargs=_api_id("membership_id"),
        api=True,
        method="post",
        data=lambda w, o: {"reason": "Fin du mandat"},
        content_type=JSON,
    ),
    "api-v1:list_backlog": Url("body[members]", "view", kwargs=_api_id("body_id"), api=True),
    "api-v1:propose_item": Url(
        "body[secretary]",
        "propose_item",
        kwargs=_api_id("body_id"),
        api=True,
        method="post",
        data=lambda w, o: {"title": "Sujet par l’API"},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    # API: meetings
    "api-v1:list_meetings": Url("body[members]", "view", kwargs=_api_id("body_id"), api=True),
    "api-v1:create_meeting": Url(
        "body[secretary]",
        "manage_meetings",
        kwargs=_api_id("body_id"),
        api=True,
        method="post",
        data=lambda w, o: {
            "title": "Séance d’automne",
            "starts_at": _future(20, 9),
            "ends_at": _future(20, 11),
        },
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:get_meeting": Url("meeting[draft]", "view", kwargs=_api_id("meeting_id"), api=True),
    "api-v1:update_meeting": Url(
        "meeting[draft]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="patch",
        data=lambda w, o: {"place": "Centre social"},
        content_type=JSON,
    ),
    "api-v1:convene_meeting": Url(
        "meeting[draft]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="post",
        data=lambda w, o: {"message": "Merci de confirmer votre présence."},
        content_type=JSON,
    ),
    "api-v1:hold_meeting": Url(
        "meeting[past]", "change", kwargs=_api_id("meeting_id"), api=True, method="post"
    ),
    "api-v1:approve_meeting": Url(
        "meeting[held]", "change", kwargs=_api_id("meeting_id"), api=True, method="post"
    ),
    "api-v1:cancel_meeting": Url(
        "meeting[draft]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="post",
        data=lambda w, o: {"reason": "Salle indisponible"},
        content_type=JSON,
    ),
    "api-v1:list_agenda_items": Url(
        "meeting[members]", "view", kwargs=_api_id("meeting_id"), api=True
    ),
    "api-v1:add_agenda_item": Url(
        "meeting[draft]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="post",
        data=lambda w, o: {"title": "Questions diverses", "duration_minutes": 10},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:update_agenda_item": Url(
        "agenda_item[backlog]",
        "change",
        kwargs=_api_id("item_id"),
        api=True,
        method="patch",
        data=lambda w, o: {"duration_minutes": 25},
        content_type=JSON,
    ),
    # API: records
    "api-v1:list_attendance": Url(
        "meeting[held]", "read_minutes", kwargs=_api_id("meeting_id"), api=True
    ),
    "api-v1:answer_convocation": Url(
        "meeting[convened]",
        "answer",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="post",
        data=lambda w, o: {"answer": "present"},
        content_type=JSON,
    ),
    "api-v1:list_convocation_answers": Url(
        "meeting[convened]", "change", kwargs=_api_id("meeting_id"), api=True
    ),
    "api-v1:record_attendance": Url(
        "meeting[held]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="post",
        # The partner was present: marking them excused changes the record.
        data=lambda w, o: [{"user_id": w.users["partner"].pk, "status": "excused"}],
        content_type=JSON,
    ),
    "api-v1:get_minutes": Url(
        "meeting[held]", "read_minutes", kwargs=_api_id("meeting_id"), api=True
    ),
    "api-v1:put_minutes": Url(
        "meeting[held]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="put",
        data=lambda w, o: {"general": "Notes complétées par l’API"},
        content_type=JSON,
    ),
    # API: decisions and tasks
    "api-v1:list_decisions": Url("territory", "view", kwargs=_api, api=True),
    "api-v1:record_decision": Url(
        "meeting[held]",
        "change",
        kwargs=_api_id("meeting_id"),
        api=True,
        method="post",
        data=lambda w, o: {"text": "Relancer le groupe de travail", "owner_id": w.org_member.pk},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:get_decision": Url("decision", "view", kwargs=_api_id("decision_id"), api=True),
    "api-v1:update_decision": Url(
        "decision",
        "change",
        kwargs=_api_id("decision_id"),
        api=True,
        method="patch",
        data=lambda w, o: {"status": "done"},
        content_type=JSON,
    ),
    "api-v1:list_tasks": Url("territory", "view", kwargs=_api, api=True),
    "api-v1:create_task": Url(
        "decision",
        "change",
        kwargs=_api_id("decision_id"),
        api=True,
        method="post",
        data=lambda w, o: {"title": "Écrire aux partenaires", "owner_id": w.org_member.pk},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:get_task": Url("task", "view", kwargs=_api_id("task_id"), api=True),
    "api-v1:update_task": Url(
        "task",
        "update_status",
        kwargs=_api_id("task_id"),
        api=True,
        method="patch",
        data=lambda w, o: {"status": "done", "status_note": "Fait"},
        content_type=JSON,
    ),
}
