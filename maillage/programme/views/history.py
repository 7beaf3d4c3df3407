"""A fiche's history: its versions, one version as it read, and what changed between two."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.http import require
from maillage.core.pages import render_page
from maillage.core.pagination import paginate
from maillage.core.types import HtmxRequest
from maillage.programme import history, selectors
from maillage.programme.forms import CompareForm
from maillage.programme.models import Action
from maillage.programme.views.common import action_crumbs
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404


def _action(request: HtmxRequest, territory_slug: str, pk: int) -> tuple[Territory, Action]:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "view_history", action)
    return current, action


@login_required
@require_GET
def versions(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current, action = _action(request, territory_slug, pk)
    page = paginate(request, selectors.versions_of(action), 30)
    labels = history.FIELDS
    for version in page.object_list:
        version.changed_labels = [str(labels[n]) for n in version.changed_fields if n in labels]
    latest = action.versions.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "programme/versions.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "page": page,
            "latest": latest,
            "status_changes": action.status_changes.select_related("changed_by"),
            "breadcrumb": action_crumbs(action, {"label": _("Historique")}),
        },
    )


@login_required
@require_GET
def version_detail(request: HtmxRequest, territory_slug: str, pk: int, number: int) -> HttpResponse:
    current, action = _action(request, territory_slug, pk)
    version = selectors.version_or_404(action, number)
    rows = [
        {"label": label, "value": history.display(name, version.data.get(name))}
        for name, label in history.FIELDS.items()
    ]
    return render(
        request,
        "programme/version_detail.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "version": version,
            "rows": rows,
            "breadcrumb": action_crumbs(
                action,
                {
                    "label": _("Historique"),
                    "url": reverse("programme:versions", args=[current.slug, action.pk]),
                },
                {"label": _("Version %d") % version.number},
            ),
        },
    )


@login_required
@require_GET
def compare(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current, action = _action(request, territory_slug, pk)
    numbers = list(action.versions.order_by("number").values_list("number", flat=True))
    initial = {}
    if len(numbers) >= 2:
        initial = {"de": numbers[-2], "a": numbers[-1]}
    form = CompareForm(request.GET or None, initial=initial)
    changes = None
    before = after = None
    if form.is_valid():
        before = selectors.version_or_404(action, form.cleaned_data["de"])
        after = selectors.version_or_404(action, form.cleaned_data["a"])
        changes = history.compare(before.data, after.data)
    return render_page(
        request,
        "programme/compare.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "form": form,
            "numbers": numbers,
            "before": before,
            "after": after,
            "changes": changes,
            "breadcrumb": action_crumbs(action, {"label": _("Comparer deux versions")}),
        },
        form=form,
    )
