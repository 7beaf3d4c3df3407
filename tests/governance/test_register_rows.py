"""The rows of the decisions register and of the task tables are written in Python
(``governance.decision_row``, ``governance.task_row``). These tests hold them to the
templates they replaced, kept here as their specification, for rows of every shape — a
hidden fiche or decision named neutrally, a convention's task, overdue, with a note, an
owner and a person, markup in the texts — read by several readers."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from maillage.core.roles import Visibility
from maillage.governance import selectors
from maillage.governance import services as governance
from maillage.governance.models import Decision, FollowUpTask, Meeting
from maillage.programme.services import create_action
from tests.governance import builders

pytestmark = pytest.mark.django_db

DECISION_ROW = Template(
    """{% load i18n governance maillage %}{% with overdue=decision.is_overdue %}
      <tr{% if overdue %} class="maillage-overdue"{% endif %}>
        <td><a href="{% url 'governance:decision' territory.slug decision.pk %}">{{ decision.reference }}</a><br><span class="fr-text--sm">{{ decision.decided_on|date:"d/m/Y" }}</span></td>
        <td>{{ decision.body.label }}</td>
        <td>{{ decision.text|truncatechars:200 }}{% if decision.action_id %}<br><span class="fr-text--sm">{% reference decision "action" as ref %}{% if ref.visible %}{% translate "Fiche action" %} {{ ref.code }}{% else %}{{ ref.label }}{% endif %}</span>{% endif %}</td>
        <td>{{ decision.owner.name|default:"—" }}</td>
        <td>{% if decision.due_date %}{{ decision.due_date|date:"d/m/Y" }}{% if overdue %} <span class="fr-badge fr-badge--sm fr-badge--error">{% translate "en retard" %}</span>{% endif %}{% else %}—{% endif %}</td>
        <td>
          <span class="fr-badge fr-badge--sm {{ decision|decision_badge }}">{{ decision.get_status_display }}</span>
          {% if decision.action_pending %}<br><span class="fr-badge fr-badge--sm fr-badge--warning">{% translate "fiche action à mettre à jour" %}</span>{% endif %}
          {% for task in decision.visible_tasks %}<br><span class="fr-text--sm">{{ task.title|truncatechars:50 }} : {{ task.get_status_display }}{% if task.is_overdue %} ({% translate "en retard" %}){% endif %}</span>{% endfor %}
        </td>
      </tr>
    {% endwith %}"""
)
TASK_ROW = Template(
    """{% load i18n governance maillage %}{% with overdue=task.is_overdue %}
    <tr{% if overdue %} class="maillage-overdue"{% endif %}>
      <td>{{ task.title }}{% if task.status_note %}<br><span class="fr-text--sm">{{ task.status_note }}</span>{% endif %}</td>
      <td>{% if task.decision_id %}{% reference task "decision" as decision_ref %}{% if decision_ref.visible %}<a href="{% url 'governance:decision' territory.slug task.decision_id %}">{% translate "Décision" %}</a>{% else %}{{ decision_ref.label }}{% endif %}{% if task.body %}<br><span class="fr-text--sm">{{ task.body.label }}</span>{% endif %}{% elif task.agreement_id %}{% reference task "agreement" as agreement_ref %}{% if agreement_ref.visible %}<a href="{% url 'governance:agreement' territory.slug task.agreement_id %}">{{ task.agreement.title|truncatechars:60 }}</a>{% else %}{{ agreement_ref.label }}{% endif %}{% else %}—{% endif %}</td>
      <td>{{ task.owner.name|default:"" }}{% if task.assignee %}{% if task.owner %}<br>{% endif %}{{ task.assignee.full_name }}{% endif %}</td>
      <td>{% if task.due_date %}{{ task.due_date|date:"d/m/Y" }}{% if overdue %} <span class="fr-badge fr-badge--sm fr-badge--error">{% translate "en retard" %}</span>{% endif %}{% else %}—{% endif %}</td>
      <td>{% if readonly %}<span class="fr-badge fr-badge--sm {{ task|task_badge }}">{{ task.get_status_display }}</span>{% else %}{% can "update_status" task as may_update %}{% task_status task may_update %}{% endif %}</td>
    </tr>
  {% endwith %}"""
)
PYTHON_DECISION_ROW = Template("{% load governance %}{% decision_row decision %}")
PYTHON_TASK_ROW = Template("{% load governance %}{% task_row task readonly %}")


def _html(text: str) -> str:
    """The markup without the whitespace between tags and the CSRF token's mask, which
    is drawn anew for each rendering."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', text)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()


