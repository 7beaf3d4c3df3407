"""The commune's sharing setting page (docs/departments.md, "Vue départementale et
partage"): its coordinators decide, its partner-level people read it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core import access, sharing
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, crumb, handle_form, render_page
from maillage.departments.forms_sharing import SharingForm
from maillage.territories import selectors, services


@login_required
@require_http_methods(["GET", "POST"])
def sharing_setting(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = selectors.territory_or_404(request.user, territory_slug)
    require(request, "view_department_sharing", current)
    may_change = access.can(request.user, "change_department_sharing", current)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = SharingForm(request.POST or None, territory=current)
    url = reverse("departments:sharing", args=[current.slug])
    if done := handle_form(
        request,
        form,
        lambda: services.set_department_sharing(
            actor=request.user, territory=current, levels=form.levels()
        ),
        success_message=_("Le partage avec le Département est enregistré."),
        success_url=url,
    ):
        return done
    levels = [
        (label, sharing.Level(sharing.level_of(current, c)).label)
        for c, label in sharing.CAPABILITIES.items()
    ]
    return render_page(
        request,
        "departments/sharing.html",
        {
            "territory": current,
            "section": "home",
            "form": form,
            "may_change": may_change,
            "levels": levels,
            "department": current.parent,
            "title": _("Partage avec le Département"),
            "breadcrumb": breadcrumbs(current, crumb(_("Partage avec le Département"))),
        },
        form=form,
    )
