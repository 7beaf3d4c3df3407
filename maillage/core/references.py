"""References to another object, checked against the access engine.

A page, an export or an API answer that names another object (a decision's fiche action,
an agenda item's fiche, an audit entry's object) shows its code, title, id or link only
when the reader may view that object; otherwise a neutral "une fiche non visible" with
no code, title or id, so that the reference neither leaks the object nor confirms that it
exists.

Lists stay at a constant number of queries: ``with_visibility`` annotates a queryset with
one ``EXISTS`` per referenced field, computed by the same ``access.visible`` filter as the
object's own pages, and every helper below reads that annotation before falling back to
``access.can`` for a single object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from maillage.core import access

# What a hidden reference reads as, by the referenced model's label; capabilities name
# theirs with ``name_hidden`` (the programme: "une fiche non visible").
_HIDDEN_LABELS: dict[str, Any] = {}
HIDDEN = _("un objet non visible")


def name_hidden(label: str, text: Any) -> None:
    """``name_hidden("programme.action", _("une fiche non visible"))``, from an app's
    ``ready``."""
    _HIDDEN_LABELS[label] = text


def hidden_label(model: type[models.Model] | None) -> str:
    if model is None:
        return str(HIDDEN)
    return str(_HIDDEN_LABELS.get(model._meta.label_lower, HIDDEN))


def _flag(field: str) -> str:
    return f"_{field}_visible"


def _target_model(model: type[models.Model], field: str) -> type[models.Model]:
    related = model._meta.get_field(field).related_model
    assert isinstance(related, type), f"{model.__name__}.{field} is not a relation"
    return related


def visible_target_q(user: Any, model: type[models.Model], field: str) -> Exists:
    """``EXISTS`` the object named by ``field`` and visible to ``user``."""
    target = _target_model(model, field)
    return Exists(access.visible(user, target._default_manager.filter(pk=OuterRef(f"{field}_id"))))


def with_visibility(
    user: Any, queryset: QuerySet, *fields: str, after_fetch: bool = False
) -> QuerySet:
    """``queryset`` annotated, for each foreign key in ``fields``, with whether its object
    is visible to ``user``: one query for the whole list, read back by ``is_visible``.

    ``after_fetch=True`` flags the rows once fetched instead, with one query per field on
    the fetched rows' ids (``flag_visibility``): for a page sliced out of a large list,
    where PostgreSQL would otherwise hash every visible target of the territory to flag
    the ten or fifty rows shown. Same meaning, one more query per field."""
    if queryset.query.is_empty():
        return queryset  # no row to flag (``visible_if_any`` found none): no filter built
    if after_fetch:
        clone = queryset.all()
        clone._iterable_class = _flagging_iterable(
            clone._iterable_class,
            user,
            fields,
        )
        return clone
    return queryset.annotate(
        **{_flag(field): visible_target_q(user, queryset.model, field) for field in fields}
    )


_FLAG_BATCH = 2000


def _flagging_iterable(base: type, user: Any, fields: tuple[str, ...]) -> type:
    if not issubclass(base, ModelIterable):
        return base

    class FlaggingIterable(base):
        def __iter__(self) -> Iterator[Any]:
            batch: list[Any] = []
            for obj in super().__iter__():
                batch.append(obj)
                if len(batch) >= _FLAG_BATCH:
                    yield from flag_visibility(user, batch, *fields)
                    batch = []
            if batch:
                yield from flag_visibility(user, batch, *fields)

    return FlaggingIterable


def mark_visible(rows: Iterable[Any], field: str) -> None:
    """Flag, on each of ``rows``, the object ``field`` names as visible, without a query:
    for rows read through that very object, which the reader was shown (a page of
    decisions and their tasks)."""
    for row in rows:
        setattr(row, _flag(field), getattr(row, f"{field}_id") is not None)


def flag_visibility(user: Any, rows: list[Any], *fields: str) -> list[Any]:
    """Set, on each of ``rows`` (model instances), whether the object each foreign key in
    ``fields`` names is visible to ``user``: one query per field that names something, on
    those ids only, read back by ``is_visible``."""
    if not rows:
        return rows
    model = type(rows[0])
    for field in fields:
        attname = f"{field}_id"
        ids = {getattr(row, attname) for row in rows} - {None}
        visible: set[Any] = set()
        if ids:
            target = _target_model(model, field)
            visible = set(
                access.visible(user, target._default_manager.filter(pk__in=sorted(ids)))
                .order_by()
                .values_list("pk", flat=True)
            )
        for row in rows:
            setattr(row, _flag(field), getattr(row, attname) in visible)
    return rows


def only_visible_target(user: Any, queryset: QuerySet, path: str, pk: Any) -> QuerySet:
    """``queryset`` filtered on the relation ``path`` (``"action"``, ``"decision__action"``)
    naming the object ``pk``, keeping nothing when that object is hidden from ``user``: a
    hidden id answers exactly like an unknown id."""
    model = queryset.model
    for part in path.split("__"):
        model = _target_model(model, part)
    visible = access.visible(user, model._default_manager.filter(pk=pk))
    return queryset.filter(**{f"{path}__in": visible.values("pk")})


def is_visible(user: Any, holder: Any, field: str) -> bool:
    """May ``user`` view the object that ``holder.<field>`` names? False when none."""
    if getattr(holder, f"{field}_id", None) is None:
        return False
    flag = getattr(holder, _flag(field), None)
    if flag is not None:
        return bool(flag)
    return access.can(user, "view", getattr(holder, field))


def target(user: Any, holder: Any, field: str) -> Any:
    """The object ``holder.<field>`` names when ``user`` may view it, else None."""
    return getattr(holder, field) if is_visible(user, holder, field) else None


def target_id(user: Any, holder: Any, field: str) -> Any:
    """The id of the referenced object, or None when it is hidden (never a hidden id)."""
    return getattr(holder, f"{field}_id") if is_visible(user, holder, field) else None


def api_target_id(context: Any, holder: Any, field: str) -> Any:
    """``target_id`` for an API schema's resolver, reading the caller from ninja's
    serialisation context."""
    request = (context or {}).get("request")
    return target_id(getattr(request, "user", None), holder, field)


@dataclass(frozen=True)
class Reference:
    """What a page may say about a referenced object. Its ``url`` is read only when a page
    links to it: an object's address may need more of it (a fiche's territory) than a row
    that names it by code has loaded."""

    visible: bool
    code: str = ""
    title: str = ""
    target: Any = dataclasses.field(default=None, repr=False, compare=False)

    @cached_property
    def url(self) -> str:
        target = self.target
        return target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""

    @property
    def label(self) -> str:
        if not self.code:
            return self.title
        return f"{self.code} — {self.title}" if self.title else self.code

    def __bool__(self) -> bool:
        return bool(self.code or self.title)

    def __str__(self) -> str:
        return self.label


def reference(user: Any, holder: Any, field: str) -> Reference:
    """The reference ``holder.<field>`` as ``user`` may read it: empty when none, the
    neutral label when hidden, else the object's code, title and page."""
    if getattr(holder, f"{field}_id", None) is None:
        return Reference(visible=False)
    if not is_visible(user, holder, field):
        return Reference(visible=False, title=hidden_label(_target_model(type(holder), field)))
    obj = getattr(holder, field)
    code = str(getattr(obj, "code", "") or getattr(obj, "reference", "") or "")
    title = str(getattr(obj, "title", "") or getattr(obj, "name", "") or ("" if code else obj))
    return Reference(visible=True, code=code, title=title, target=obj)


