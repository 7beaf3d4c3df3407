"""Every named page, crawled as each role (issue 11, "words and details"): no two pages
share a <title>; no "0 résultats"-style plural is shown; the journal names its actions in
French, never by their dotted code; every table sits in the DSFR's scroll wrapper.

The URLs and their objects come from the access truth table (tests/access): each named
GET URL is resolved with its subject's object, as tests/core/test_theme_crawl.py does."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from dsfr.forms import DsfrBoundField

from maillage.core import audit
from maillage.core.quick_fields import QuickBoundField
from tests.access.table import Url, build, discover, parse_row
from tests.access.world import build_world
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "resident", "partner", "coordinator", "elected", "admin")

# A count of zero or one followed by a plural word: "0 résultats", "1 habitants inscrits".
# The number stands alone (not "10 résultats", not "2,0 points").
BAD_PLURAL = re.compile(r"(?<![\d,.])\b[01] [a-zà-ÿ][^\W\d_]+s\b")
# Words ending in s in the singular, and units, after which "1 …s" is right.
SINGULAR_S = frozenset(
    {
        "mois",
        "fois",
        "pas",
        "cours",
        "temps",
        "corps",
        "accès",
        "avis",
        "souris",
        "process",
        "ans",  # "0 à 2 ans" never starts with 0 alone, but "de 0 ans" would be wrong too
    }
)
# Files, not pages: PDFs, calendars, exports.
NOT_A_PAGE = re.compile(r"[:_](pdf|ics|export|csv|xlsx|download)(_|$)")
# A dotted action code as the journal records it: "network.service.update" (not the
# domain of an e-mail address or a link).
# A file name in a recorded value ("donnees.csv") is not an action code.
FILE_NAME = re.compile(r"\.(csv|xlsx|xls|ods|pdf|docx|json|geojson|txt|zip)$")
DOTTED_ACTION = re.compile(r"(?<![@\w./-])[a-z_]+(?:\.[a-z_]+)+\b(?![@/.-])")


@dataclass
class Page:
    actor: str
    name: str
    path: str
    html: str
    title: str = ""
    text: str = ""
    tables_outside_wrapper: int = 0


class _Reader(HTMLParser):
    """The page's title, its visible text, and its tables that are not in the DSFR's
    scroll pattern (``fr-table`` › ``fr-table__wrapper`` › ``fr-table__container``)."""

    SKIPPED = frozenset({"script", "style", "template", "head"})
    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in a scroll container, hidden
        self.title = ""
        self.in_title = False
        self.text: list[str] = []
        self.tables_outside = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        scrolls = bool(self.stack and self.stack[-1][1]) or "fr-table__container" in classes
        hidden = (
            bool(self.stack and self.stack[-1][2])
            or tag in self.SKIPPED
            or "hidden" in values
            or values.get("aria-hidden") == "true"
        )
        if tag == "title" and not self.title:
            self.in_title = True  # the page's own, not an SVG's
        if tag == "table" and not scrolls:
            self.tables_outside += 1
        if tag not in self.VOID:
            self.stack.append((tag, scrolls, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if not (self.stack and self.stack[-1][2]):
            self.text.append(data)


def _read(page: Page) -> Page:
    reader = _Reader()
    reader.feed(page.html)
    page.title = " ".join(reader.title.split())
    page.text = " ".join(" ".join(reader.text).split())
    page.tables_outside_wrapper = reader.tables_outside
    return page


@dataclass
class FieldChecks:
    """Every field group the crawl rendered, written both by django-dsfr's templates and
    by core/quick_fields.py: how many, and those that differ."""

    compared: int = 0
    forms: set[str] = field(default_factory=set)
    differing: list[tuple[str, str, str, str]] = field(default_factory=list)


FIELD_CHECKS = FieldChecks()


@contextmanager
def _field_groups_compared() -> Iterator[None]:
    written_in_python = QuickBoundField.as_field_group

    def compared(self):  # type: ignore[no-untyped-def]
        # django-dsfr's filter sets the widget's classes the first time a field is
        # rendered: each way starts from the same widget.
        widget = self.field.widget
        before = (dict(widget.attrs), dict(vars(widget)), self.field.label_suffix)
        expected = str(DsfrBoundField.as_field_group(self))
        vars(widget).clear()
        vars(widget).update(before[1])
        widget.attrs = dict(before[0])
        self.field.label_suffix = before[2]
        got = written_in_python(self)
        FIELD_CHECKS.compared += 1
        FIELD_CHECKS.forms.add(type(self.form).__name__)
        if str(got) != expected:
            FIELD_CHECKS.differing.append((type(self.form).__name__, self.name, expected, got))
        return got

    QuickBoundField.as_field_group = compared  # type: ignore[method-assign]
    try:
        yield
    finally:
        QuickBoundField.as_field_group = written_in_python  # type: ignore[method-assign]


def _crawl(world) -> list[Page]:  # type: ignore[no-untyped-def]
    tables = discover()
    urls = sorted(
        (name, url)
        for name, url in tables.urls.items()
        if isinstance(url, Url)
        and url.method == "get"
        and not url.api
        and not NOT_A_PAGE.search(name)
    )
    pages: list[Page] = []
    for actor in ROLES:
        client = Client()
        user = world.user(actor)
        if user is not None:
            login_verified(client, user)
        for name, url in urls:
            row = tables.table.get((url.subject, url.verb))
            if row is not None and not parse_row(row)[actor]:
                continue  # refused: an error page or the sign-in page, read elsewhere
            # Objects (and what the URL's arguments build) are made outside the page's
            # rolled-back transaction: the world caches them for the next pages.
            obj = build(world, tables, url.subject)
            try:
                path = reverse(name, kwargs=url.kwargs(world, obj))
            except NoReverseMatch:
                continue
            data = url.data(world, obj) if url.data else None
            with transaction.atomic():
                response = client.get(path, data=data, follow=True)
                transaction.set_rollback(True)
            signed_in = client.session.get("_auth_user_id")
            if user is None and signed_in:
                client.logout()
            elif user is not None and str(signed_in) != str(user.pk):
                login_verified(client, user)
            if response.streaming or response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            final = response.request["PATH_INFO"]
            html = response.content.decode()
            if "<html" not in html[:500].lower():
                continue  # an htmx fragment, read within its page
            pages.append(_read(Page(actor, name, final, html)))
    return pages


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker) -> list[Page]:  # type: ignore[no-untyped-def]
    """The crawl, once for the module's tests, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        _journal_entries(world)
        with _field_groups_compared():
            pages = _crawl(world)
        transaction.set_rollback(True)
    dump = os.environ.get("MAILLAGE_CRAWL_DUMP")
    if dump:
        for page in pages:
            target = Path(dump) / page.actor / (page.path.strip("/").replace("/", "__") or "index")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.with_suffix(".html").write_text(page.html)
    return pages


