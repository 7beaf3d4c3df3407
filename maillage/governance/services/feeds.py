"""Personal calendar feeds: a secret address per person and territory, revocable. Only a
hash of the secret is stored."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.governance.models import CalendarFeed
from maillage.governance.services.common import raise_if
from maillage.territories.models import Territory

FEED_PREFIX = "cal_"
MAX_FEEDS = 10


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_feed(
    *, actor: Any, territory: Territory, name: str, scope: str = CalendarFeed.Scope.MINE
) -> tuple[CalendarFeed, str]:
    """The feed and its secret key, which is never stored and shown only once."""
    if CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_FEEDS:
        raise_if({"name": _("Vous avez déjà 10 flux actifs : révoquez-en un d’abord.")})
    key = FEED_PREFIX + secrets.token_urlsafe(24)
    feed = CalendarFeed(
        user=actor,
        territory=territory,
        scope=scope,
        name=name.strip() or _("Mon agenda"),
        prefix=key[:10],
        key_hash=hash_key(key),
    )
    feed.full_clean()
    feed.save()
    audit.record(
        actor=actor,
        action="calendar_feed.create",
        obj=feed,
        territory=territory,
        changes={"name": [None, feed.name], "scope": [None, feed.scope]},
    )
    return feed, key


@transaction.atomic
def revoke_feed(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="calendar_feed.revoke",
            obj=feed,
            territory=feed.territory,
            changes={"revoked_at": [None, feed.revoked_at.isoformat()]},
        )
    return feed


def feed_for_key(key: str) -> CalendarFeed | None:
    """The usable feed behind a secret key: not revoked, and its owner still active."""
    if not key.startswith(FEED_PREFIX):
        return None
    feed = (
        CalendarFeed.objects.select_related("user", "territory")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is not None:
        now = timezone.now()
        # One write an hour at most: calendar apps poll often.
        if feed.last_used_at is None or (now - feed.last_used_at).total_seconds() > 3600:
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed
