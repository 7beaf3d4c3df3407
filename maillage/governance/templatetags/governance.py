import functools
from typing import Any

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


@functools.lru_cache(maxsize=64)
def _status_texts(language: str) -> dict[str, str]:
    """The status form's texts in ``language``, looked up in the catalogues once per
    process and language rather than four times on each of a page's rows."""
    with translation.override(language):
        return {
            "status_label": _("Nouvel état de « %(title)s »"),
            "note_label": _("Point d’avancement de « %(title)s »"),
            "placeholder": _("Point d’avancement"),
            "button": _("Mettre à jour « %(title)s »"),
        }


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
            '<div id="task-status-{}">\n  <span class="fr-badge fr-badge--sm {}">{}</span>\n',
            pk,
            task_badge(task),
            task.get_status_display(),
        )
    ]
    if error:
        parts.append(format_html('  <p class="fr-error-text" role="alert">{}</p>\n', error))
    if may_update:
        request = context["request"]
        language = translation.get_language() or settings.LANGUAGE_CODE
        texts = _status_texts(language)
        url = reverse("governance:task_status", args=[context["territory"].slug, pk])
        # The page's one token (the csrf context processor's), as {% csrf_token %} reads it.
        csrf = context.get("csrf_token") or get_token(request)
        title = {"title": task.title}
        parts.append(
            format_html(
                '  <form method="post" action="{url}" hx-post="{url}" '
                'hx-target="#task-status-{pk}" hx-swap="outerHTML" '
                'class="maillage-inline-form fr-mt-1v">\n'
                '    <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
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
                csrf=str(csrf),
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
