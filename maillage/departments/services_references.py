"""Every write of the shared reference lists (docs/departments.md, "Référentiels
partagés"): the Département's items and publications, a commune's mappings and
adoptions. Each write leaves one audit entry; a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.departments.access import UPPER_LEVELS
from maillage.departments.models_references import (
    LocalMapping,
    ReferenceItem,
    ReferenceKind,
    ReferenceList,
)
from maillage.evaluation.models import Campaign
from maillage.evaluation.services import campaigns as campaign_services
from maillage.governance.models import Body
from maillage.governance.services import bodies as body_services
from maillage.observatory import services as observatory_services
from maillage.observatory.formula import FormulaError, parse
from maillage.observatory.models import Indicator, Theme
from maillage.territories.models import Territory

ITEM_FIELDS = ("code", "label", "description", "payload", "published_in", "is_archived")

# The kind's own fields, kept in ``payload``; everything else is refused.
PAYLOAD_FIELDS: dict[str, tuple[str, ...]] = {
    ReferenceKind.INDICATORS: ("unit", "definition", "source", "formula", "theme"),
    ReferenceKind.THEMES: (),
    ReferenceKind.EVALUATION_GRID: ("text", "answer_type"),
    ReferenceKind.BODY_TEMPLATES: ("body_kind", "mandate", "member_roles"),
}
ANSWER_TYPES = ("text", "scale", "yes_no")


def answer_type_choices() -> list[tuple[str, str]]:
    return [
        ("text", _("Texte libre")),
        ("scale", _("Échelle de 1 à 4")),
        ("yes_no", _("Oui ou non")),
    ]


# --------------------------------------------------------------------------- the Département


def reference_list(territory: Territory, kind: str) -> ReferenceList:
    """The Département's list of ``kind``, created empty the first time it is written."""
    if kind not in ReferenceKind.values:
        raise ValidationError(_("Type de référentiel inconnu."))
    if territory.kind not in UPPER_LEVELS:
        raise ValidationError(_("Seul un Département ou un EPCI diffuse des référentiels."))
    found, _created = ReferenceList.objects.get_or_create(territory=territory, kind=kind)
    return found


