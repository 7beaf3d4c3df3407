from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.api import services
from maillage.api.forms import TokenForm
from maillage.api.models import ApiToken
from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import render_page, submit
from maillage.core.types import AuthenticatedRequest


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    saved, created = submit(
        request,
        form,
        lambda: services.create_token(
            actor=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            scope=form.cleaned_data["scope"],
            verified=request.user.is_verified(),  # type: ignore[attr-defined]  # django-otp
        ),
    )
    if saved and created is not None:
        _token, new_key = created
        form = TokenForm()
    return render_page(
        request,
        "api/tokens.html",
        {
            "title": _("Jetons d’accès à l’API"),
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user),  # one's own, by design
        },
        form=form,
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = access.get_visible_or_404(request.user, ApiToken.objects.all(), pk=pk)
    require(request, "revoke", token)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("Le jeton « %s » est révoqué.") % token.name)
    return redirect("api:tokens")
