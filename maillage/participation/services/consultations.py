"""Consultations: the coordinators write and open them, residents answer (online, or with a
professional's help), moderators read the written answers before they are published."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.core import access, audit
from maillage.participation.models import (
    Answer,
    Consultation,
    ConsultationState,
    ModerationReason,
    Option,
    Origin,
    Question,
    QuestionKind,
    Response,
    TextModeration,
)

TEXT_MAX = 1000
_META = ["title", "description", "opens_on", "closes_on", "anonymous"]


def _check_dates(opens_on: Any, closes_on: Any) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError(
            {"closes_on": _("La date de clôture doit venir après la date d’ouverture.")}
        )


def _check_quartiers(territory: Any, quartiers: Iterable[Any]) -> list[Any]:
    chosen = list(quartiers)
    if any(q.territory_id != territory.pk for q in chosen):
        raise ValidationError({"quartiers": _("Ce quartier n’est pas dans ce territoire.")})
    return chosen


@transaction.atomic
def create_consultation(
    *,
    actor: Any,
    territory: Any,
    title: str,
    opens_on: Any,
    closes_on: Any,
    description: str = "",
    quartiers: Iterable[Any] = (),
    anonymous: bool = False,
) -> Consultation:
    """A draft: only the coordinators see it until it is opened."""
    if not access.can(actor, "create_consultation", territory):
        raise PermissionDenied
    _check_dates(opens_on, closes_on)
    chosen = _check_quartiers(territory, quartiers)
    consultation = Consultation(
        territory=territory,
        title=title.strip(),
        description=description.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        created_by=actor,
    )
    consultation.full_clean()
    consultation.save()
    consultation.quartiers.set(chosen)
    audit.record(actor=actor, action="consultation.create", obj=consultation, territory=territory)
    return consultation


@transaction.atomic
def update_consultation(
    *,
    actor: Any,
    consultation: Consultation,
    title: str,
    opens_on: Any,
    closes_on: Any,
    description: str = "",
    quartiers: Iterable[Any] = (),
    anonymous: bool = False,
) -> Consultation:
    """Title, text, dates and quartiers at any time; anonymous or signed only in draft
    (answers already taken would change their nature)."""
    if not access.can(actor, "manage", consultation):
        raise PermissionDenied
    if consultation.state != ConsultationState.DRAFT and anonymous != consultation.anonymous:
        raise ValidationError(
            {"anonymous": _("Une consultation ouverte ne peut plus passer d’anonyme à nominative.")}
        )
    _check_dates(opens_on, closes_on)
    chosen = _check_quartiers(consultation.territory, quartiers)
    before = audit.snapshot(consultation, _META)
    consultation.title = title.strip()
    consultation.description = description.strip()
    consultation.opens_on = opens_on
    consultation.closes_on = closes_on
    consultation.anonymous = anonymous
    consultation.full_clean()
    consultation.save()
    consultation.quartiers.set(chosen)
    audit.record(
        actor=actor,
        action="consultation.update",
        obj=consultation,
        territory=consultation.territory,
        changes=audit.diff(before, audit.snapshot(consultation, _META)),
    )
    return consultation


@transaction.atomic
def add_question(
    *,
    actor: Any,
    consultation: Consultation,
    kind: str,
    label: str,
    help_text: str = "",
    required: bool = False,
    options: Sequence[str] = (),
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
) -> Question:
    """A question, only while the consultation is a draft. Choices need two options at
    least; a scale goes from 0 or 1 up to 10 at most."""
    if not access.can(actor, "manage", consultation):
        raise PermissionDenied
    if consultation.state != ConsultationState.DRAFT:
        raise ValidationError(_("Les questions ne changent plus une fois la consultation ouverte."))
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choisissez un type de question.")})
    cleaned = [o.strip() for o in options if o.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(cleaned) < 2:
            raise ValidationError({"options": _("Donnez au moins deux choix, un par ligne.")})
        if len(set(cleaned)) != len(cleaned):
            raise ValidationError({"options": _("Deux choix sont identiques.")})
        if len(cleaned) > 30:
            raise ValidationError({"options": _("Trente choix au plus.")})
    if kind == QuestionKind.SCALE and not (0 <= scale_min < scale_max <= 10):
        raise ValidationError(
            {"scale_max": _("L’échelle va de 0 ou 1 jusqu’à 10 au plus, en montant.")}
        )
    position = consultation.questions.count() + 1
    question = Question(
        consultation=consultation,
        position=position,
        kind=kind,
        label=label.strip(),
        help_text=help_text.strip(),
        required=required,
        scale_min=scale_min if kind == QuestionKind.SCALE else 1,
        scale_max=scale_max if kind == QuestionKind.SCALE else 5,
        scale_min_label=scale_min_label.strip() if kind == QuestionKind.SCALE else "",
        scale_max_label=scale_max_label.strip() if kind == QuestionKind.SCALE else "",
    )
    question.full_clean()
    question.save()
    if question.has_options:
        Option.objects.bulk_create(
            [Option(question=question, position=i, label=text) for i, text in enumerate(cleaned)]
        )
    audit.record(
        actor=actor,
        action="consultation.question_add",
        obj=consultation,
        territory=consultation.territory,
    )
    return question


@transaction.atomic
def delete_question(*, actor: Any, question: Question) -> None:
    consultation = question.consultation
    if not access.can(actor, "manage", consultation):
        raise PermissionDenied
    if consultation.state != ConsultationState.DRAFT:
        raise ValidationError(_("Les questions ne changent plus une fois la consultation ouverte."))
    question.delete()
    audit.record(
        actor=actor,
        action="consultation.question_delete",
        obj=consultation,
        territory=consultation.territory,
    )


STATE_ACTIONS = ("open", "close", "reopen", "publish_results", "unpublish_results")


@transaction.atomic
def change_state(*, actor: Any, consultation: Consultation, action: str) -> Consultation:
    """Open a draft (it needs a question), close it, open it again, publish or withdraw its
    results."""
    if not access.can(actor, "manage", consultation):
        raise PermissionDenied
    if action not in STATE_ACTIONS:
        raise ValidationError(_("Action inconnue."))
    before = audit.snapshot(consultation, ["state", "results_published"])
    if action == "open":
        if consultation.state != ConsultationState.DRAFT:
            raise ValidationError(_("Cette consultation est déjà ouverte ou close."))
        if not consultation.questions.exists():
            raise ValidationError(_("Ajoutez au moins une question avant d’ouvrir."))
        consultation.state = ConsultationState.OPEN
    elif action == "close":
        if consultation.state != ConsultationState.OPEN:
            raise ValidationError(_("Seule une consultation ouverte peut être close."))
        consultation.state = ConsultationState.CLOSED
    elif action == "reopen":
        if consultation.state != ConsultationState.CLOSED:
            raise ValidationError(_("Seule une consultation close peut être rouverte."))
        consultation.state = ConsultationState.OPEN
    elif action == "publish_results":
        if consultation.state == ConsultationState.DRAFT:
            raise ValidationError(_("Un brouillon n’a pas de résultats à publier."))
        consultation.results_published = True
    else:
        consultation.results_published = False
    consultation.save()
    audit.record(
        actor=actor,
        action="consultation.state",
        obj=consultation,
        territory=consultation.territory,
        changes=audit.diff(before, audit.snapshot(consultation, ["state", "results_published"])),
    )
    return consultation


# --------------------------------------------------------------------------- answering


def session_hash(consultation: Consultation, key: str) -> str:
    """What an anonymous answer keeps of who sent it: a keyed hash of the browser session
    (or of the account, for a signed-in person), specific to the consultation."""
    message = f"{consultation.pk}:{key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def closed_message(consultation: Consultation) -> str:
    if consultation.state == ConsultationState.CLOSED:
        return str(_("Cette consultation est close. Merci de votre intérêt."))
    return str(
        _("Cette consultation prend les réponses du %(start)s au %(end)s.")
        % {
            "start": formats.date_format(consultation.opens_on, "j F Y"),
            "end": formats.date_format(consultation.closes_on, "j F Y"),
        }
    )


def _parse(question: Question, raw: Any, options: Mapping[int, Option]) -> list[Answer]:
    """The answer rows of one question from what was sent, or a French message."""
    field = f"q{question.pk}"
    if question.kind == QuestionKind.TEXT:
        text = (raw or "").strip() if isinstance(raw, str) else ""
        if len(text) > TEXT_MAX:
            raise ValidationError({field: _("1 000 caractères au plus.")})
        return (
            [Answer(question=question, text=text, moderation=TextModeration.PENDING)]
            if text
            else []
        )
    if question.kind == QuestionKind.SCALE:
        if raw in (None, ""):
            return []
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValidationError({field: _("Choisissez une note de l’échelle.")}) from None
        if not question.scale_min <= value <= question.scale_max:
            raise ValidationError({field: _("Choisissez une note de l’échelle.")})
        return [Answer(question=question, value=value)]
    chosen = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
    try:
        ids = {int(v) for v in chosen}
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choisissez dans la liste.")}) from None
    if any(i not in options or options[i].question_id != question.pk for i in ids):
        raise ValidationError({field: _("Choisissez dans la liste.")})
    if question.kind == QuestionKind.SINGLE and len(ids) > 1:
        raise ValidationError({field: _("Un seul choix pour cette question.")})
    return [Answer(question=question, option=options[i]) for i in sorted(ids)]


@transaction.atomic
def submit_response(
    *,
    actor: Any,
    consultation: Consultation,
    answers: Mapping[int, Any],
    quartier: Any = None,
    session_key: str = "",
    assisted: bool = False,
    origin: str = Origin.WEB,
    entered_for: Any = None,
    consent: bool = False,
) -> Response:
    """Record one person's answers. ``answers`` maps a question id to an option id, a list
    of option ids, a note or a text. The dates are checked first; a signed consultation
    takes one answer per account, which its author may change until the closing date; an
    anonymous one takes one per browser session (``session_key``) or account. With
    ``assisted``, a partner professional enters a resident's answers, with their consent,
    as a new response carrying the origin. Written answers wait for moderation."""
    territory = consultation.territory
    if assisted:
        if not access.can(actor, "assist", consultation):
            raise PermissionDenied
    elif not access.can(actor, "answer", consultation):
        raise PermissionDenied
    if not consultation.accepts_answers():
        raise ValidationError(closed_message(consultation))
    if assisted:
        if not consent:
            raise ValidationError(
                {"consent": _("Il faut l’accord de l’habitant·e pour saisir à sa place.")}
            )
        if origin not in Origin.values or origin == Origin.WEB:
            raise ValidationError({"origin": _("Dites où la réponse a été recueillie.")})
        if (
            entered_for is not None
            and not entered_for.memberships.filter(user_id=actor.pk, territory=territory).exists()
        ):
            raise ValidationError(
                {"entered_for": _("Vous ne faites pas partie de cette structure ici.")}
            )
    if quartier is not None:
        allowed = list(consultation.quartiers.all()) or None
        if quartier.territory_id != territory.pk or (
            allowed is not None and quartier not in allowed
        ):
            raise ValidationError({"quartier": _("Ce quartier n’est pas concerné.")})
    questions = list(consultation.questions.all())
    options = {o.pk: o for o in Option.objects.filter(question__consultation=consultation)}
    rows: list[Answer] = []
    for question in questions:
        parsed = _parse(question, answers.get(question.pk), options)
        if question.required and not parsed:
            raise ValidationError({f"q{question.pk}": _("Répondez à cette question.")})
        rows.extend(parsed)
    if not rows:
        raise ValidationError(_("Répondez au moins à une question."))

    response: Response | None = None
    if assisted:
        response = Response(
            consultation=consultation,
            origin=origin,
            entered_by=actor,
            entered_for=entered_for,
            consent_given_at=timezone.now(),
        )
    elif consultation.anonymous:
        key = f"user:{actor.pk}" if getattr(actor, "is_authenticated", False) else session_key
        if not key:
            raise ValidationError(_("Votre navigateur doit accepter les cookies pour répondre."))
        response = Response(consultation=consultation, session_hash=session_hash(consultation, key))
    else:
        response = Response.objects.filter(consultation=consultation, respondent=actor).first()
        if response is None:
            response = Response(consultation=consultation, respondent=actor)
    editing = response.pk is not None
    previous: dict[int, tuple[str, str]] = {}
    if editing:
        previous = {
            a.question_id: (a.text, a.moderation)
            for a in response.answers.filter(question__kind=QuestionKind.TEXT)
        }
        response.answers.all().delete()
    response.quartier = quartier
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(
            _("Vous avez déjà répondu depuis ce navigateur.")
            if consultation.anonymous
            else _("Vous avez déjà répondu à cette consultation.")
        ) from None
    for row in rows:
        row.response = response
        # A text sent again unchanged keeps its moderation; a changed one is read again.
        if (
            row.question.kind == QuestionKind.TEXT
            and previous.get(row.question_id, ("", ""))[0] == row.text
        ):
            row.moderation = previous[row.question_id][1]
    Answer.objects.bulk_create(rows)
    audit.record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="consultation.answer_update" if editing else "consultation.answer",
        obj=consultation,
        territory=territory,
    )
    return response


@transaction.atomic
def moderate_answer(*, actor: Any, answer: Answer, decision: str, reason: str = "") -> Answer:
    """Publish, refuse or hide a written answer (reasons from the contributions' list)."""
    consultation = answer.question.consultation
    if not access.can(actor, "moderate", consultation):
        raise PermissionDenied
    if answer.question.kind != QuestionKind.TEXT:
        raise ValidationError(_("Seules les réponses écrites sont relues."))
    if decision not in TextModeration.values or decision == TextModeration.PENDING:
        raise ValidationError({"decision": _("Choisissez une décision.")})
    if decision != TextModeration.PUBLISHED and reason not in ModerationReason.values:
        raise ValidationError({"reason": _("Choisissez un motif dans la liste.")})
    before = audit.snapshot(answer, ["moderation", "moderation_reason"])
    answer.moderation = decision
    answer.moderation_reason = "" if decision == TextModeration.PUBLISHED else reason
    answer.moderated_by = actor
    answer.moderated_at = timezone.now()
    answer.save()
    audit.record(
        actor=actor,
        action="consultation.moderate",
        obj=consultation,
        territory=consultation.territory,
        changes=audit.diff(before, audit.snapshot(answer, ["moderation", "moderation_reason"])),
    )
    return answer
