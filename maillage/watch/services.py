"""Every write of the veille (docs/watch.md).

Free text goes through the personal-data gate (``gate.check_fields``) before anything
is stored, whichever way it comes (pages, API, imports): a refused text raises a
``ValidationError`` keyed by field, and nothing is written. Orienting a signal goes
through the target capability's own services and rights: what the person may not do
there is recorded as a proposal that a coordinator of the territory decides.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import access, audit, queue
from maillage.core.text import fold
from maillage.governance.models import Body
from maillage.governance.services import bodies as body_services
from maillage.governance.services import meetings as meeting_services
from maillage.network import vocab
from maillage.observatory.models import Indicator
from maillage.programme import publics as programme_publics
from maillage.programme import tabular
from maillage.programme.models import Action
from maillage.programme.services import actions as action_services
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.watch import gate
from maillage.watch.models import (
    ERASED,
    Corroboration,
    Orientation,
    Signal,
    StatusChange,
    WatchSettings,
)

SIGNAL_FIELDS = (
    "title",
    "description",
    "thematique",
    "publics",
    "place",
    "observed_since",
    "trend",
    "situations_count",
    "organisation",
    "audience",
)
FREE_TEXT = ("title", "description")

# The triage's allowed steps: (from, to) → reasons.
CLOSING_REASONS = (
    Signal.Reason.HANDLED,
    Signal.Reason.DUPLICATE,
    Signal.Reason.OUT_OF_SCOPE,
    Signal.Reason.UNCONFIRMED,
)
TRANSITIONS: dict[tuple[str, str], tuple[str, ...]] = {
    (Signal.Status.NEW, Signal.Status.QUALIFYING): (Signal.Reason.TO_QUALIFY,),
    (Signal.Status.NEW, Signal.Status.CLOSED): CLOSING_REASONS,
    (Signal.Status.QUALIFYING, Signal.Status.CLOSED): CLOSING_REASONS,
    (Signal.Status.ORIENTED, Signal.Status.CLOSED): (Signal.Reason.HANDLED,),
    (Signal.Status.CLOSED, Signal.Status.QUALIFYING): (Signal.Reason.REOPENED,),
}


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


# --------------------------------------------------------------------------- settings


def settings_for(territory: Territory) -> WatchSettings:
    """The territory's settings, or the defaults (unsaved) when none were set."""
    found = WatchSettings.objects.filter(territory=territory).first()
    return found or WatchSettings(territory=territory)


SETTINGS_FIELDS = (
    "closed_retention_months",
    "unconfirmed_retention_months",
    "controller",
    "dpo_contact",
)


@transaction.atomic
def update_settings(*, actor: Any, territory: Territory, **fields: Any) -> WatchSettings:
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown watch settings fields: {sorted(unknown)}")
    current = settings_for(territory)
    before = audit.snapshot(current, SETTINGS_FIELDS) if current.pk else {}
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.full_clean()
    changes = audit.diff(before, audit.snapshot(current, SETTINGS_FIELDS))
    if current.pk and not changes:
        # Saving the same values again is not a change: nothing to write or to audit.
        return current
    current.save()
    audit.record(
        actor=actor,
        action="watch_settings.change",
        obj=current,
        territory=territory,
        changes=changes,
    )
    return current


# --------------------------------------------------------------------------- checks


def _check_organisation(actor: Any, territory: Territory, organisation: Any) -> None:
    """The organisation must be one the person works for in the territory (platform
    admins may name any partner of the territory)."""
    if organisation is None:
        _raise({"organisation": _("Choisissez votre organisation.")})
    me = access.actor_for(actor)
    if me.is_admin:
        if not organisation.partnerships.filter(territory=territory).exists():
            _raise({"organisation": _("Cette organisation n’est pas partenaire du territoire.")})
        return
    if organisation.pk not in me.orgs_in(territory.pk):
        _raise({"organisation": _("Vous ne travaillez pas pour cette organisation ici.")})


