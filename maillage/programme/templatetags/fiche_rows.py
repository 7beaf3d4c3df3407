"""The rows of a fiche's page written in Python (docs/architecture.md, « Rows written in
Python »): its milestones, partners, means and journal entries, each with the forms its
editors get. A fiche followed for years has dozens of such rows, each with links and forms
that cost the template engine about half a millisecond. tests/programme/test_fiche_rows.py
holds each to the template it replaced."""

from typing import Any

from django import template
from django.template.defaultfilters import date as date_format
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from maillage.core.csrf import csrf_field
from maillage.core.i18n import FixedTexts
from maillage.programme.templatetags.programme_tags import fr_number

register = template.Library()


TEXTS = FixedTexts(
    late=_("en retard"),
    coming=_("à venir"),
    reached_today=_("Atteint aujourd’hui"),
    change=_("Modifier"),
    delete=_("Supprimer"),
    confirm_milestone=_("Supprimer ce jalon ?"),
    remove=_("Retirer"),
    confirm_partner=_("Retirer %(name)s des partenaires ?"),
    confirm_means=_("Retirer cette ligne de moyens ?"),
    confirm_entry=_("Supprimer cette entrée et ses pièces jointes ?"),
    entry_of=_("l’entrée du %(d)s"),
)


@register.simple_tag(takes_context=True)
def milestone_row(context: Any, milestone: Any) -> SafeString:
    """One row of a fiche's milestones: title and description, planned date with its late
    badge, date reached, and for those who edit the fiche the buttons to mark it reached,
    change it and delete it. Written in Python (docs/architecture.md, « Rows written in
    Python »): a fiche followed for years has dozens of milestones, each row two forms and
    three links through the template engine."""
    texts = TEXTS()
    title = format_html("{}", milestone.title)
    if milestone.description:
        title = format_html(
            '{}<br><span class="fr-text--xs">{}</span>', title, milestone.description
        )
    planned = date_format(milestone.planned_on, "d/m/Y")
    if milestone.is_late(context["today"]):
        planned = format_html(
            '{} <span class="fr-badge fr-badge--sm fr-badge--warning">{}</span>',
            planned,
            texts["late"],
        )
    if milestone.done_on:
        done = date_format(milestone.done_on, "d/m/Y")
    else:
        done = format_html('<span class="maillage-muted">{}</span>', texts["coming"])
    cells = format_html("<td>{}</td><td>{}</td><td>{}</td>", title, planned, done)
    if context.get("may_edit"):
        cells = format_html("{}<td>{}</td>", cells, _milestone_buttons(context, milestone, texts))
    return format_html("<tr>{}</tr>", cells)


def _milestone_buttons(context: Any, milestone: Any, texts: dict[str, str]) -> SafeString:
    """The editor's buttons of a milestone row, as the template wrote them."""
    args = [context["territory"].slug, context["action"].pk, milestone.pk]
    update_url = reverse("programme:milestone_update", args=args)
    delete_url = reverse("programme:milestone_delete", args=args)
    csrf = _csrf_input(context)
    reached = ""
    if not milestone.done_on:
        reached = format_html(
            '<li><form method="post" action="{0}" hx-post="{0}" hx-target="#milestones" '
            'hx-swap="outerHTML">{1}<input type="hidden" name="mark_done" value="1">'
            '<button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">{2}'
            '<span class="fr-sr-only"> : {3}</span></button></form></li>',
            update_url,
            csrf,
            texts["reached_today"],
            milestone.title,
        )
    return format_html(
        '<ul class="fr-btns-group fr-btns-group--icon-left fr-btns-group--inline '
        'fr-btns-group--sm">{0}<li><a class="fr-btn fr-btn--tertiary fr-btn--sm" href="{1}">'
        '{2}<span class="fr-sr-only"> {3}</span></a></li><li><form method="post" action="{4}" '
        'hx-post="{4}" hx-target="#milestones" hx-swap="outerHTML" hx-confirm="{5}">{6}'
        '<button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" type="submit">{7}'
        '<span class="fr-sr-only"> {3}</span></button></form></li></ul>',
        reached,
        update_url,
        texts["change"],
        milestone.title,
        delete_url,
        texts["confirm_milestone"],
        csrf,
        texts["delete"],
    )


def _csrf_input(context: Any) -> SafeString:
    """What ``{% csrf_token %}`` writes, with the context's token."""
    return csrf_field(context.get("csrf_token"))


