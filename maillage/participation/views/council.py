"""The Conseil citoyen's pages: its members and mandates, the draw by lot and its check,
its avis on fiches actions and its interpellations. The Conseil's own page is governance's
body page, where participation adds its panel (slot ``body_detail``, panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.forms_errors import apply_validation_error
from maillage.core.http import require
from maillage.core.pages import (
    Crumb,
    SectionPage,
    breadcrumbs,
    button_action,
    crumb,
    handle_form,
    object_crumb,
    run_action,
    section_crumb,
)
from maillage.governance.models import Body, Decision
from maillage.participation import draw as lot
from maillage.participation import forms, selectors, services
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

_page = SectionPage("governance", "participation/council/")


def _crumbs(territory: Territory, body: Body, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(
        territory,
        section_crumb(_("Instances"), "governance:bodies", territory),
        object_crumb(body, body.label),
        *more,
    )


def _council(request: HttpRequest, territory_slug: str, pk: int) -> tuple[Territory, Body]:
    territory = territory_or_404(request.user, territory_slug)
    return territory, selectors.council_or_404(request.user, territory, pk)


def _form_page(
    request: HttpRequest, territory: Territory, body: Body, form: Any, title: str, **extra: Any
) -> HttpResponse:
    return _page(
        request,
        "form.html",
        territory,
        {
            "title": title,
            "breadcrumb": _crumbs(territory, body, crumb(title)),
            "body": body,
            "form": form,
            "cancel_url": body.get_absolute_url() + "#conseil-citoyen",
            **extra,
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory, body = _council(request, territory_slug, pk)
    require(request, "manage_council", body)
    form = forms.CouncilMemberForm(request.POST or None, territory=territory)
    if done := handle_form(
        request,
        form,
        lambda: services.add_council_member(actor=request.user, body=body, **form.cleaned_data),
        success_message=lambda member: _("%s rejoint le Conseil citoyen.") % member.display_name,
        success_url=body.get_absolute_url() + "#conseil-citoyen",
    ):
        return done
    return _form_page(request, territory, body, form, _("Ajouter un membre au Conseil citoyen"))


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    member = selectors.council_member_or_404(request.user, territory, pk)
    body = member.body
    require(request, "manage_council", body)
    form = forms.EndMandateForm(request.POST or None)
    if done := handle_form(
        request,
        form,
        lambda: services.end_council_member(
            actor=request.user, member=member, on=form.cleaned_data["on"]
        ),
        success_message=_("Le mandat de %s est terminé. Il reste dans l’historique.")
        % member.display_name,
        success_url=body.get_absolute_url() + "#conseil-citoyen",
    ):
        return done
    return _form_page(
        request,
        territory,
        body,
        form,
        _("Fin du mandat de %s") % member.display_name,
        submit_label=_("Terminer le mandat"),
    )


@login_required
@require_POST
def member_moderator(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Name a current member of the Conseil moderator of the residents' contributions."""
    territory = territory_or_404(request.user, territory_slug)
    member = selectors.council_member_or_404(request.user, territory, pk)
    require(request, "manage_council", member.body)
    run_action(
        request,
        lambda: services.name_moderator(actor=request.user, member=member),
        success_message=_("%s modère maintenant les messages des habitants.") % member.display_name,
    )
    return redirect(member.body.get_absolute_url() + "#conseil-citoyen")


