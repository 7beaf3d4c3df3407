"""A frozen clock for tests: the project has no freezegun; ``django.utils.timezone.now``
is what ``timezone.localdate()`` and every "today" of the code read."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from unittest import mock
from zoneinfo import ZoneInfo


@contextlib.contextmanager
def frozen(day: datetime.date, hour: int = 12) -> Iterator[datetime.datetime]:
    """Run the block as if it were ``day`` at ``hour`` (Paris time)."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo("Europe/Paris"))
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield moment