def _journal_entries(world) -> None:  # type: ignore[no-untyped-def]
    """One journal entry for every action a capability names, so the journal page shows
    them all."""
    for action in sorted(audit.known_actions()):
        audit.record(
            actor=world.user("coordinator"),
            action=action,
            obj=world.territory,
            territory=world.territory,
            changes={"name": ["Ancien nom", "Nouveau nom"]},
        )


def test_the_crawl_reaches_every_role_and_many_pages(crawled):
    by_actor = defaultdict(int)
    for page in crawled:
        by_actor[page.actor] += 1
    assert set(by_actor) == set(ROLES), by_actor
    assert by_actor["coordinator"] > 60, by_actor
    assert by_actor["anonymous"] > 15, by_actor


def test_no_two_pages_share_a_title(crawled):
    duplicates = []
    for actor in ROLES:
        paths_by_title: dict[str, set[str]] = defaultdict(set)
        for page in crawled:
            if page.actor == actor:
                paths_by_title[page.title].add(page.path)
        duplicates += [
            (actor, title, sorted(paths))
            for title, paths in paths_by_title.items()
            if len(paths) > 1
        ]
    assert not duplicates, "\n".join(map(str, duplicates))


def test_every_title_names_the_page_then_maillage(crawled):
    wrong = {page.path for page in crawled if not page.title.endswith("— Maillage")}
    assert not wrong, sorted(wrong)


def test_no_singular_count_before_a_plural_word(crawled):
    found = set()
    for page in crawled:
        for match in BAD_PLURAL.finditer(page.text):
            words = match.group(0).split()
            if words[-1].lower() in SINGULAR_S:
                continue
            found.add((page.path, match.group(0)))
    assert not found, "\n".join(map(str, sorted(found)))


def test_the_journal_names_every_action_in_french(crawled):
    journals = [
        page for page in crawled if page.name.endswith("audit_log") and "/journal/" in page.path
    ]
    assert journals, "the crawl never reached the journal"
    for page in journals:
        # The entries the crawl's objects left (through the services) and one per named
        # action: none shows its code, known or not.
        shown = {code for code in DOTTED_ACTION.findall(page.text) if not FILE_NAME.search(code)}
        assert not shown, (page.path, sorted(shown))
        labels = {audit.action_label(action) for action in audit.known_actions()}
        assert any(label in page.text for label in labels), page.path


def test_every_table_is_in_a_scroll_wrapper(crawled):
    outside = {page.path for page in crawled if page.tables_outside_wrapper}
    assert not outside, sorted(outside)


def test_every_field_group_written_in_python_matches_the_templates(crawled):
    """core/quick_fields.py on every form of every page the crawl reached."""
    assert FIELD_CHECKS.compared > 200, FIELD_CHECKS.compared
    assert len(FIELD_CHECKS.forms) > 30, sorted(FIELD_CHECKS.forms)
    assert not FIELD_CHECKS.differing, "\n\n".join(
        f"{form}.{name}:\n{expected}\n---\n{got}"
        for form, name, expected, got in FIELD_CHECKS.differing[:5]
    )