def _check_signal(signal: Signal) -> None:
    errors: dict[str, str] = {}
    if signal.thematique not in vocab.labels(vocab.Thematique):
        errors["thematique"] = _("Choisissez une thématique de la liste.")
    bad = [p for p in signal.publics or [] if not programme_publics.is_public(p)]
    if not isinstance(signal.publics, list) or bad:
        errors["publics"] = _("Choisissez les publics dans la liste.")
    if signal.observed_since and signal.observed_since > timezone.localdate():
        errors["observed_since"] = _("La date ne peut pas être dans le futur.")
    if signal.situations_count is not None and signal.situations_count < 1:
        errors["situations_count"] = _("Au moins une situation observée.")
    if signal.situations_count is not None and signal.situations_count > 100_000:
        errors["situations_count"] = _("Un nombre de situations plus petit, s’il vous plaît.")
    _raise(errors)


def screen_fields(fields: dict[str, str]) -> None:
    """The personal-data gate on every free-text field: raises field by field."""
    gate.check_fields({name: value or "" for name, value in fields.items()})


def _index(signal: Signal) -> None:
    signal.search_title = fold(signal.title)
    signal.search_body = fold(signal.description)


def _change(signal: Signal, actor: Any, to: str, reason: str) -> StatusChange:
    change = StatusChange.objects.create(
        signal=signal,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=signal.status,
        to_status=to,
        reason=reason,
    )
    now = timezone.now()
    signal.status = to
    signal.reason = reason
    signal.status_changed_at = now
    signal.closed_at = now if to == Signal.Status.CLOSED else None
    return change


# --------------------------------------------------------------------------- signals


@transaction.atomic
def report_signal(
    *,
    actor: Any,
    territory: Territory,
    organisation: Organisation,
    title: str,
    description: str,
    thematique: str,
    observed_since: datetime.date,
    trend: str,
    situations_count: int,
    publics: list[str] | None = None,
    place: GeoUnit | None = None,
    audience: str = Signal.Audience.CELL,
) -> Signal:
    """A new signal. The gate runs before anything else is checked or stored."""
    title = (title or "").strip()
    description = (description or "").strip()
    screen_fields({"title": title, "description": description})
    _check_organisation(actor, territory, organisation)
    signal = Signal(
        territory=territory,
        organisation=organisation,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        title=title,
        description=description,
        thematique=thematique or "",
        publics=list(publics or []),
        place=place,
        observed_since=observed_since,
        trend=trend,
        situations_count=situations_count,
        audience=audience,
    )
    _index(signal)
    signal.full_clean()
    _check_signal(signal)
    signal.save()
    audit.record(
        actor=actor,
        action="signal.create",
        obj=signal,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(signal, SIGNAL_FIELDS)),
    )
    return signal


@transaction.atomic
def log_read(*, actor: Any, signal: Signal) -> None:
    """Every read of a signal is logged (who read which signal, when)."""
    audit.record(actor=actor, action="signal.read", obj=signal, territory=signal.territory)


def _recount(signal: Signal) -> None:
    totals = signal.corroborations.aggregate(
        n=Count("pk"),
        orgs=Count("organisation", distinct=True, filter=~Q(organisation=signal.organisation_id)),
    )
    signal.corroboration_count = totals["n"] or 0
    signal.corroborating_orgs = totals["orgs"] or 0


@transaction.atomic
def corroborate(
    *,
    actor: Any,
    signal: Signal,
    organisation: Organisation,
    situations_count: int,
    note: str = "",
) -> Corroboration:
    """« Nous l’observons aussi » : one organisation adds what it sees to a signal."""
    note = (note or "").strip()
    screen_fields({"note": note})
    _check_organisation(actor, signal.territory, organisation)
    errors: dict[str, str] = {}
    if not signal.is_open or signal.merged_into_id is not None:
        errors["__all__"] = _("Ce signalement est clos : il ne peut plus être corroboré.")
    elif organisation.pk == signal.organisation_id:
        errors["organisation"] = _("Votre organisation a fait ce signalement.")
    elif signal.corroborations.filter(organisation=organisation).exists():
        errors["organisation"] = _("Votre organisation a déjà corroboré ce signalement.")
    if situations_count is None or situations_count < 1:
        errors["situations_count"] = _("Au moins une situation observée.")
    elif situations_count > 100_000:
        errors["situations_count"] = _("Un nombre de situations plus petit, s’il vous plaît.")
    _raise(errors)
    corroboration = Corroboration(
        signal=signal,
        organisation=organisation,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        situations_count=situations_count,
        note=note,
    )
    corroboration.full_clean()
    corroboration.save()
    _recount(signal)
    signal.save(update_fields=["corroboration_count", "corroborating_orgs", "updated_at"])
    audit.record(
        actor=actor,
        action="corroboration.create",
        obj=corroboration,
        territory=signal.territory,
        changes=audit.diff(
            {}, audit.snapshot(corroboration, ["signal", "organisation", "situations_count"])
        ),
    )
    return corroboration


