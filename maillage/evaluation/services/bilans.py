"""Writes of bilans: the pilots write (each save a version) and submit, the partners
comment and co-sign, the coordinators validate or send back."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.evaluation.models import TEXT_FIELDS, Bilan, BilanComment, BilanVersion, Campaign
from maillage.evaluation.selectors.bilans import prefill
from maillage.territories.models import Organisation

WRITABLE = (*TEXT_FIELDS, "follow_up", "rating", "answers")


def _check_open(bilan: Bilan) -> None:
    if not bilan.campaign.is_open:
        raise ValidationError(_("La collecte de cette campagne est close."))


def _clean_answers(campaign: Campaign, answers: dict[str, str]) -> dict[str, str]:
    keys = {q["key"] for q in campaign.questions or []}
    unknown = set(answers) - keys
    if unknown:
        raise ValidationError({"answers": _("Cette question n’est pas dans la grille.")})
    return {k: v.strip() for k, v in answers.items() if v and v.strip()}


def _version(bilan: Bilan, actor: Any) -> None:
    bilan.version += 1
    bilan.save()
    BilanVersion.objects.create(
        bilan=bilan,
        number=bilan.version,
        state=bilan.state,
        data=bilan.content(),
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def save_bilan(
    *, actor: Any, bilan: Bilan, means_used: list[str] | None = None, **fields: Any
) -> Bilan:
    """Write the bilan (a new version each time). The first write fills the indicators
    and means from the programme."""
    _check_open(bilan)
    if not bilan.is_writable:
        raise ValidationError(_("Ce bilan est soumis ou validé : il ne se modifie plus."))
    before = audit.snapshot(bilan, WRITABLE)
    if bilan.version == 0:
        bilan.indicators, bilan.means = prefill(bilan.action, bilan.campaign.year)
    for name, value in fields.items():
        if name not in WRITABLE:
            raise TypeError(name)
        if name == "answers":
            value = _clean_answers(bilan.campaign, value or {})
        setattr(bilan, name, value)
    if means_used is not None:
        means = [dict(m) for m in bilan.means]
        for line, used in zip(means, means_used, strict=False):
            line["used"] = (used or "").strip()[:60]
        bilan.means = means
    if bilan.state == Bilan.State.TODO:
        bilan.state = Bilan.State.DRAFT
    bilan.author = actor if getattr(actor, "is_authenticated", False) else bilan.author
    bilan.full_clean()
    _version(bilan, actor)
    audit.record(
        actor=actor,
        action="bilan.save",
        obj=bilan,
        territory=bilan.campaign.territory,
        changes=audit.diff(before, audit.snapshot(bilan, WRITABLE)),
    )
    return bilan


@transaction.atomic
def submit_bilan(*, actor: Any, bilan: Bilan, today: datetime.date | None = None) -> Bilan:
    """Hand the bilan to the coordination. After the campaign's deadline it is refused or
    flagged late, as the campaign says."""
    _check_open(bilan)
    if not bilan.is_writable or bilan.state == Bilan.State.TODO:
        raise ValidationError(_("Seul un bilan rédigé et non soumis peut être soumis."))
    missing = []
    if not bilan.achievements.strip():
        missing.append(_("les réalisations"))
    if not bilan.follow_up:
        missing.append(_("la suite proposée"))
    if bilan.rating is None:
        missing.append(_("l’appréciation de l’avancement"))
    if missing:
        raise ValidationError(
            _("Avant de soumettre le bilan, complétez : %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    today = today or timezone.localdate()
    campaign = bilan.campaign
    late = today > campaign.bilans_due_on
    if late and campaign.late_policy == Campaign.LatePolicy.REFUSE:
        raise ValidationError(
            _(
                "La date limite de remise des bilans (%(date)s) est passée : le bilan ne peut plus être soumis."
            )
            % {"date": campaign.bilans_due_on.strftime("%d/%m/%Y")}
        )
    bilan.state = Bilan.State.SUBMITTED
    bilan.submitted_at = timezone.now()
    bilan.submitted_late = late
    bilan.returned_reason = ""
    _version(bilan, actor)
    audit.record(
        actor=actor,
        action="bilan.submit",
        obj=bilan,
        territory=campaign.territory,
        changes={"state": [None, bilan.state], "submitted_late": [None, late]},
    )
    return bilan


@transaction.atomic
def validate_bilan(*, actor: Any, bilan: Bilan) -> Bilan:
    _check_open(bilan)
    if bilan.state != Bilan.State.SUBMITTED:
        raise ValidationError(_("Seul un bilan soumis peut être validé."))
    bilan.state = Bilan.State.VALIDATED
    bilan.validated_at = timezone.now()
    bilan.save()
    audit.record(
        actor=actor,
        action="bilan.validate",
        obj=bilan,
        territory=bilan.campaign.territory,
        changes={"state": [Bilan.State.SUBMITTED, bilan.state]},
    )
    return bilan


@transaction.atomic
def return_bilan(*, actor: Any, bilan: Bilan, reason: str) -> Bilan:
    _check_open(bilan)
    if bilan.state != Bilan.State.SUBMITTED:
        raise ValidationError(_("Seul un bilan soumis peut être renvoyé."))
    if not reason.strip():
        raise ValidationError({"reason": _("Dites aux pilotes ce qu’il faut reprendre.")})
    bilan.state = Bilan.State.RETURNED
    bilan.returned_reason = reason.strip()
    bilan.save()
    audit.record(
        actor=actor,
        action="bilan.return",
        obj=bilan,
        territory=bilan.campaign.territory,
        changes={"state": [Bilan.State.SUBMITTED, bilan.state], "returned_reason": [None, reason]},
    )
    return bilan


@transaction.atomic
def comment_bilan(
    *, actor: Any, bilan: Bilan, organisation: Organisation, text: str, cosigned: bool = False
) -> BilanComment:
    """A partner organisation of the fiche comments the bilan, co-signs it, or both."""
    _check_open(bilan)
    partners = set(bilan.action.partner_links.values_list("organisation_id", flat=True))
    if organisation.pk not in partners:
        raise ValidationError(
            {"organisation": _("Cette organisation n’est pas partenaire de la fiche.")}
        )
    if not text.strip() and not cosigned:
        raise ValidationError({"text": _("Écrivez un commentaire ou cosignez le bilan.")})
    comment = BilanComment(
        bilan=bilan,
        organisation=organisation,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        text=text.strip(),
        cosigned=cosigned,
    )
    comment.full_clean()
    comment.save()
    audit.record(
        actor=actor,
        action="bilan.comment",
        obj=bilan,
        territory=bilan.campaign.territory,
        changes={"organisation": [None, organisation.name], "cosigned": [None, cosigned]},
    )
    return comment
