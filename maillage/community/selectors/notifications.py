"""What a person hears of: the notices of the topics they follow, in the territory they
follow them in, grouped by object, **each object checked with the access engine now** —
at display time for the notification centre, at sending time for the e-mails. An object
the person may no longer see (a body they left, a document made restricted, an event
back to draft) is left out, with every notice about it."""

from __future__ import annotations

import datetime
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import IntegerField, Q, QuerySet, Value
from django.utils import dateformat
from django.utils.timezone import localtime

from maillage.community import indexing, topics
from maillage.community.models import Follow, Notice, NotificationSettings, topic_key
from maillage.community.selectors.common import union_rows
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
    stamp: str = ""  # ``when`` as the e-mails print it (local time, "d/m/Y H:i")


def happening(entry: Entry) -> Happening:
    when = entry.created_at
    return Happening(
        when, action_label(entry.action), dateformat.format(localtime(when), "d/m/Y H:i")
    )


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


@dataclass(frozen=True)
class Described:
    """What a notification shows of an object besides its happenings."""

    kind: str
    kind_label: str
    title: str
    url: str
    territory: str


def describe(
    keys: list[Key], territory_of: dict[Key, int | None], territories: dict[int, Territory]
) -> dict[Key, Described]:
    """The current title and address of the objects ``keys`` (deleted ones left out):
    one query per kind. ``territories`` is filled with the territories it needs."""
    missing = {territory_of[k] for k in keys if territory_of[k]} - set(territories)
    if missing:
        territories.update(Territory.objects.in_bulk(missing))
    found = {}
    for key, obj in _objects(keys).items():
        kind, _topics = topics.NOTIFYING[key[0]]
        source = indexing.BY_KIND[kind]
        tid = territory_of[key]
        territory = territories.get(tid) if tid else None
        found[key] = Described(
            kind=kind,
            kind_label=str(source.model._meta.verbose_name),
            title=source.text(obj)[0],
            url=source.url(territory.slug, key[1]) if territory else "",
            territory=territory.name if territory else "",
        )
    return found


def group_entries(entries: Iterable[Entry]) -> dict[Key, list[Entry]]:
    """The entries about notifying objects, by object (newest first, as given)."""
    grouped: dict[Key, list[Entry]] = {}
    for entry in entries:
        if entry.object_type in topics.NOTIFYING and entry.object_id.isdigit():
            grouped.setdefault((entry.object_type, int(entry.object_id)), []).append(entry)
    return grouped


def assemble(
    grouped: dict[Key, list[Entry]],
    visible: set[Key],
    described: dict[Key, Described],
    limit: int,
    happening_of: Callable[[Entry], Happening] = happening,
) -> Notifications:
    keys = [key for key in grouped if key in visible]
    items = []
    for key in keys[:limit]:
        about = described.get(key)
        if about is None:  # deleted meanwhile
            continue
        items.append(
            NotifiedObject(
                object_type=key[0],
                object_id=key[1],
                kind=about.kind,
                kind_label=about.kind_label,
                title=about.title,
                url=about.url,
                territory=about.territory,
                latest=grouped[key][0].created_at,
                happenings=[happening_of(e) for e in grouped[key]],
            )
        )
    return Notifications(objects=items, more=max(0, len(keys) - limit))


def notifications_for(
    user: Any,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int = OBJECT_LIMIT,
) -> Notifications:
    """What ``user`` hears of, grouped by object, newest first; only the objects they may
    see now. At most ``limit`` objects (``more`` counts the others)."""
    grouped = group_entries(followed_entries(user, since=since, until=until))
    visible = still_visible(user, grouped)
    shown = [key for key in grouped if key in visible][:limit]
    territory_of = {key: grouped[key][0].territory_id for key in shown}
    return assemble(grouped, visible, describe(shown, territory_of, {}), limit)