@transaction.atomic
def change_status(*, actor: Any, signal: Signal, status: str, reason: str) -> Signal:
    """One triage step (nouveau → en qualification → orienté → clos), with its coded
    reason. Orienting happens through ``orient``."""
    allowed = TRANSITIONS.get((signal.status, status))
    if allowed is None:
        _raise(
            {
                "status": _("Un signalement « %(from)s » ne passe pas à « %(to)s ».")
                % {
                    "from": Signal.Status(signal.status).label,
                    "to": Signal.Status(status).label if status in Signal.Status.values else status,
                }
            }
        )
    if reason not in (allowed or ()):
        _raise({"reason": _("Ce motif ne convient pas à ce changement d’état.")})
    if signal.merged_into_id is not None:
        _raise({"status": _("Ce signalement a été fusionné dans un autre.")})
    before = audit.snapshot(signal, ["status", "reason"])
    _change(signal, actor, status, reason)
    signal.save()
    audit.record(
        actor=actor,
        action="signal.status",
        obj=signal,
        territory=signal.territory,
        changes=audit.diff(before, audit.snapshot(signal, ["status", "reason"])),
    )
    return signal


def mark_unconfirmed(*, actor: Any, signal: Signal) -> Signal:
    """Close a signal nobody else sees: its text goes after the shorter retention."""
    return change_status(
        actor=actor, signal=signal, status=Signal.Status.CLOSED, reason=Signal.Reason.UNCONFIRMED
    )


@transaction.atomic
def merge(*, actor: Any, duplicate: Signal, into: Signal) -> Signal:
    """``duplicate`` is the same phenomenon as ``into``: its corroborations move over,
    its reporting organisation becomes one of ``into``'s corroborations, and it closes as
    a duplicate pointing to ``into``."""
    errors: dict[str, str] = {}
    if duplicate.pk == into.pk:
        errors["into"] = _("Un signalement ne peut pas être fusionné avec lui-même.")
    elif duplicate.territory_id != into.territory_id:
        errors["into"] = _("Les deux signalements doivent être du même territoire.")
    elif not into.is_open or into.merged_into_id is not None:
        errors["into"] = _("Le signalement qui reste doit être ouvert.")
    elif not duplicate.is_open or duplicate.merged_into_id is not None:
        errors["into"] = _("Ce signalement est déjà clos.")
    _raise(errors)
    moved = list(duplicate.corroborations.all())
    for corroboration in moved:
        corroboration.signal = into
        corroboration.save(update_fields=["signal", "updated_at"])
    already = set(into.corroborations.values_list("organisation_id", flat=True))
    if duplicate.organisation_id != into.organisation_id and (
        duplicate.organisation_id not in already
    ):
        Corroboration.objects.create(
            signal=into,
            organisation_id=duplicate.organisation_id,
            author_id=duplicate.author_id,
            situations_count=duplicate.situations_count,
            note="",
        )
    _recount(into)
    into.save(update_fields=["corroboration_count", "corroborating_orgs", "updated_at"])
    _recount(duplicate)
    _change(duplicate, actor, Signal.Status.CLOSED, Signal.Reason.DUPLICATE)
    duplicate.merged_into = into
    duplicate.save()
    audit.record(
        actor=actor,
        action="signal.merge",
        obj=duplicate,
        territory=duplicate.territory,
        changes={"merged_into": [None, into.pk], "corroborations": [len(moved), 0]},
    )
    return into


# --------------------------------------------------------------------------- orientation


def _may_execute(actor: Any, orientation: Orientation) -> bool:
    """The target capability's own rule for what the orientation does."""
    territory = orientation.signal.territory
    if orientation.kind == Orientation.Kind.BACKLOG:
        return orientation.body is not None and access.can(actor, "propose_item", orientation.body)
    if orientation.kind == Orientation.Kind.WORKING_GROUP:
        return access.can(actor, "create_body", territory)
    if orientation.kind == Orientation.Kind.ACTION:
        return access.can(actor, "create_action", territory)
    return orientation.indicator is not None and access.can(actor, "view", orientation.indicator)


