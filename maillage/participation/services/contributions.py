from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import access, audit
from maillage.participation.models import (
    Contribution,
    ModerationReason,
    ModerationState,
    Origin,
    Status,
    Support,
)
from maillage.participation.photos import clean_photo
from maillage.participation.services.translations import (
    outdate_translations,
    request_machine_translation,
)


@transaction.atomic
def create_contribution(
    *,
    actor: Any,
    territory: Any,
    kind: str,
    category: str,
    title: str,
    text: str,
    display_name: str,
    quartier: Any = None,
    origin: str = Origin.WEB,
    assisted: bool = False,
    entered_for: Any = None,
    consent: bool = False,
    photo: Any = None,
) -> Contribution:
    """A resident's contribution, always waiting for moderation. With ``assisted``, a
    partner professional enters it for a resident who gave their consent; it then has no
    author account and carries the origin of the meeting (permanence, atelier…)."""
    if assisted:
        if not access.can(actor, "assist_contribution", territory):
            raise PermissionDenied
        if not consent:
            raise ValidationError(
                {"consent": _("Il faut l’accord de l’habitant·e pour saisir à sa place.")}
            )
        if origin == Origin.WEB:
            raise ValidationError({"origin": _("Dites où la contribution a été recueillie.")})
        if (
            entered_for is not None
            and not entered_for.memberships.filter(user_id=actor.pk, territory=territory).exists()
        ):
            raise ValidationError(
                {"entered_for": _("Vous ne faites pas partie de cette structure ici.")}
            )
    elif not access.can(actor, "contribute", territory):
        raise PermissionDenied
    contribution = Contribution(
        territory=territory,
        kind=kind,
        category=category,
        quartier=quartier,
        title=title.strip(),
        text=text.strip(),
        display_name=display_name.strip(),
        author=None if assisted else actor,
        origin=origin if assisted else Origin.WEB,
        entered_by=actor if assisted else None,
        entered_for=entered_for if assisted else None,
        consent_given_at=timezone.now() if assisted else None,
    )
    if photo:
        contribution.photo = clean_photo(photo)
    contribution.full_clean()
    contribution.save()
    audit.record(actor=actor, action="contribution.create", obj=contribution, territory=territory)
    return contribution


@transaction.atomic
def create_anonymous_contribution(
    *,
    territory: Any,
    kind: str,
    category: str,
    title: str,
    text: str,
    display_name: str = "",
    quartier: Any = None,
) -> Contribution:
    """A contribution from someone without an account, after the proof of work the view
    checked (participation/altcha.py). No author, no e-mail; always pending."""
    contribution = Contribution(
        territory=territory,
        kind=kind,
        category=category,
        quartier=quartier,
        title=title.strip(),
        text=text.strip(),
        display_name=display_name.strip() or _("Un·e habitant·e"),
        origin=Origin.WEB,
        moderation=ModerationState.PENDING,
    )
    contribution.full_clean()
    contribution.save()
    audit.record(
        actor=None, action="contribution.create_anonymous", obj=contribution, territory=territory
    )
    return contribution


@transaction.atomic
def moderate_contribution(
    *, actor: Any, contribution: Contribution, decision: str, reason: str = ""
) -> Contribution:
    """Publish, refuse (with a reason from the list, sent to the author) or hide."""
    if not access.can(actor, "moderate", contribution):
        raise PermissionDenied
    if decision not in ModerationState.values or decision == ModerationState.PENDING:
        raise ValidationError({"decision": _("Choisissez une décision.")})
    if decision != ModerationState.PUBLISHED and reason not in ModerationReason.values:
        raise ValidationError({"reason": _("Choisissez un motif dans la liste.")})
    if decision == ModerationState.PUBLISHED:
        reason = ""
    before = audit.snapshot(contribution, ["moderation", "moderation_reason"])
    contribution.moderation = decision
    contribution.moderation_reason = reason
    contribution.moderated_by = actor
    contribution.moderated_at = timezone.now()
    if decision != ModerationState.PUBLISHED:
        contribution.status = Status.RECEIVED
    contribution.full_clean()
    contribution.save()
    audit.record(
        actor=actor,
        action="contribution.moderate",
        obj=contribution,
        territory=contribution.territory,
        changes=audit.diff(
            before, audit.snapshot(contribution, ["moderation", "moderation_reason"])
        ),
    )
    if decision == ModerationState.PUBLISHED:
        request_machine_translation(obj=contribution)
    author = contribution.author
    if decision == ModerationState.REFUSED and author is not None and author.email:
        message = _(
            "Bonjour,\n\nVotre message « %(title)s » n’est pas publié.\n"
            "Pourquoi : %(reason)s.\n\nVous pouvez écrire un nouveau message.\n"
        ) % {"title": contribution.title, "reason": contribution.get_moderation_reason_display()}
        subject = _("Votre message n’est pas publié")
        email = author.email
        transaction.on_commit(
            lambda: send_mail(subject, message, None, [email], fail_silently=True)
        )
    return contribution


@transaction.atomic
def answer_contribution(
    *,
    actor: Any,
    contribution: Contribution,
    status: str,
    answer: str,
    body: Any = None,
    action: Any = None,
    signal: Any = None,
) -> Contribution:
    """The official answer: a status, a text, and the body, the fiche action or the watch
    signal that took the contribution up."""
    if not access.can(actor, "answer", contribution):
        raise PermissionDenied
    if body is not None and not access.can(actor, "view", body):
        raise ValidationError({"body": _("Cette instance n’existe pas.")})
    if action is not None and not access.can(actor, "view", action):
        raise ValidationError({"action": _("Cette fiche action n’existe pas.")})
    if signal is not None and (
        signal.territory_id != contribution.territory_id or not access.can(actor, "view", signal)
    ):
        raise ValidationError({"signal": _("Ce signal n’existe pas.")})
    fields = ["status", "answer", "body", "action", "signal"]
    before = audit.snapshot(contribution, fields)
    contribution.status = status
    contribution.answer = answer.strip()
    contribution.body = body
    contribution.action = action
    contribution.signal = signal
    contribution.answered_by = actor
    contribution.answered_at = timezone.now()
    if status not in Status.values:
        raise ValidationError({"status": _("Choisissez une suite dans la liste.")})
    if status != Status.RECEIVED and not contribution.answer:
        raise ValidationError({"answer": _("Écrivez la réponse aux habitants.")})
    contribution.full_clean()
    contribution.save()
    audit.record(
        actor=actor,
        action="contribution.answer",
        obj=contribution,
        territory=contribution.territory,
        changes=audit.diff(before, audit.snapshot(contribution, fields)),
    )
    if before["answer"] != contribution.answer:
        outdate_translations(obj=contribution, fields=["answer"])
        request_machine_translation(obj=contribution)
    return contribution


def support_contribution(*, actor: Any, contribution: Contribution) -> Support:
    """ "Moi aussi": once per person (the database refuses a second one)."""
    if not access.can(actor, "support", contribution):
        raise PermissionDenied
    try:
        with transaction.atomic():
            support = Support(contribution=contribution, user=actor)
            support.save()
            Contribution.objects.filter(pk=contribution.pk).update(
                supports_count=F("supports_count") + 1
            )
            audit.record(
                actor=actor,
                action="contribution.support",
                obj=contribution,
                territory=contribution.territory,
            )
    except IntegrityError:
        raise ValidationError(_("Vous soutenez déjà cette contribution.")) from None
    contribution.refresh_from_db(fields=["supports_count"])
    return support
