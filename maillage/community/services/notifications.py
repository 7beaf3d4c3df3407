"""Writes of the notifications: follows, a person's e-mail rhythm, what they read, their
unsubscription (from a signed link, without signing in), and the record of each run of
the digests."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community.models import (
    DigestRun,
    Follow,
    Frequency,
    NotificationSettings,
    TopicKind,
    topic_key,
)
from maillage.core import access, audit
from maillage.network import vocab
from maillage.territories.models import Territory

UNSUBSCRIBE_SALT = "community.unsubscribe"


def _target(user: Any, territory: Territory, kind: str, target: str) -> tuple[str, str]:
    """The follow's normalised target and its label; a ValidationError when the target
    does not exist in the territory or is hidden from ``user``."""
    if kind == TopicKind.TERRITORY:
        return str(territory.pk), str(territory)
    if kind == TopicKind.THEMATIQUE:
        if not vocab.is_topic(target):
            raise ValidationError({"target": _("Cette thématique n’existe pas.")})
        label = vocab.label(vocab.Thematique, target) or vocab.label(vocab.Categorie, target)
        return target, label
    models: dict[str, tuple[str, str]] = {
        TopicKind.ACTION: ("programme.Action", "territory"),
        TopicKind.BODY: ("governance.Body", "territory"),
        TopicKind.ORGANISATION: ("territories.Organisation", "partnerships__territory"),
    }
    if kind not in models or not str(target).isdigit():
        raise ValidationError({"target": _("Cet élément ne peut pas être suivi.")})
    label, lookup = models[kind]
    queryset = apps.get_model(label)._default_manager.filter(**{lookup: territory}, pk=target)
    obj = access.visible(user, queryset).first()
    if obj is None:
        raise ValidationError({"target": _("Cet élément est introuvable dans ce territoire.")})
    return str(obj.pk), str(obj)[:255]


@transaction.atomic
def follow(*, actor: Any, territory: Territory, kind: str, target: str) -> Follow:
    if kind not in TopicKind.values:
        raise ValidationError({"kind": _("Ce type de suivi n’existe pas.")})
    value, label = _target(actor, territory, kind, str(target))
    existing = Follow.objects.filter(
        user=actor, territory=territory, topic=topic_key(kind, value)
    ).first()
    if existing is not None:
        return existing
    followed = Follow(user=actor, territory=territory, kind=kind, target=value, label=label)
    followed.full_clean(exclude=["topic"])
    followed.save()
    audit.record(
        actor=actor,
        action="follow.create",
        obj=followed,
        territory=territory,
        changes={"topic": [None, followed.topic]},
    )
    return followed


@transaction.atomic
def unfollow(*, actor: Any, follow: Follow) -> None:
    audit.record(
        actor=actor,
        action="follow.delete",
        obj=follow,
        territory=follow.territory,
        changes={"topic": [follow.topic, None]},
    )
    follow.delete()


def _settings_for(user: Any) -> NotificationSettings:
    found, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    return found


@transaction.atomic
def set_frequency(*, actor: Any, frequency: str) -> NotificationSettings:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choisissez un rythme proposé.")})
    current = _settings_for(actor)
    before = current.frequency
    current.frequency = frequency
    if frequency != Frequency.NEVER:
        current.unsubscribed_at = None
    current.full_clean()
    current.save()
    audit.record(
        actor=actor,
        action="notifications.settings",
        obj=current,
        changes={"frequency": [before, frequency]},
    )
    return current


@transaction.atomic
def mark_read(*, actor: Any, until: datetime.datetime | None = None) -> NotificationSettings:
    current = _settings_for(actor)
    current.read_until = until or timezone.now()
    current.save(update_fields=["read_until", "updated_at"])
    audit.record(actor=actor, action="notifications.read", obj=current)
    return current


# --------------------------------------------------------------------------- unsubscribe


def unsubscribe_token(user: Any) -> str:
    """The signed token of a person's one-click unsubscribe link (no expiry: a link in
    an old e-mail must still work; it can only stop e-mails)."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_token(token: str) -> Any:
    """The person a token was signed for, or None when it is forged or damaged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return get_user_model()._default_manager.filter(pk=data["u"], is_active=True).first()


@transaction.atomic
def unsubscribe(*, user: Any, via: str) -> NotificationSettings:
    """Stop every e-mail of the notifications (the centre still lists them). ``via`` says
    how: ``link`` (the page of the e-mail's link) or ``one-click`` (the mail client's
    List-Unsubscribe-Post). Audited as the person themselves."""
    current = _settings_for(user)
    before = current.frequency
    current.frequency = Frequency.NEVER
    current.unsubscribed_at = timezone.now()
    current.save(update_fields=["frequency", "unsubscribed_at", "updated_at"])
    audit.record(
        actor=user,
        action="notifications.unsubscribe",
        obj=current,
        changes={"frequency": [before, Frequency.NEVER], "via": [None, via]},
    )
    return current


# --------------------------------------------------------------------------- digests


def digest_window(
    *, frequency: str, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """A run covers the notices since the end of the last one (at most one period back
    for the first run, or after a long pause)."""
    period = datetime.timedelta(days=7 if frequency == Frequency.WEEKLY else 1)
    last = (
        DigestRun.objects.filter(frequency=frequency, finished_at__isnull=False)
        .order_by("-window_end")
        .values_list("window_end", flat=True)
        .first()
    )
    start = now - period
    if last is not None and start < last <= now:
        start = last
    return start, now


@transaction.atomic
def record_digest_run(
    *,
    frequency: str,
    window: tuple[datetime.datetime, datetime.datetime],
    people: int,
    emails: int,
) -> DigestRun:
    run = DigestRun.objects.create(
        frequency=frequency,
        window_start=window[0],
        window_end=window[1],
        people=people,
        emails=emails,
        finished_at=timezone.now(),
    )
    audit.record(
        actor=None,
        action="notifications.digest",
        obj=run,
        changes={"people": [None, people], "emails": [None, emails]},
    )
    return run