def _signal_summary(signal: Signal) -> str:
    """What the target says of its origin, without quoting the signal (which its own
    audience protects, and whose text is erased after the retention period)."""
    total = signal.situations_count + (
        signal.corroborations.aggregate(total=Sum("situations_count"))["total"] or 0
    )
    return _(
        "Issu d’un signalement de la cellule de veille : %(count)s situations observées "
        "par %(orgs)s organisations."
    ) % {"count": total, "orgs": 1 + signal.corroborating_orgs}


def _execute(actor: Any, orientation: Orientation) -> None:
    """Do what the orientation says, through the target capability's services."""
    signal = orientation.signal
    territory = signal.territory
    text = orientation.note or _signal_summary(signal)
    if orientation.kind == Orientation.Kind.BACKLOG:
        assert orientation.body is not None
        orientation.agenda_item = meeting_services.propose_item(
            actor=actor,
            body=orientation.body,
            title=orientation.title or signal.title,
            description=text,
            action=orientation.action,
        )
    elif orientation.kind == Orientation.Kind.WORKING_GROUP:
        group = body_services.create_body(
            actor=actor,
            territory=territory,
            kind=Body.Kind.WORKING_GROUP,
            name=orientation.title,
            theme=vocab.label(vocab.Thematique, signal.thematique)[:150],
            mandate=text,
        )
        organisations = [
            signal.organisation_id,
            *signal.corroborations.values_list("organisation_id", flat=True),
        ]
        for organisation in Organisation.objects.filter(
            pk__in=organisations, partnerships__territory=territory
        ).distinct():
            body_services.add_member(actor=actor, body=group, organisation=organisation)
        orientation.body = group
    elif orientation.kind == Orientation.Kind.ACTION:
        orientation.action = action_services.create_action(
            actor=actor,
            territory=territory,
            title=orientation.title,
            status=Action.Status.IDEA,
            constat=text,
            publics=list(signal.publics or []),
            places=[signal.place] if signal.place is not None else [],
        )
    orientation.state = Orientation.State.DONE
    orientation.decided_at = timezone.now()
    orientation.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    if signal.status in (Signal.Status.NEW, Signal.Status.QUALIFYING):
        _change(signal, actor, Signal.Status.ORIENTED, Signal.Reason.ORIENTED)
        signal.save()


def _check_orientation(orientation: Orientation) -> None:
    signal = orientation.signal
    errors: dict[str, str] = {}
    kind = orientation.kind
    if kind not in Orientation.Kind.values:
        errors["kind"] = _("Choisissez une orientation.")
    if kind == Orientation.Kind.BACKLOG:
        if orientation.body is None:
            errors["body"] = _("Choisissez l’instance.")
        elif orientation.body.territory_id != signal.territory_id or orientation.body.is_archived:
            errors["body"] = _("Cette instance n’est pas une instance active du territoire.")
    if (
        kind in (Orientation.Kind.WORKING_GROUP, Orientation.Kind.ACTION)
        and not (orientation.title or "").strip()
    ):
        errors["title"] = (
            _("Nommez le groupe de travail.")
            if kind == Orientation.Kind.WORKING_GROUP
            else _("Donnez un intitulé à la fiche action.")
        )
    if (
        kind == Orientation.Kind.WORKING_GROUP
        and Body.objects.filter(territory_id=signal.territory_id, name=orientation.title).exists()
    ):
        errors["title"] = _("Une instance de ce nom existe déjà.")
    if kind == Orientation.Kind.INDICATOR:
        indicator = orientation.indicator
        if indicator is None:
            errors["indicator"] = _("Choisissez l’indicateur.")
    if not signal.is_open or signal.merged_into_id is not None:
        errors["__all__"] = _("Ce signalement est clos : rouvrez-le pour l’orienter.")
    _raise(errors)


def _notify(orientation: Orientation) -> None:
    queue.enqueue_on_commit("watch.notify_outcome", orientation_id=orientation.pk)


