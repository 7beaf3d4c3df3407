"""A meeting's agenda and a body's backlog: subjects wait in the backlog, the secretary
puts them on a meeting's agenda, orders them and gives each its time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import handle_form, run_action, submit
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors, services
from maillage.governance.models import AgendaItem, Meeting
from maillage.governance.services.meetings import agenda_minutes, format_minutes
from maillage.governance.views import common
from maillage.governance.views.common import body_crumb, crumbs, page, posted
from maillage.governance.views.common import territory as get_territory


def _agenda_context(request: HtmxRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    current = meeting.body.territory
    items = selectors.agenda(meeting, request.user)
    return {
        "territory": current,
        "meeting": meeting,
        "body": meeting.body,
        "items": items,
        "backlog": selectors.backlog(request.user, meeting.body),
        "editable": meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CONVENED),
        "planned": format_minutes(agenda_minutes(meeting)),
        "available": format_minutes(meeting.duration_minutes),
        "warnings": services.agenda_warnings(meeting),
        "form": extra.pop("form", None)
        or forms.AgendaItemForm(territory=current, user=request.user),
        "breadcrumb": common.meeting_crumbs(
            current,
            meeting,
            {"label": _("Ordre du jour")},
        ),
        **extra,
    }


def _agenda_answer(request: HtmxRequest, meeting: Meeting, **extra: Any) -> HttpResponse:
    """The editor again: a fragment for htmx, the page (after a redirect) otherwise."""
    status = extra.pop("status", 200)
    if request.htmx:
        return page(
            request,
            "governance/partials/agenda_editor.html",
            _agenda_context(request, meeting, **extra),
            status=status,
        )
    if status != 200:
        return page(
            request,
            "governance/agenda.html",
            _agenda_context(request, meeting, **extra),
            status=status,
        )
    return redirect("governance:agenda", territory_slug=meeting.body.territory.slug, pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    """GET: the agenda editor. POST: a new point straight onto this agenda."""
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    if request.method == "POST":
        form = forms.AgendaItemForm(request.POST, territory=current, user=request.user)
        if submit(
            request,
            form,
            lambda: services.propose_item(
                actor=request.user, body=meeting.body, meeting=meeting, **form.cleaned_data
            ),
        )[0]:
            for warning in services.agenda_warnings(meeting):
                messages.warning(request, warning)
            return _agenda_answer(request, meeting)
        return _agenda_answer(request, meeting, form=form, status=400)
    return page(request, "governance/agenda.html", _agenda_context(request, meeting))


@login_required
@require_POST
def item_propose(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    """A subject for the body's backlog, proposed by anyone taking part in it."""
    current = get_territory(request, territory_slug)
    body = selectors.body_or_404(request.user, current, pk)
    require(request, "propose_item", body)
    form = forms.AgendaItemForm(request.POST, territory=current, user=request.user)
    if done := handle_form(
        request,
        form,
        lambda: services.propose_item(actor=request.user, body=body, **form.cleaned_data),
        success_message=_("Le sujet est ajouté aux points en attente."),
        success_url=body.get_absolute_url() + "#en-attente",
    ):
        return done
    return common.form_page(
        request,
        current,
        form,
        body=body,
        title=_("Proposer un sujet — %s") % body.name,
        cancel_url=body.get_absolute_url(),
        breadcrumb=crumbs(current, body_crumb(body), {"label": _("Proposer un sujet")}),
        status=400,
    )


def _item(request: HtmxRequest, territory_slug: str, pk: int) -> AgendaItem:
    current = get_territory(request, territory_slug)
    item = selectors.item_or_404(request.user, current, pk)
    require(request, "change", item)
    return item


def _back(request: HtmxRequest, item: AgendaItem, meeting: Meeting | None) -> HttpResponse:
    if meeting is not None:
        return _agenda_answer(request, meeting)
    return redirect(item.body.get_absolute_url() + "#en-attente")


@login_required
@require_POST
def item_schedule(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    item = _item(request, territory_slug, pk)
    meetings = selectors.drafts_and_convened(request.user, item.body)
    form = forms.ScheduleForm(request.POST, meetings=meetings)
    if not form.is_valid():
        messages.error(request, _("Choisissez une séance en préparation ou convoquée."))
        return redirect(item.body.get_absolute_url() + "#en-attente")
    meeting = form.cleaned_data["meeting"]
    if run_action(
        request,
        lambda: services.schedule_item(actor=request.user, item=item, meeting=meeting),
    ):
        for warning in services.agenda_warnings(meeting):
            messages.warning(request, warning)
    if request.POST.get("next") == "body":
        return redirect(item.body.get_absolute_url() + "#en-attente")
    return _agenda_answer(request, meeting)


@login_required
@require_POST
def item_unschedule(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    item = _item(request, territory_slug, pk)
    meeting = item.meeting
    run_action(request, lambda: services.unschedule_item(actor=request.user, item=item))
    return _back(request, item, meeting)


@login_required
@require_POST
def item_move(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    item = _item(request, territory_slug, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    run_action(request, lambda: services.move_item(actor=request.user, item=item, offset=offset))
    return _back(request, item, item.meeting)


@login_required
@require_POST
def item_withdraw(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    item = _item(request, territory_slug, pk)
    run_action(
        request,
        lambda: services.withdraw_item(actor=request.user, item=item),
        success_message=_("Le sujet « %s » est retiré.") % item.title,
    )
    return redirect(item.body.get_absolute_url() + "#en-attente")


@login_required
@require_POST
def item_carry_over(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    item = _item(request, territory_slug, pk)
    run_action(
        request,
        lambda: services.carry_over_item(actor=request.user, item=item),
        success_message=_("Le point est reporté : il attend la prochaine séance."),
    )
    return redirect(
        item.meeting.get_absolute_url() if item.meeting else item.body.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    item = _item(request, territory_slug, pk)
    current = item.body.territory
    form = forms.AgendaItemForm(
        posted(request),
        territory=current,
        user=request.user,
        initial={
            "title": item.title,
            "description": item.description,
            "duration_minutes": item.duration_minutes,
            "presenter": item.presenter,
            "action": item.action,
        },
    )
    if submit(
        request,
        form,
        lambda: services.update_item(actor=request.user, item=item, **form.cleaned_data),
    )[0]:
        messages.success(request, _("Le point est enregistré."))
        if item.meeting is not None:
            for warning in services.agenda_warnings(item.meeting):
                messages.warning(request, warning)
        return _back(request, item, item.meeting)
    back = item.meeting.get_absolute_url() if item.meeting else item.body.get_absolute_url()
    return common.form_page(
        request,
        current,
        form,
        title=_("Modifier le point « %s »") % item.title,
        cancel_url=back,
        may_read=access.can(request.user, "read_documents", item.body),
        breadcrumb=crumbs(current, body_crumb(item.body), {"label": item.title}),
    )