def _context(world, user, **extra):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/territoires/commune-essai/instances/mes-taches/")
    request.user = user
    return Context({"request": request, "territory": world.territory, "csrf_token": "t", **extra})


@pytest.fixture
def rows(world):  # type: ignore[no-untyped-def]
    """Decisions and tasks of every shape on a members-only body and a public one."""
    secret = create_action(
        actor=world.users["member"],
        territory=world.territory,
        title="Fiche réservée",
        code="9.9",
        visibility=Visibility.RESTRICTED,
        restricted_to=[world.org_member],
        pilots=[world.org_member],
    )
    shown = create_action(
        actor=world.users["coordinator"],
        territory=world.territory,
        title="Fiche ouverte",
        code="1.2",
        visibility=Visibility.PUBLIC,
        pilots=[world.org_other],
    )
    closed = builders.body(world.territory, name="Comité <restreint>", members=[world.org_member])
    public = builders.body(
        world.territory, name="Comité ouvert", members=[world.org_member], documents="public"
    )
    today = timezone.localdate()
    for body in (closed, public):
        held = builders.meeting(body, days=-20, status=Meeting.Status.HELD)
        for n, (action, due) in enumerate(
            [(secret, today - datetime.timedelta(days=3)), (shown, None), (None, today)]
        ):
            decision = governance.record_decision(
                actor=None,
                meeting=held,
                text=f"Décider <b>{n}</b> " + "très longuement " * 20,
                owner=world.org_other if n else None,
                action=action,
                due_date=due,
                follow_up={
                    "title": f"Suite <i>{n}</i> " + "à rallonge " * 8,
                    "owner": world.org_member if n % 2 else world.org_other,
                    "due_date": due,
                },
            )
            task = decision.tasks.get()
            if n == 1:
                FollowUpTask.objects.filter(pk=task.pk).update(
                    assignee=world.users["partner"], status_note="Relance <envoyée>"
                )
    agreement = governance.create_agreement(
        actor=None,
        territory=world.territory,
        kind="convention",
        title="Convention " + "avec un très long titre " * 4,
        signed_on=datetime.date(2020, 1, 1),
        visibility=Visibility.MEMBERS,
        signatories=[(world.org_member, "")],
    )
    governance.create_task(
        actor=None,
        agreement=agreement,
        title="Réviser la convention",
        owner=world.org_other,
        due_date=today - datetime.timedelta(days=1),
    )
    governance.create_task(
        actor=None, territory=world.territory, title="Tâche du territoire", owner=world.org_other
    )
    return world


@pytest.mark.parametrize("who", ["partner", "member", "coordinator", "admin"])
def test_decision_rows_say_what_the_template_said(rows, who):
    user = rows.users[who]
    filters = selectors.RegisterFilters()
    decisions = list(selectors.register_decisions(user, rows.territory, filters))
    selectors.with_visible_tasks(user, decisions)
    assert decisions
    for decision in decisions:
        context = _context(rows, user, decision=decision)
        expected = _html(DECISION_ROW.render(context))
        assert _html(PYTHON_DECISION_ROW.render(context)) == expected, decision.text
    if who == "partner":
        hidden = [
            d
            for d in decisions
            if d.action_id
            and "non visible" in _html(PYTHON_DECISION_ROW.render(_context(rows, user, decision=d)))
        ]
        assert hidden, "a row naming a hidden fiche"
    assert any(d.is_overdue for d in decisions) and any(d.visible_tasks for d in decisions)
    assert Decision.objects.filter(text__contains="<b>").exists()


@pytest.mark.parametrize("who", ["partner", "member", "coordinator", "admin"])
@pytest.mark.parametrize("readonly", [False, True])
def test_task_rows_say_what_the_template_said(rows, who, readonly):
    user = rows.users[who]
    tasks = list(
        selectors.register_tasks(user, rows.territory, selectors.RegisterFilters())
    ) + list(selectors.my_tasks(user, rows.territory))
    assert tasks
    shapes = set()
    for task in tasks:
        context = _context(rows, user, task=task, readonly=readonly)
        expected = _html(TASK_ROW.render(context))
        got = _html(PYTHON_TASK_ROW.render(context))
        assert got == expected, task.title
        shapes.add((bool(task.decision_id), bool(task.agreement_id), task.is_overdue))
    if who == "coordinator":
        # Decisions' tasks, a convention's and the territory's own; overdue and not.
        assert len(shapes) >= 4, shapes