@register.simple_tag(takes_context=True)
def partner_item(context: Any, link: Any) -> SafeString:
    """One partner of a fiche: the organisation linked to its page, its role, and for
    those who edit the fiche the button removing it (« Rows written in Python »)."""
    texts = TEXTS()
    territory = context["territory"]
    organisation = link.organisation
    item = format_html(
        '<a href="{}">{}</a>',
        reverse("territories:organisation", args=[territory.slug, organisation.pk]),
        organisation.name,
    )
    if link.role:
        item = format_html("{} — {}", item, link.role)
    if context.get("may_edit"):
        url = reverse(
            "programme:partner_remove", args=[territory.slug, context["action"].pk, link.pk]
        )
        # As ``blocktranslate``: the message as translated, the name escaped into it.
        confirm = mark_safe(
            texts["confirm_partner"] % {"name": conditional_escape(organisation.name)}
        )
        item = format_html(
            '{0} <form class="programme-inline" method="post" action="{1}" hx-post="{1}" '
            'hx-target="#partners" hx-swap="outerHTML" hx-confirm="{2}">{3}'
            '<button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-icon-close-line '
            'fr-btn--icon-left" type="submit">{4}<span class="fr-sr-only"> {5}</span></button>'
            "</form>",
            item,
            url,
            confirm,
            _csrf_input(context),
            texts["remove"],
            organisation.name,
        )
    return format_html("<li>{}</li>", item)


@register.simple_tag(takes_context=True)
def means_row(context: Any, line: Any) -> SafeString:
    """One line of a fiche's means: nature, contributor, year, amount, detail, and for
    those who edit the fiche the button removing it (« Rows written in Python »)."""
    texts = TEXTS()
    amount = f"{fr_number(line.amount)} {line.unit}" if line.amount is not None else ""
    cells = format_html(
        '<td>{}</td><td>{}</td><td>{}</td><td class="programme-nowrap">{}</td><td>{}</td>',
        line.get_kind_display(),
        line.contributor,
        line.year or "",
        amount,
        line.description,
    )
    if context.get("may_edit"):
        url = reverse(
            "programme:means_remove",
            args=[context["territory"].slug, context["action"].pk, line.pk],
        )
        cells = format_html(
            '{0}<td><form method="post" action="{1}" hx-post="{1}" hx-target="#means" '
            'hx-swap="outerHTML" hx-confirm="{2}">{3}<button class="fr-btn '
            'fr-btn--tertiary-no-outline fr-btn--sm fr-icon-delete-line fr-btn--icon-left" '
            'type="submit">{4}<span class="fr-sr-only"> {5}</span></button></form></td>',
            cells,
            url,
            texts["confirm_means"],
            _csrf_input(context),
            texts["remove"],
            str(line),
        )
    return format_html("<tr>{}</tr>", cells)


@register.simple_tag(takes_context=True)
def journal_entry(context: Any, entry: Any) -> SafeString:
    """One entry of a fiche's journal: its date and, for partners, its author; its text;
    its attachments; and for those who edit the fiche the button deleting it (« Rows
    written in Python »: ten entries a page, each with links, a form and three filters)."""
    texts = TEXTS()
    territory, action = context["territory"], context["action"]
    day = date_format(entry.happened_on, "d/m/Y")
    heading = format_html("{}", day)
    if context.get("may_see_people") and entry.author:
        heading = format_html(
            '{} <span class="fr-text--sm maillage-muted">— {}</span>',
            heading,
            entry.author.full_name,
        )
    parts = [
        format_html('<h3 class="fr-h6 fr-mb-1v">{}</h3>', heading),
        format_html('<p class="fr-mb-1v">{}</p>', linebreaksbr(entry.text, autoescape=True)),
    ]
    files = entry.attachments.all()
    if files:
        items = format_html_join(
            "",
            '<li><a class="fr-link fr-link--sm fr-icon-attachment-line fr-link--icon-left" '
            'href="{}">{} <span class="maillage-muted">({})</span></a></li>',
            (
                (
                    reverse("programme:attachment", args=[territory.slug, action.pk, file.pk]),
                    file.name,
                    filesizeformat(file.size),
                )
                for file in files
            ),
        )
        parts.append(format_html('<ul class="fr-text--sm">{}</ul>', items))
    if context.get("may_edit"):
        url = reverse("programme:journal_delete", args=[territory.slug, action.pk, entry.pk])
        parts.append(
            format_html(
                '<form method="post" action="{0}" hx-post="{0}" hx-target="#journal" '
                'hx-swap="outerHTML" hx-confirm="{1}">{2}<button class="fr-btn '
                'fr-btn--tertiary-no-outline fr-btn--sm" type="submit">{3}'
                '<span class="fr-sr-only"> {4}</span></button></form>',
                url,
                texts["confirm_entry"],
                _csrf_input(context),
                texts["delete"],
                # As ``blocktranslate``: the message as translated, the date escaped into it.
                mark_safe(texts["entry_of"] % {"d": conditional_escape(day)}),
            )
        )
    # Every part is built by format_html above, which escaped what it was given.
    return format_html('<article class="fr-mb-2w">{}</article>', mark_safe("".join(parts)))
