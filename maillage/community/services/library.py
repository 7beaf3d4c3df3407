"""Writes of the shared library: documents, their versions, and the text read out of
their files by the task worker."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from maillage.community import extraction
from maillage.community.models import Document, DocumentVersion, Extraction
from maillage.core import access, audit, queue
from maillage.core.roles import Visibility
from maillage.network import vocab
from maillage.territories.models import Organisation, Territory

FIELDS = [
    "title",
    "kind",
    "summary",
    "author",
    "published_on",
    "licence",
    "thematiques",
    "visibility",
]
M2M = ["axes", "actions", "indicators", "restricted_to"]


def max_bytes() -> int:
    return int(getattr(settings, "LIBRARY_DOCUMENT_MAX_BYTES", 30 * 1024 * 1024))


def check_file(file: Any) -> extraction.Format:
    """The uploaded file's format; a ValidationError on ``file`` when it is too large,
    of a format the library does not take, or not what its extension says."""
    if file is None:
        raise ValidationError({"file": _("Choisissez le fichier à déposer.")})
    if file.size > max_bytes():
        raise ValidationError(
            {
                "file": _("Le fichier pèse %(size)s : la limite est de %(limit)s.")
                % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes())}
            }
        )
    try:
        return extraction.check_content(file, file.name or "")
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _check_links(
    *,
    actor: Any,
    territory: Territory,
    author: Organisation,
    thematiques: Iterable[str],
    axes: Iterable[Any],
    actions: Iterable[Any],
    visibility: str,
    restricted_to: Iterable[Organisation],
) -> None:
    errors: dict[str, str] = {}
    who = access.actor_for(actor)
    if not who.is_coordinator(territory.pk) and author.pk not in who.orgs_in(territory.pk):
        errors["author"] = _("Vous ne pouvez publier qu’au nom de votre organisation.")
    elif not author.partnerships.filter(territory=territory).exists():
        errors["author"] = _("Cette organisation n’est pas partenaire du territoire.")
    unknown = [t for t in thematiques if not vocab.is_topic(t)]
    if unknown:
        errors["thematiques"] = _("Thématique inconnue : %(values)s.") % {
            "values": ", ".join(unknown)
        }
    if any(axis.territory_id != territory.pk for axis in axes):
        errors["axes"] = _("Choisissez des axes du programme de ce territoire.")
    if any(action.territory_id != territory.pk for action in actions):
        errors["actions"] = _("Choisissez des fiches actions de ce territoire.")
    if visibility == Visibility.RESTRICTED and not list(restricted_to):
        errors["restricted_to"] = _(
            "Un document restreint doit nommer au moins une organisation autorisée."
        )
    if errors:
        raise ValidationError(errors)


def _add_version(*, actor: Any, document: Document, file: Any, note: str) -> DocumentVersion:
    fmt = check_file(file)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        file=file,
        filename=PurePath(file.name or f"document.{fmt.extension}").name[:255],
        file_format=fmt.extension,
        size=file.size,
        note=note,
        extraction=Extraction.QUEUED if fmt.extractable else Extraction.DONE,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean(exclude=["file"])
    version.save()
    if fmt.extractable:
        queue.enqueue_on_commit("community.extract_document_text", version_id=version.pk)
    else:
        # Nothing to read in a spreadsheet or an image: the new version has no text.
        document.text, document.preview = "", ""
        document.save(update_fields=["text", "preview", "updated_at"])
    return version


@transaction.atomic
def create_document(
    *,
    actor: Any,
    territory: Territory,
    file: Any,
    note: str = "",
    axes: Iterable[Any] = (),
    actions: Iterable[Any] = (),
    indicators: Iterable[Any] = (),
    restricted_to: Iterable[Organisation] = (),
    **fields: Any,
) -> Document:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown document fields: {sorted(unknown)}")
    axes, actions, restricted_to = list(axes), list(actions), list(restricted_to)
    document = Document(territory=territory, created_by=actor, **fields)
    errors: dict[str, list[str]] = {}
    try:
        document.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        check_file(file)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "author" not in errors:
        try:
            _check_links(
                actor=actor,
                territory=territory,
                author=document.author,
                thematiques=document.thematiques,
                axes=axes,
                actions=actions,
                visibility=document.visibility,
                restricted_to=restricted_to,
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    document.save()
    document.axes.set(axes)
    document.actions.set(actions)
    document.indicators.set(list(indicators))
    document.restricted_to.set(_with_author(document, restricted_to))
    _add_version(actor=actor, document=document, file=file, note=note)
    audit.record(
        actor=actor,
        action="document.create",
        obj=document,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(document, [*FIELDS, *M2M])),
    )
    return document


def _with_author(document: Document, restricted_to: list[Organisation]) -> list[Organisation]:
    """A restricted document is always seen by its author organisation."""
    if document.visibility != Visibility.RESTRICTED:
        return restricted_to
    if all(org.pk != document.author_id for org in restricted_to):
        return [*restricted_to, document.author]
    return restricted_to


@transaction.atomic
def update_document(
    *,
    actor: Any,
    document: Document,
    axes: Iterable[Any] | None = None,
    actions: Iterable[Any] | None = None,
    indicators: Iterable[Any] | None = None,
    restricted_to: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Document:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown document fields: {sorted(unknown)}")
    before = audit.snapshot(document, [*FIELDS, *M2M])
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    new_axes = list(axes) if axes is not None else list(document.axes.all())
    new_actions = list(actions) if actions is not None else list(document.actions.all())
    new_restricted = (
        list(restricted_to) if restricted_to is not None else list(document.restricted_to.all())
    )
    _check_links(
        actor=actor,
        territory=document.territory,
        author=document.author,
        thematiques=document.thematiques,
        axes=new_axes,
        actions=new_actions,
        visibility=document.visibility,
        restricted_to=new_restricted,
    )
    document.save()
    document.axes.set(new_axes)
    document.actions.set(new_actions)
    if indicators is not None:
        document.indicators.set(list(indicators))
    document.restricted_to.set(_with_author(document, new_restricted))
    changes = audit.diff(before, audit.snapshot(document, [*FIELDS, *M2M]))
    if changes:
        audit.record(
            actor=actor,
            action="document.update",
            obj=document,
            territory=document.territory,
            changes=changes,
        )
    return document


@transaction.atomic
def add_version(*, actor: Any, document: Document, file: Any, note: str = "") -> DocumentVersion:
    version = _add_version(actor=actor, document=document, file=file, note=note)
    audit.record(
        actor=actor,
        action="document.new_version",
        obj=document,
        territory=document.territory,
        changes={"version": [version.number - 1 or None, version.number], "note": [None, note]},
    )
    return version


@transaction.atomic
def record_extraction(*, version_id: int, text: str = "", error: str = "") -> DocumentVersion:
    """The worker read a version's file: keep its text (or why it could not), and make it
    the document's searchable text when it is the current version."""
    version = (
        DocumentVersion.objects.select_for_update().select_related("document").get(pk=version_id)
    )
    version.text = text
    version.extraction = Extraction.FAILED if error else Extraction.DONE
    version.extraction_error = error[:255]
    version.save(update_fields=["text", "extraction", "extraction_error", "updated_at"])
    document = version.document
    latest = document.versions.aggregate(n=Max("number"))["n"]
    if version.number == latest:
        document.text = text
        document.preview = extraction.excerpt(text)
        document.save(update_fields=["text", "preview", "updated_at"])
    audit.record(
        actor=None,
        action="document.text_extracted",
        obj=document,
        territory=document.territory,
        changes={"version": [None, version.number], "extraction": [None, version.extraction]},
    )
    return version