class Window:
    """One digest run's reading of its window, shared by every recipient: the window's
    notices are read once, the recipients' actors at once, then people are taken in
    batches: each batch's follows in one query, and each person's objects asked of the
    access engine with that person's own actor — every person of the batch side by side
    in one query per kind — at sending time, as for one person
    (``notifications_for``). Titles and addresses are read once per object for the
    whole run."""

    BATCH = 50  # people whose objects' access is asked together

    def __init__(self, since: datetime.datetime, until: datetime.datetime) -> None:
        self.by_topic: dict[tuple[int | None, str], list[tuple[Any, ...]]] = {}
        rows = (
            Notice.objects.filter(created_at__gt=since, created_at__lte=until)
            .order_by("-created_at", "-entry_id")
            .values_list(
                "entry__territory_id",
                "topic",
                "created_at",
                "entry__actor_id",
                "entry_id",
                "entry__created_at",
                "entry__action",
                "entry__object_type",
                "entry__object_id",
            )
        )
        for territory_id, topic, created_at, actor_id, *entry in rows.iterator(chunk_size=5000):
            about = Entry(*entry, territory_id)  # type: ignore[arg-type, call-arg]
            self.by_topic.setdefault((territory_id, topic), []).append(
                (created_at, about.id, actor_id, about)
            )
        self.described: dict[Key, Described] = {}
        self.territories: dict[int, Territory] = {}
        self.happenings: dict[int, Happening] = {}

    def happening(self, entry: Entry) -> Happening:
        """Each entry's happening made (and its date printed) once for the whole run."""
        found = self.happenings.get(entry.id)
        if found is None:
            found = self.happenings[entry.id] = happening(entry)
        return found

    def entries(self, user_id: int, follows: list[tuple[int, str]]) -> list[Entry]:
        """As ``followed_entries``, from the notices already read."""
        lists = [self.by_topic.get(follow, []) for follow in follows]
        merged = heapq.merge(*lists, key=lambda row: (row[0], row[1]), reverse=True)
        own = (row for row in merged if row[2] != user_id)
        seen: dict[int, Entry] = {}
        for row in itertools.islice(own, ENTRY_LIMIT * 2):
            seen.setdefault(row[1], row[3])
        return list(seen.values())[:ENTRY_LIMIT]

    def read(
        self, people: list[Any], limit: int = OBJECT_LIMIT
    ) -> Iterator[tuple[Any, Notifications]]:
        """Each person of ``people`` with what they hear of (possibly nothing)."""
        access.preload_actors(people)
        for start in range(0, len(people), self.BATCH):
            yield from self._read_batch(people[start : start + self.BATCH], limit)

    def _read_batch(self, batch: list[Any], limit: int) -> Iterator[tuple[Any, Notifications]]:
        follows: dict[int, list[tuple[int, str]]] = {}
        for user_id, territory_id, topic in Follow.objects.filter(
            user_id__in=[u.pk for u in batch]
        ).values_list("user_id", "territory_id", "topic"):
            follows.setdefault(user_id, []).append((territory_id, topic))
        grouped = {
            user.pk: group_entries(self.entries(user.pk, follows.get(user.pk, [])))
            for user in batch
        }
        visible = still_visible_to_each(batch, grouped)
        unknown: dict[Key, int | None] = {}
        for user in batch:
            person = grouped[user.pk]
            for key in [key for key in person if key in visible[user.pk]][:limit]:
                if key not in self.described:
                    unknown[key] = person[key][0].territory_id
        if unknown:
            self.described.update(describe(list(unknown), unknown, self.territories))
        for user in batch:
            yield (
                user,
                assemble(grouped[user.pk], visible[user.pk], self.described, limit, self.happening),
            )


def still_visible_to_each(
    people: list[Any], keys_of: Mapping[int, Iterable[Key]]
) -> dict[int, set[Key]]:
    """As ``still_visible`` for several people at once: each person's own access filter
    (``core.access.visible`` with their actor) asked of their own objects, every
    person's part side by side in one query per kind of object."""
    wanted: dict[str, dict[int, set[int]]] = {}
    for user in people:
        for object_type, object_id in keys_of.get(user.pk, ()):
            wanted.setdefault(object_type, {}).setdefault(user.pk, set()).add(object_id)
    found: dict[int, set[Key]] = {user.pk: set() for user in people}
    by_pk = {user.pk: user for user in people}
    for object_type, per_person in wanted.items():
        kind, _topics = topics.NOTIFYING[object_type]
        manager = indexing.BY_KIND[kind].model._default_manager
        parts = [
            access.visible(by_pk[user_id], manager.filter(pk__in=ids))
            .order_by()
            .annotate(reader=Value(user_id, output_field=IntegerField()))
            .values_list("reader", "pk")
            for user_id, ids in per_person.items()
        ]
        for reader, pk in union_rows(parts):
            found[reader].add((object_type, pk))
    return found


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
