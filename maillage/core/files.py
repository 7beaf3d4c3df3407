"""Private files: random storage names, and one way out, through the access engine.

Every uploaded or generated file lives in the PRIVATE storage (``STORAGES["default"]``),
outside the public media URL, under a random name (``RandomName``). It is read only
through ``private_download``: the capability's view finds the object that owns the file,
this helper asks the access engine whether the reader may ``verb`` it (404 when hidden),
then answers in one of three ways:

- S3-compatible storage (``PRIVATE_FILES_SIGNED_URLS``): a redirect to a signed URL that
  expires after ``PRIVATE_FILES_URL_EXPIRY`` seconds, issued after the check;
- behind nginx (``PRIVATE_FILES_ACCEL_PREFIX``, production): an empty answer whose
  ``X-Accel-Redirect`` names the file in nginx's ``internal`` location;
- otherwise (development, tests): the file itself, streamed by Django.

Public assets (organisation logos) use the ``public`` storage (``public_storage``), the
only one served under ``MEDIA_URL``. Decision: docs/decisions/0016-private-files.md."""

from __future__ import annotations

import mimetypes
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.checks import Error, register
from django.core.files import File
from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import URLPattern, re_path
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header
from django.views.static import serve

PUBLIC_STORAGE_ALIAS = "public"
_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")


# --------------------------------------------------------------------------- names


@deconstructible
class RandomName:
    """``upload_to`` for private files: ``<folder>/<32 random hex digits><.ext>``.

    The title, the territory and the original name say what a file holds; none of them
    goes into its storage name, which nobody can guess. The original name is kept on the
    model (or derived from it) as the download name. The extension stays (lower case,
    checked) so that a content type can be told from the name alone."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        suffix = PurePosixPath(filename or "").suffix.lower()
        extension = suffix if _EXTENSION.fullmatch(suffix) else ""
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def is_random_name(name: str) -> bool:
    return bool(re.fullmatch(r"[\w/-]*/[0-9a-f]{32}(\.[a-z0-9]{1,8})?", name or ""))


# --------------------------------------------------------------------------- storages


class PublicStorage(LazyObject):
    """The public storage, resolved when first used (and again when a test overrides
    ``STORAGES``), like Django's ``default_storage``."""

    def _setup(self) -> None:
        self._wrapped = storages[PUBLIC_STORAGE_ALIAS]


_public_storage = PublicStorage()


def public_storage() -> Storage:
    """For ``FileField(storage=public_storage)``: files anyone may fetch by URL."""
    return _public_storage  # type: ignore[return-value]


