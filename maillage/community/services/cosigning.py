"""Co-signing, shared by news, events and joint communications (docs/community.md).

The author names other partner organisations of the territory; each one is asked
(pending) and answers, approving or refusing, only in the name of its own organisation;
each answer is audited as ``<kind>.sign`` or ``<kind>.decline``. A change of the text
may ask them all again, and a joint communication is released once nobody is pending
any more."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community.models import Approval, Signatory
from maillage.community.services.common import raise_if
from maillage.core import access, audit
from maillage.territories.models import Organisation, Partnership, Territory

S = TypeVar("S", bound=Signatory)


def check_partners(territory: Territory, organisations: Iterable[Organisation]) -> None:
    """Only partner organisations of the territory may be asked to co-sign."""
    ids = {o.pk for o in organisations}
    known = set(
        Partnership.objects.filter(territory=territory, organisation_id__in=ids).values_list(
            "organisation_id", flat=True
        )
    )
    if ids - known:
        raise_if(
            {"cosigners": _("Seules les organisations partenaires du territoire peuvent cosigner.")}
        )


def request(
    owner: models.Model,
    relation: str,
    cosigners: Iterable[Organisation],
    *,
    territory: Territory,
    author_id: int,
    author_signs: bool = False,
) -> list[int]:
    """Ask ``cosigners`` (checked to be partners of ``territory``) to co-sign ``owner``,
    see :func:`sync_signatories`. The author's organisation is never asked, unless it
    signs too (a joint communication lists it among its signatories, see
    :func:`author_signs`). Answers the ids of the organisations newly asked."""
    cosigners = list(cosigners)
    check_partners(territory, cosigners)
    wanted = {o.pk for o in cosigners}
    return _sync(owner, relation, wanted | {author_id} if author_signs else wanted - {author_id})


def author_signs(
    owner: models.Model, relation: str, organisation: Organisation, actor: Any
) -> None:
    """The author's organisation is one of the signatories, approved by writing it."""
    getattr(owner, relation).update_or_create(
        organisation=organisation,
        defaults={"state": Approval.APPROVED, "decided_at": timezone.now(), "decided_by": actor},
    )


def sync_signatories(
    owner: models.Model,
    relation: str,
    organisations: Iterable[Organisation],
    *,
    exclude: int | None = None,
) -> list[int]:
    """Make ``owner.<relation>`` name exactly ``organisations`` (without the author,
    ``exclude``): new ones are asked (pending), removed ones are dropped, the answers of
    those kept stay. Answers the ids of the organisations newly asked."""
    return _sync(owner, relation, {o.pk for o in organisations} - ({exclude} if exclude else set()))


def _sync(owner: models.Model, relation: str, wanted: set[int]) -> list[int]:
    manager = getattr(owner, relation)
    current = set(manager.values_list("organisation_id", flat=True))
    manager.exclude(organisation_id__in=wanted).delete()
    added = sorted(wanted - current)
    model = manager.model
    field = manager.field.name
    for pk in added:
        signatory = model(**{field: owner, "organisation_id": pk})
        signatory.full_clean(exclude=[field])
        signatory.save()
    return added


def ask_again(signatories: models.QuerySet[Any]) -> int:
    """The text changed: these organisations approve it again (back to pending)."""
    return signatories.update(state=Approval.PENDING, decided_at=None, decided_by=None)


def may_answer(actor: Any, territory: Territory, organisation_id: int) -> bool:
    """Only for one's own organisation in the territory (or as an administrator)."""
    who = access.actor_for(actor)
    return who.is_admin or organisation_id in who.orgs_in(territory.pk)


def answer(
    *,
    actor: Any,
    signatory: S,
    approve: bool,
    territory: Territory,
    label: str,
) -> S:
    """An organisation's answer to the request to co-sign."""
    if not may_answer(actor, territory, signatory.organisation_id):
        raise_if({"__all__": _("Vous ne pouvez répondre qu’au nom de votre organisation.")})
    before = audit.snapshot(signatory, ["state"])
    signatory.state = Approval.APPROVED if approve else Approval.DECLINED
    signatory.decided_at = timezone.now()
    signatory.decided_by = actor
    signatory.full_clean()
    signatory.save()
    audit.record(
        actor=actor,
        action=label,
        obj=signatory,
        territory=territory,
        changes=audit.diff(before, audit.snapshot(signatory, ["state"])),
    )
    return signatory


def sign(
    *,
    actor: Any,
    signatories: models.QuerySet[S],
    organisation: Organisation,
    approve: bool,
    territory: Territory,
    kind: str,
    not_asked: str,
) -> S:
    """The answer of ``organisation``, one of ``signatories`` (its row locked), audited
    as ``<kind>.sign`` or ``<kind>.decline``; ``not_asked`` is said when it was not
    asked."""
    signatory = signatories.select_for_update().filter(organisation=organisation).first()
    if signatory is None:
        raise_if({"__all__": not_asked})
    assert signatory is not None
    return answer(
        actor=actor,
        signatory=signatory,
        approve=approve,
        territory=territory,
        label=f"{kind}.sign" if approve else f"{kind}.decline",
    )


def all_answered(signatories: models.QuerySet[Any]) -> bool:
    """Nobody is pending any more: what waited for every answer may go on."""
    return not signatories.filter(state=Approval.PENDING).exists()
