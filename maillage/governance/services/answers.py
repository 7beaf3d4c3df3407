"""Answers to convocations: a convened person says before the meeting whether they will be
present, excused, or represented (by a person or an organisation they name). They answer
from the signed link of the convocation e-mail (no sign-in: the link is the credential, it
expires), from the meeting page or through the API; every answer is audited on the
meeting."""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.governance.access import convened_person_ids
from maillage.governance.models import BodyMembership, ConvocationAnswer, Meeting, active_on_q
from maillage.governance.services.common import person_name, raise_if

ANSWER_SALT = "maillage.governance.convocation-answer"
# How long the e-mail's link works; it also stops working once the meeting has started.
ANSWER_LINK_MAX_AGE = datetime.timedelta(days=90)


def answer_token(meeting: Meeting, user: Any) -> str:
    """The signed credential of the e-mail's link: this meeting, this person."""
    return signing.dumps({"m": meeting.pk, "u": user.pk}, salt=ANSWER_SALT)


def answer_url(meeting: Meeting, user: Any) -> str:
    return reverse(
        "governance:convocation_answer",
        kwargs={
            "territory_slug": meeting.body.territory.slug,
            "token": answer_token(meeting, user),
        },
    )


def read_answer_token(token: str) -> tuple[int, int] | None:
    """(meeting id, user id) from a link's token; None when it was tampered with or has
    expired."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict):
        return None
    meeting_id, user_id = data.get("m"), data.get("u")
    if not isinstance(meeting_id, int) or not isinstance(user_id, int):
        return None
    return meeting_id, user_id


def _organisation_of(meeting: Meeting, user: Any) -> Any:
    """The organisation the person sits for (as titular first, else as substitute)."""
    memberships = BodyMembership.objects.filter(
        active_on_q(meeting.local_date), body=meeting.body
    ).select_related("organisation")
    membership = (
        memberships.filter(titular=user).first() or memberships.filter(substitute=user).first()
    )
    return membership.organisation if membership else None


@transaction.atomic
def answer_convocation(
    *,
    actor: Any,
    meeting: Meeting,
    user: Any,
    answer: str,
    represented_by: str = "",
    comment: str = "",
    channel: str = ConvocationAnswer.Channel.PAGE,
) -> ConvocationAnswer:
    """Record (or change) ``user``'s answer to the convocation of ``meeting``."""
    if meeting.status != Meeting.Status.CONVENED:
        raise_if(
            {"answer": _("Cette séance n’est pas convoquée : il n’y a pas de réponse à donner.")}
        )
    if meeting.starts_at <= timezone.now():
        raise_if({"answer": _("La séance a commencé : il n’est plus possible de répondre.")})
    if user.pk not in convened_person_ids(meeting):
        raise_if(
            {
                "answer": _("%(name)s n’est pas convoqué·e à cette séance.")
                % {"name": person_name(user)}
            }
        )
    existing = ConvocationAnswer.objects.filter(meeting=meeting, user=user).first()
    before = (
        {"answer": existing.answer, "represented_by": existing.represented_by}
        if existing
        else {"answer": None, "represented_by": None}
    )
    row = existing or ConvocationAnswer(meeting=meeting, user=user)
    row.organisation = _organisation_of(meeting, user)
    row.answer = answer
    row.represented_by = (represented_by or "").strip()
    row.comment = (comment or "").strip()
    row.channel = channel
    row.answered_at = timezone.now()
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action="meeting.answer",
        obj=meeting,
        territory=meeting.body.territory,
        changes={
            "person": [None, person_name(user)],
            "answer": [before["answer"], row.answer],
            "represented_by": [before["represented_by"], row.represented_by],
            "channel": [None, row.channel],
        },
    )
    return row
