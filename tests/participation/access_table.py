"""Access rows for participation: the resident space, contributions in each moderation
state, supports, moderation and the official answer.

- ``contribution[published]``: written by the ``resident`` actor, published;
- ``contribution[pending]``: written by the ``resident`` actor, waiting for moderation,
  with a photo;
- ``contribution[refused]``: written by the ``resident`` actor, refused with a reason.
- ``body[council]``: a public Conseil citoyen where the ``resident`` actor holds a mandate
  (with an account), beside a comité stratégique;
- ``avis[published]`` on a public fiche action, ``avis[draft]``; ``draw``; ``interpellation``.
"""

import datetime

from maillage.core.roles import Visibility
from maillage.participation import services
from maillage.participation.models import CouncilMember, ModerationState
from tests.access.table import Url
from tests.participation import builders
from tests.participation.council import SOURCE, council, solved_payload
from tests.programme import factories as programme

OK_302 = frozenset({302})
JSON = "application/json"


def _made(name, moderation):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        if name not in world.cache:
            world.cache[name] = builders.contribution(
                world.territory,
                world.users["resident"],
                title=f"Contribution {moderation}",
                moderation=moderation,
                moderator=world.users["coordinator"],
                photo=builders.photo() if moderation == ModerationState.PENDING else None,
            )
        return world.cache[name]

    return build


def _council(world):  # type: ignore[no-untyped-def]
    if "body[council]" not in world.cache:
        world.cache["body[council]"] = council(
            world.territory, world.users["coordinator"], member=world.users["resident"]
        )
    return world.cache["body[council]"]


def _public_action(world):  # type: ignore[no-untyped-def]
    if "council-action" not in world.cache:
        world.cache["council-action"] = programme.action(
            world.territory, "9.9.1", title="Garderie éphémère", visibility=Visibility.PUBLIC
        )
    return world.cache["council-action"]


def _avis(state):  # type: ignore[no-untyped-def]
    name = f"avis[{state}]"

    def build(world):  # type: ignore[no-untyped-def]
        if name not in world.cache:
            world.cache[name] = services.create_avis(
                actor=world.users["resident"],
                body=_council(world),
                action=_public_action(world),
                title=f"Avis {state}",
                text="Le Conseil propose d’ouvrir le samedi.",
                approved_on=datetime.date(2025, 1, 1),
                publish=state == "published",
            )
        return world.cache[name]

    return build


def _consultation(name, **options):  # type: ignore[no-untyped-def]
    def build(world):  # type: ignore[no-untyped-def]
        if name not in world.cache:
            world.cache[name] = builders.consultation(
                world.territory, world.users["coordinator"], title=name, **options
            )
        return world.cache[name]

    return build


def _draw(world):  # type: ignore[no-untyped-def]
    if "draw" not in world.cache:
        world.cache["draw"] = services.run_draw(
            actor=world.users["coordinator"],
            body=_council(world),
            source=SOURCE,
            public_value="Loto du 12 mars",
            seats=4,
            mandate_start=datetime.date(2025, 1, 1),
        )
    return world.cache["draw"]


def _interpellation(world):  # type: ignore[no-untyped-def]
    if "interpellation" not in world.cache:
        world.cache["interpellation"] = services.interpellate(
            actor=world.users["resident"],
            body=_council(world),
            subject="Les horaires des crèches",
            text="Les parents qui travaillent tôt n’ont pas de solution.",
        )
    return world.cache["interpellation"]