@transaction.atomic
def orient(
    *,
    actor: Any,
    signal: Signal,
    kind: str,
    title: str = "",
    note: str = "",
    body: Body | None = None,
    indicator: Indicator | None = None,
    action: Action | None = None,
) -> Orientation:
    """Give a signal a follow-up. Done at once when the person has the target's rights
    (propose an item to the body, create a body, create a fiche action, read the
    indicator), otherwise recorded as a proposal for a coordinator. An item for a body's
    backlog may name an existing fiche action it is about (``action``)."""
    title = (title or "").strip()
    note = (note or "").strip()
    screen_fields({"title": title, "note": note})
    orientation = Orientation(
        signal=signal,
        kind=kind,
        title=title,
        note=note,
        body=body if kind == Orientation.Kind.BACKLOG else None,
        indicator=indicator if kind == Orientation.Kind.INDICATOR else None,
        action=action if kind == Orientation.Kind.BACKLOG else None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        state=Orientation.State.PROPOSED,
    )
    _check_orientation(orientation)
    if kind == Orientation.Kind.INDICATOR and not access.can(actor, "view", indicator):
        _raise({"indicator": _("Choisissez un indicateur de l’observatoire.")})
    if orientation.action is not None and (
        orientation.action.territory_id != signal.territory_id
        or not access.can(actor, "view", orientation.action)
    ):
        _raise({"action": _("Choisissez une fiche action du territoire.")})
    orientation.full_clean()
    if _may_execute(actor, orientation):
        _execute(actor, orientation)
    orientation.save()
    audit.record(
        actor=actor,
        action="orientation.create",
        obj=orientation,
        territory=signal.territory,
        changes=audit.diff(
            {},
            audit.snapshot(
                orientation, ["kind", "state", "body", "agenda_item", "action", "indicator"]
            ),
        ),
    )
    if orientation.state == Orientation.State.DONE:
        _notify(orientation)
    return orientation


@transaction.atomic
def decide(*, actor: Any, orientation: Orientation, accept: bool) -> Orientation:
    """A coordinator carries out a proposed orientation with their own rights, or
    declines it."""
    if orientation.state != Orientation.State.PROPOSED:
        _raise({"__all__": _("Cette orientation a déjà été décidée.")})
    if accept:
        _check_orientation(orientation)
        if not _may_execute(actor, orientation):
            _raise({"__all__": _("Vous n’avez pas les droits pour donner cette suite.")})
        _execute(actor, orientation)
    else:
        orientation.state = Orientation.State.DECLINED
        orientation.decided_at = timezone.now()
        orientation.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    orientation.save()
    audit.record(
        actor=actor,
        action="orientation.decide",
        obj=orientation,
        territory=orientation.signal.territory,
        changes={"state": [Orientation.State.PROPOSED, orientation.state]},
    )
    if orientation.state == Orientation.State.DONE:
        _notify(orientation)
    return orientation


# --------------------------------------------------------------------------- retention


def _months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(moment.month - 1 - months, 12)
    target_year, target_month = moment.year + year, month + 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=target_year, month=target_month, day=day)
        except ValueError:
            day -= 1


def expired(now: datetime.datetime | None = None) -> list[Signal]:
    """Closed signals whose free text has outlived their territory's retention."""
    now = now or timezone.now()
    found: list[Signal] = []
    territories = Territory.objects.filter(
        signals__status=Signal.Status.CLOSED, signals__erased_at__isnull=True
    ).distinct()
    for territory in territories:
        settings = settings_for(territory)
        closed_limit = _months_before(now, settings.closed_retention_months)
        unconfirmed_limit = _months_before(now, settings.unconfirmed_retention_months)
        found += list(
            Signal.objects.filter(
                territory=territory, status=Signal.Status.CLOSED, erased_at__isnull=True
            )
            .filter(
                Q(reason=Signal.Reason.UNCONFIRMED, closed_at__lte=unconfirmed_limit)
                | (~Q(reason=Signal.Reason.UNCONFIRMED) & Q(closed_at__lte=closed_limit))
            )
            .select_related("territory")
            .order_by("pk")
        )
    return found


