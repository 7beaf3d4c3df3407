"""Bodies and their members."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import access
from maillage.core.http import require
from maillage.core.kept_parts import kept_page
from maillage.core.pages import handle_form
from maillage.core.pagination import paginate
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors, services
from maillage.governance.models import Body, BodyMembership
from maillage.governance.views.common import body_crumb, crumbs, form_page, page, posted
from maillage.governance.views.common import territory as get_territory
from maillage.territories.models import Territory


@require_GET
def body_list(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    kind = request.GET.get("type", "")
    if kind not in Body.Kind.values:
        kind = ""
    archived = request.GET.get("dissoutes") == "1"
    found = selectors.bodies(request.user, current, kind=kind, archived=archived)
    groups: dict[str, list[Body]] = {}
    for body in found:
        groups.setdefault(body.get_kind_display(), []).append(body)
    return page(
        request,
        "governance/body_list.html",
        {
            "territory": current,
            "groups": groups,
            "kinds": Body.Kind.choices,
            "kind": kind,
            "archived": archived,
            "may_create": access.can(request.user, "create_body", current),
            "may_create_agreement": access.can(request.user, "create_agreement", current),
            "may_see_tasks": access.can(request.user, "view_my_tasks", current),
            "breadcrumb": [*crumbs(current)[:-1], {"label": _("Instances")}],
        },
    )


@require_GET
def body_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    body = selectors.body_or_404(request.user, current, pk)

    def content() -> dict[str, Any]:
        may_manage = access.can(request.user, "manage_meetings", body)
        may_read = access.can(request.user, "read_documents", body)
        members, future, past = selectors.members(body)
        return {
            "members": members,
            "future_members": future,
            "past_members": past,
            "upcoming": selectors.upcoming_meetings(request.user, body),
            "page": paginate(request, selectors.past_meetings(request.user, body), 20),
            "backlog": selectors.backlog(request.user, body),
            "open_meetings": (
                selectors.drafts_and_convened(request.user, body) if may_manage else []
            ),
            "decisions": selectors.recent_decisions(request.user, body) if may_read else [],
            "may_change": access.can(request.user, "change", body),
            "may_manage": may_manage,
            "may_read": may_read,
            "may_propose": access.can(request.user, "propose_item", body),
            "item_form": forms.AgendaItemForm(territory=current, user=request.user),
        }

    # Kept for the reader until the next write (core/kept_parts.py).
    return kept_page(
        request,
        f"body:{body.pk}",
        "governance/body_detail.html",
        {
            "territory": current,
            "section": "governance",
            "body": body,
            "breadcrumb": crumbs(current, {"label": body.label}),
        },
        "governance/partials/body_main.html",
        content,
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    require(request, "create_body", current)
    form = forms.BodyForm(posted(request), territory=current)
    if done := handle_form(
        request,
        form,
        lambda: services.create_body(
            actor=request.user, territory=current, **form.service_fields()
        ),
        success_message=lambda body: _("L’instance « %s » est créée.") % body.name,
    ):
        return done
    return form_page(
        request,
        current,
        form,
        title=_("Créer une instance"),
        cancel_url=reverse("governance:bodies", args=[current.slug]),
        breadcrumb=crumbs(current, {"label": _("Créer une instance")}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    body = selectors.body_or_404(request.user, current, pk)
    require(request, "change", body)
    form = forms.BodyForm(posted(request), instance=body, territory=current)
    if done := handle_form(
        request,
        form,
        lambda: services.update_body(actor=request.user, body=body, **form.service_fields()),
        success_message=_("L’instance est enregistrée."),
        success_url=body.get_absolute_url(),
        reload=body,
    ):
        return done
    return form_page(
        request,
        current,
        form,
        title=_("Modifier « %s »") % body.name,
        cancel_url=body.get_absolute_url(),
        breadcrumb=crumbs(current, body_crumb(body), {"label": _("Modifier")}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    body = selectors.body_or_404(request.user, current, pk)
    require(request, "change", body)
    form = forms.MemberForm(posted(request), territory=current)
    if done := handle_form(
        request,
        form,
        lambda: services.add_member(actor=request.user, body=body, **form.cleaned_data),
        success_message=lambda membership: (
            _("%s rejoint l’instance.") % membership.organisation.name
        ),
        success_url=body.get_absolute_url() + "#membres",
    ):
        return done
    return form_page(
        request,
        current,
        form,
        body=body,
        title=_("Ajouter une organisation membre"),
        cancel_url=body.get_absolute_url(),
        breadcrumb=crumbs(current, body_crumb(body), {"label": _("Ajouter un membre")}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    membership = selectors.membership_or_404(request.user, _body_of(request, current, pk), pk)
    body = membership.body
    require(request, "change", membership)
    initial = {"titular": membership.titular, "substitute": membership.substitute}
    represent_form = forms.RepresentativesForm(
        request.POST if request.POST.get("form") == "representatives" else None,
        territory=current,
        initial=initial,
    )
    end_form = forms.EndMemberForm(request.POST if request.POST.get("form") == "end" else None)
    members_url = body.get_absolute_url() + "#membres"
    if done := handle_form(
        request,
        represent_form,
        lambda: services.change_representatives(
            actor=request.user,
            membership=membership,
            titular=represent_form.cleaned_data["titular"],
            substitute=represent_form.cleaned_data["substitute"],
            on=represent_form.cleaned_data["on"],
        ),
        success_message=_("Les représentant·es sont enregistré·es."),
        success_url=members_url,
    ):
        return done
    if done := handle_form(
        request,
        end_form,
        lambda: services.end_member(
            actor=request.user,
            membership=membership,
            on=end_form.cleaned_data["on"],
            reason=end_form.cleaned_data["reason"],
        ),
        success_message=_("%s ne fait plus partie de l’instance.") % membership.organisation.name,
        success_url=members_url,
    ):
        return done
    return page(
        request,
        "governance/member_form.html",
        {
            "territory": current,
            "body": body,
            "membership": membership,
            "represent_form": represent_form,
            "end_form": end_form,
            "breadcrumb": crumbs(
                current, body_crumb(body), {"label": membership.organisation.name}
            ),
        },
        forms=(represent_form, end_form),
        status=400 if request.method == "POST" else 200,
    )


def _body_of(request: HtmxRequest, current: Territory, membership_pk: int) -> Body:
    """The body a membership belongs to, seen through the access engine."""
    from django.http import Http404

    body_id = (
        BodyMembership.objects.filter(pk=membership_pk, body__territory=current)
        .values_list("body_id", flat=True)
        .first()
    )
    if body_id is None:
        raise Http404
    return selectors.body_or_404(request.user, current, body_id)