def _clean_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    allowed = PAYLOAD_FIELDS[kind]
    unknown = set(payload) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Champs inconnus pour ce type : %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in allowed:
        value = payload.get(name)
        if name == "member_roles":
            roles = value or []
            if isinstance(roles, str):
                roles = roles.splitlines()
            cleaned[name] = [str(role).strip() for role in roles if str(role).strip()]
            continue
        cleaned[name] = str(value or "").strip()
    if kind == ReferenceKind.INDICATORS:
        if cleaned["formula"]:
            try:
                parse(cleaned["formula"])
            except FormulaError as exc:
                errors["formula"] = str(exc)
        if cleaned["theme"] and cleaned["theme"] not in Theme.values:
            errors["theme"] = _("Choisissez un thème de la liste.")
    elif kind == ReferenceKind.EVALUATION_GRID:
        if not cleaned["text"]:
            errors["text"] = _("Écrivez la question posée.")
        if cleaned["answer_type"] not in ANSWER_TYPES:
            errors["answer_type"] = _("Choisissez un type de réponse de la liste.")
    elif kind == ReferenceKind.BODY_TEMPLATES and cleaned["body_kind"] not in Body.Kind.values:
        errors["body_kind"] = _("Choisissez un type d’instance de la liste.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_code(item: ReferenceItem) -> None:
    taken = ReferenceItem.objects.filter(
        reference_list=item.reference_list, code=item.code
    ).exclude(pk=item.pk)
    if taken.exists():
        raise ValidationError({"code": _("Ce code est déjà pris dans cette liste.")})


@transaction.atomic
def create_item(
    *,
    actor: Any,
    territory: Territory,
    kind: str,
    code: str,
    label: str,
    description: str = "",
    payload: dict[str, Any] | None = None,
) -> ReferenceItem:
    """A draft item: the communes see it once the list's next version is published."""
    cleaned = _clean_payload(kind, payload or {}) if kind in ReferenceKind.values else {}
    the_list = reference_list(territory, kind)
    item = ReferenceItem(
        reference_list=the_list,
        code=code,
        label=label.strip(),
        description=description.strip(),
        payload=cleaned,
    )
    item.full_clean(validate_constraints=False)
    _check_code(item)
    item.save()
    audit.record(
        actor=actor,
        action="references.item_create",
        obj=item,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(item, ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def update_item(
    *,
    actor: Any,
    item: ReferenceItem,
    code: str,
    label: str,
    description: str = "",
    payload: dict[str, Any] | None = None,
) -> ReferenceItem:
    """Change an item; once published, the change reaches the communes with the next
    version (the item becomes a draft again)."""
    the_list = item.reference_list
    cleaned = _clean_payload(the_list.kind, payload or {})
    before = audit.snapshot(item, ITEM_FIELDS)
    item.code = code
    item.label = label.strip()
    item.description = description.strip()
    item.payload = cleaned
    item.full_clean(validate_constraints=False)
    _check_code(item)
    changes = audit.diff(before, audit.snapshot(item, ITEM_FIELDS))
    if changes and item.published_in is not None:
        item.published_in = None
        changes = audit.diff(before, audit.snapshot(item, ITEM_FIELDS))
    item.save()
    audit.record(
        actor=actor,
        action="references.item_update",
        obj=item,
        territory=the_list.territory,
        changes=changes,
    )
    return item


@transaction.atomic
def archive_item(*, actor: Any, item: ReferenceItem) -> ReferenceItem:
    """Take an item out of the list: the communes no longer see it; their mappings stay."""
    if item.is_archived:
        raise ValidationError(_("Cet élément est déjà archivé."))
    item.is_archived = True
    item.save(update_fields=["is_archived", "updated_at"])
    audit.record(
        actor=actor,
        action="references.item_archive",
        obj=item,
        territory=item.reference_list.territory,
        changes={"is_archived": [False, True]},
    )
    return item


@transaction.atomic
def publish(*, actor: Any, territory: Territory, kind: str) -> ReferenceList:
    """Push a new version to the communes: every draft item becomes part of it."""
    the_list = reference_list(territory, kind)
    the_list = ReferenceList.objects.select_for_update().get(pk=the_list.pk)
    drafts = the_list.items.filter(published_in__isnull=True, is_archived=False)
    if not drafts.exists():
        raise ValidationError(
            _("Rien à publier : aucun élément nouveau ou modifié depuis la dernière version.")
        )
    version = the_list.version + 1
    count = drafts.update(published_in=version, updated_at=timezone.now())
    the_list.version = version
    the_list.published_at = timezone.now()
    the_list.published_by = actor if getattr(actor, "is_authenticated", False) else None
    the_list.save(update_fields=["version", "published_at", "published_by", "updated_at"])
    audit.record(
        actor=actor,
        action="references.publish",
        obj=the_list,
        territory=territory,
        changes={"version": [version - 1, version], "items": [0, count]},
    )
    return the_list


# --------------------------------------------------------------------------- the commune


def _commune_item(territory: Territory, item: ReferenceItem) -> None:
    """``item`` is a published, current item of ``territory``'s Département."""
    if (
        territory.parent_id != item.reference_list.territory_id
        or item.published_in is None
        or item.is_archived
    ):
        raise ValidationError(_("Cet élément ne fait pas partie des référentiels de la commune."))


def _save_mapping(
    *, actor: Any, territory: Territory, item: ReferenceItem, status: str, local_key: str
) -> LocalMapping:
    mapping = LocalMapping.objects.filter(territory=territory, item=item).first()
    before = {"status": mapping.status, "local_key": mapping.local_key} if mapping else {}
    if mapping is None:
        mapping = LocalMapping(territory=territory, item=item)
    mapping.status = status
    mapping.local_key = local_key
    mapping.full_clean(validate_constraints=False)
    mapping.save()
    action = "references.adopt" if status == LocalMapping.Status.ADOPTED else "references.map"
    audit.record(
        actor=actor,
        action=action,
        obj=mapping,
        territory=territory,
        changes=audit.diff(before, {"status": status, "local_key": local_key}),
    )
    return mapping


@transaction.atomic
def map_item(
    *, actor: Any, territory: Territory, item: ReferenceItem, local_key: str
) -> LocalMapping | None:
    """Say which local item stands for ``item``: a key among the commune's own items of
    that kind (selectors_references.local_items), ``none`` for "Sans équivalent", or an
    empty key to undo the mapping."""
    from maillage.departments.selectors_references import local_items

    _commune_item(territory, item)
    if not local_key:
        existing = LocalMapping.objects.filter(territory=territory, item=item).first()
        if existing is None:
            raise ValidationError(_("Cet élément n’est pas encore rapproché."))
        audit.record(
            actor=actor,
            action="references.map",
            obj=existing,
            territory=territory,
            changes={"status": [existing.status, ""], "local_key": [existing.local_key, ""]},
        )
        existing.delete()
        return None
    if local_key == LocalMapping.Status.NO_EQUIVALENT:
        return _save_mapping(
            actor=actor,
            territory=territory,
            item=item,
            status=LocalMapping.Status.NO_EQUIVALENT,
            local_key="",
        )
    keys = {key for key, _label in local_items(territory, item.reference_list.kind)}
    if local_key not in keys:
        raise ValidationError({"local_key": _("Choisissez un élément local de la liste.")})
    return _save_mapping(
        actor=actor,
        territory=territory,
        item=item,
        status=LocalMapping.Status.MAPPED,
        local_key=local_key,
    )


def _adopt_indicator(actor: Any, territory: Territory, item: ReferenceItem) -> str:
    if Indicator.objects.filter(code=item.code).exists():
        raise ValidationError(
            _("Un indicateur de ce code existe déjà dans le catalogue : rapprochez-le plutôt.")
        )
    payload = item.payload or {}
    if not payload.get("formula"):
        raise ValidationError(
            _(
                "Le Département n’a pas donné de formule pour cet indicateur : il ne peut être adopté."
            )
        )
    indicator = observatory_services.create_indicator(
        actor=actor,
        territory=territory,
        code=item.code[:40],
        name=item.label,
        theme=payload.get("theme") or Theme.DEMOGRAPHY,
        definition=payload.get("definition") or item.description,
        formula=payload["formula"],
        unit=payload.get("unit", "")[:30],
        source=payload.get("source", "")[:200],
    )
    return indicator.code


def _adopt_question(actor: Any, territory: Territory, item: ReferenceItem) -> str:
    campaign = Campaign.objects.filter(territory=territory).order_by("-year").first()
    if campaign is None:
        raise ValidationError(
            _("La commune n’a pas encore de campagne d’évaluation : créez-la, puis adoptez.")
        )
    questions = [dict(q) for q in campaign.questions or []]
    if any(q.get("key") == item.code for q in questions):
        raise ValidationError(
            _("La grille de la campagne a déjà une question de ce code : rapprochez-la plutôt.")
        )
    questions.append(
        {"key": item.code, "label": item.label, "text": (item.payload or {}).get("text", "")}
    )
    campaign_services.update_campaign(actor=actor, campaign=campaign, questions=questions)
    return item.code


def _adopt_body(actor: Any, territory: Territory, item: ReferenceItem) -> str:
    payload = item.payload or {}
    body = body_services.create_body(
        actor=actor,
        territory=territory,
        kind=payload.get("body_kind") or Body.Kind.OTHER,
        name=item.label,
        mandate=payload.get("mandate") or item.description,
    )
    return str(body.pk)


ADOPTERS: dict[str, Callable[[Any, Territory, ReferenceItem], str]] = {
    ReferenceKind.INDICATORS: _adopt_indicator,
    ReferenceKind.EVALUATION_GRID: _adopt_question,
    ReferenceKind.BODY_TEMPLATES: _adopt_body,
}


def can_adopt(kind: str) -> bool:
    """Thématiques follow national lists (data·inclusion, the participation's subjects):
    a commune maps them, it does not create them."""
    return kind in ADOPTERS


@transaction.atomic
def adopt_item(*, actor: Any, territory: Territory, item: ReferenceItem) -> LocalMapping:
    """Create the commune's own item from the reference, through the owning app's
    service, and map it."""
    _commune_item(territory, item)
    kind = item.reference_list.kind
    if not can_adopt(kind):
        raise ValidationError(
            _("Les thématiques suivent des listes nationales : choisissez l’équivalent local.")
        )
    existing = LocalMapping.objects.filter(territory=territory, item=item).first()
    if existing is not None and existing.status == LocalMapping.Status.ADOPTED:
        raise ValidationError(_("La commune a déjà adopté cet élément."))
    local_key = ADOPTERS[kind](actor, territory, item)
    return _save_mapping(
        actor=actor,
        territory=territory,
        item=item,
        status=LocalMapping.Status.ADOPTED,
        local_key=local_key,
    )


@transaction.atomic
def set_mappings(
    *, actor: Any, territory: Territory, mappings: dict[int, str]
) -> list[LocalMapping | None]:
    """Several mappings at once (the API's PUT): ``{item id: local key}``; all or none."""
    items = {
        item.pk: item
        for item in ReferenceItem.objects.select_related("reference_list").filter(
            pk__in=list(mappings)
        )
    }
    missing = [pk for pk in mappings if pk not in items]
    if missing:
        raise ValidationError(
            _("Éléments inconnus : %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))}
        )
    return [
        map_item(actor=actor, territory=territory, item=items[pk], local_key=key)
        for pk, key in mappings.items()
    ]
