"""Opening hours: data·inclusion's ``horaires_accueil`` is an OpenStreetMap
``opening_hours`` string ("Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00"). People enter
them day by day (``OpeningHoursField``) and read them in French ("du lundi au vendredi :
8 h 30 – 12 h et 13 h 30 – 17 h 30"); this module reads and writes the subset of the
syntax that a week of opening ranges needs, and leaves anything else as it was written.
"""

from __future__ import annotations

import datetime
import re
from itertools import pairwise
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = (
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
)
# Ranges a day offers in the form: a morning and an afternoon.
RANGES_PER_DAY = 2

Range = tuple[datetime.time, datetime.time]
Week = dict[str, list[Range]]


class Unreadable(ValueError):
    """A string outside the subset this module reads (public holidays, months, 24/7…)."""


_TIME = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_RULE = re.compile(r"^([A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s+(.+)$")


def parse(text: str) -> Week:
    """``{"Mo": [(08:30, 12:00), (13:30, 17:30)], …}`` for the days that open; a later
    rule for a day replaces an earlier one, as in OpenStreetMap. Raises Unreadable."""
    week: Week = {}
    for raw_rule in (text or "").split(";"):
        rule = raw_rule.strip()
        if not rule:
            continue
        match = _RULE.match(rule)
        if match is None:
            raise Unreadable(rule)
        days = _days(match.group(1))
        times = match.group(2).strip()
        if times.lower() in {"off", "closed"}:
            for day in days:
                week.pop(day, None)
            continue
        ranges = [_range(part.strip()) for part in times.split(",")]
        for day in days:
            week[day] = sorted(ranges)
    return {day: week[day] for day in DAYS if day in week}


def _days(spec: str) -> list[str]:
    days: list[str] = []
    for part in spec.replace(" ", "").split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            start, end = _day_index(first), _day_index(last)
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            days += [DAYS[i] for i in span]
        else:
            days.append(DAYS[_day_index(part)])
    return days


def _day_index(code: str) -> int:
    try:
        return DAYS.index(code.capitalize())
    except ValueError:
        raise Unreadable(code) from None


def _range(text: str) -> Range:
    match = _TIME.match(text)
    if match is None:
        raise Unreadable(text)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise Unreadable(text)
    opens, closes = datetime.time(h1, m1), datetime.time(h2, m2)
    if closes <= opens:
        raise Unreadable(text)
    return opens, closes


def format_week(week: Week) -> str:
    """The OpenStreetMap string of ``week``: days with the same ranges in one rule, in
    the order of their first day ("Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00")."""
    groups: dict[tuple[Range, ...], list[str]] = {}
    for day in DAYS:
        ranges = tuple(sorted(week.get(day) or []))
        if ranges:
            groups.setdefault(ranges, []).append(day)
    rules = []
    for ranges, days in groups.items():
        times = ",".join(f"{opens:%H:%M}-{closes:%H:%M}" for opens, closes in ranges)
        rules.append(f"{_day_spec(days)} {times}")
    return "; ".join(rules)


def _runs(days: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    for day in days:
        if runs and DAYS.index(day) == DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _day_spec(days: list[str]) -> str:
    parts = []
    for run in _runs(days):
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(run))
    return ",".join(parts)


def describe(text: str) -> str:
    """The hours in French: "Du lundi au vendredi : 8 h 30 – 12 h et 13 h 30 – 17 h 30 ;
    samedi : 9 h – 12 h". A string this module cannot read is shown as it was written."""
    try:
        week = parse(text)
    except Unreadable:
        return text
    groups: dict[tuple[Range, ...], list[str]] = {}
    for day in DAYS:
        if week.get(day):
            groups.setdefault(tuple(week[day]), []).append(day)
    rules = []
    for ranges, days in groups.items():
        times = _(" et ").join(f"{_clock(opens)} – {_clock(closes)}" for opens, closes in ranges)
        rules.append(f"{_french_days(days)} : {times}")
    return capfirst(" ; ".join(rules))


def _clock(moment: datetime.time) -> str:
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def _french_days(days: list[str]) -> str:
    parts = []
    for run in _runs(days):
        names = [str(DAY_NAMES[DAYS.index(day)]) for day in run]
        if len(run) > 2:
            parts.append(_("du %(first)s au %(last)s") % {"first": names[0], "last": names[-1]})
        else:
            parts += names
    if len(parts) == 1:
        return parts[0]
    return _("%(list)s et %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}


# --------------------------------------------------------------------------- the form


def _clock_value(text: str) -> datetime.time | None:
    """ "9:00", "09:30", "9h", "9 h 30": what a person types when the browser shows a
    plain text box instead of a time picker."""
    text = (text or "").strip().lower().replace(" ", "")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[:h](\d{2})?)?", text)
    if match is None:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return datetime.time(hour, minute)