SUBJECTS = {
    "body[council]": _council,
    "avis[published]": _avis("published"),
    "avis[draft]": _avis("draft"),
    "draw": _draw,
    "interpellation": _interpellation,
    "consultation[open]": _consultation("consultation[open]"),
    "consultation[draft]": _consultation("consultation[draft]", state="draft"),
    "consultation[closed]": _consultation(
        "consultation[closed]", state="closed", results_published=True
    ),
    "consultation[anonymous]": _consultation("consultation[anonymous]", anonymous=True),
    "contribution[published]": _made("contribution[published]", ModerationState.PUBLISHED),
    "contribution[pending]": _made("contribution[pending]", ModerationState.PENDING),
    "contribution[refused]": _made("contribution[refused]", ModerationState.REFUSED),
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "contribute"):                   "N Y Y Y Y Y Y Y Y",
    ("territory", "assist_contribution"):          "N N Y Y N Y N N Y",
    ("territory", "moderate_contributions"):       "N N N N N Y N N Y",
    ("territory", "manage_moderators"):            "N N N N N Y N N Y",
    ("territory", "translate_contents"):           "N N N N N Y N N Y",
    ("territory", "create_consultation"):          "N N N N N Y N N Y",
    ("consultation[open]", "view"):                "Y Y Y Y Y Y Y Y Y",
    ("consultation[open]", "answer"):              "N Y Y Y Y Y Y Y Y",
    ("consultation[open]", "assist"):              "N N Y Y N Y N N Y",
    ("consultation[open]", "manage"):              "N N N N N Y N N Y",
    ("consultation[open]", "view_results"):        "N N N N N Y N N Y",
    ("consultation[open]", "export"):              "N N N N N Y N N Y",
    ("consultation[open]", "moderate"):            "N N N N N Y N N Y",
    ("consultation[draft]", "view"):               "N N N N N Y N N Y",
    ("consultation[draft]", "answer"):             "N N N N N N N N N",
    ("consultation[draft]", "assist"):             "N N N N N N N N N",
    ("consultation[draft]", "manage"):             "N N N N N Y N N Y",
    ("consultation[draft]", "view_results"):       "N N N N N Y N N Y",
    ("consultation[draft]", "export"):             "N N N N N Y N N Y",
    ("consultation[draft]", "moderate"):           "N N N N N N N N N",
    ("consultation[closed]", "view"):              "Y Y Y Y Y Y Y Y Y",
    ("consultation[closed]", "answer"):            "N Y Y Y Y Y Y Y Y",
    ("consultation[closed]", "view_results"):      "Y Y Y Y Y Y Y Y Y",
    ("consultation[closed]", "export"):            "N N N N N Y N N Y",
    ("consultation[anonymous]", "view"):           "Y Y Y Y Y Y Y Y Y",
    ("consultation[anonymous]", "answer"):         "Y Y Y Y Y Y Y Y Y",
    ("contribution[published]", "view"):           "Y Y Y Y Y Y Y Y Y",
    ("contribution[published]", "support"):        "N Y Y Y Y Y Y Y Y",
    ("contribution[published]", "moderate"):       "N N N N N Y N N Y",
    ("contribution[published]", "answer"):         "N N N N N Y N N Y",
    ("contribution[pending]", "view"):             "N Y N N N Y N N Y",
    ("contribution[pending]", "support"):          "N N N N N N N N N",
    ("contribution[pending]", "moderate"):         "N N N N N Y N N Y",
    ("contribution[pending]", "answer"):           "N N N N N N N N N",
    ("contribution[refused]", "view"):             "N Y N N N Y N N Y",
    ("contribution[refused]", "support"):          "N N N N N N N N N",
    ("contribution[refused]", "moderate"):         "N N N N N Y N N Y",
    ("contribution[refused]", "answer"):           "N N N N N N N N N",
    ("territory", "contribute_anonymously"):       "Y N N N N N N N N",
    ("body[council]", "view"):                     "Y Y Y Y Y Y Y Y Y",
    ("body[council]", "manage_council"):           "N N N N N Y N N Y",
    ("body[council]", "write_avis"):               "N Y N N N N N N N",
    ("body[council]", "interpellate"):             "N Y N N N N N N N",
    ("avis[published]", "view"):                   "Y Y Y Y Y Y Y Y Y",
    ("avis[published]", "publish"):                "N N N N N N N N N",
    ("avis[draft]", "view"):                       "N Y N N N Y N N Y",
    ("avis[draft]", "publish"):                    "N Y N N N N N N N",
    ("draw", "view"):                              "Y Y Y Y Y Y Y Y Y",
    ("interpellation", "view"):                    "Y Y Y Y Y Y Y Y Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _assisted(world, obj):  # type: ignore[no-untyped-def]
    return builders.form_data(origin="permanence", entered_for="", consent="on")


