"""Writes of the Conseil citoyen: mandates, draws by lot, avis, interpellations and the
naming of its members as moderators (docs/participation.md, « Conseil citoyen »)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import access, audit
from maillage.governance import services as governance
from maillage.governance.models import Body
from maillage.participation import draw as lot
from maillage.participation.access import is_council
from maillage.participation.models import (
    Avis,
    AvisState,
    College,
    CouncilMember,
    Draw,
    Interpellation,
    Moderator,
)
from maillage.participation.services.moderators import add_moderator


def _require(actor: Any, verb: str, body: Body) -> None:
    if not is_council(body):
        raise ValidationError({"body": _("Cette instance n’est pas un conseil citoyen.")})
    if not access.can(actor, verb, body):
        raise PermissionDenied


@transaction.atomic
def add_council_member(
    *,
    actor: Any,
    body: Body,
    college: str,
    display_name: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    user: Any = None,
    organisation: Any = None,
) -> CouncilMember:
    _require(actor, "manage_council", body)
    if (
        organisation is not None
        and not organisation.partnerships.filter(territory_id=body.territory_id).exists()
    ):
        raise ValidationError(
            {"organisation": _("Cette structure n’est pas partenaire de ce territoire.")}
        )
    member = CouncilMember(
        body=body,
        college=college,
        display_name=display_name.strip(),
        started_on=started_on,
        ended_on=ended_on,
        user=user,
        organisation=organisation,
    )
    member.full_clean()
    member.save()
    audit.record(actor=actor, action="council.member_add", obj=member, territory=body.territory)
    return member


@transaction.atomic
def end_council_member(*, actor: Any, member: CouncilMember, on: datetime.date) -> CouncilMember:
    """The mandate ends the day before ``on``; the row stays for the history."""
    _require(actor, "manage_council", member.body)
    if on <= member.started_on:
        raise ValidationError({"on": _("La fin du mandat doit suivre son début.")})
    member.ended_on = on
    member.full_clean()
    member.save(update_fields=["ended_on", "updated_at"])
    audit.record(
        actor=actor, action="council.member_end", obj=member, territory=member.body.territory
    )
    return member


@transaction.atomic
def run_draw(
    *,
    actor: Any,
    body: Body,
    source: str,
    public_value: str,
    seats: int,
    mandate_start: datetime.date,
    mandate_end: datetime.date | None = None,
    balance_by: str = "",
) -> Draw:
    """Draw the residents' college from ``source`` (lot.run), store what lets anyone check
    it, and open a mandate for each drawn line. Bad input changes nothing."""
    _require(actor, "manage_council", body)
    if mandate_end is not None and mandate_end <= mandate_start:
        raise ValidationError({"mandate_end": _("La fin du mandat doit suivre son début.")})
    outcome = lot.run(source, public_value=public_value, seats=seats, balance_by=balance_by)
    made = Draw(
        body=body,
        college=College.RESIDENTS,
        seats=seats,
        balance_by=balance_by,
        public_value=lot.normalise(public_value),
        list_hash=outcome.list_hash,
        seed=outcome.seed,
        algorithm=lot.ALGORITHM,
        candidates_count=outcome.candidates_count,
        result=outcome.drawn,
        mandate_start=mandate_start,
        mandate_end=mandate_end,
        created_by=actor,
    )
    made.full_clean()
    made.save()
    CouncilMember.objects.bulk_create(
        CouncilMember(
            body=body,
            college=College.RESIDENTS,
            display_name=str(line["nom"] or line["id"])[:80],
            started_on=mandate_start,
            ended_on=mandate_end,
            draw=made,
        )
        for line in outcome.drawn
    )
    audit.record(actor=actor, action="council.draw", obj=made, territory=body.territory)
    return made


@transaction.atomic
def create_avis(
    *,
    actor: Any,
    body: Body,
    action: Any,
    title: str,
    text: str,
    approved_on: datetime.date,
    publish: bool = False,
) -> Avis:
    _require(actor, "write_avis", body)
    if action.territory_id != body.territory_id or not access.can(actor, "view", action):
        raise ValidationError({"action": _("Choisissez une fiche action de ce territoire.")})
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("La date d’adoption ne peut pas être à venir.")})
    avis = Avis(
        body=body,
        action=action,
        title=title.strip(),
        text=text.strip(),
        approved_on=approved_on,
        author=actor,
        state=AvisState.PUBLISHED if publish else AvisState.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    avis.full_clean()
    avis.save()
    audit.record(actor=actor, action="avis.create", obj=avis, territory=body.territory)
    return avis


@transaction.atomic
def publish_avis(*, actor: Any, avis: Avis) -> Avis:
    if not access.can(actor, "publish", avis):
        raise PermissionDenied
    avis.state = AvisState.PUBLISHED
    avis.published_at = timezone.now()
    avis.save(update_fields=["state", "published_at", "updated_at"])
    audit.record(actor=actor, action="avis.publish", obj=avis, territory=avis.body.territory)
    return avis


def strategic_committees(body: Body) -> Any:
    """The bodies an interpellation may address: the territory's comités stratégiques."""
    return Body.objects.filter(
        territory_id=body.territory_id, kind=Body.Kind.STRATEGIC, is_archived=False
    ).order_by("name")


@transaction.atomic
def interpellate(
    *, actor: Any, body: Body, subject: str, text: str, target: Body | None = None
) -> Interpellation:
    """The Conseil's question becomes a subject of the comité stratégique's backlog
    (governance's ``propose_item``), with a link back to the interpellation."""
    _require(actor, "interpellate", body)
    committees = strategic_committees(body)
    if target is None:
        target = committees.first()
        if target is None:
            raise ValidationError(
                {"target": _("Ce territoire n’a pas de comité stratégique à interpeller.")}
            )
    elif not committees.filter(pk=target.pk).exists():
        raise ValidationError({"target": _("Choisissez un comité stratégique de ce territoire.")})
    interpellation = Interpellation(
        body=body, target=target, subject=subject.strip(), text=text.strip(), author=actor
    )
    interpellation.full_clean()
    interpellation.save()
    link = reverse(
        "participation:interpellation",
        kwargs={"territory_slug": body.territory.slug, "pk": interpellation.pk},
    )
    interpellation.item = governance.propose_item(
        actor=actor,
        body=target,
        title=(
            _("Interpellation du %(council)s : %(subject)s")
            % {"council": body.label, "subject": interpellation.subject}
        )[:255],
        description=f"{interpellation.text}\n\n{_('Interpellation complète :')} {link}",
    )
    interpellation.save(update_fields=["item", "updated_at"])
    audit.record(
        actor=actor, action="interpellation.create", obj=interpellation, territory=body.territory
    )
    return interpellation


def name_moderator(*, actor: Any, member: CouncilMember) -> Moderator:
    """A current member of the Conseil, with an account, moderates the residents'
    contributions of the territory."""
    _require(actor, "manage_council", member.body)
    if member.user_id is None or not member.is_current():
        raise ValidationError(
            {"member": _("Seul un membre en mandat, avec un compte, peut modérer.")}
        )
    return add_moderator(actor=actor, territory=member.body.territory, user=member.user)
