"""Notifications: what a person follows, what happened to it, and how they hear of it.

A ``Notice`` ties an audit entry (``core.AuditEntry``: who did what to which object) to
each topic the object concerns (``territory:3``, ``body:12``, ``action:7``,
``organisation:5``, ``thematique:famille``). A person's notifications are the notices of
the topics they follow — read again, at display and at sending time, through the access
engine, so that nobody hears of what they may no longer see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Un e-mail à chaque nouveauté")
    DAILY = "daily", _("Un résumé par jour")
    WEEKLY = "weekly", _("Un résumé par semaine")
    NEVER = "never", _("Aucun e-mail (centre de notifications seulement)")


class TopicKind(models.TextChoices):
    TERRITORY = "territory", _("Territoire")
    ACTION = "action", _("Fiche action")
    BODY = "body", _("Instance")
    ORGANISATION = "organisation", _("Organisation")
    THEMATIQUE = "thematique", _("Thématique")


class NotificationSettings(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    frequency = models.CharField(
        _("e-mails"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    # Notices up to this moment were sent (the last digest, or the last immediate e-mail).
    sent_until = models.DateTimeField(_("envoyé jusqu’au"), null=True, blank=True)
    # Notices up to this moment were seen in the notification centre.
    read_until = models.DateTimeField(_("lu jusqu’au"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réglages des notifications")
        verbose_name_plural = _("réglages des notifications")
        indexes = [models.Index(fields=["frequency"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_frequency_display()}"


class Follow(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("objet suivi"), max_length=16, choices=TopicKind.choices)
    # The followed object's id, or the thématique's value.
    target = models.CharField(_("cible"), max_length=120)
    label = models.CharField(_("libellé"), max_length=255)
    topic = models.CharField(max_length=140, editable=False)

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["user", "territory", "topic"], name="follow_unique")
        ]
        indexes = [models.Index(fields=["topic"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.label}"

    def save(self, *args, **kwargs) -> None:
        self.topic = topic_key(self.kind, self.target)
        super().save(*args, **kwargs)


def topic_key(kind: str, target: object) -> str:
    return f"{kind}:{target}"


class Notice(models.Model):
    entry = models.ForeignKey("core.AuditEntry", on_delete=models.CASCADE, related_name="notices")
    topic = models.CharField(max_length=140)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("nouveauté")
        verbose_name_plural = _("nouveautés")
        constraints = [models.UniqueConstraint(fields=["entry", "topic"], name="notice_unique")]
        indexes = [models.Index(fields=["topic", "created_at"])]

    def __str__(self) -> str:
        return f"{self.topic}: {self.entry_id}"


class DigestRun(models.Model):
    """One daily or weekly run of the digests: the window of notices it covered and what
    it sent. The next run starts where the last finished one ended."""

    frequency = models.CharField(_("rythme"), max_length=10, choices=Frequency.choices)
    window_start = models.DateTimeField(_("depuis"))
    window_end = models.DateTimeField(_("jusqu’à"))
    started_at = models.DateTimeField(_("commencé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    people = models.PositiveIntegerField(_("personnes examinées"), default=0)
    emails = models.PositiveIntegerField(_("e-mails envoyés"), default=0)

    class Meta:
        verbose_name = _("envoi des résumés")
        verbose_name_plural = _("envois des résumés")
        ordering = ["-window_end"]
        indexes = [models.Index(fields=["frequency", "-window_end"])]

    def __str__(self) -> str:
        return f"{self.frequency} {self.window_start:%Y-%m-%d %H:%M} → {self.window_end:%Y-%m-%d %H:%M}"
