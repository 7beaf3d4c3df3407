"""Access rows for participation: the resident space, contributions in each moderation
state, supports, moderation and the official answer.

- ``contribution[published]``: written by the ``resident`` actor, published;
- ``contribution[pending]``: written by the ``resident`` actor, waiting for moderation,
  with a photo;
- ``contribution[refused]``: written by the ``resident`` actor, refused with a reason.
"""

from maillage.participation.models import ModerationState
from tests.access.table import Url
from tests.participation import builders

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


SUBJECTS = {
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


URLS = {
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
