"""The rows of the actions list are written in Python (``programme_tags.action_row``).
These tests hold them to the template they replaced, kept here as its specification, for
rows of every shape — without an axis, late, with a late milestone, measured or not, with
or without dates, several pilots, markup in the texts — in French and in English."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from maillage.programme import selectors, services
from maillage.programme.selectors import ActionFilters
from tests.conftest import login_verified
from tests.factories import OrganisationFactory
from tests.programme import factories

pytestmark = pytest.mark.django_db

TEMPLATE_ROW = Template(
    """{% load i18n maillage programme_tags %}
      <tr>
        <td class="programme-nowrap">{{ action.code }}</td>
        <td><a href="{{ action.get_absolute_url }}">{{ action.title }}</a></td>
        <td>{% include "programme/includes_status.html" with status=action.status label=action.get_status_display %}{% include "programme/includes_late.html" %}</td>
        <td>{% include "programme/includes_progress.html" with value=action.progress %}</td>
        <td class="programme-nowrap">{% if action.starts_on %}{{ action.starts_on|date:"m/Y" }}{% endif %}{% if action.ends_on %} → {{ action.ends_on|date:"m/Y" }}{% endif %}</td>
        <td>{% if action.objective %}{% blocktranslate with n=action.objective.axis.number %}Axe {{ n }}{% endblocktranslate %} — {{ action.objective.code }}{% else %}<span class="maillage-muted">{% translate "hors axe" %}</span>{% endif %}</td>
        <td>{% for pilot in action.pilots.all %}{{ pilot.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      </tr>
      """
)
PYTHON_ROW = Template("{% load programme_tags %}{% action_row action %}")


def _html(text: str) -> str:
    """The markup without the whitespace between tags."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()


@pytest.fixture
def listed(scene):  # type: ignore[no-untyped-def]
    """The scene's actions and four more, one of each shape the list shows."""
    territory = scene["territory"]
    odd = OrganisationFactory(name="<b>Asso & co</b>", partner_of=[territory])
    factories.action(
        territory,
        "3.1.1",
        title="<i>Hors axe</i> & rien d’autre",
        objective=None,
        pilots=[],
        status="idea",
    )
    late = factories.action(
        territory,
        "3.1.2",
        title="En retard",
        pilots=[scene["centre"], odd, scene["caf"]],
        status="ongoing",
        starts_on=datetime.date(2020, 3, 1),
        ends_on=datetime.date(2021, 6, 30),
    )
    services.add_milestone(
        actor=None, action=late, title="Jalon passé", planned_on=datetime.date(2021, 1, 1)
    )
    ended = factories.action(
        territory, "3.1.3", title="Sans début", status="done", ends_on=datetime.date(2022, 1, 1)
    )
    factories.indicator(ended, measurements=[(datetime.date(2023, 6, 1), Decimal("33.3"))])
    return scene


def _rows(user, territory):  # type: ignore[no-untyped-def]
    return list(selectors.action_list(user, territory, ActionFilters()))


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("reader", ["coordinator", "pilot"])
def test_action_rows_render_as_the_template_did(listed, reader, language):  # type: ignore[no-untyped-def]
    rows = _rows(listed[reader], listed["territory"])
    shapes = {
        "no axis": any(row.objective is None for row in rows),
        "late": any(row.is_late for row in rows),
        "late milestone": any(row.has_late_milestone for row in rows),
        "measured": any(row.progress is not None for row in rows),
        "not measured": any(row.progress is None for row in rows),
        "several pilots": any(len(row.pilots.all()) > 1 for row in rows),
        "no start": any(row.starts_on is None and row.ends_on for row in rows),
    }
    assert all(shapes.values()), shapes
    with translation.override(language):
        for action in rows:
            context = {"action": action}
            expected = _html(TEMPLATE_ROW.render(Context(context)))
            assert _html(PYTHON_ROW.render(Context(context))) == expected, action.code


def test_action_row_escapes_what_it_is_given(listed):  # type: ignore[no-untyped-def]
    rows = {row.code: row for row in _rows(listed["coordinator"], listed["territory"])}
    html = PYTHON_ROW.render(Context({"action": rows["3.1.1"]}))
    assert "&lt;i&gt;Hors axe&lt;/i&gt; &amp; rien" in html
    assert "<i>" not in html
    html = PYTHON_ROW.render(Context({"action": rows["3.1.2"]}))
    assert "&lt;b&gt;Asso &amp; co&lt;/b&gt;" in html


def test_the_list_page_shows_the_python_rows(listed, client):  # type: ignore[no-untyped-def]
    login_verified(client, listed["coordinator"])
    page = client.get("/territoires/clichy/actions/")
    assert page.status_code == 200
    for action in _rows(listed["coordinator"], listed["territory"]):
        row = _html(PYTHON_ROW.render(Context({"action": action})))
        assert row in _html(page.content.decode())
