"""What a person hears of: the notices of the topics they follow, in the territory they
follow them in, grouped by object, **each object checked with the access engine now** —
at display time for the notification centre, at sending time for the e-mails. An object
the person may no longer see (a body they left, a document made restricted, an event
back to draft) is left out, with every notice about it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from maillage.community import indexing, topics
from maillage.community.models import Follow, Notice, NotificationSettings, topic_key
from maillage.core import access
from maillage.core.audit import action_label
from maillage.core.models import AuditEntry

ENTRY_LIMIT = 500  # notices read per person and window, newest first
OBJECT_LIMIT = 50  # objects shown per e-mail or page; the rest are counted


@dataclass
class Happening:
    when: datetime.datetime
    label: str


@dataclass
class NotifiedObject:
    object_type: str
    object_id: int
    kind: str
    kind_label: str
    title: str
    url: str
    territory: str
    latest: datetime.datetime
    happenings: list[Happening] = field(default_factory=list)


@dataclass
class Notifications:
    objects: list[NotifiedObject]
    more: int = 0

    def __bool__(self) -> bool:
        return bool(self.objects)


def followed_entries(
    user: Any,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> QuerySet[AuditEntry]:
    """The audit entries of the topics ``user`` follows, in the territory of each follow,
    made by someone else, newest first (not yet checked for access)."""
    follows = Follow.objects.filter(
        user_id=user.pk, topic=OuterRef("topic"), territory_id=OuterRef("entry__territory_id")
    )
    notices = Notice.objects.filter(Exists(follows))
    if since is not None:
        notices = notices.filter(created_at__gt=since)
    if until is not None:
        notices = notices.filter(created_at__lte=until)
    return (
        AuditEntry.objects.filter(pk__in=notices.values("entry_id"))
        .exclude(actor_id=user.pk)
        .select_related("territory", "actor")
        .order_by("-created_at", "-pk")
    )


def still_visible(user: Any, entries: Iterable[AuditEntry]) -> dict[tuple[str, int], Any]:
    """The objects of ``entries`` that ``user`` may see *now*, by (type, id): one query
    per kind of object, through ``core.access.visible``."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.object_type in topics.NOTIFYING and entry.object_id.isdigit():
            wanted.setdefault(entry.object_type, set()).add(int(entry.object_id))
    found: dict[tuple[str, int], Any] = {}
    for object_type, ids in wanted.items():
        kind, _topics = topics.NOTIFYING[object_type]
        source = indexing.BY_KIND[kind]
        queryset = source.model._default_manager.filter(pk__in=ids).select_related(*source.related)
        for obj in access.visible(user, queryset):
            found[(object_type, obj.pk)] = obj
    return found


def notifications_for(
    user: Any,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int = OBJECT_LIMIT,
) -> Notifications:
    entries = list(followed_entries(user, since=since, until=until)[:ENTRY_LIMIT])
    visible = still_visible(user, entries)
    grouped: dict[tuple[str, int], NotifiedObject] = {}
    for entry in entries:
        if not entry.object_id.isdigit():
            continue
        key = (entry.object_type, int(entry.object_id))
        obj = visible.get(key)
        if obj is None:
            continue
        item = grouped.get(key)
        if item is None:
            kind, _topics = topics.NOTIFYING[entry.object_type]
            source = indexing.BY_KIND[kind]
            territory = entry.territory
            item = grouped[key] = NotifiedObject(
                object_type=entry.object_type,
                object_id=key[1],
                kind=kind,
                kind_label=str(source.model._meta.verbose_name),
                title=source.text(obj)[0],
                url=source.url(territory.slug, key[1]) if territory else "",
                territory=territory.name if territory else "",
                latest=entry.created_at,
            )
        item.happenings.append(Happening(entry.created_at, action_label(entry.action)))
    objects = list(grouped.values())
    return Notifications(objects=objects[:limit], more=max(0, len(objects) - limit))


def settings_of(user: Any) -> NotificationSettings:
    """The person's settings, or the defaults (a daily digest) when none were saved."""
    found = NotificationSettings.objects.filter(user_id=user.pk).first()
    return found or NotificationSettings(user_id=user.pk)


def unread_count(user: Any) -> int:
    """The objects with news since the person last opened the centre (access checked)."""
    read_until = settings_of(user).read_until
    return len(notifications_for(user, since=read_until).objects)


def follows_of(user: Any) -> QuerySet[Follow]:
    return access.visible(user, Follow.objects.filter(user_id=user.pk)).select_related("territory")


def follow_of(user: Any, territory: Any, kind: str, target: Any) -> Follow | None:
    return Follow.objects.filter(
        user_id=user.pk, territory=territory, topic=topic_key(kind, target)
    ).first()
