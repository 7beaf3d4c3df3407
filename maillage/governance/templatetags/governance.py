import functools
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_format
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from maillage.core import access, references
from maillage.core.csrf import csrf_field
from maillage.core.i18n import FixedTexts, current_language
from maillage.governance.models import Decision, FollowUpTask, Meeting
from maillage.governance.services.meetings import format_minutes

register = template.Library()

MEETING_BADGES: dict[str, str] = {
    Meeting.Status.DRAFT: "fr-badge--new",
    Meeting.Status.CONVENED: "fr-badge--info",
    Meeting.Status.HELD: "fr-badge--warning",
    Meeting.Status.APPROVED: "fr-badge--success",
    Meeting.Status.CANCELLED: "fr-badge--error",
}
TASK_BADGES: dict[str, str] = {
    FollowUpTask.Status.PENDING: "fr-badge--info",
    FollowUpTask.Status.IN_PROGRESS: "fr-badge--new",
    FollowUpTask.Status.DONE: "fr-badge--success",
    FollowUpTask.Status.CANCELLED: "",
}
DECISION_BADGES: dict[str, str] = {
    Decision.Status.OPEN: "fr-badge--info",
    Decision.Status.DONE: "fr-badge--success",
    Decision.Status.ABANDONED: "",
}


@register.filter
def meeting_badge(meeting: Meeting) -> str:
    return MEETING_BADGES.get(meeting.status, "")


@register.filter
def task_badge(task: FollowUpTask) -> str:
    return TASK_BADGES.get(task.status, "")


@register.filter
def decision_badge(decision: Decision) -> str:
    return DECISION_BADGES.get(decision.status, "")


@register.filter
def minutes_label(total: int) -> str:
    return format_minutes(int(total or 0))


@register.filter
def local(moment: Any) -> Any:
    return timezone.localtime(moment) if moment else moment


def _badge(css: str, label: Any) -> SafeString:
    return format_html('<span class="fr-badge fr-badge--sm {}">{}</span>', css, label)


# The status form's texts, looked up in the catalogues once per process and language
# rather than four times on each of a page's rows.
STATUS_TEXTS = FixedTexts(
    status_label=gettext_lazy("Nouvel état de « %(title)s »"),
    note_label=gettext_lazy("Point d’avancement de « %(title)s »"),
    placeholder=gettext_lazy("Point d’avancement"),
    button=gettext_lazy("Mettre à jour « %(title)s »"),
)


@functools.lru_cache(maxsize=64)
def _status_options(language: str, selected: str) -> SafeString:
    with translation.override(language):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == selected else "", label)
                for value, label in FollowUpTask.Status.choices
            ),
        )


@register.simple_tag(takes_context=True)
def task_status(context: Any, task: FollowUpTask, may_update: bool, error: str = "") -> SafeString:
    """A task's state, and the form that changes it for those who may: one cell of every
    task row (« mes tâches », the register's tasks) and the htmx answer of the form.
    Written in Python rather than as an included template: a page lists twenty to fifty of
    them, and the template's include, three ``blocktranslate``, its loop over the statuses
    and a CSRF token masked anew for each cost 0.5 ms a row."""
    pk = task.pk
    parts = [
        format_html(
            '<div id="task-status-{}">\n  {}\n',
            pk,
            _badge(task_badge(task), task.get_status_display()),
        )
    ]
    if error:
        parts.append(format_html('  <p class="fr-error-text" role="alert">{}</p>\n', error))
    if may_update:
        request = context["request"]
        language = current_language()
        texts = STATUS_TEXTS()
        url = reverse("governance:task_status", args=[context["territory"].slug, pk])
        # The page's one token (the csrf context processor's), as {% csrf_token %} reads it.
        csrf = csrf_field(context.get("csrf_token") or get_token(request))
        title = {"title": task.title}
        parts.append(
            format_html(
                '  <form method="post" action="{url}" hx-post="{url}" '
                'hx-target="#task-status-{pk}" hx-swap="outerHTML" '
                'class="maillage-inline-form fr-mt-1v">\n'
                "    {csrf}"
                '<input type="hidden" name="next" value="{next}">\n'
                '    <label class="fr-label fr-sr-only" for="status-{pk}">{status_label}</label>\n'
                '    <select class="fr-select" id="status-{pk}" name="status">{options}</select>\n'
                '    <label class="fr-label fr-sr-only" for="note-{pk}">{note_label}</label>\n'
                '    <input class="fr-input" id="note-{pk}" name="note" maxlength="255" '
                'placeholder="{placeholder}">\n'
                '    <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">'
                "{button}</button>\n"
                "  </form>\n",
                url=url,
                pk=pk,
                csrf=csrf,
                next=request.get_full_path(),
                status_label=texts["status_label"] % title,
                options=_status_options(language, task.status),
                note_label=texts["note_label"] % title,
                placeholder=texts["placeholder"],
                button=texts["button"] % title,
            )
        )
    parts.append(mark_safe("</div>"))
    # Every part is built by format_html, which escapes what it is given.
    return mark_safe("".join(parts))


