"""Meetings: creation, the meeting page, and the steps draft → convened → held →
minutes approved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import button_action, handle_form, submit
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors, services
from maillage.governance.models import Meeting
from maillage.governance.services.meetings import agenda_minutes, format_minutes
from maillage.governance.views import common
from maillage.governance.views.common import body_crumb, crumbs, page, posted
from maillage.governance.views.common import territory as get_territory


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    body = selectors.body_or_404(request.user, current, pk)
    require(request, "manage_meetings", body)
    form = forms.MeetingForm(
        posted(request),
        initial={"title": _("Séance du %(name)s") % {"name": body.label}},
    )
    if done := handle_form(
        request,
        form,
        lambda: services.create_meeting(actor=request.user, body=body, **form.service_fields()),
        success_message=_(
            "La séance est créée en préparation : composez son ordre du jour, puis convoquez."
        ),
        success_url=lambda meeting: reverse(
            "governance:agenda", kwargs={"territory_slug": current.slug, "pk": meeting.pk}
        ),
    ):
        return done
    return common.form_page(
        request,
        current,
        form,
        body=body,
        title=_("Nouvelle séance — %s") % body.name,
        cancel_url=body.get_absolute_url(),
        breadcrumb=crumbs(current, body_crumb(body), {"label": _("Nouvelle séance")}),
    )


@require_GET
def meeting_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    body = meeting.body
    items = selectors.agenda(meeting, request.user)
    may_read = access.can(request.user, "read_minutes", meeting)
    minutes = selectors.minutes(request.user, meeting) if may_read else {}
    planned = agenda_minutes(meeting)
    may_manage = access.can(request.user, "change", meeting)
    may_answer = access.can(request.user, "answer", meeting)
    my_answer = selectors.answer_of(request.user, meeting)
    return page(
        request,
        "governance/meeting_detail.html",
        {
            "may_answer": may_answer,
            "my_answer": my_answer,
            "answer_form": forms.ConvocationAnswerForm(answer=my_answer) if may_answer else None,
            "answers": selectors.convocation_answers(meeting)
            if may_manage and meeting.status != Meeting.Status.DRAFT
            else [],
            "territory": current,
            "body": body,
            "meeting": meeting,
            "items": [(item, minutes.get(item.pk)) for item in items],
            "general_minutes": minutes.get(None),
            "planned": format_minutes(planned),
            "available": format_minutes(meeting.duration_minutes),
            "warnings": services.agenda_warnings(meeting),
            "attendance": selectors.recorded_attendance(request.user, meeting) if may_read else [],
            "decisions": selectors.meeting_decisions(request.user, meeting),
            "may_manage": may_manage,
            "may_read": may_read,
            "invited_count": meeting.invitations.filter(kind="convocation").count(),
            "breadcrumb": crumbs(current, body_crumb(body), {"label": meeting.title}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    form = forms.MeetingForm(posted(request), initial=forms.MeetingForm.initial_for(meeting))
    was_convened = meeting.status == Meeting.Status.CONVENED
    before = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_url)
    if submit(
        request,
        form,
        lambda: services.update_meeting(
            actor=request.user, meeting=meeting, **form.service_fields()
        ),
        on_refusal=meeting.refresh_from_db,
    )[0]:
        after = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_url)
        if was_convened and before != after:
            messages.success(
                request,
                _("La séance est modifiée ; les personnes convoquées reçoivent la mise à jour."),
            )
        else:
            messages.success(request, _("La séance est enregistrée."))
        for warning in services.agenda_warnings(meeting):
            messages.warning(request, warning)
        return redirect(meeting.get_absolute_url())
    return common.form_page(
        request,
        current,
        form,
        body=meeting.body,
        title=_("Modifier la séance"),
        cancel_url=meeting.get_absolute_url(),
        breadcrumb=common.meeting_crumbs(current, meeting, {"label": _("Modifier")}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_convene(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    form = forms.ConveneForm(posted(request))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.convene_meeting(
                actor=request.user, meeting=meeting, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("La convocation part par courriel, avec l’invitation à ajouter à l’agenda."),
            )
            return redirect(meeting.get_absolute_url())
    selectors.agenda(meeting, request.user)
    recipients = services.recipients(meeting)
    memberships, _future, _past = selectors.members(meeting.body)
    without_titular = [m.organisation for m in memberships if m.titular_id is None]
    return page(
        request,
        "governance/meeting_convene.html",
        {
            "territory": current,
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "errors": errors,
            "recipients": recipients,
            "without_titular": without_titular,
            "warnings": services.agenda_warnings(meeting),
            "breadcrumb": common.meeting_crumbs(
                current,
                meeting,
                {"label": _("Convoquer")},
            ),
        },
        status=400 if errors or form.errors else 200,
    )


@login_required
@require_POST
def meeting_hold(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    return button_action(
        request,
        meeting,
        "change",
        lambda: services.hold_meeting(actor=request.user, meeting=meeting),
        success_message=_(
            "La séance est tenue : notez les présences, le compte rendu et les décisions."
        ),
    )


@login_required
@require_POST
def meeting_approve(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    return button_action(
        request,
        meeting,
        "change",
        lambda: services.approve_minutes(actor=request.user, meeting=meeting),
        success_message=_("Le compte rendu est approuvé."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    form = forms.CancelForm(posted(request))
    if done := handle_form(
        request,
        form,
        lambda: services.cancel_meeting(
            actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        ),
        success_message=_("La séance est annulée ; ses points retournent en attente."),
        success_url=meeting.body.get_absolute_url(),
    ):
        return done
    return common.form_page(
        request,
        current,
        form,
        title=_("Annuler la séance du %s") % meeting.local_date.strftime("%d/%m/%Y"),
        submit_label=_("Annuler la séance"),
        cancel_url=meeting.get_absolute_url(),
        breadcrumb=common.meeting_crumbs(current, meeting, {"label": _("Annuler")}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    rows = selectors.attendance_sheet(meeting)
    form = forms.AttendanceForm(posted(request), rows=rows)
    if done := handle_form(
        request,
        form,
        lambda: services.record_attendance(
            actor=request.user, meeting=meeting, entries=form.entries()
        ),
        success_message=_("Les présences sont enregistrées."),
        success_url=meeting.get_absolute_url() + "#presences",
    ):
        return done
    return page(
        request,
        "governance/attendance_form.html",
        {
            "territory": current,
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "breadcrumb": common.meeting_crumbs(
                current,
                meeting,
                {"label": _("Présences")},
            ),
        },
        forms=(form,),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    items = selectors.agenda(meeting, request.user)
    existing = selectors.minutes(request.user, meeting)
    initial = {"general": existing[None].text if None in existing else ""}
    initial.update({f"item_{i.pk}": existing[i.pk].text for i in items if i.pk in existing})
    form = forms.MinutesForm(posted(request), items=items, initial=initial)
    if done := handle_form(
        request,
        form,
        lambda: services.save_minutes(
            actor=request.user,
            meeting=meeting,
            general=form.cleaned_data["general"],
            items=form.item_texts(),
        ),
        success_message=_("Le compte rendu est enregistré."),
        success_url=meeting.get_absolute_url() + "#compte-rendu",
    ):
        return done
    return page(
        request,
        "governance/minutes_form.html",
        {
            "territory": current,
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "breadcrumb": common.meeting_crumbs(
                current,
                meeting,
                {"label": _("Compte rendu")},
            ),
        },
        forms=(form,),
    )