def code(user: Any, holder: Any, field: str) -> str:
    """The referenced object's code (its label when it has none) for exports; the neutral
    label when hidden, "" when there is no reference."""
    ref = reference(user, holder, field)
    return ref.code or ref.title


# --------------------------------------------------------------------------- audit log


def _audited_model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def visible_audit_entries(user: Any, entries: QuerySet) -> QuerySet:
    """Audit entries whose object ``user`` may view (platform admins read them all).

    An entry names its object by ``object_type`` and ``object_id``. When the object's
    model has an access policy, the entry is kept only if the object still exists and is
    visible to the reader (a deleted object can no longer be checked, so its entries are
    left to the admins); objects without a policy of their own (accounts, settings of a
    capability) are territory-level records read by whoever may read the log. One query
    for the types present, then one filtered query with a subquery per type."""
    if access.actor_for(user).is_admin:
        return entries
    keep = Q(pk__in=[])
    types = entries.order_by().values_list("object_type", flat=True).distinct()
    for label in sorted(set(types)):
        model = _audited_model(label)
        if model is None:
            continue
        try:
            access.policy_for(model)
        except access.UnregisteredModel:
            keep |= Q(object_type=label)
            continue
        ids = (
            access.visible(user, model._default_manager.all())
            .annotate(_ref=Cast("pk", CharField()))
            .values("_ref")
        )
        keep |= Q(object_type=label, object_id__in=ids)
    return entries.filter(keep)
