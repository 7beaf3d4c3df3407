"""Writes of campaigns: open, set (calendar, scope, grid), close the collection (which
freezes the year's snapshot), and the reminders before each deadline."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.roles import Role
from maillage.evaluation.models import (
    DEFAULT_QUESTIONS,
    Bilan,
    Campaign,
    PartnershipAnswer,
    Reminder,
    Snapshot,
    Step,
    canonical_json,
    sha256_of,
)
from maillage.evaluation.selectors.campaigns import default_scope
from maillage.evaluation.selectors.snapshots import content
from maillage.programme.models import Action
from maillage.territories.models import Membership, Organisation, Territory

CALENDAR_FIELDS = (
    "bilans_due_on",
    "questionnaire_due_on",
    "conference_on",
    "decisions_on",
    "avenant_on",
    "late_policy",
    "bilans_public",
)
# Reminders go out this many days before a deadline (and up to the day itself).
REMINDER_DAYS = 7


def _check_actions(territory: Territory, actions: list[Action]) -> None:
    if any(a.territory_id != territory.pk for a in actions):
        raise ValidationError({"actions": _("Une fiche choisie appartient à un autre territoire.")})


def _sync_bilans(campaign: Campaign, actions: list[Action]) -> None:
    """One bilan per fiche in scope; a fiche taken out loses its bilan only while nobody
    has written it."""
    wanted = {a.pk for a in actions}
    existing = dict(Bilan.objects.filter(campaign=campaign).values_list("action_id", "version"))
    written = [pk for pk, version in existing.items() if pk not in wanted and version > 0]
    if written:
        raise ValidationError(
            {"actions": _("Une fiche dont le bilan est commencé ne peut pas être retirée.")}
        )
    Bilan.objects.filter(campaign=campaign).exclude(action_id__in=wanted).delete()
    Bilan.objects.bulk_create(
        [Bilan(campaign=campaign, action_id=pk) for pk in sorted(wanted - existing.keys())],
        batch_size=1000,
    )
    campaign.actions.set(actions)


@transaction.atomic
def open_campaign(
    *,
    actor: Any,
    territory: Territory,
    year: int,
    bilans_due_on: datetime.date,
    questionnaire_due_on: datetime.date,
    conference_on: datetime.date | None = None,
    decisions_on: datetime.date | None = None,
    avenant_on: datetime.date | None = None,
    late_policy: str = Campaign.LatePolicy.FLAG,
    bilans_public: bool = False,
    questions: list[dict[str, str]] | None = None,
    actions: list[Action] | None = None,
) -> Campaign:
    if Campaign.objects.filter(territory=territory, year=year).exists():
        raise ValidationError({"year": _("Une campagne existe déjà pour cette année.")})
    campaign = Campaign(
        territory=territory,
        year=year,
        bilans_due_on=bilans_due_on,
        questionnaire_due_on=questionnaire_due_on,
        conference_on=conference_on,
        decisions_on=decisions_on,
        avenant_on=avenant_on,
        late_policy=late_policy,
        bilans_public=bilans_public,
        questions=questions if questions is not None else [dict(q) for q in DEFAULT_QUESTIONS],
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    campaign.full_clean()
    campaign.save()
    chosen = list(actions) if actions is not None else list(default_scope(territory, year))
    _check_actions(territory, chosen)
    _sync_bilans(campaign, chosen)
    audit.record(
        actor=actor,
        action="campaign.open",
        obj=campaign,
        territory=territory,
        changes={"year": [None, year], "actions": [None, len(chosen)]},
    )
    return campaign


def _refuse_closed(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise ValidationError(_("La collecte de cette campagne est close."))


@transaction.atomic
def update_campaign(
    *,
    actor: Any,
    campaign: Campaign,
    actions: list[Action] | None = None,
    questions: list[dict[str, str]] | None = None,
    **fields: Any,
) -> Campaign:
    _refuse_closed(campaign)
    before = audit.snapshot(campaign, [*CALENDAR_FIELDS, "questions"])
    for name, value in fields.items():
        if name not in CALENDAR_FIELDS:
            raise TypeError(name)
        setattr(campaign, name, value)
    if questions is not None:
        campaign.questions = questions
    campaign.full_clean()
    campaign.save()
    changes = audit.diff(before, audit.snapshot(campaign, [*CALENDAR_FIELDS, "questions"]))
    if actions is not None:
        _check_actions(campaign.territory, actions)
        before_count = campaign.actions.count()
        _sync_bilans(campaign, actions)
        if before_count != len(actions):
            changes["actions"] = [before_count, len(actions)]
    audit.record(
        actor=actor, action="campaign.update", obj=campaign, territory=campaign.territory,
        changes=changes,
    )  # fmt: skip
    return campaign


@transaction.atomic
def close_collection(*, actor: Any, campaign: Campaign) -> Snapshot:
    """Close the collection and freeze the year: the snapshot's content is canonical
    JSON, its SHA-256 stored beside it; neither ever changes."""
    campaign = Campaign.objects.select_for_update().select_related("territory").get(pk=campaign.pk)
    _refuse_closed(campaign)
    text = canonical_json(content(actor, campaign))
    snapshot = Snapshot(
        campaign=campaign,
        territory=campaign.territory,
        year=campaign.year,
        content=text,
        sha256=sha256_of(text),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    snapshot.save()
    campaign.state = Campaign.State.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["state", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="campaign.close",
        obj=campaign,
        territory=campaign.territory,
        changes={"sha256": [None, snapshot.sha256]},
    )
    return snapshot


def _people(territory_id: int, org_ids: set[int]) -> dict[int, list[Any]]:
    """The professionals (partner role) of each organisation on the territory."""
    found: dict[int, list[Any]] = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(territory_id=territory_id, organisation_id__in=org_ids, role=Role.PARTNER)
        .select_related("user")
        .order_by("user_id")
    ):
        if membership.user.is_active and membership.user.email:
            found[membership.organisation_id or 0].append(membership.user)
    return found


def _send_once(
    campaign: Campaign, step: str, due_on: datetime.date, user: Any, subject: str, body: str
) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(campaign=campaign, step=step, due_on=due_on, user=user)
    except IntegrityError:
        return False
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Before each deadline of an open campaign (from REMINDER_DAYS before to the day
    itself), one e-mail per person and per deadline: the pilots whose bilan is not
    submitted yet, the partner organisations that have not answered the questionnaire.
    Answers how many were sent."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    sent = 0
    for campaign in Campaign.objects.filter(state=Campaign.State.OPEN).select_related("territory"):
        if today <= campaign.bilans_due_on <= horizon:
            waiting = Bilan.objects.filter(
                campaign=campaign,
                state__in=(Bilan.State.TODO, Bilan.State.DRAFT, Bilan.State.RETURNED),
            ).select_related("action")
            by_action: dict[int, set[int]] = defaultdict(set)
            for action_id, org_id in Action.pilots.through.objects.filter(
                action_id__in=waiting.values("action_id")
            ).values_list("action_id", "organisation_id"):
                by_action[action_id].add(org_id)
            people = _people(campaign.territory_id, set().union(*by_action.values()))
            todo: dict[int, list[str]] = defaultdict(list)
            users: dict[int, Any] = {}
            for bilan in waiting.order_by("action__sort_key"):
                for org_id in by_action.get(bilan.action_id, ()):
                    for user in people.get(org_id, []):
                        users[user.pk] = user
                        if str(bilan.action) not in todo[user.pk]:
                            todo[user.pk].append(str(bilan.action))
            for user_id, actions in todo.items():
                body = render_to_string(
                    "evaluation/email/reminder_bilans.txt",
                    {"campaign": campaign, "actions": actions, "due_on": campaign.bilans_due_on},
                )
                subject = _("Bilans %(year)s à remettre avant le %(date)s") % {
                    "year": campaign.year,
                    "date": campaign.bilans_due_on.strftime("%d/%m/%Y"),
                }
                sent += _send_once(
                    campaign, Step.BILANS, campaign.bilans_due_on, users[user_id], subject, body
                )
        if today <= campaign.questionnaire_due_on <= horizon:
            answered = set(
                PartnershipAnswer.objects.filter(campaign=campaign).values_list(
                    "organisation_id", flat=True
                )
            )
            orgs = set(
                Organisation.objects.filter(partnerships__territory=campaign.territory)
                .exclude(pk__in=answered)
                .values_list("pk", flat=True)
            )
            for _org, members in _people(campaign.territory_id, orgs).items():
                for user in members:
                    body = render_to_string(
                        "evaluation/email/reminder_questionnaire.txt",
                        {"campaign": campaign, "due_on": campaign.questionnaire_due_on},
                    )
                    subject = _("Questionnaire partenarial %(year)s : réponse attendue") % {
                        "year": campaign.year
                    }
                    sent += _send_once(
                        campaign,
                        Step.QUESTIONNAIRE,
                        campaign.questionnaire_due_on,
                        user,
                        subject,
                        body,
                    )
    return sent