def _due_cell(due_date: Any, overdue: bool, late: str) -> SafeString:
    """A row's due date, badged when overdue; a dash when there is none."""
    if not due_date:
        return mark_safe("—")
    if not overdue:
        return format_html("{}", date_format(due_date, "d/m/Y"))
    return format_html("{} {}", date_format(due_date, "d/m/Y"), _badge("fr-badge--error", late))


ROW_TEXTS = FixedTexts(
    action=gettext_lazy("Fiche action"),
    decision=gettext_lazy("Décision"),
    late=gettext_lazy("en retard"),
    pending=gettext_lazy("fiche action à mettre à jour"),
)


def _reference_cell(ref: Any, url: str, text: Any) -> SafeString:
    """``text`` linked to ``url`` when the reader may see the referenced object, else the
    reference's neutral label."""
    return (
        format_html('<a href="{}">{}</a>', url, text)
        if ref.visible
        else format_html("{}", ref.label)
    )


@register.simple_tag(takes_context=True)
def decision_row(context: Any, decision: Decision) -> SafeString:
    """One row of the decisions register: its reference and date, body, text and fiche
    action (named neutrally when the reader may not see it), owner, due date, state and
    the follow-up tasks the reader sees (``visible_tasks``). Written in Python rather than
    in the template: the register lists 25 of them, at half a millisecond each there."""
    request = context.get("request")
    user = getattr(request, "user", None)
    texts = ROW_TEXTS()
    overdue = decision.is_overdue
    text = format_html("{}", truncatechars(decision.text, 200))
    if decision.action_id:
        ref = references.reference(user, decision, "action")
        label = format_html("{} {}", texts["action"], ref.code) if ref.visible else ref.label
        text = format_html('{}<br><span class="fr-text--sm">{}</span>', text, label)
    due = _due_cell(decision.due_date, overdue, texts["late"])
    state = _badge(decision_badge(decision), decision.get_status_display())
    if decision.action_pending:
        state = format_html(
            '{}<br><span class="fr-badge fr-badge--sm fr-badge--warning">{}</span>',
            state,
            texts["pending"],
        )
    tasks = format_html_join(
        "",
        '<br><span class="fr-text--sm">{} : {}{}</span>',
        (
            (
                truncatechars(task.title, 50),
                task.get_status_display(),
                format_html(" ({})", texts["late"]) if task.is_overdue else "",
            )
            for task in getattr(decision, "visible_tasks", ())
        ),
    )
    return format_html(
        "<tr{}>"
        '<td><a href="{}">{}</a><br><span class="fr-text--sm">{}</span></td>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
        mark_safe(' class="maillage-overdue"') if overdue else "",
        reverse("governance:decision", args=[context["territory"].slug, decision.pk]),
        decision.reference,
        date_format(decision.decided_on, "d/m/Y"),
        decision.body.label,
        text,
        decision.owner.name if decision.owner else "—",
        due,
        state,
        tasks,
    )


@register.simple_tag(takes_context=True)
def task_row(context: Any, task: FollowUpTask, readonly: bool = False) -> SafeString:
    """One row of a table of follow-up tasks (« mes tâches », the register's tasks, a
    decision's or a convention's): the task and its last note, where it comes from (its
    decision or convention, named neutrally when the reader may not see it), who carries
    it, its due date and its state — with the form that changes it for those who may,
    unless ``readonly``. Written in Python for the same reason as ``task_status``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    texts = ROW_TEXTS()
    slug = context["territory"].slug
    overdue = task.is_overdue
    title = format_html("{}", task.title)
    if task.status_note:
        title = format_html('{}<br><span class="fr-text--sm">{}</span>', title, task.status_note)
    if task.decision_id:
        origin = _reference_cell(
            references.reference(user, task, "decision"),
            reverse("governance:decision", args=[slug, task.decision_id]),
            texts["decision"],
        )
        if task.body:
            origin = format_html(
                '{}<br><span class="fr-text--sm">{}</span>', origin, task.body.label
            )
    elif task.agreement_id:
        ref = references.reference(user, task, "agreement")
        origin = _reference_cell(
            ref,
            reverse("governance:agreement", args=[slug, task.agreement_id]),
            truncatechars(ref.title, 60),
        )
    else:
        origin = mark_safe("—")
    carried = format_html("{}", task.owner.name if task.owner else "")
    if task.assignee:
        carried = format_html(
            "{}{}{}", carried, mark_safe("<br>") if task.owner else "", task.assignee.full_name
        )
    due = _due_cell(task.due_date, overdue, texts["late"])
    if readonly:
        state = _badge(task_badge(task), task.get_status_display())
    else:
        state = task_status(context, task, access.can(user, "update_status", task))
    return format_html(
        "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        mark_safe(' class="maillage-overdue"') if overdue else "",
        title,
        origin,
        carried,
        due,
        state,
    )
