"""Notifications: the centre (what changed in what one follows, access checked now), the
follow page of a territory, the e-mail rhythm, and the one-click unsubscribe that works
without signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.community import forms_library as forms
from maillage.community.models import Follow, TopicKind
from maillage.community.selectors import notifications as selectors
from maillage.community.services import notifications as services
from maillage.community.views.common import territory
from maillage.core import access
from maillage.core.access import PLATFORM
from maillage.core.http import require
from maillage.core.pages import (
    SectionPage,
    breadcrumbs,
    crumb,
    handle_form,
    render_page,
    run_action,
)
from maillage.governance.models import Body
from maillage.programme.models import Action
from maillage.territories.models import Organisation

page = SectionPage("notifications")


def _crumbs(*more: Any) -> list[Any]:
    return breadcrumbs(None, crumb(_("Notifications"), reverse("community:notifications")), *more)


@login_required
@require_GET
def centre(request: HttpRequest) -> HttpResponse:
    require(request, "use_account", PLATFORM)
    current = selectors.settings_of(request.user)
    found = selectors.notifications_for(request.user)
    return render_page(
        request,
        "community/notifications.html",
        {
            "title": _("Mes notifications"),
            "found": found,
            "read_until": current.read_until,
            "frequency": current.get_frequency_display(),
            "follows": list(selectors.follows_of(request.user)),
            "breadcrumb": breadcrumbs(None, crumb(_("Notifications"))),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    require(request, "use_account", PLATFORM)
    run_action(
        request,
        lambda: services.mark_read(actor=request.user),
        success_message=_("Les notifications sont marquées comme lues."),
    )
    return redirect("community:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    require(request, "use_account", PLATFORM)
    current = selectors.settings_of(request.user)
    form = forms.FrequencyForm(
        request.POST if request.method == "POST" else None,
        initial={"frequency": current.frequency},
    )
    if done := handle_form(
        request,
        form,
        lambda: services.set_frequency(
            actor=request.user, frequency=form.cleaned_data["frequency"]
        ),
        success_message=_("Votre choix est enregistré."),
        success_url=reverse("community:notifications"),
    ):
        return done
    return render_page(
        request,
        "community/notification_settings.html",
        {
            "title": _("Rythme des e-mails de notification"),
            "form": form,
            "breadcrumb": _crumbs(crumb(_("Rythme des e-mails"))),
        },
        form=form,
    )


def _choices(request: HttpRequest, current: Any) -> dict[str, Any]:
    return {
        "actions": access.visible(request.user, Action.objects.filter(territory=current)).order_by(
            "code"
        ),
        "bodies": access.visible(request.user, Body.objects.filter(territory=current)).order_by(
            "name"
        ),
        "organisations": Organisation.objects.partners_of(current).order_by("name"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def follow_page(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """Follow the territory, a thématique, a fiche, a body or an organisation."""
    current = territory(request, territory_slug)
    require(request, "follow", current)
    form = forms.FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            followed = services.follow(
                actor=request.user,
                territory=current,
                kind=form.cleaned_data["kind"],
                target=form.cleaned_data["target"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Vous suivez « %(label)s ».") % {"label": followed.label})
            target = form.cleaned_data["next"]
            if target and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)
            return redirect("community:follow", territory_slug=current.slug)
    mine = {f.topic for f in selectors.follows_of(request.user).filter(territory=current)}
    return page(
        request,
        "community/follow.html",
        current,
        {
            "title": _("Suivre ce qui se passe dans le territoire"),
            "form": form,
            "thematique_form": forms.FollowThematiqueForm(),
            "kinds": TopicKind,
            "following_territory": f"territory:{current.pk}" in mine,
            "mine": [f for f in selectors.follows_of(request.user) if f.territory_id == current.pk],
            **_choices(request, current),
            "breadcrumb": breadcrumbs(current, crumb(_("Suivre"))),
        },
        form=form,
    )


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    followed = access.get_visible_or_404(
        request.user, Follow.objects.select_related("territory"), pk=pk
    )
    require(request, "delete", followed)
    run_action(
        request,
        lambda: services.unfollow(actor=request.user, follow=followed),
        success_message=_("Vous ne suivez plus « %(label)s ».") % {"label": followed.label},
    )
    return redirect("community:notifications")


@csrf_exempt  # the signed token is the credential; mail clients POST without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the page of the e-mail's link, asking to confirm (a GET changes nothing: mail
    scanners follow links). POST: the confirmation, or the mail client's one-click
    ``List-Unsubscribe=One-Click`` (RFC 8058)."""
    user = services.user_for_token(token)
    if user is None:
        return render_page(
            request,
            "community/unsubscribe.html",
            {"title": _("Lien de désabonnement invalide"), "invalid": True},
            status=404,
        )
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(user=user, via="one-click" if one_click else "link")
        if one_click:
            return HttpResponse(
                _("Désabonnement enregistré."), content_type="text/plain; charset=utf-8"
            )
        return render_page(
            request,
            "community/unsubscribe.html",
            {"title": _("Vous êtes désabonné·e"), "done": True, "email": user.email},
        )
    return render_page(
        request,
        "community/unsubscribe.html",
        {"title": _("Ne plus recevoir les e-mails de notification"), "email": user.email},
    )
