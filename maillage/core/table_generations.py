"""A generation per table: what a kept value was made from, so that a write forgets only
what read the table it wrote (docs/decisions/0027-kept-values-under-the-tables-they-read.md).

``write_generation.py`` watches every statement on every connection. Here:

- **Reads.** The tables a ``SELECT`` names are noted in the innermost *frame*: one per
  kept value being made (``making``), below them the request's own (what it read outside
  any kept value: the reader, the access engine's actor, the page's frame). A kept value
  depends on the tables read while it was made and on those read before it in the
  frames around it — the reader's access, worked out before the value was asked for,
  decided what it shows.
- **Tokens.** Each table has a random token in the shared cache, replaced when a write
  to it commits (``publish``), before the single write generation is (``write_generation``).
  A request reads that one at its first kept value: the same as when this process last
  read the tables' tokens, it takes those; otherwise it reads them all in one round trip.
  It keeps them until it ends: read before the data they stand for, so a value is never
  kept under a token newer than what it was made from. An *epoch* token stands for every table (``write_generation.replace``:
  a migration, a setting changed in tests, a ``TRUNCATE``).
- **Writes not yet committed.** Only the connection that made them sees them: the thread
  marks the table with a token of its own (``written``), added to the shared one for as
  long as its transaction may be open, so what it keeps from its own writes is never
  served to anyone else — nor to itself once a savepoint undid them (``undone``).

A table that no model declares is not tracked: writing to it replaces the epoch."""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Iterable
from functools import cache as memoize
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError

EPOCH = "maillage:generation:epoch"
_PREFIX = "maillage:generation:table:"
_READ = re.compile(r"""\b(?:FROM|JOIN)\s+["`]?(\w+)""", re.IGNORECASE)


@memoize
def tables() -> frozenset[str]:
    """Every table a model declares (many-to-many tables included)."""
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


class _Frame:
    """What was read in a frame — which what is made after it there depends on — and what
    the readers' parts made in it read: the frame's value depends on those too, the parts
    made after them do not."""

    __slots__ = ("parts", "reads")

    def __init__(self) -> None:
        self.reads: set[str] = set()
        self.parts: set[str] = set()


class _State(threading.local):
    def __init__(self) -> None:
        # The request's frame at the bottom, one per kept value being made above it.
        self.frames: list[_Frame] = [_Frame()]
        # The tokens read at the request's first kept value; None outside a request.
        self.tokens: dict[str, str] | None = None
        self.in_request = False
        # Tables this thread wrote and whose transaction may not have committed.
        self.written: dict[str, str] = {}


_state = _State()
_parsed: dict[str, frozenset[str]] = {}


def tables_read(sql: str) -> frozenset[str]:
    """The tracked tables ``sql`` names after ``FROM`` or ``JOIN`` (remembered per
    statement: Django compiles the same few hundred again and again)."""
    found = _parsed.get(sql)
    if found is None:
        found = frozenset(_READ.findall(sql)) & tables()
        if len(_parsed) > 2048:
            _parsed.clear()
        _parsed[sql] = found
    return found


def note_read(sql: str) -> None:
    _state.frames[-1].reads.update(tables_read(sql))


def making() -> _Making:
    """``with making() as made:`` — a kept value being made; ``made.tables`` is what it
    depends on once the block has ended."""
    return _Making()


class _Making:
    tables: frozenset[str] = frozenset()

    def __enter__(self) -> _Making:
        _state.frames.append(_Frame())
        return self

    def __exit__(self, *exc: Any) -> None:
        own = _state.frames.pop()
        self.tables = frozenset(
            own.reads.union(own.parts, *(frame.reads for frame in _state.frames))
        )


def used(depends_on: Iterable[str], *, into_request: bool = True) -> None:
    """A kept value was used: what it depends on, the frame around it does too. A reader's
    part of a page, HTML sent as it is (``into_request=False``), does not pass its tables
    to the request's frame: the parts after it do not depend on it."""
    frame = _state.frames[-1]
    if into_request:
        frame.reads.update(depends_on)
    elif len(_state.frames) > 1:  # the request itself is kept by no one
        frame.parts.update(depends_on)


class _Known:
    """The tokens this process read last, and the write generation they were read under
    (``write_generation.KEY``, replaced after each publication): while it is the same,
    no table's token has changed since, and a request reads that one key, not all."""

    def __init__(self) -> None:
        self.generation = ""
        self.tokens: dict[str, str] = {}
        self.lock = threading.Lock()


_known = _Known()


def tokens(generation: str) -> dict[str, str] | None:
    """Every table's token and the epoch's (made where the cache has none), as of the
    write generation ``generation`` the caller just read; None when the cache cannot be
    read: nothing should then be kept or served."""
    if _state.tokens is not None:
        return _state.tokens
    with _known.lock:
        same = generation and _known.generation == generation
        read = dict(_known.tokens) if same else {}
    if not read:
        keys = [EPOCH, *(_PREFIX + table for table in tables())]
        try:
            found = cache.get_many(keys)
            missing = {key: secrets.token_hex(8) for key in keys if key not in found}
            if missing:
                # Another process may make another token for the same table at once:
                # tokens only ever stand for "changed", so the loser's values are merely
                # not found.
                cache.set_many(missing, None)
                found.update(missing)
        except DatabaseError:  # the database cache, with the database gone
            return None
        read = {key.removeprefix(_PREFIX): str(value) for key, value in found.items()}
        with _known.lock:
            # Read after ``generation``: a write published since has its new tokens here
            # at worst, never older ones.
            _known.generation, _known.tokens = generation, dict(read)
    if _state.in_request:
        _state.tokens = read
    return read


def signature(depends_on: Iterable[str], read: dict[str, str]) -> str:
    """What a value made from ``depends_on`` is kept under: a digest of the epoch and of
    each table's token, with this thread's own mark on those it wrote."""
    written = _state.written
    parts = [read[EPOCH]]
    for table in sorted(depends_on):
        parts.append(f"{table}={read.get(table, '')}~{written.get(table, '')}")
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def written(table: str) -> None:
    """This thread wrote ``table``: what it keeps from now on is its own until the write
    is published (or the transaction is gone)."""
    _state.written[table] = secrets.token_hex(8)


def undone() -> None:
    """A savepoint was rolled back: what this thread kept from its own writes is wrong."""
    for table in _state.written:
        _state.written[table] = secrets.token_hex(8)


def publish(changed: Iterable[str]) -> None:
    """Writes to ``changed`` committed: new tokens, for every process."""
    changed = set(changed)
    new = {table: secrets.token_hex(8) for table in changed}
    cache.set_many({_PREFIX + table: token for table, token in new.items()}, None)
    for table in changed:
        _state.written.pop(table, None)
    if _state.tokens is not None:
        _state.tokens.update(new)


def publish_epoch(token: str) -> None:
    cache.set(EPOCH, token, None)
    if _state.tokens is not None:
        _state.tokens[EPOCH] = token


def request_started(*, in_transaction: bool) -> None:
    _state.in_request = True
    _state.tokens = None
    _state.frames = [_Frame()]
    if not in_transaction:
        # No transaction open: the thread's writes were published or rolled back.
        _state.written.clear()


def request_finished() -> None:
    _state.in_request = False
    _state.tokens = None
    _state.frames = [_Frame()]
