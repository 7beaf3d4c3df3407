"""Essaimage (docs/programme.md): a fiche action offered to the other territories as a
fiche inspirante, copied by another territory as a draft with attribution, withdrawn by
those who offered it. Each write checks the access engine, validates and writes one audit
entry (a copy writes two: the new fiche's, and the reuse on the model)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import access, audit
from maillage.core.roles import Visibility
from maillage.programme.models import Action, InspiringModel, Objective
from maillage.programme.services.actions import create_action

# What offering records and compares.
MODEL_FIELDS = ("summary", "resources", "contacts", "results", "visibility", "withdrawn_at")

# What a copy takes from the original fiche: its content, never its people, organisations,
# places, money, dates, milestones, indicators, journal, documents or history.
COPIED_FIELDS = ("title", "summary", "constat", "goals", "public_precision")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def offer_as_model(
    actor: Any,
    action: Action,
    *,
    summary: str,
    resources: str,
    contacts: str,
    results: str,
    visibility: str,
) -> InspiringModel:
    """Offer ``action`` as a fiche inspirante, or update its model (a withdrawn one is
    offered again). The pilot organisations' people and the territory's coordinators
    may; a fiche kept to named organisations (restricted) may not be offered."""
    if action.visibility == Visibility.RESTRICTED:
        raise ValidationError(
            _(
                "Cette fiche est réservée à des organisations nommées : elle ne peut pas "
                "être proposée aux autres territoires."
            )
        )
    if not access.can(actor, "offer_model", action):
        raise PermissionDenied
    model = InspiringModel.objects.filter(action=action).first()
    now = timezone.now()
    if model is None:
        before: dict[str, Any] = {}
        verb = "inspiring_model.offer"
        model = InspiringModel(action=action, offered_at=now, offered_by=_user(actor))
    else:
        before = audit.snapshot(model, MODEL_FIELDS)
        verb = "inspiring_model.update"
        if model.withdrawn_at is not None:
            verb = "inspiring_model.offer"
            model.withdrawn_at = None
            model.offered_at = now
            model.offered_by = _user(actor)
    model.action = action
    model.summary = (summary or "").strip()
    model.resources = (resources or "").strip()
    model.contacts = (contacts or "").strip()
    model.results = (results or "").strip()
    model.visibility = visibility
    model.full_clean()
    model.save()
    audit.record(
        actor=actor,
        action=verb,
        obj=model,
        territory=action.territory,
        changes=audit.diff(before, audit.snapshot(model, MODEL_FIELDS)),
    )
    return model


@transaction.atomic
def withdraw_model(actor: Any, model: InspiringModel) -> None:
    """No longer offer the model: it leaves the catalogue; the fiches already copied from
    it keep their attribution."""
    if model.withdrawn_at is not None:
        raise ValidationError(_("Cette fiche inspirante est déjà retirée."))
    if not access.can(actor, "withdraw", model):
        raise PermissionDenied
    before = audit.snapshot(model, MODEL_FIELDS)
    model.withdrawn_at = timezone.now()
    model.save(update_fields=["withdrawn_at", "updated_at"])
    audit.record(
        actor=actor,
        action="inspiring_model.withdraw",
        obj=model,
        territory=model.action.territory,
        changes=audit.diff(before, audit.snapshot(model, MODEL_FIELDS)),
    )


@transaction.atomic
def copy_model(actor: Any, model: InspiringModel, *, objective: Objective | None) -> Action:
    """A draft fiche in ``objective``'s territory with the model's content (title,
    summary, constat, goals, publics) and its attribution, kept to the territory's
    coordinators (visibility ``members``, no pilot yet) until they open it."""
    source = model.action
    if model.withdrawn_at is not None:
        raise ValidationError(
            _("Cette fiche inspirante a été retirée : elle ne peut plus être reprise.")
        )
    if source.visibility == Visibility.RESTRICTED:
        raise ValidationError(
            _("La fiche d’origine n’est plus partagée : elle ne peut pas être reprise.")
        )
    if not access.can(actor, "copy", model):
        raise PermissionDenied
    if objective is None:
        raise ValidationError(
            {"objective": _("Choisissez l’objectif de votre territoire où ranger la fiche.")}
        )
    territory = objective.axis.territory
    if territory.pk == source.territory_id:
        raise ValidationError(
            {
                "objective": _(
                    "Cette fiche vient déjà de %s : une fiche inspirante se reprend dans un "
                    "autre territoire."
                )
                % territory.name
            }
        )
    if not access.can(actor, "create_action", territory):
        raise ValidationError(
            {"objective": _("Vous ne pouvez pas créer de fiche action à %s.") % territory.name}
        )
    earlier = Action.objects.filter(territory=territory, inspired_by=model).first()
    if earlier is not None:
        raise ValidationError(
            {
                "objective": _("%(territory)s a déjà repris cette fiche : « %(code)s %(title)s ».")
                % {"territory": territory.name, "code": earlier.code, "title": earlier.title}
            }
        )
    copy = create_action(
        actor=actor,
        territory=territory,
        objective=objective,
        status=Action.Status.IDEA,
        visibility=Visibility.MEMBERS,
        publics=list(source.publics.values_list("public", flat=True)),
        inspired_by=model,
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    audit.record(
        actor=actor,
        action="inspiring_model.copy",
        obj=model,
        territory=source.territory,
        # The territory only: the copy itself is a draft its readers may not see.
        changes={"reused_by": [None, territory.name]},
    )
    return copy
