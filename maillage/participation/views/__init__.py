"""The resident space and its moderation pages (one module per subdomain)."""

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
from maillage.participation.views.translations import translate, translation_list

__all__ = [
    "answer",
    "assist",
    "contribution_detail",
    "contribution_photo",
    "done",
    "home",
    "mine",
    "moderate",
    "moderation_queue",
    "propose",
    "support",
    "translate",
    "translation_list",
]