def _api(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _api_id(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "contribution_id": obj.pk}


def _c(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _question(kind):  # type: ignore[no-untyped-def]
    def kwargs(world, obj):  # type: ignore[no-untyped-def]
        question = obj.questions.get(kind=kind)
        return {"territory_slug": world.territory.slug, "pk": obj.pk, "question_pk": question.pk}

    return kwargs


def _answers(world, obj):  # type: ignore[no-untyped-def]
    answers = builders.answers_for(obj, hour=1, langs=(0, 1), note=5, text="Le soir surtout.")
    return {f"q{k}": v for k, v in answers.items()}


def _api_c(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "consultation_id": obj.pk}


def _api_answers(world, obj):  # type: ignore[no-untyped-def]
    answers = builders.answers_for(obj, hour=2, langs=(1,), note=3, text="Merci.")
    single, multiple, scale, free = obj.questions.order_by("position")
    return {
        "answers": [
            {"question_id": single.pk, "option_ids": [answers[single.pk]]},
            {"question_id": multiple.pk, "option_ids": answers[multiple.pk]},
            {"question_id": scale.pk, "value": answers[scale.pk]},
            {"question_id": free.pk, "text": answers[free.pk]},
        ]
    }


def _api_pending_text(world, obj):  # type: ignore[no-untyped-def]
    """A fresh written answer waiting for moderation (each actor's call moderates its own)."""
    from maillage.participation.models import Answer, Response

    response = Response.objects.create(consultation=obj)
    free = obj.questions.get(kind="text")
    answer = Answer.objects.create(
        response=response, question=free, text="Plus tard le soir.", moderation="pending"
    )
    return {"slug": world.territory.slug, "consultation_id": obj.pk, "answer_id": answer.pk}


CONSULTATION_FORM = {
    "title": "Les horaires de la médiathèque",
    "description": "Dites-nous quand vous venez.",
    "opens_on": "2026-01-05",
    "closes_on": "2026-02-05",
    "anonymous": "",
}

URLS = {
    "participation:consultations": Url("territory", "view", kwargs=_t),
    "participation:consultation_create": Url(
        "territory",
        "create_consultation",
        kwargs=_t,
        post=lambda w, o: CONSULTATION_FORM,
        post_location=r"/consultations/\d+/$",
    ),
    "participation:consultation": Url("consultation[draft]", "view", kwargs=_c),
    "participation:consultation_edit": Url(
        "consultation[draft]",
        "manage",
        kwargs=_c,
        post=lambda w, o: CONSULTATION_FORM,
        post_location=r"/consultations/\d+/$",
    ),
    "participation:consultation_question": Url(
        "consultation[draft]",
        "manage",
        kwargs=_c,
        method="post",
        data=lambda w, o: {"kind": "single", "label": "Le samedi ?", "options": "Oui\nNon"},
        ok=OK_302,
    ),
    "participation:consultation_question_delete": Url(
        "consultation[draft]",
        "manage",
        kwargs=_question("text"),
        method="post",
        data=lambda w, o: {},
        ok=OK_302,
    ),
    "participation:consultation_state": Url(
        "consultation[open]",
        "manage",
        kwargs=_c,
        method="post",
        data=lambda w, o: {"action": "close"},
        ok=OK_302,
    ),
    "participation:consultation_answer": Url(
        "consultation[open]",
        "answer",
        kwargs=_c,
        post=_answers,
        post_location=r"/consultations/\d+/$",
    ),
    "participation:consultation_assist": Url(
        "consultation[open]",
        "assist",
        kwargs=_c,
        post=lambda w, o: {**_answers(w, o), "origin": "permanence", "consent": "on"},
        post_location=r"/consultations/\d+/$",
    ),
    "participation:consultation_results": Url("consultation[open]", "view_results", kwargs=_c),
    "participation:consultation_texts": Url(
        "consultation[open]", "view_results", kwargs=_question("text")
    ),
    "participation:consultation_export": Url("consultation[open]", "export", kwargs=_c),
    "participation:consultation_moderation": Url("consultation[open]", "moderate", kwargs=_c),
    "api-v1:list_consultations": Url("territory", "view", kwargs=_api, api=True),
    "api-v1:get_consultation": Url("consultation[draft]", "view", kwargs=_api_c, api=True),
    "api-v1:consultation_results": Url(
        "consultation[open]", "view_results", kwargs=_api_c, api=True
    ),
    "api-v1:answer_consultation": Url(
        "consultation[open]",
        "answer",
        kwargs=_api_c,
        api=True,
        method="post",
        data=_api_answers,
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:consultation_text_queue": Url(
        "consultation[open]", "moderate", kwargs=_api_c, api=True
    ),
    "api-v1:moderate_consultation_text": Url(
        "consultation[open]",
        "moderate",
        kwargs=_api_pending_text,
        api=True,
        method="post",
        data=lambda w, o: {"decision": "published"},
        content_type=JSON,
    ),
    "participation:home": Url("territory", "view", kwargs=_t),
    "participation:done": Url("territory", "view", kwargs=_t),
    "participation:propose": Url(
        "territory",
        "contribute",
        kwargs=_t,
        post=lambda w, o: builders.form_data(),
        post_location=r"/participer/mes-messages/$",
    ),
    "participation:assist": Url(
        "territory",
        "assist_contribution",
        kwargs=_t,
        post=_assisted,
        post_location=r"/participer/mes-messages/$",
    ),
    "participation:mine": Url("territory", "contribute", kwargs=_t),
    "participation:moderation_queue": Url("territory", "moderate_contributions", kwargs=_t),
    "participation:contribution": Url("contribution[pending]", "view", kwargs=_pk),
    # The photo follows the contribution: its author and the moderators before publication.
    "participation:contribution_photo": Url("contribution[pending]", "view", kwargs=_pk),
    "participation:support": Url(
        "contribution[published]",
        "support",
        kwargs=_pk,
        method="post",
        data=lambda w, o: {},
        ok=OK_302,
    ),
    "participation:moderate": Url(
        "contribution[pending]",
        "moderate",
        kwargs=_pk,
        post=lambda w, o: {"decision": "published", "reason": ""},
        post_location=r"/participer/a-relire/$",
    ),
    "participation:answer": Url(
        "contribution[published]",
        "answer",
        kwargs=_pk,
        post=lambda w, o: {
            "status": "studying",
            "answer": "Nous regardons avec la caisse d’allocations familiales (CAF).",
        },
        post_location=r"/participer/\d+/$",
    ),
    "participation:translations": Url("territory", "translate_contents", kwargs=_t),
    # Translating a published contribution: the territory's moderators, as for moderating.
    "participation:translate": Url(
        "contribution[published]",
        "moderate",
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "key": "contribution", "pk": o.pk},
        post=lambda w, o: {
            "title__en__text": "A nursery open in the evening",
            "title__en__status": "reviewed",
            **{
                f"{f}__{c}__status": "to_translate" for f in ("title", "text") for c in ("ar", "tr")
            },
            "text__en__status": "to_translate",
        },
        post_location=r"/participer/traductions/contribution/\d+/$",
    ),
    # API
    "api-v1:list_contributions": Url("territory", "view", kwargs=_api, api=True),
    "api-v1:contribution_origins": Url("territory", "view", kwargs=_api, api=True),
    "api-v1:get_contribution": Url("contribution[pending]", "view", kwargs=_api_id, api=True),
    "api-v1:create_contribution": Url(
        "territory",
        "contribute",
        kwargs=_api,
        api=True,
        method="post",
        data=lambda w, o: {
            "kind": "idea",
            "category": "french",
            "title": "Des cours le soir",
            "text": "Pour les parents qui travaillent.",
            "display_name": "Ali",
        },
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:support_contribution": Url(
        "contribution[published]",
        "support",
        kwargs=_api_id,
        api=True,
        method="post",
        data=lambda w, o: {},
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:moderate_contribution": Url(
        "contribution[pending]",
        "moderate",
        kwargs=_api_id,
        api=True,
        method="post",
        data=lambda w, o: {"decision": "published"},
        content_type=JSON,
    ),
    "api-v1:answer_contribution": Url(
        "contribution[published]",
        "answer",
        kwargs=_api_id,
        api=True,
        method="post",
        data=lambda w, o: {"status": "studying", "answer": "Nous en parlons au comité."},
        content_type=JSON,
    ),
}


def _body_pk(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


def _mandate_pk(world, obj):  # type: ignore[no-untyped-def]
    member = CouncilMember.objects.get(body=obj, user=world.users["resident"])
    return {"territory_slug": world.territory.slug, "pk": member.pk}


def _api_council(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "body_id": obj.pk}


URLS.update(
    {
        "participation:propose_anonymous": Url(
            "territory",
            "contribute_anonymously",
            kwargs=_t,
            post=lambda w, o: builders.form_data(altcha=solved_payload()),
            post_location=r"/participer/$",
        ),
        "participation:altcha_challenge": Url("territory", "contribute_anonymously", kwargs=_t),
        "api-v1:anonymous_challenge": Url(
            "territory", "contribute_anonymously", kwargs=_api, api=True
        ),
        "api-v1:create_anonymous_contribution": Url(
            "territory",
            "contribute_anonymously",
            kwargs=_api,
            api=True,
            method="post",
            data=lambda w, o: {
                "kind": "idea",
                "category": "french",
                "title": "Des cours le soir",
                "text": "Pour les parents qui travaillent.",
                "altcha": solved_payload(),
            },
            content_type=JSON,
            ok=frozenset({201}),
        ),
        "participation:council_member_add": Url(
            "body[council]",
            "manage_council",
            kwargs=_body_pk,
            post=lambda w, o: {
                "college": "associations",
                "display_name": "Régie de quartier",
                "started_on": "2025-01-01",
            },
            post_location=r"/instances/\d+/#conseil-citoyen$",
        ),
        "participation:council_member_end": Url(
            "body[council]",
            "manage_council",
            kwargs=_mandate_pk,
            post=lambda w, o: {"on": "2025-06-01"},
            post_location=r"/instances/\d+/#conseil-citoyen$",
        ),
        "participation:council_moderator": Url(
            "body[council]",
            "manage_council",
            kwargs=_mandate_pk,
            method="post",
            data=lambda w, o: {},
            ok=OK_302,
        ),
        "participation:draw_create": Url(
            "body[council]",
            "manage_council",
            kwargs=_body_pk,
            post=lambda w, o: {
                "source": SOURCE,
                "public_value": "Loto",
                "seats": 3,
                "mandate_start": "2025-01-01",
            },
            post_location=r"/conseil-citoyen/tirages/\d+/$",
        ),
        "participation:draw": Url("draw", "view", kwargs=_pk),
        "participation:draw_verify": Url(
            "draw",
            "view",
            kwargs=_pk,
            post=lambda w, o: {"source": SOURCE},
            post_ok=frozenset({200}),
            writes=False,
        ),
        "participation:avis_create": Url(
            "body[council]",
            "write_avis",
            kwargs=_body_pk,
            post=lambda w, o: {
                "action": _public_action(w).pk,
                "title": "Un deuxième avis",
                "text": "Texte de l’avis.",
                "approved_on": "2025-01-01",
            },
            post_location=r"/conseil-citoyen/avis/\d+/$",
        ),
        "participation:avis": Url("avis[draft]", "view", kwargs=_pk),
        "participation:avis_publish": Url(
            "avis[draft]", "publish", kwargs=_pk, method="post", data=lambda w, o: {}, ok=OK_302
        ),
        "participation:interpellation_create": Url(
            "body[council]",
            "interpellate",
            kwargs=_body_pk,
            post=lambda w, o: {
                "target": _council(w).territory.bodies.get(kind="strategic").pk,
                "subject": "La propreté des halls",
                "text": "Les halls ne sont pas nettoyés.",
            },
            post_location=r"/instances/\d+/#conseil-citoyen$",
        ),
        "participation:interpellation": Url("interpellation", "view", kwargs=_pk),
        "api-v1:get_citizen_council": Url("body[council]", "view", kwargs=_api_council, api=True),
        "api-v1:create_council_avis": Url(
            "body[council]",
            "write_avis",
            kwargs=_api_council,
            api=True,
            method="post",
            data=lambda w, o: {
                "action_id": _public_action(w).pk,
                "title": "Avis par l’API",
                "text": "Texte",
                "approved_on": "2025-01-01",
            },
            content_type=JSON,
            ok=frozenset({201}),
        ),
        "api-v1:create_council_interpellation": Url(
            "body[council]",
            "interpellate",
            kwargs=_api_council,
            api=True,
            method="post",
            data=lambda w, o: {"subject": "Par l’API", "text": "Texte"},
            content_type=JSON,
            ok=frozenset({201}),
        ),
    }
)
