"""The partnership questionnaire: one answer per partner organisation and campaign,
which it may correct while the campaign is open."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.evaluation.models import Campaign, PartnershipAnswer
from maillage.territories.models import Organisation, Partnership

FIELDS = ("knowledge", "trust", "practices", "to_change")


@transaction.atomic
def answer_questionnaire(
    *,
    actor: Any,
    campaign: Campaign,
    organisation: Organisation,
    knowledge: int,
    trust: int,
    practices: int,
    to_change: str = "",
) -> PartnershipAnswer:
    if not campaign.is_open:
        raise ValidationError(_("La collecte de cette campagne est close."))
    if not Partnership.objects.filter(
        territory_id=campaign.territory_id, organisation=organisation
    ).exists():
        raise ValidationError(
            {"organisation": _("Cette organisation n’est pas partenaire du territoire.")}
        )
    answer = PartnershipAnswer.objects.filter(campaign=campaign, organisation=organisation).first()
    created = answer is None
    if answer is None:
        answer = PartnershipAnswer(campaign=campaign, organisation=organisation)
    before = audit.snapshot(answer, FIELDS)
    answer.knowledge, answer.trust, answer.practices = knowledge, trust, practices
    answer.to_change = to_change.strip()
    answer.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    answer.full_clean()
    answer.save()
    audit.record(
        actor=actor,
        action="partnership.answer",
        obj=answer,
        territory=campaign.territory,
        changes={} if created else audit.diff(before, audit.snapshot(answer, FIELDS)),
    )
    return answer
