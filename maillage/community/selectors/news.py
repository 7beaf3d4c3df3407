"""Reads of the news, already narrowed by the access engine."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from maillage.community.models import Approval, Editorial, Post, PostSignatory
from maillage.core import access
from maillage.territories.models import Territory


def _signatories() -> Prefetch:
    return Prefetch(
        "signatories",
        queryset=PostSignatory.objects.select_related("organisation").order_by("created_at", "id"),
    )


def posts(user: Any, territory: Territory) -> QuerySet[Post]:
    return (
        access.visible(user, Post.objects.filter(territory=territory))
        .select_related("organisation", "territory")
        .prefetch_related(_signatories())
    )


def published_posts(user: Any, territory: Territory) -> QuerySet[Post]:
    return (
        posts(user, territory).filter(status=Editorial.PUBLISHED).order_by("-published_at", "-id")
    )


def public_feed(territory: Territory, limit: int = 30) -> list[Post]:
    """The Atom feed is read by feed readers, signed out: public published news only."""
    return list(published_posts(None, territory)[:limit])


def unpublished_posts(user: Any, territory: Territory) -> QuerySet[Post]:
    """Drafts and posts waiting for validation that the user may see (theirs, those they
    are asked to co-sign, all of them for the coordination)."""
    return posts(user, territory).exclude(status=Editorial.PUBLISHED).order_by("-updated_at", "-id")


def post_or_404(user: Any, territory: Territory, pk: Any) -> Post:
    return access.get_visible_or_404(
        user,
        Post.objects.filter(territory=territory)
        .select_related("organisation", "territory", "created_by", "validated_by")
        .prefetch_related(_signatories(), "actions", "services", "bodies"),
        pk=pk,
    )


def shown_signatories(post: Any) -> list[Any]:
    """The co-signers whose name and logo are shown: those who approved."""
    return [s for s in post.signatories.all() if s.state == Approval.APPROVED]


def links(user: Any, post: Post) -> dict[str, list[Any]]:
    """The fiches, services and bodies the post names, those the reader may see."""
    return {
        "actions": list(access.visible(user, post.actions.all()).order_by("code")),
        "services": list(access.visible(user, post.services.all()).order_by("name")),
        "bodies": list(access.visible(user, post.bodies.all()).order_by("name")),
    }
