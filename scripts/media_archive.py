"""Copy every uploaded file between the storage backends and a tar archive.

    python scripts/media_archive.py export media.tar.gz
    python scripts/media_archive.py import media.tar.gz
    python scripts/media_archive.py count

It goes through Django's storages, so the same command backs up the local disk
(PRIVATE_MEDIA_ROOT and MEDIA_ROOT) and S3-compatible object storage
(AWS_STORAGE_BUCKET_NAME). The archive holds ``private/<name>`` (the private storage,
"default") and ``public/<name>`` (logos, "public"); an archive made before private storage
existed holds bare names, restored where they were (the public storage) for
``manage.py move_private_files`` to move. Used by scripts/backup.sh and
scripts/restore.sh; reads the same environment as the application
(DJANGO_SETTINGS_MODULE defaults to the production settings)."""

from __future__ import annotations

import os
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def walk(storage: Any, prefix: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:  # an empty MEDIA_ROOT that was never created
        return
    for name in sorted(files):
        yield str(PurePosixPath(prefix, name)) if prefix else name
    for directory in sorted(directories):
        yield from walk(storage, str(PurePosixPath(prefix, directory)) if prefix else directory)


# Archive prefix → storage alias.
STORAGES = {"private": "default", "public": "public"}


def export(path: Path) -> int:
    from django.core.files.storage import storages

    count = 0
    with tarfile.open(path, "w:gz") as archive:
        for prefix, alias in STORAGES.items():
            storage = storages[alias]
            for name in walk(storage):
                if alias == "public" and _inside(storages["default"], storage, name):
                    continue  # the private root nested in the public one (S3 prefix)
                info = tarfile.TarInfo(f"{prefix}/{name}")
                info.size = storage.size(name)
                try:
                    info.mtime = int(storage.get_modified_time(name).timestamp())
                except (NotImplementedError, OSError):
                    # A backend that keeps no modification time: the archive says 1970
                    # rather than fail the backup.
                    info.mtime = 0
                info.mode = 0o640
                with storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
                count += 1
    return count


def _inside(private: Any, public: Any, name: str) -> bool:
    """With S3, the private storage is the ``private/`` prefix of the public bucket: walking
    the public storage finds the private files too; they are archived once, as private."""
    location = getattr(private, "location", "")
    return (
        bool(location)
        and getattr(private, "bucket_name", None) is not None
        and getattr(private, "bucket_name", None) == getattr(public, "bucket_name", None)
        and (name == location or name.startswith(location.rstrip("/") + "/"))
    )


def import_(path: Path) -> int:
    from django.core.files import File
    from django.core.files.storage import storages

    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts:
                raise SystemExit(f"Refusing a path outside the storage: {member.name}")
            alias = STORAGES.get(name.parts[0])
            if alias is None or len(name.parts) < 2:
                alias = "public"  # an archive from before private storage: as it was
            else:
                name = PurePosixPath(*name.parts[1:])
            storage = storages[alias]
            handle = archive.extractfile(member)
            if handle is None:
                continue
            if storage.exists(str(name)):
                storage.delete(str(name))
            saved = storage.save(str(name), File(handle, name=name.name))
            if saved != str(name):
                raise SystemExit(f"The storage renamed {name} to {saved}: restore stopped.")
            count += 1
    return count


def _where(storage: Any) -> str:
    bucket = getattr(storage, "bucket_name", None)
    location = getattr(storage, "location", "?")
    return f"{bucket}/{location}" if bucket else str(location)


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"export", "import", "count"}:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.production")
    import django

    django.setup()
    from django.core.files.storage import storages

    where = " + ".join(_where(storages[alias]) for alias in STORAGES.values())
    if argv[0] == "count":
        print(
            sum(
                1
                for alias in STORAGES.values()
                for name in walk(storages[alias])
                if not (alias == "public" and _inside(storages["default"], storages[alias], name))
            )
        )
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[1])
    if argv[0] == "export":
        count = export(path)
        print(f"{count} uploaded file(s) from {where} → {path}")
    else:
        count = import_(path)
        print(f"{count} uploaded file(s) from {path} → {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
