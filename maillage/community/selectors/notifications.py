"""What a person hears of: the notices of the topics they follow, in the territory they
follow them in, grouped by object, **each object checked with the access engine now** —
at display time for the notification centre, at sending time for the e-mails. An object
the person may no longer see (a body they left, a document made restricted, an event
back to draft) is left out, with every notice about it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from maillage.community import indexing, topics
from maillage.community.models import Follow, Notice, NotificationSettings, topic_key
from maillage.core import access
from maillage.core.audit import action_label
from maillage.territories.models import Territory

ENTRY_LIMIT = 500  # notices read per person and window, newest first
OBJECT_LIMIT = 50  # objects shown per e-mail or page; the rest are counted


class Entry(NamedTuple):
    """What a notification needs of an audit entry (read as a tuple, not a model)."""

    id: int
    created_at: datetime.datetime
    action: str
    object_type: str
    object_id: str
    territory_id: int | None


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
) -> list[Entry]:
    """The audit entries of the topics ``user`` follows, in the territory of each follow,
    made by someone else, newest first (not yet checked for access). The person's topics
    are read first, so that the notices are found through their (topic, date) index."""
    by_territory: dict[int, list[str]] = {}
    for territory_id, topic in Follow.objects.filter(user_id=user.pk).values_list(
        "territory_id", "topic"
    ):
        by_territory.setdefault(territory_id, []).append(topic)
    if not by_territory:
        return []
    wanted = Q(
        *[
            Q(topic__in=topics_, entry__territory_id=territory_id)
            for territory_id, topics_ in by_territory.items()
        ],
        _connector=Q.OR,
    )
    notices = Notice.objects.filter(wanted)
    if since is not None:
        notices = notices.filter(created_at__gt=since)
    if until is not None:
        notices = notices.filter(created_at__lte=until)
    # From the notices (their index), each joined to its entry by primary key: never a
    # scan of the audit log. An entry reached through two topics comes twice: kept once.
    rows = (
        notices.exclude(entry__actor_id=user.pk)
        .order_by("-created_at", "-entry_id")
        .values_list(
            "entry_id",
            "entry__created_at",
            "entry__action",
            "entry__object_type",
            "entry__object_id",
            "entry__territory_id",
        )[: ENTRY_LIMIT * 2]
    )
    seen: dict[int, Entry] = {}
    for row in rows:
        seen.setdefault(row[0], Entry(*row))
    return list(seen.values())[:ENTRY_LIMIT]


Key = tuple[str, int]


def still_visible(user: Any, keys: Iterable[Key]) -> set[Key]:
    """The objects among ``keys`` (type, id) that ``user`` may see *now*: one query per
    kind of object, through ``core.access.visible``, reading ids only."""
    wanted: dict[str, set[int]] = {}
    for object_type, object_id in keys:
        wanted.setdefault(object_type, set()).add(object_id)
    found: set[Key] = set()
    for object_type, ids in wanted.items():
        kind, _topics = topics.NOTIFYING[object_type]
        queryset = indexing.BY_KIND[kind].model._default_manager.filter(pk__in=ids)
        found |= {
            (object_type, pk) for pk in access.visible(user, queryset).values_list("pk", flat=True)
        }
    return found


def _objects(keys: list[Key]) -> dict[Key, Any]:
    """The shown objects themselves (their current title), one query per kind."""
    wanted: dict[str, list[int]] = {}
    for object_type, object_id in keys:
        wanted.setdefault(object_type, []).append(object_id)
    found: dict[Key, Any] = {}
    for object_type, ids in wanted.items():
        kind, _topics = topics.NOTIFYING[object_type]
        source = indexing.BY_KIND[kind]
        queryset = source.model._default_manager.filter(pk__in=ids).select_related(*source.related)
        found.update({(object_type, obj.pk): obj for obj in queryset})
    return found


def notifications_for(
    user: Any,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int = OBJECT_LIMIT,
) -> Notifications:
    """What ``user`` hears of, grouped by object, newest first; only the objects they may
    see now. At most ``limit`` objects (``more`` counts the others)."""
    entries = [
        e
        for e in followed_entries(user, since=since, until=until)
        if e.object_type in topics.NOTIFYING and e.object_id.isdigit()
    ]
    grouped: dict[Key, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault((entry.object_type, int(entry.object_id)), []).append(entry)
    visible = still_visible(user, grouped)
    keys = [key for key in grouped if key in visible]
    shown = keys[:limit]
    objects = _objects(shown)
    territories = Territory.objects.in_bulk(
        {grouped[key][0].territory_id for key in shown if grouped[key][0].territory_id}
    )
    items = []
    for key in shown:
        obj = objects.get(key)
        if obj is None:  # deleted meanwhile
            continue
        kind, _topics = topics.NOTIFYING[key[0]]
        source = indexing.BY_KIND[kind]
        first = grouped[key][0]
        territory = territories.get(first.territory_id) if first.territory_id else None
        items.append(
            NotifiedObject(
                object_type=key[0],
                object_id=key[1],
                kind=kind,
                kind_label=str(source.model._meta.verbose_name),
                title=source.text(obj)[0],
                url=source.url(territory.slug, key[1]) if territory else "",
                territory=territory.name if territory else "",
                latest=first.created_at,
                happenings=[Happening(e.created_at, action_label(e.action)) for e in grouped[key]],
            )
        )
    return Notifications(objects=items, more=max(0, len(keys) - limit))


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
