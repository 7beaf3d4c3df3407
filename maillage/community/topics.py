"""What an object is about, for notifications: the topics a follower may subscribe to.

A topic is ``<kind>:<target>`` (``models.topic_key``): the territory, a fiche action, a
body, an organisation, a data·inclusion thématique (and its category, so that following
« Famille » hears of « Famille — garde d’enfants »). Each notifying kind of object says
which topics it touches; ``notices_for(entry)`` turns one audit entry into its notices.
Only the objects of ``NOTIFYING`` notify; their audit entries are the notifications'
source (community/receivers.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps

from maillage.community.models import Notice, TopicKind, topic_key
from maillage.core.models import AuditEntry
from maillage.network import vocab


def _thematiques(values: Iterable[str] | None) -> list[str]:
    topics: list[str] = []
    for value in values or []:
        topics.append(topic_key(TopicKind.THEMATIQUE, value))
        topics.append(topic_key(TopicKind.THEMATIQUE, vocab.category_of(value)))
    return topics


def _ids(related: Any) -> list[int]:
    return [item.pk for item in related.all()]


def _action(obj: Any) -> list[str]:
    return [
        topic_key(TopicKind.ACTION, obj.pk),
        *(topic_key(TopicKind.ORGANISATION, pk) for pk in _ids(obj.pilots)),
    ]


def _body(obj: Any) -> list[str]:
    return [topic_key(TopicKind.BODY, obj.pk)]


def _meeting(obj: Any) -> list[str]:
    return [topic_key(TopicKind.BODY, obj.body_id)]


def _event(obj: Any) -> list[str]:
    organisations = {obj.organisation_id, *(o.organisation_id for o in obj.organisers.all())}
    topics = [topic_key(TopicKind.ORGANISATION, pk) for pk in sorted(organisations)]
    if obj.action_id:
        topics.append(topic_key(TopicKind.ACTION, obj.action_id))
    return topics + _thematiques(getattr(obj, "thematiques", None))


def _post(obj: Any) -> list[str]:
    return [
        topic_key(TopicKind.ORGANISATION, obj.organisation_id),
        *(topic_key(TopicKind.ACTION, pk) for pk in _ids(obj.actions)),
        *(topic_key(TopicKind.BODY, pk) for pk in _ids(obj.bodies)),
        *_thematiques(getattr(obj, "thematiques", None)),
    ]


def _document(obj: Any) -> list[str]:
    return [
        topic_key(TopicKind.ORGANISATION, obj.author_id),
        *(topic_key(TopicKind.ACTION, pk) for pk in _ids(obj.actions)),
        *_thematiques(obj.thematiques),
    ]


def _service(obj: Any) -> list[str]:
    return [topic_key(TopicKind.ORGANISATION, obj.organisation_id), *_thematiques(obj.thematiques)]


# object type (``AuditEntry.object_type``) → (search kind, topics beyond the territory)
NOTIFYING: dict[str, tuple[str, Callable[[Any], list[str]]]] = {
    "programme.action": ("action", _action),
    "governance.body": ("body", _body),
    "governance.meeting": ("meeting", _meeting),
    "network.service": ("service", _service),
    "community.document": ("document", _document),
    "community.post": ("post", _post),
    "community.event": ("event", _event),
}


# Audit actions that change nothing a follower reads (the worker's bookkeeping).
QUIET_ACTIONS = frozenset({"document.text_extracted"})


def model_of(object_type: str) -> Any:
    return apps.get_model(object_type)


def topics_of(object_type: str, obj: Any, territory_id: int | None) -> list[str]:
    _kind, extra = NOTIFYING[object_type]
    topics = [topic_key(TopicKind.TERRITORY, territory_id)] if territory_id else []
    return list(dict.fromkeys(topics + extra(obj)))


def notices_for(entry: AuditEntry) -> list[Notice]:
    """The notices of one audit entry (none when its object is not a notifying kind or
    no longer exists)."""
    if entry.object_type not in NOTIFYING or not entry.object_id or entry.action in QUIET_ACTIONS:
        return []
    obj = model_of(entry.object_type)._default_manager.filter(pk=entry.object_id).first()
    if obj is None:
        return []
    return [
        Notice(entry=entry, topic=topic, created_at=entry.created_at)
        for topic in topics_of(entry.object_type, obj, entry.territory_id)
    ]
