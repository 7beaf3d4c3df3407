"""The rows of a fiche's milestones, partners, means and journal are written in Python
(the ``fiche_rows`` library: ``milestone_row``, ``partner_item``, ``means_row``,
``journal_entry``). These tests hold them to the templates they replaced, kept here as
their specification, for rows of every shape — late, reached, to come, with a description
or a role or not, an organisation or another contributor, an amount or not, markup in
the texts — for readers and editors, in French and in English."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from maillage.programme import services
from tests.conftest import login_verified
from tests.factories import OrganisationFactory
from tests.programme import factories

pytestmark = pytest.mark.django_db

TEMPLATE_ROW = Template(
    """{% load i18n programme_tags %}
      <tr>
        <td>{{ milestone.title }}{% if milestone.description %}<br><span class="fr-text--xs">{{ milestone.description }}</span>{% endif %}</td>
        <td>{{ milestone.planned_on|date:"d/m/Y" }}{% if milestone|is_late:today %} <span class="fr-badge fr-badge--sm fr-badge--warning">{% translate "en retard" %}</span>{% endif %}</td>
        <td>{% if milestone.done_on %}{{ milestone.done_on|date:"d/m/Y" }}{% else %}<span class="maillage-muted">{% translate "à venir" %}</span>{% endif %}</td>
        {% if may_edit %}
        <td>
          <ul class="fr-btns-group fr-btns-group--icon-left fr-btns-group--inline fr-btns-group--sm">
            {% if not milestone.done_on %}
            <li>{% url 'programme:milestone_update' territory.slug action.pk milestone.pk as form_url %}<form method="post" action="{{ form_url }}" hx-post="{{ form_url }}" hx-target="#milestones" hx-swap="outerHTML">{% csrf_token %}<input type="hidden" name="mark_done" value="1"><button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">{% translate "Atteint aujourd’hui" %}<span class="fr-sr-only"> : {{ milestone.title }}</span></button></form></li>
            {% endif %}
            <li><a class="fr-btn fr-btn--tertiary fr-btn--sm" href="{% url 'programme:milestone_update' territory.slug action.pk milestone.pk %}">{% translate "Modifier" %}<span class="fr-sr-only"> {{ milestone.title }}</span></a></li>
            <li>{% url 'programme:milestone_delete' territory.slug action.pk milestone.pk as form_url %}<form method="post" action="{{ form_url }}" hx-post="{{ form_url }}" hx-target="#milestones" hx-swap="outerHTML" hx-confirm="{% translate 'Supprimer ce jalon ?' %}">{% csrf_token %}<button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" type="submit">{% translate "Supprimer" %}<span class="fr-sr-only"> {{ milestone.title }}</span></button></form></li>
          </ul>
        </td>
        {% endif %}
      </tr>
      """
)
PYTHON_ROW = Template("{% load fiche_rows %}{% milestone_row milestone %}")
TODAY = datetime.date(2025, 6, 15)


def _html(text: str) -> str:
    """The markup without the whitespace between tags or closing an element's content
    (the template's line breaks before ``</li>``)."""
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"\s+</", "</", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def milestones(scene):  # type: ignore[no-untyped-def]
    """The garderie's milestones, one of each shape its table shows."""
    action = scene["garderie"]
    for title, planned, done, description in (
        ("Passé, pas atteint", datetime.date(2025, 1, 10), None, ""),
        ("Atteint", datetime.date(2024, 3, 1), datetime.date(2024, 3, 2), "Avec la CAF"),
        ("À venir", datetime.date(2026, 9, 1), None, "Une <b>note</b> & un lien"),
        ("<i>Balisé</i> & « cité »", datetime.date(2025, 6, 15), None, ""),
    ):
        services.add_milestone(
            actor=None,
            action=action,
            title=title,
            planned_on=planned,
            done_on=done,
            description=description,
        )
    return list(action.milestones.all())


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("may_edit", [True, False])
@pytest.mark.parametrize("token", ["jeton&<1>", "NOTPROVIDED", None])
def test_milestone_rows_render_as_the_template_did(scene, milestones, language, may_edit, token):  # type: ignore[no-untyped-def]
    shapes = {
        "late": any(m.is_late(TODAY) for m in milestones),
        "reached": any(m.done_on for m in milestones),
        "to come": any(not m.done_on and not m.is_late(TODAY) for m in milestones),
        "described": any(m.description for m in milestones),
    }
    assert all(shapes.values()), shapes
    context = {
        "territory": scene["territory"],
        "action": scene["garderie"],
        "today": TODAY,
        "may_edit": may_edit,
        "csrf_token": token,
    }
    with translation.override(language):
        for milestone in milestones:
            values = {**context, "milestone": milestone}
            expected = _html(TEMPLATE_ROW.render(Context(values)))
            assert _html(PYTHON_ROW.render(Context(values))) == expected, milestone.title


def test_milestone_row_escapes_what_it_is_given(scene, milestones):  # type: ignore[no-untyped-def]
    context = {
        "territory": scene["territory"],
        "action": scene["garderie"],
        "today": TODAY,
        "may_edit": True,
        "csrf_token": "t",
    }
    html = "".join(PYTHON_ROW.render(Context({**context, "milestone": m})) for m in milestones)
    assert "&lt;i&gt;Balisé&lt;/i&gt; &amp; « cité »" in html
    assert "Une &lt;b&gt;note&lt;/b&gt; &amp; un lien" in html
    assert "<i>" not in html and "<b>" not in html


def test_the_fiche_page_shows_the_python_rows_to_its_editor(scene, milestones, client):  # type: ignore[no-untyped-def]
    login_verified(client, scene["pilot"])
    page = client.get(scene["garderie"].get_absolute_url())
    assert page.status_code == 200
    html = _html(page.content.decode())
    assert html.count('name="mark_done"') == sum(1 for m in milestones if not m.done_on)
    for milestone in milestones:
        assert f"/jalons/{milestone.pk}/" in html
    assert "Atteint aujourd’hui" in html


PARTNER_TEMPLATE = Template(
    """{% load i18n %}
      <li>
        <a href="{% url 'territories:organisation' territory.slug link.organisation.pk %}">{{ link.organisation.name }}</a>{% if link.role %} — {{ link.role }}{% endif %}
        {% if may_edit %}
        {% url 'programme:partner_remove' territory.slug action.pk link.pk as form_url %}<form class="programme-inline" method="post" action="{{ form_url }}" hx-post="{{ form_url }}" hx-target="#partners" hx-swap="outerHTML" hx-confirm="{% blocktranslate with name=link.organisation.name %}Retirer {{ name }} des partenaires ?{% endblocktranslate %}">
          {% csrf_token %}
          <button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-close-line fr-btn--icon-left" type="submit">{% translate "Retirer" %}<span class="fr-sr-only"> {{ link.organisation.name }}</span></button>
        </form>
        {% endif %}
      </li>
    """
)
PARTNER_PYTHON = Template("{% load fiche_rows %}{% partner_item link %}")
MEANS_TEMPLATE = Template(
    """{% load i18n programme_tags %}
      <tr>
        <td>{{ line.get_kind_display }}</td>
        <td>{{ line.contributor }}</td>
        <td>{{ line.year|default:"" }}</td>
        <td class="programme-nowrap">{% if line.amount is not None %}{{ line.amount|fr_number }} {{ line.unit }}{% endif %}</td>
        <td>{{ line.description }}</td>
        {% if may_edit %}
        <td>
          {% url 'programme:means_remove' territory.slug action.pk line.pk as form_url %}<form method="post" action="{{ form_url }}" hx-post="{{ form_url }}" hx-target="#means" hx-swap="outerHTML" hx-confirm="{% translate 'Retirer cette ligne de moyens ?' %}">
            {% csrf_token %}
            <button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-delete-line fr-btn--icon-left" type="submit">{% translate "Retirer" %}<span class="fr-sr-only"> {{ line }}</span></button>
          </form>
        </td>
        {% endif %}
      </tr>
    """
)
MEANS_PYTHON = Template("{% load fiche_rows %}{% means_row line %}")


@pytest.fixture
def parts(scene):  # type: ignore[no-untyped-def]
    """The garderie's partners (with and without a role, markup in a name) and means lines
    (an organisation or another contributor, staff or budget, with or without a year, an
    amount or a detail)."""
    action, territory = scene["garderie"], scene["territory"]
    odd = OrganisationFactory(name="<b>Asso</b> & « co »", partner_of=[territory])
    services.add_partner(actor=None, action=action, organisation=scene["caf"], role="Financement")
    services.add_partner(actor=None, action=action, organisation=odd, role="")
    lines = (
        {
            "kind": "budget",
            "organisation": scene["caf"],
            "year": 2024,
            "amount": Decimal("12500.50"),
        },
        {
            "kind": "staff",
            "contributor_name": "État <DDETS>",
            "year": 2025,
            "amount": Decimal("0.5"),
        },
        {"kind": "in_kind", "organisation": odd, "year": 2025, "description": "Salle & matériel"},
    )
    for fields in lines:
        services.add_means(actor=None, action=action, **fields)
    return {
        "links": list(action.partner_links.select_related("organisation")),
        "means": list(action.means.select_related("organisation")),
    }


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("may_edit", [True, False])
@pytest.mark.parametrize("token", ["jeton&<1>", None])
def test_partner_and_means_rows_render_as_the_templates_did(
    scene, parts, language, may_edit, token
):  # type: ignore[no-untyped-def]
    assert {bool(link.role) for link in parts["links"]} == {True, False}
    assert {line.organisation_id is None for line in parts["means"]} == {True, False}
    assert {line.amount is None for line in parts["means"]} == {True, False}
    context = {
        "territory": scene["territory"],
        "action": scene["garderie"],
        "may_edit": may_edit,
        "csrf_token": token,
    }
    with translation.override(language):
        for link in parts["links"]:
            expected = _html(PARTNER_TEMPLATE.render(Context({**context, "link": link})))
            assert _html(PARTNER_PYTHON.render(Context({**context, "link": link}))) == expected
        for line in parts["means"]:
            expected = _html(MEANS_TEMPLATE.render(Context({**context, "line": line})))
            assert _html(MEANS_PYTHON.render(Context({**context, "line": line}))) == expected


def test_partner_and_means_rows_escape_what_they_are_given(scene, parts):  # type: ignore[no-untyped-def]
    context = {"territory": scene["territory"], "action": scene["garderie"], "may_edit": True}
    html = "".join(
        PARTNER_PYTHON.render(Context({**context, "link": link})) for link in parts["links"]
    ) + "".join(MEANS_PYTHON.render(Context({**context, "line": line})) for line in parts["means"])
    assert "&lt;b&gt;Asso&lt;/b&gt; &amp; « co »" in html
    assert "État &lt;DDETS&gt;" in html
    assert "<b>" not in html and "<DDETS>" not in html


JOURNAL_TEMPLATE = Template(
    """{% load i18n %}
    <article class="fr-mb-2w">
      <h3 class="fr-h6 fr-mb-1v">{{ entry.happened_on|date:"d/m/Y" }}{% if may_see_people and entry.author %} <span class="fr-text--sm maillage-muted">— {{ entry.author.full_name }}</span>{% endif %}</h3>
      <p class="fr-mb-1v">{{ entry.text|linebreaksbr }}</p>
      {% if entry.attachments.all %}
      <ul class="fr-text--sm">
        {% for file in entry.attachments.all %}
          <li><a class="fr-link fr-link--sm fr-icon-attachment-line fr-link--icon-left" href="{% url 'programme:attachment' territory.slug action.pk file.pk %}">{{ file.name }} <span class="maillage-muted">({{ file.size|filesizeformat }})</span></a></li>
        {% endfor %}
      </ul>
      {% endif %}
      {% if may_edit %}
      {% url 'programme:journal_delete' territory.slug action.pk entry.pk as form_url %}<form method="post" action="{{ form_url }}" hx-post="{{ form_url }}" hx-target="#journal" hx-swap="outerHTML" hx-confirm="{% translate 'Supprimer cette entrée et ses pièces jointes ?' %}">
        {% csrf_token %}
        <button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" type="submit">{% translate "Supprimer" %}<span class="fr-sr-only"> {% blocktranslate with d=entry.happened_on|date:"d/m/Y" %}l’entrée du {{ d }}{% endblocktranslate %}</span></button>
      </form>
      {% endif %}
    </article>
    """
)
JOURNAL_PYTHON = Template("{% load fiche_rows %}{% journal_entry entry %}")


@pytest.fixture
def entries(scene):  # type: ignore[no-untyped-def]
    """Journal entries with and without an author and attachments, markup and line breaks
    in their text."""
    action = scene["garderie"]
    services.add_journal_entry(
        actor=scene["pilot"],
        action=action,
        text="Réunion avec la <CAF> & le centre\nDeuxième ligne",
        happened_on=datetime.date(2025, 3, 4),
        files=[factories.pdf_upload("compte-rendu <1>.pdf"), factories.pdf_upload("annexe.pdf")],
    )
    services.add_journal_entry(
        actor=None, action=action, text="Sans auteur", happened_on=datetime.date(2024, 1, 2)
    )
    return list(action.journal.select_related("author").prefetch_related("attachments"))


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("may_edit", [True, False])
@pytest.mark.parametrize("may_see_people", [True, False])
def test_journal_entries_render_as_the_template_did(
    scene, entries, language, may_edit, may_see_people
):  # type: ignore[no-untyped-def]
    assert {entry.author is None for entry in entries} == {True, False}
    assert {len(entry.attachments.all()) for entry in entries} == {0, 2}
    context = {
        "territory": scene["territory"],
        "action": scene["garderie"],
        "may_edit": may_edit,
        "may_see_people": may_see_people,
        "csrf_token": "jeton&<1>",
    }
    with translation.override(language):
        for entry in entries:
            expected = _html(JOURNAL_TEMPLATE.render(Context({**context, "entry": entry})))
            assert _html(JOURNAL_PYTHON.render(Context({**context, "entry": entry}))) == expected
    html = JOURNAL_PYTHON.render(Context({**context, "entry": entries[0]}))
    assert "&lt;CAF&gt; &amp; le centre<br>Deuxième ligne" in html
    assert "compte-rendu &lt;1&gt;.pdf" in html


def test_the_fiche_page_shows_the_journal_to_its_editor(scene, entries, client):  # type: ignore[no-untyped-def]
    login_verified(client, scene["pilot"])
    html = client.get(scene["garderie"].get_absolute_url()).content.decode()
    assert html.count('hx-target="#journal"') == len(entries) + 1  # each entry, and the form
    assert "&lt;CAF&gt; &amp; le centre<br>Deuxième ligne" in html