@login_required
@require_http_methods(["GET", "POST"])
def draw_create(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory, body = _council(request, territory_slug, pk)
    require(request, "manage_council", body)
    form = forms.DrawForm(request.POST or None, request.FILES or None)
    if done := handle_form(
        request,
        form,
        lambda: services.run_draw(
            actor=request.user,
            body=body,
            source=form.cleaned_data["source"],
            public_value=form.cleaned_data["public_value"],
            seats=form.cleaned_data["seats"],
            balance_by=form.cleaned_data["balance_by"],
            mandate_start=form.cleaned_data["mandate_start"],
            mandate_end=form.cleaned_data["mandate_end"],
        ),
        success_message=_("Le tirage au sort est fait et publié."),
    ):
        return done
    return _form_page(
        request,
        territory,
        body,
        form,
        _("Tirer au sort le collège des habitants"),
        submit_label=_("Faire le tirage"),
        multipart=True,
        draw_help=True,
    )


@require_GET
def draw_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    made = selectors.draw_or_404(request.user, territory, pk)
    title = _("Tirage au sort du %(date)s") % {"date": made.created_at.strftime("%d/%m/%Y")}
    return _page(
        request,
        "draw.html",
        territory,
        {
            "title": title,
            "breadcrumb": _crumbs(territory, made.body, crumb(title)),
            "draw": made,
            "body": made.body,
            "form": forms.VerifyDrawForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def draw_verify(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Anyone re-runs a draw from the list they hold: nothing is written."""
    territory = territory_or_404(request.user, territory_slug)
    made = selectors.draw_or_404(request.user, territory, pk)
    form = forms.VerifyDrawForm(request.POST or None, request.FILES or None)
    outcome = None
    if form.is_bound and form.is_valid():
        try:
            outcome = lot.run(
                form.cleaned_data["source"],
                public_value=made.public_value,
                seats=made.seats,
                balance_by=made.balance_by,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
    title = _("Vérifier le tirage au sort du %(date)s") % {
        "date": made.created_at.strftime("%d/%m/%Y")
    }
    return _page(
        request,
        "draw_verify.html",
        territory,
        {
            "title": title,
            "breadcrumb": _crumbs(
                territory, made.body, object_crumb(made, _("Tirage au sort")), crumb(_("Vérifier"))
            ),
            "draw": made,
            "body": made.body,
            "form": form,
            "outcome": outcome,
            "same_list": outcome is not None and outcome.list_hash == made.list_hash,
            "same_result": outcome is not None and outcome.drawn == made.result,
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def avis_create(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory, body = _council(request, territory_slug, pk)
    require(request, "write_avis", body)
    form = forms.AvisForm(request.POST or None, territory=territory, user=request.user)
    if done := handle_form(
        request,
        form,
        lambda: services.create_avis(actor=request.user, body=body, **form.cleaned_data),
        success_message=lambda avis: (
            _("L’avis est publié.") if avis.state == "published" else _("L’avis est enregistré.")
        ),
    ):
        return done
    return _form_page(request, territory, body, form, _("Écrire un avis du Conseil citoyen"))


@require_GET
def avis_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    avis = selectors.avis_or_404(request.user, territory, pk)
    return _page(
        request,
        "avis.html",
        territory,
        {
            "title": _("Avis « %(title)s »") % {"title": avis.title},
            "breadcrumb": _crumbs(territory, avis.body, crumb(avis.title)),
            "avis": avis,
            "body": avis.body,
            "may_publish": access.can(request.user, "publish", avis),
        },
    )


@login_required
@require_POST
def avis_publish(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    avis = selectors.avis_or_404(request.user, territory, pk)
    return button_action(
        request,
        avis,
        "publish",
        lambda: services.publish_avis(actor=request.user, avis=avis),
        success_message=_("L’avis est publié."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interpellation_create(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory, body = _council(request, territory_slug, pk)
    require(request, "interpellate", body)
    form = forms.InterpellationForm(
        request.POST or None, committees=services.strategic_committees(body)
    )
    if done := handle_form(
        request,
        form,
        lambda: services.interpellate(actor=request.user, body=body, **form.cleaned_data),
        success_message=_(
            "L’interpellation est envoyée : elle attend une séance du comité stratégique."
        ),
        success_url=body.get_absolute_url() + "#conseil-citoyen",
    ):
        return done
    return _form_page(request, territory, body, form, _("Interpeller le comité stratégique"))


@require_GET
def interpellation_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    interpellation = selectors.interpellation_or_404(request.user, territory, pk)
    decisions = (
        access.visible(request.user, Decision.objects.filter(item=interpellation.item))
        if interpellation.item_id
        else Decision.objects.none()
    )
    return _page(
        request,
        "interpellation.html",
        territory,
        {
            "title": _("Interpellation « %(subject)s »") % {"subject": interpellation.subject},
            "breadcrumb": _crumbs(territory, interpellation.body, crumb(interpellation.subject)),
            "interpellation": interpellation,
            "body": interpellation.body,
            "follow_up": selectors.follow_up(interpellation),
            "may_see_target": access.can(request.user, "view", interpellation.target),
            "decisions": list(decisions.select_related("body__territory")),
        },
    )
