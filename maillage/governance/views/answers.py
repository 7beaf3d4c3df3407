"""Answers to convocations: from the meeting page (signed in) and from the convocation
e-mail's signed link (no sign-in: the link names the meeting and the person, and
expires)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.accounts.models import User
from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import handle_form, render_page
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors, services
from maillage.governance.models import ConvocationAnswer, Meeting
from maillage.governance.views import common
from maillage.governance.views.common import posted
from maillage.governance.views.common import territory as get_territory


@login_required
@require_http_methods(["GET", "POST"])
def meeting_answer(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    """The signed-in person's own answer, from the meeting page."""
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "answer", meeting)
    form = forms.ConvocationAnswerForm(
        posted(request), answer=selectors.answer_of(request.user, meeting)
    )
    if done := handle_form(
        request,
        form,
        lambda: services.answer_convocation(
            actor=request.user,
            meeting=meeting,
            user=request.user,
            channel=ConvocationAnswer.Channel.PAGE,
            **form.service_fields(),
        ),
        success_message=lambda answer: (
            _("Votre réponse est enregistrée : %s.") % answer.get_answer_display()
        ),
        success_url=meeting.get_absolute_url() + "#reponse",
    ):
        return done
    return common.form_page(
        request,
        current,
        form,
        body=meeting.body,
        title=_("Répondre à la convocation — %s") % meeting.title,
        cancel_url=meeting.get_absolute_url(),
        breadcrumb=common.meeting_crumbs(
            current,
            meeting,
            {"label": _("Répondre à la convocation")},
        ),
    )


def _link_refused(
    request: HtmxRequest, reason: str, meeting: Meeting | None = None
) -> HttpResponse:
    return render_page(
        request,
        "governance/answer_link.html",
        {
            "title": _("Réponse à une convocation"),
            "refused": reason,
            "meeting": meeting,
            "territory": meeting.body.territory if meeting else None,
        },
        status=410,
    )


@require_http_methods(["GET", "POST"])
def convocation_answer(request: HtmxRequest, territory_slug: str, token: str) -> HttpResponse:
    """The convocation e-mail's link: the person answers without signing in. A GET shows
    the form (and the answer already given); only the POST records."""
    found = services.read_answer_token(token)
    if found is None:
        return _link_refused(
            request,
            _(
                "Ce lien de réponse n’est pas valide ou a expiré. Répondez depuis la page de "
                "la séance, ou demandez au secrétariat de l’instance."
            ),
        )
    meeting_id, user_id = found
    meeting = (
        Meeting.objects.select_related("body__territory", "body__chair", "body__secretary")
        .filter(pk=meeting_id, body__territory__slug=territory_slug)
        .first()
    )
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if meeting is None or person is None:
        raise Http404
    if not access.can(person, "answer", meeting):
        return _link_refused(
            request,
            _(
                "Il n’est plus possible de répondre à cette convocation : la séance a "
                "commencé, a été annulée, ou vous n’y êtes plus convoqué·e."
            ),
            meeting,
        )
    answer = selectors.answer_of(person, meeting)
    form = forms.ConvocationAnswerForm(posted(request), answer=answer)
    if done := handle_form(
        request,
        form,
        lambda: services.answer_convocation(
            actor=person,
            meeting=meeting,
            user=person,
            channel=ConvocationAnswer.Channel.EMAIL,
            **form.service_fields(),
        ),
        success_message=lambda saved: (
            _("Merci, votre réponse est enregistrée : %s.") % saved.get_answer_display()
        ),
        success_url=request.path,
    ):
        return done
    context: dict[str, Any] = {
        "title": _("Répondre à la convocation — %s") % meeting.title,
        "territory": meeting.body.territory,
        "meeting": meeting,
        "person": person,
        "answer": answer,
        "form": form,
    }
    return render_page(request, "governance/answer_link.html", context, form=form)