@receiver(setting_changed)
def _reset_public_storage(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _public_storage._wrapped = empty  # type: ignore[assignment]


def is_public(storage: Any) -> bool:
    return storage is _public_storage


# --------------------------------------------------------------------------- serving


def private_download(
    request: HttpRequest,
    obj: Any,
    field: str | FieldFile,
    *,
    filename: str,
    verb: str = "view",
    content_type: str | None = None,
) -> HttpResponseBase:
    """The download of ``obj.<field>``, for a reader the access engine lets ``verb`` it.

    ``field`` is the name of ``obj``'s file field, or the file itself when it belongs to
    a part of ``obj`` without a policy of its own (a journal entry's attachment: the
    action decides). Hidden objects answer 404, as do an empty field and a file missing
    from the storage. ``filename`` is what the reader's browser saves it as."""
    from maillage.core.http import require  # core.http reads the models: imported late

    require(request, verb, obj)
    file = getattr(obj, field) if isinstance(field, str) else field
    if not file or not file.name:
        raise Http404
    return serve_private(file.storage, file.name, filename=filename, content_type=content_type)


def serve_private(
    storage: Any, name: str, *, filename: str, content_type: str | None = None
) -> HttpResponseBase:
    """Answer with the private file ``name``; the caller has checked access."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    disposition = content_disposition_header(True, filename) or "attachment"
    response: HttpResponseBase
    if getattr(settings, "PRIVATE_FILES_SIGNED_URLS", False):
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
            expire=settings.PRIVATE_FILES_URL_EXPIRY,
        )
        response = HttpResponseRedirect(url)
    else:
        if not storage.exists(name):
            raise Http404
        prefix = getattr(settings, "PRIVATE_FILES_ACCEL_PREFIX", "")
        if prefix:
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = quote(prefix.rstrip("/") + "/" + name)
            response["Content-Disposition"] = disposition
        else:
            try:
                handle = storage.open(name, "rb")
            except OSError as exc:
                raise Http404 from exc
            response = FileResponse(
                handle, as_attachment=True, filename=filename, content_type=content_type
            )
    response["X-Content-Type-Options"] = "nosniff"
    # Never kept by a shared cache, and not by the browser either: the next reader may not
    # be allowed, and a signed URL expires.
    response["Cache-Control"] = "private, no-store"
    return response


def public_media_urlpatterns() -> list[URLPattern]:
    """Development only (maillage/urls.py): the public storage under MEDIA_URL, when it
    is on the local disk. Private files are never served by path."""
    if not settings.MEDIA_URL.startswith("/"):
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_public)]


def serve_public(request: HttpRequest, path: str) -> HttpResponseBase:
    location = getattr(storages[PUBLIC_STORAGE_ALIAS], "location", None)
    if not location:
        raise Http404
    return serve(request, path, document_root=location)


# --------------------------------------------------------------------------- moving


def move_to_private(
    model: Any,
    fields: Iterable[str],
    *,
    source: Storage | None = None,
    original_names: dict[str, str] | None = None,
    log: Callable[[str], None] | None = None,
) -> Counter[str]:
    """Move ``model``'s files from where they used to be (the public storage) to their
    field's storage under a random name. Used by each app's data migration and by
    ``manage.py move_private_files`` (after restoring an old backup).

    Idempotent: a file already in its field's storage stays. Tolerant: a file found
    nowhere is counted as missing and its row left as it is. ``original_names`` maps a
    file field to the field that keeps its download name, filled from the old name when
    empty."""
    origin: Storage = source or storages[PUBLIC_STORAGE_ALIAS]
    original_names = original_names or {}
    counts: Counter[str] = Counter()
    for obj in model._default_manager.all().order_by("pk").iterator():
        updates: dict[str, str] = {}
        for field_name in fields:
            field = model._meta.get_field(field_name)
            old = getattr(obj, field_name).name
            if not old:
                continue
            target = field.storage
            if target.exists(old):
                counts["already"] += 1
                continue
            if not origin.exists(old):
                counts["missing"] += 1
                if log:
                    log(f"missing: {model._meta.label}.{field_name} #{obj.pk} {old}")
                continue
            with origin.open(old, "rb") as handle:
                new = target.save(field.generate_filename(obj, old), File(handle))
            updates[field_name] = new
            name_field = original_names.get(field_name)
            if name_field and not getattr(obj, name_field):
                updates[name_field] = PurePosixPath(old).name[:255]
            # The old copy goes once the new name is committed: a failed migration leaves
            # both, never neither.
            transaction.on_commit(partial(origin.delete, old))
            counts["moved"] += 1
        if updates:
            # update(), not save(): no auto_now field moves, no signal fires.
            model._default_manager.filter(pk=obj.pk).update(**updates)
    return counts


def migration(
    app_label: str, model_name: str, fields: list[str], original_names: dict[str, str] | None = None
) -> Callable[[Any, Any], None]:
    """A ``RunPython`` forward function moving one model's files (historical model)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        move_to_private(model, fields, original_names=original_names)

    return forward


def project_file_fields() -> list[Any]:
    """Every FileField / ImageField of the project's models."""
    from django.apps import apps
    from django.db import models

    return [
        field
        for model in apps.get_models()
        if model.__module__.startswith("maillage.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


# --------------------------------------------------------------------------- checks


@register()
def check_private_root(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The private root must not be inside the public one (nor the other way round):
    the proxy would serve private files under /media/."""
    private = getattr(default_storage, "location", None)
    public = getattr(storages[PUBLIC_STORAGE_ALIAS], "location", None)
    if not private or not public:
        return []
    a, b = PurePosixPath(str(private)), PurePosixPath(str(public))
    if a == b or b in a.parents or a in b.parents:
        return [
            Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap: private files would be public.",
                hint="Give PRIVATE_MEDIA_ROOT a folder outside MEDIA_ROOT.",
                id="maillage.E010",
            )
        ]
    return []