class OpeningHoursWidget(forms.Widget):
    """One row per weekday with a morning and an afternoon range (time inputs, no script
    needed), and a text box for the cases a week cannot say (OpenStreetMap syntax)."""

    template_name = "network/widgets/opening_hours.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, Any]:
        cells = {
            (day, index, end): data.get(f"{name}-{day}-{index}-{end}", "")
            for day in DAYS
            for index in range(RANGES_PER_DAY)
            for end in ("open", "close")
        }
        # The whole string under the field's own name is read too (a client that posts
        # the data·inclusion value as it is).
        osm = data.get(f"{name}-osm") or data.get(name, "")
        return {"cells": cells, "osm": osm}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(key.startswith(f"{name}-") for key in data)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        cells: dict[tuple[str, int, str], str] = {}
        osm = ""
        if isinstance(value, dict):  # a sent form, shown again as it was typed
            cells, osm = value.get("cells", {}), value.get("osm", "")
        elif value:
            try:
                week = parse(str(value))
            except Unreadable:
                week = None
            if week is None or any(len(r) > RANGES_PER_DAY for r in week.values()):
                osm = str(value)
            else:
                for day, ranges in week.items():
                    for index, (opens, closes) in enumerate(ranges):
                        cells[(day, index, "open")] = f"{opens:%H:%M}"
                        cells[(day, index, "close")] = f"{closes:%H:%M}"
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        rows = []
        for day, day_name in zip(DAYS, DAY_NAMES, strict=True):
            inputs = []
            for index in range(RANGES_PER_DAY):
                for end in ("open", "close"):
                    inputs.append(
                        {
                            "name": f"{name}-{day}-{index}-{end}",
                            "id": f"{base}-{day}-{index}-{end}",
                            "value": cells.get((day, index, end), ""),
                            "label": _label(day_name, index, end),
                        }
                    )
            rows.append({"day": capfirst(str(day_name)), "inputs": inputs})
        context["widget"].update(
            rows=rows, osm={"name": f"{name}-osm", "id": f"{base}-osm", "value": osm}
        )
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-Mo-0-open" if id_ else ""


def _label(day_name: Any, index: int, end: str) -> str:
    part = _("matin") if index == 0 else _("après-midi")
    what = _("ouverture") if end == "open" else _("fermeture")
    return f"{capfirst(str(day_name))}, {part}, {what}"


class OpeningHoursField(forms.Field):
    """The day-by-day hours, cleaned to the OpenStreetMap string data·inclusion stores."""

    widget = OpeningHoursWidget

    def __init__(self, *, max_length: int = 500, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        if not isinstance(value, dict):
            return (value or "").strip()
        week: Week = {}
        errors = []
        cells = value.get("cells", {})
        for day, day_name in zip(DAYS, DAY_NAMES, strict=True):
            name = capfirst(str(day_name))
            for index in range(RANGES_PER_DAY):
                raw_open = cells.get((day, index, "open"), "")
                raw_close = cells.get((day, index, "close"), "")
                try:
                    opens, closes = _clock_value(raw_open), _clock_value(raw_close)
                except ValueError:
                    errors.append(
                        _("%(day)s : écrivez les heures sous la forme 09:00.") % {"day": name}
                    )
                    continue
                if opens is None and closes is None:
                    continue
                if opens is None or closes is None:
                    errors.append(
                        _("%(day)s : indiquez l’heure d’ouverture et l’heure de fermeture.")
                        % {"day": name}
                    )
                elif closes <= opens:
                    errors.append(
                        _("%(day)s : la fermeture doit suivre l’ouverture.") % {"day": name}
                    )
                else:
                    week.setdefault(day, []).append((opens, closes))
            ranges = sorted(week.get(day, []))
            if any(a[1] > b[0] for a, b in pairwise(ranges)):
                errors.append(_("%(day)s : les deux plages se chevauchent.") % {"day": name})
        osm = (value.get("osm") or "").strip()
        if osm and week:
            errors.append(
                _(
                    "Indiquez les horaires soit jour par jour, soit au format OpenStreetMap, "
                    "pas les deux."
                )
            )
        if errors:
            raise ValidationError(errors)
        text = osm or format_week(week)
        if len(text) > self.max_length:
            raise ValidationError(
                _("Les horaires tiennent en %(max)d caractères au plus.") % {"max": self.max_length}
            )
        return text

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (initial or "")
        except ValidationError:
            return True