@transaction.atomic
def erase(*, actor: Any = None, signal: Signal, now: datetime.datetime | None = None) -> Signal:
    """Replace the signal's free text (and its corroborations' and orientations' notes)
    by « [texte effacé] », keeping the coded fields for the statistics."""
    signal.title = ERASED
    signal.description = ERASED
    signal.search_title = ""
    signal.search_body = ""
    signal.erased_at = now or timezone.now()
    signal.save()
    notes = signal.corroborations.exclude(note="").update(note=ERASED)
    orientations = signal.orientations.exclude(note="").update(note=ERASED)
    audit.record(
        actor=actor,
        action="signal.erase",
        obj=signal,
        territory=signal.territory,
        changes={"erased": ["", f"{notes} corroborations, {orientations} orientations"]},
    )
    return signal


def sweep(*, now: datetime.datetime | None = None) -> int:
    """The daily retention sweep: erase every expired signal (one transaction each)."""
    count = 0
    for signal in expired(now):
        erase(signal=signal, now=now)
        count += 1
    return count


# --------------------------------------------------------------------------- import

IMPORT_COLUMNS = {
    "title": "Intitulé",
    "description": "Description",
    "thematique": "Thématique",
    "publics": "Publics",
    "place": "Lieu",
    "observed_since": "Observé depuis",
    "trend": "Tendance",
    "situations_count": "Situations observées",
    "audience": "Visibilité",
}
_TRENDS = {fold(str(label)): value for value, label in Signal.Trend.choices} | {
    value: value for value in Signal.Trend.values
}
_AUDIENCES = {
    "cellule": Signal.Audience.CELL,
    "cell": Signal.Audience.CELL,
    "partenaires": Signal.Audience.PARTNERS,
    "partners": Signal.Audience.PARTNERS,
    "": Signal.Audience.CELL,
}


def _row_fields(territory: Territory, values: dict[str, Any]) -> dict[str, Any]:
    """One spreadsheet row as ``report_signal``'s arguments; ValueError names the cell."""
    place_code = tabular.parse_text(values.get("place"))
    place = None
    if place_code:
        place = GeoUnit.objects.filter(territory=territory, code=place_code).first()
        if place is None:
            raise ValueError(_("Lieu inconnu : « %s » (indiquez son code).") % place_code)
    trend = _TRENDS.get(fold(tabular.parse_text(values.get("trend"))))
    if trend is None:
        raise ValueError(_("Tendance : ponctuel, récurrent ou en hausse."))
    audience = _AUDIENCES.get(fold(tabular.parse_text(values.get("audience"))))
    if audience is None:
        raise ValueError(_("Visibilité : cellule ou partenaires."))
    count = tabular.parse_decimal(values.get("situations_count"))
    if count is None or count != count.to_integral():
        raise ValueError(_("Situations observées : un nombre entier."))
    observed = tabular.parse_date(values.get("observed_since"))
    if observed is None:
        raise ValueError(_("Observé depuis : une date JJ/MM/AAAA."))
    return {
        "title": tabular.parse_text(values.get("title")),
        "description": tabular.parse_text(values.get("description")),
        "thematique": tabular.parse_text(values.get("thematique")),
        "publics": tabular.parse_list(values.get("publics")),
        "place": place,
        "observed_since": observed,
        "trend": trend,
        "situations_count": int(count),
        "audience": audience,
    }


@transaction.atomic
def import_signals(
    *, actor: Any, territory: Territory, organisation: Organisation, data: bytes, filename: str
) -> list[Signal]:
    """Signals from a CSV or XLSX file (one row each), all or nothing: each row goes
    through ``report_signal`` — the gate first —, and if any row is refused, nothing is
    stored and every refusal is reported with its line."""
    try:
        table = tabular.read_table(data, filename, IMPORT_COLUMNS)
    except tabular.TableError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if not table.rows:
        raise ValidationError({"file": _("Le fichier ne contient aucun signalement.")})
    created: list[Signal] = []
    problems: list[str] = []
    for row in table.rows:
        try:
            fields = _row_fields(territory, row.values)
            with transaction.atomic():
                created.append(
                    report_signal(
                        actor=actor, territory=territory, organisation=organisation, **fields
                    )
                )
        except ValueError as exc:
            problems.append(_("Ligne %(line)s : %(message)s") % {"line": row.line, "message": exc})
        except ValidationError as exc:
            for message in exc.messages:
                problems.append(
                    _("Ligne %(line)s : %(message)s") % {"line": row.line, "message": message}
                )
    if problems:
        # Nothing is kept: the rows already saved are rolled back with the whole import.
        raise ValidationError({"file": problems[:50]})
    return created
