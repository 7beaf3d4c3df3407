"""Co-branded communication: the author writes from a template, names the organisations
involved, asks them; once every one has answered, the PDF is made with the logos of those
who approved (and whose logo consent is valid) and released."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community.models import (
    Communication,
    CommunicationSignatory,
)
from maillage.community.services import cosigning
from maillage.community.services.common import check_author, raise_if
from maillage.core import audit, queue
from maillage.territories.models import Organisation, Territory

FIELDS = ("organisation", "kind", "title", "body", "recipient", "place_and_date", "event", "action")


def _check(communication: Communication) -> None:
    errors: dict[str, str] = {}
    if (
        communication.event is not None
        and communication.event.territory_id != communication.territory_id
    ):
        errors["event"] = _("Cet événement appartient à un autre territoire.")
    if (
        communication.action is not None
        and communication.action.territory_id != communication.territory_id
    ):
        errors["action"] = _("Cette fiche action appartient à un autre territoire.")
    raise_if(errors)
    communication.full_clean()


@transaction.atomic
def create_communication(
    *,
    actor: Any,
    territory: Territory,
    organisation: Organisation,
    kind: str,
    title: str,
    body: str,
    cosigners: Iterable[Organisation] = (),
    **fields: Any,
) -> Communication:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"create_communication() got unexpected fields {sorted(unknown)}")
    check_author(actor, territory, organisation)
    cosigners = list(cosigners)
    cosigning.check_partners(territory, cosigners)
    communication = Communication(
        territory=territory,
        organisation=organisation,
        kind=kind,
        title=title,
        body=body,
        created_by=actor,
        **fields,
    )
    _check(communication)
    communication.save()
    cosigning.author_signs(communication, "signatories", organisation, actor)
    cosigning.sync_signatories(communication, "signatories", [*cosigners, organisation])
    audit.record(
        actor=actor,
        action="communication.create",
        obj=communication,
        territory=territory,
        changes=audit.snapshot(communication),
    )
    return communication


@transaction.atomic
def update_communication(
    *,
    actor: Any,
    communication: Communication,
    cosigners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Communication:
    """A change of the text asks every co-signer again: they approve what is printed."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"update_communication() got unexpected fields {sorted(unknown)}")
    if communication.is_released:
        raise_if({"__all__": _("Ce document est diffusé : il ne peut plus être modifié.")})
    if "organisation" in fields and fields["organisation"] != communication.organisation:
        check_author(actor, communication.territory, fields["organisation"])
    before = audit.snapshot(communication)
    for name, value in fields.items():
        setattr(communication, name, value)
    _check(communication)
    communication.save()
    changes = audit.diff(before, audit.snapshot(communication))
    if cosigners is not None:
        cosigning.request(
            communication,
            "signatories",
            cosigners,
            territory=communication.territory,
            author_id=communication.organisation_id,
            author_signs=True,
        )
    if changes:
        cosigning.ask_again(
            communication.signatories.exclude(organisation=communication.organisation)
        )
    cosigning.author_signs(communication, "signatories", communication.organisation, actor)
    audit.record(
        actor=actor,
        action="communication.update",
        obj=communication,
        territory=communication.territory,
        changes=changes,
    )
    return communication


@transaction.atomic
def request_approvals(*, actor: Any, communication: Communication) -> Communication:
    """The text is ready: the organisations involved are asked to approve it."""
    if communication.status != Communication.Status.DRAFT:
        raise_if({"__all__": _("Les accords ont déjà été demandés pour ce document.")})
    communication.status = Communication.Status.APPROVAL
    communication.full_clean()
    communication.save()
    audit.record(
        actor=actor,
        action="communication.request",
        obj=communication,
        territory=communication.territory,
        changes={"status": [Communication.Status.DRAFT, Communication.Status.APPROVAL]},
    )
    _release_when_answered(communication)
    return communication


@transaction.atomic
def sign_communication(
    *, actor: Any, communication: Communication, organisation: Organisation, approve: bool
) -> CommunicationSignatory:
    locked = Communication.objects.select_for_update().get(pk=communication.pk)
    if locked.is_released:
        raise_if({"__all__": _("Ce document est déjà diffusé.")})
    result = cosigning.sign(
        actor=actor,
        signatories=locked.signatories.all(),
        organisation=organisation,
        approve=approve,
        territory=locked.territory,
        kind="communication",
        not_asked=_("Cette organisation n’est pas sollicitée pour ce document."),
    )
    if locked.status == Communication.Status.APPROVAL:
        _release_when_answered(locked)
    return result


def _release_when_answered(communication: Communication) -> None:
    """Once every organisation has answered, the task makes the PDF and releases it."""
    if cosigning.all_answered(communication.signatories.all()):
        queue.enqueue_on_commit("community.render_communication", communication_id=communication.pk)


@transaction.atomic
def release(*, communication: Communication, pdf: bytes) -> Communication:
    """Keep the PDF made by the task and release the document (once)."""
    locked = Communication.objects.select_for_update().get(pk=communication.pk)
    if locked.is_released:
        return locked
    if not cosigning.all_answered(locked.signatories.all()):
        raise_if({"__all__": _("Toutes les organisations n’ont pas encore répondu.")})
    locked.pdf.save(f"{locked.kind}.pdf", ContentFile(pdf), save=False)
    locked.status = Communication.Status.RELEASED
    locked.released_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit.record(
        actor=None,
        action="communication.release",
        obj=locked,
        territory=locked.territory,
        changes={"status": [Communication.Status.APPROVAL, Communication.Status.RELEASED]},
    )
    return locked
