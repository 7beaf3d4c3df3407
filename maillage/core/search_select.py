"""A choice among thousands: a ``<select>`` of a few rows, and a search field that asks the
server for the others.

The people of a territory and the fiches of a programme run into thousands: written as
options, every visit of a page holding such a form wrote them all (three thousand
``<option>``s on a body's page for its « Proposer un sujet » form), and a reader had to
scroll them. ``SearchSelect`` writes the first ``SHOWN`` rows and the one already chosen;
typing in its search field (htmx) replaces the ``<select>`` by the rows that match, which
``matches_answer`` writes from the very queryset the form validates against, so the
search shows nothing the form would not accept. Without JavaScript the form still works
with the rows written; the server accepts any row of the queryset.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.forms import QuickSelect, select_html

# Rows written at once; the others are found by searching.
SHOWN = 30
# Words of a search, and their length: enough for a name and a first name, or a fiche's
# code and a word of its title.
MAX_WORDS = 4
MAX_LENGTH = 100
# A field's name or id as a form writes them (a prefix, a dash, letters, digits): the
# answer writes them back into HTML attributes.
_NAME = re.compile(r"[A-Za-z_][\w-]{0,80}", re.ASCII)


def _selected(value: Any) -> set[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return {str(v) for v in values if v not in ("", None)}


def _rows(
    queryset: QuerySet[Any], selected: set[str], chosen_from: QuerySet[Any] | None = None
) -> tuple[list[Any], bool, int]:
    """The first rows, whether there are more, and the chosen ones wherever they are
    (looked up in ``chosen_from``, the whole choice, when ``queryset`` is a search in it):
    rows, more, how many of the rows are chosen ones added."""
    rows = list(queryset[: SHOWN + 1])
    more = len(rows) > SHOWN
    rows = rows[:SHOWN]
    missing = [int(pk) for pk in selected - {str(row.pk) for row in rows} if pk.isdigit()]
    added: list[Any] = []
    if missing:
        added = list((queryset if chosen_from is None else chosen_from).filter(pk__in=missing))
    return added + rows, more, len(added)


def _select(
    name: str,
    attrs: dict[str, Any],
    rows: Iterable[Any],
    label: Callable[[Any], str],
    *,
    selected: set[str],
    empty_label: str | None,
    required: bool,
) -> SafeString:
    widget = QuickSelect()
    head: list[tuple[Any, str]] = [] if empty_label is None else [("", empty_label)]
    widget.choices = [*head, *((row.pk, label(row)) for row in rows)]
    widget.is_required = required
    return select_html(widget, name, sorted(selected)[0] if selected else None, attrs)


def _status(element_id: str, count: int, more: bool, searched: bool) -> SafeString:
    if not searched:
        text = (
            _("Les %(count)s premiers sont proposés : tapez quelques lettres pour chercher.")
            % {"count": count}
            if more
            else ""
        )
    elif count == 0:
        text = _("Aucun résultat : essayez un autre mot.")
    elif more:
        text = _("Plus de %(count)s résultats : précisez votre recherche.") % {"count": count}
    else:
        text = ngettext("%(count)s résultat.", "%(count)s résultats.", count) % {"count": count}
    return format_html(
        '<p class="fr-hint-text fr-mt-1v" id="{}_status" aria-live="polite">{}</p>',
        element_id,
        text,
    )


class SearchSelect(QuickSelect):
    """The first rows of a model choice and a search field for the others.

    The form names the URL that answers the search (``search_url``, a view calling
    ``matches_answer`` with the same queryset); without it the widget writes every row,
    as ``QuickSelect`` does."""

    search_url = ""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if not self.search_url or queryset is None:
            return super().render(name, value, attrs, renderer)
        field = iterator.field  # type: ignore[attr-defined]
        final = self.build_attrs(self.attrs, attrs)
        element_id = str(final.get("id") or f"id_{name}")
        selected = _selected(value)
        rows, more, _added = _rows(queryset, selected)
        # The <select> keeps the field's attributes (class, aria-describedby of its errors…).
        select = _select(
            name,
            final,
            rows,
            field.label_from_instance,
            selected=selected,
            empty_label=field.empty_label,
            required=self.is_required,
        )
        search_id = f"{element_id}_q"
        url = f"{self.search_url}?field={name}&id={element_id}"
        search = format_html(
            '<label class="fr-label fr-text--sm fr-mb-1v" for="{search_id}">{label}</label>'
            '<input class="fr-input fr-mb-1w" type="search" id="{search_id}" name="q"'
            ' autocomplete="off" maxlength="{maxlength}" data-search-select'
            ' aria-controls="{element_id}" aria-describedby="{element_id}_status"'
            ' hx-get="{url}" hx-trigger="input changed delay:300ms, search"'
            ' hx-target="#{element_id}" hx-swap="outerHTML" hx-include="#{element_id}"'
            ' hx-sync="this:replace">',
            search_id=search_id,
            label=_("Chercher dans la liste (nom, mot ou code)"),
            maxlength=MAX_LENGTH,
            element_id=element_id,
            url=url,
        )
        status = _status(element_id, len(rows), more, searched=False)
        return mark_safe(f'<div class="maillage-search-select">{search}{select}{status}</div>')


def search_words(text: str) -> list[str]:
    return text[:MAX_LENGTH].split()[:MAX_WORDS]


def matching(queryset: QuerySet[Any], text: str, fields: Sequence[str]) -> QuerySet[Any]:
    """The rows whose ``fields`` hold every word of ``text`` (in any of them)."""
    for word in search_words(text):
        queryset = queryset.filter(
            functools.reduce(operator.or_, (Q(**{f"{name}__icontains": word}) for name in fields))
        )
    return queryset


def matches_answer(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    fields: Sequence[str],
    label: Callable[[Model], str],
    empty_label: str = "---------",
) -> HttpResponse:
    """The ``<select>`` of a ``SearchSelect`` again, with the rows of ``queryset`` that
    match the search (the one already chosen first), and its status for screen readers."""
    name = request.GET.get("field", "")
    element_id = request.GET.get("id", "")
    if not _NAME.fullmatch(name) or not _NAME.fullmatch(element_id):
        return HttpResponse(_("Champ inconnu."), status=400, content_type="text/plain")
    text = request.GET.get("q", "")
    selected = _selected(request.GET.get(name, ""))
    # The row already chosen stays chosen while the reader looks at others.
    rows, more, added = _rows(matching(queryset, text, fields), selected, chosen_from=queryset)
    selected = selected & {str(row.pk) for row in rows}
    select = _select(
        name,
        {"class": "fr-select", "id": element_id},
        rows,
        label,
        selected=selected,
        empty_label=empty_label,
        required=False,
    )
    status = _status(element_id, len(rows) - added, more, searched=bool(search_words(text)))
    oob = status.replace(' id="', ' hx-swap-oob="true" id="', 1)
    # Both parts are escaped above.
    return HttpResponse(mark_safe(f"{select}{oob}"))
