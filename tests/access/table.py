"""The truth table's vocabulary, and the discovery of every capability's table.

Each capability writes ``tests/<app>/access_table.py`` with:

- ``SUBJECTS``: ``{subject: builder(world) -> object}``. A subject is an object kind,
  optionally with a variant in brackets: ``"organisation[partners]"``.
- ``TABLE``: ``{(subject, verb): "Y N …"}``, one letter per actor in ``world.ACTORS`` order.
  This is the spec: ``can(actor, verb, subject)`` must answer exactly this.
- ``URLS``: ``{url_name: Url(...)}``: which subject and verb each page or API endpoint
  stands for. Every named URL of the project must be listed somewhere.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.access.world import ACTORS, World

Builder = Callable[[World], Any]


@dataclass(frozen=True)
class Url:
    """One URL pattern and the cell of the table it stands for.

    ``kwargs(world, obj)`` gives the URL's arguments. ``method`` and ``data`` say how the
    test calls it. ``ok`` are the statuses an allowed actor may get. ``api`` changes what a
    refusal looks like (401 instead of a redirect to the sign-in page)."""

    subject: str
    verb: str
    kwargs: Callable[[World, Any], dict[str, Any]] = lambda world, obj: {}
    method: str = "get"
    data: Callable[[World, Any], Any] | None = None
    ok: frozenset[int] = frozenset({200})
    api: bool = False
    # A JSON body for API writes (``data`` is then sent as JSON).
    content_type: str | None = None
    location: str | None = None
    post: Callable[[World, Any], Any] | None = None
    post_ok: frozenset[int] = frozenset({302})
    post_location: str | None = None
    ok_for: dict[str, frozenset[int]] = field(default_factory=dict)
    writes: bool = True
    data_as: Callable[[World, Any, str], Any] | None = None
    # A read under another verb than ``view`` (a file download, maillage.core.files) looks
    # the object up before anything else: a hidden one answers 404 to an anonymous user
    # too, a visible one sends them to sign in.
    looks_up_first: bool = False


@dataclass(frozen=True)
class Wildcard:
    """A namespace covered as a whole, e.g. the Django admin: every URL in it answers as the
    cell (subject, verb) says. ``probe`` names one URL the test calls; the admin is also
    walked model by model (changelist, add, change) by ``test_admin_model``."""

    subject: str
    verb: str
    probe: str
    ok: frozenset[int] = frozenset({200})


@dataclass
class Tables:
    subjects: dict[str, Builder] = field(default_factory=dict)
    table: dict[tuple[str, str], str] = field(default_factory=dict)
    urls: dict[str, Url | Wildcard] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def parse_row(row: str) -> dict[str, bool]:
    letters = row.split()
    if len(letters) != len(ACTORS) or any(letter not in ("Y", "N") for letter in letters):
        raise ValueError(f"A row needs {len(ACTORS)} letters Y or N, got {row!r}")
    return dict(zip(ACTORS, (letter == "Y" for letter in letters), strict=True))


def kind_of(subject: str) -> str:
    return subject.split("[", 1)[0]


def discover() -> Tables:
    import tests

    tables = Tables()
    for module_info in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        # ``access_table.py``, or ``access_table_<part>.py`` for a capability's part.
        if not module_info.name.rsplit(".", 1)[-1].startswith("access_table"):
            continue
        module = importlib.import_module(module_info.name)
        for name, builder in getattr(module, "SUBJECTS", {}).items():
            _add(tables.subjects, name, builder, module_info.name, "subject")
        for key, row in getattr(module, "TABLE", {}).items():
            parse_row(row)
            _add(tables.table, key, row, module_info.name, "cell")
        for key, url in getattr(module, "URLS", {}).items():
            _add(tables.urls, key, url, module_info.name, "URL")
            tables.sources[key] = module_info.name
    return tables


def _add(target: dict, key: Any, value: Any, source: str, what: str) -> None:
    if key in target:
        raise ValueError(f"{what} {key!r} is declared twice (again in {source})")
    target[key] = value


def build(world: World, tables: Tables, subject: str) -> Any:
    if subject not in world.cache:
        world.cache[subject] = tables.subjects[subject](world)
    return world.cache[subject]


def expected_status(allowed: bool, visible: bool, actor: str, url: Url) -> set[int]:
    if allowed and actor in url.ok_for:
        return set(url.ok_for[actor])
    return _expected(allowed, visible, actor, url)


def _expected(allowed: bool, visible: bool, actor: str, url: Url) -> set[int]:
    """Allowed: the URL's own statuses. Refused: a hidden object answers 404 to a reader;
    a page that acts on something asks an anonymous user to sign in first (302, or 401 in
    the API) before any object is looked up, so it names nothing; a signed-in user who may
    see the object but not act on it gets 403."""
    if allowed:
        return set(url.ok)
    if actor == "anonymous" and url.verb != "view" and not url.looks_up_first:
        return {401} if url.api else {302}
    if not visible:
        return {404}
    if actor == "anonymous":
        return {401} if url.api else {302}
    return {403}


def all_cells(tables: Tables) -> Iterable[tuple[str, str]]:
    return sorted(tables.table)
