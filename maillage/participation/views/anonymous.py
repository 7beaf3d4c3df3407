"""Writing without an account: a proof of work (ALTCHA) instead of a sign-in, a limit per
connection, and always a relecture before publication."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import ratelimit
from maillage.core.http import require
from maillage.core.pages import crumb, handle_form
from maillage.participation import altcha, forms, services
from maillage.participation.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404


@require_GET
def altcha_challenge(request: HttpRequest, territory_slug: str) -> JsonResponse:
    """A fresh proof-of-work challenge, made and signed here (no third party)."""
    territory = territory_or_404(request.user, territory_slug)
    require(request, "contribute_anonymously", territory)
    return altcha.challenge_response(request)


@require_http_methods(["GET", "POST"])
def propose_anonymous(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "contribute_anonymously", territory)
    home = reverse("participation:home", args=[territory.slug])
    form = forms.AnonymousContributionForm(
        request.POST or None,
        territory=territory,
        challenge_url=reverse("participation:altcha_challenge", args=[territory.slug]),
        worker_url=request.build_absolute_uri(static("participation/altcha-worker.js")),
    )
    status: int | None = None
    if request.method == "POST" and not ratelimit.allow(
        request, "anonymous_contribution", territory.slug
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Trop de messages envoyés depuis votre connexion : rien n’a été enregistré. "
                "Réessayez dans une heure, ou connectez-vous."
            ),
        )
        status = 429
    elif done_ := handle_form(
        request,
        form,
        lambda: services.create_anonymous_contribution(territory=territory, **form.arguments()),
        success_message=_(
            "Merci ! Votre message est en attente de relecture. Il sera publié après relecture."
        ),
        success_url=home,
    ):
        return done_
    return page(
        request,
        "contribution_form.html",
        territory,
        {
            "title": _("Écrire sans compte"),
            "breadcrumb": crumbs(territory, crumb(_("Écrire sans compte"))),
            "form": form,
            "anonymous": True,
            "submit_label": _("Envoyer"),
            "cancel_url": home,
        },
        form=form,
        status=status,
    )
