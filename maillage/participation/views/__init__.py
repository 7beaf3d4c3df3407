"""The resident space and its moderation pages (one module per subdomain)."""

from maillage.participation.views.anonymous import altcha_challenge, propose_anonymous
from maillage.participation.views.contributions import (
    answer,
    assist,
    contribution_detail,
    contribution_photo,
    done,
    home,
    mine,
    moderate,
    moderation_queue,
    propose,
    support,
)
from maillage.participation.views.council import (
    avis_create,
    avis_detail,
    avis_publish,
    draw_create,
    draw_detail,
    draw_verify,
    interpellation_create,
    interpellation_detail,
    member_add,
    member_end,
    member_moderator,
)
from maillage.participation.views.translations import translate, translation_list

__all__ = [
    "altcha_challenge",
    "answer",
    "assist",
    "avis_create",
    "avis_detail",
    "avis_publish",
    "contribution_detail",
    "contribution_photo",
    "done",
    "draw_create",
    "draw_detail",
    "draw_verify",
    "home",
    "interpellation_create",
    "interpellation_detail",
    "member_add",
    "member_end",
    "member_moderator",
    "mine",
    "moderate",
    "moderation_queue",
    "propose",
    "propose_anonymous",
    "support",
    "translate",
    "translation_list",
]
