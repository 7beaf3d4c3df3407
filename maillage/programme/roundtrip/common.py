"""What both round trips share: problems located by line and column, planned changes, and
the dry run that proves a file can be applied before anything is kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.programme.tabular import Table


@dataclass
class Problem:
    line: int | None
    column: str | None
    message: str
    letter: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(_("ligne %d") % self.line)
        if self.column:
            label = _("colonne « %s »") % self.column
            if self.letter:
                label += f" ({self.letter})"
            where.append(label)
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]} : {self.message}" if prefix else self.message


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    line: int
    key: str
    title: str
    kind: str  # "create", "update"
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.kind == "create")

    @property
    def updated(self) -> int:
        return sum(1 for c in self.changes if c.kind == "update")

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": len(self.problems),
        }


class Locator:
    """Turns a column key into the header and letter the user sees in their file."""

    def __init__(self, table: Table, headers: dict[str, str]) -> None:
        self.table = table
        self.headers = headers

    def problem(self, line: int | None, key: str | None, message: str) -> Problem:
        if key is None:
            return Problem(line, None, message)
        header, letter = self.table.columns.get(key, (self.headers.get(key, key), None))
        return Problem(line, header, message, letter)


def validation_messages(exc: ValidationError) -> list[tuple[str | None, str]]:
    """(field, message) pairs of a service's ValidationError."""
    if hasattr(exc, "error_dict"):
        return [
            (None if name == "__all__" else name, message)
            for name, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [(None, message) for message in exc.messages]


class DryRunRollback(Exception):
    """Raised to undo a dry run once it has shown the file applies cleanly."""


def run(apply: Callable[[], list[Problem]], *, dry_run: bool) -> list[Problem]:
    """Apply inside one transaction; undo everything when it is a dry run or when any row
    failed. Returns the problems found."""
    problems: list[Problem] = []
    try:
        with transaction.atomic():
            problems = apply()
            if problems or dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return problems
