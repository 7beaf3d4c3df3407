"""The resident space and its moderation pages (one module per subdomain)."""

from maillage.participation.views.contributions import (
    answer,
    assist,
    contribution_detail,
    done,
    home,
    mine,
    moderate,
    moderation_queue,
    propose,
    support,
)

__all__ = [
    "answer",
    "assist",
    "contribution_detail",
    "done",
    "home",
    "mine",
    "moderate",
    "moderation_queue",
    "propose",
    "support",
]
