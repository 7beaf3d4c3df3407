"""Copy every uploaded file between the storage backend and a tar archive.

    python scripts/media_archive.py export media.tar.gz
    python scripts/media_archive.py import media.tar.gz
    python scripts/media_archive.py count

It goes through Django's default storage, so the same command backs up the local disk
(MEDIA_ROOT) and S3-compatible object storage (AWS_STORAGE_BUCKET_NAME). Used by
scripts/backup.sh and scripts/restore.sh; reads the same environment as the application
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


def export(path: Path) -> int:
    from django.core.files.storage import default_storage

    count = 0
    with tarfile.open(path, "w:gz") as archive:
        for name in walk(default_storage):
            info = tarfile.TarInfo(name)
            info.size = default_storage.size(name)
            try:
                info.mtime = int(default_storage.get_modified_time(name).timestamp())
            except (NotImplementedError, OSError):
                info.mtime = 0
            info.mode = 0o640
            with default_storage.open(name, "rb") as handle:
                archive.addfile(info, handle)
            count += 1
    return count


def import_(path: Path) -> int:
    from django.core.files import File
    from django.core.files.storage import default_storage

    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts:
                raise SystemExit(f"Refusing a path outside the storage: {member.name}")
            handle = archive.extractfile(member)
            if handle is None:
                continue
            if default_storage.exists(str(name)):
                default_storage.delete(str(name))
            saved = default_storage.save(str(name), File(handle, name=name.name))
            if saved != str(name):
                raise SystemExit(f"The storage renamed {name} to {saved}: restore stopped.")
            count += 1
    return count


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"export", "import", "count"}:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.production")
    import django

    django.setup()
    from django.core.files.storage import default_storage

    where = getattr(default_storage, "bucket_name", None) or getattr(
        default_storage, "location", "?"
    )
    if argv[0] == "count":
        print(sum(1 for _name in walk(default_storage)))
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
