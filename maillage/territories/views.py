from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, audit, slots, theme
from maillage.core.http import require
from maillage.core.kept_parts import kept_for_reader, kept_page
from maillage.core.pages import breadcrumbs, handle_form, render_page
from maillage.core.pagination import paginate, paginate_bounded, paginate_walked
from maillage.core.types import HtmxRequest
from maillage.territories import home, selectors, services
from maillage.territories.contours import MAX_CONTOURS_BYTES
from maillage.territories.forms import ContourImportForm, OrganisationForm, PartnerFilterForm
from maillage.territories.member_rows import member_rows
from maillage.territories.models import Membership
from maillage.territories.slots import OrganisationHere


@require_GET
def territory_home(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    """The first screen of the territory, the one of the visitor's role (territories/home.py);
    each capability adds its blocks through the screen's slot."""
    current = selectors.territory_or_404(request.user, territory_slug)
    screen = home.screen_for(request, current)
    return render(
        request,
        "territories/home.html",
        {
            "territory": current,
            "section": "home",
            "title": screen.heading,
            "screen": screen,
            # The reader's blocks, kept for them until a table they read is written
            # (core/kept_parts.py), each on its own inside the whole.
            "blocks": kept_for_reader(
                request,
                f"home:{current.pk}:{screen.key}",
                lambda: slots.render_kept(
                    screen.slot, request, current, f"home:{current.pk}:{screen.key}"
                ),
            ),
            "breadcrumb": [*breadcrumbs(current)[:-1], {"label": current.name}],
        },
    )


@require_GET
def theme_css(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """The territory's own colours; the instance's when it has none (core/theme.py)."""
    current = selectors.territory_or_404(request.user, territory_slug)
    return theme.stylesheet_response(
        request, current.primary_color or theme.instance_primary_colour()
    )


@require_GET
def partner_list(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = selectors.territory_or_404(request.user, territory_slug)

    def content() -> dict[str, Any]:
        form = PartnerFilterForm(
            request.GET or None, kinds=selectors.partner_kinds(request.user, current)
        )
        kind = text = ""
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            text = form.cleaned_data["q"]
        found = selectors.partners(request.user, current, kind=kind, text=text)
        # The whole list's count is kept with the territory's counts for most readers; a
        # filtered list, or a reader who sees their own mix, counts at most 1,000 rows.
        known = None if kind or text else selectors.partner_count(request.user, current)
        # Found by words, the rows are walked once for the count and the page.
        if text:
            page = paginate_walked(request, found, 30)
        elif known is None:
            page = paginate_bounded(request, found, 30)
        else:
            page = paginate(request, found, 30, count=known)
        return {
            "form": form,
            "page": page,
            "visible_parents": selectors.visible_parent_ids(request.user, page.object_list),
            "filtered": bool(kind or text),
            "may_add": access.can(request.user, "add_organisation", current),
        }

    # Kept for the reader until the next write (core/kept_parts.py); htmx asks for the
    # results alone when the filter changes.
    return kept_page(
        request,
        "partners",
        "territories/partner_list.html",
        {
            "territory": current,
            "section": "partners",
            "breadcrumb": breadcrumbs(current, {"label": _("Partenaires")}),
        },
        "territories/partials/partners_main.html",
        content,
        htmx_part="territories/partials/partner_results.html",
    )


@require_GET
def organisation_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = selectors.territory_or_404(request.user, territory_slug)
    organisation = selectors.organisation_or_404(request.user, current, pk)

    def content() -> dict[str, Any]:
        parent_visible = bool(selectors.visible_parent_ids(request.user, [organisation]))
        other_territories, territories_count = selectors.organisation_territories(
            request.user, organisation
        )
        # A town hall may register hundreds of agents: the list is paged.
        members = paginate_bounded(
            request, selectors.organisation_members(request.user, organisation), 50
        )
        may_see_contacts = access.can(request.user, "view_contacts", organisation)
        may_end_memberships = access.can(request.user, "manage", current)
        return {
            "members": members,
            "member_rows": member_rows(
                request,
                current,
                organisation,
                members.object_list,
                contacts=may_see_contacts,
                may_end=may_end_memberships,
            ),
            "children": selectors.organisation_children(request.user, current, organisation),
            "parent_visible": parent_visible,
            "parent_here": parent_visible
            and organisation.parent_id
            in selectors.partner_ids_among(current, [organisation.parent_id]),
            "other_territories": other_territories,
            "territories_count": territories_count,
            "may_end_memberships": may_end_memberships,
            "may_see_contacts": may_see_contacts,
            "may_edit": access.can(request.user, "change", organisation),
        }

    # Kept for the reader until the next write (core/kept_parts.py).
    return kept_page(
        request,
        f"organisation:{organisation.pk}",
        "territories/organisation_detail.html",
        {
            "territory": current,
            "section": "partners",
            "organisation": organisation,
            "here": OrganisationHere(organisation=organisation, territory=current),
            "breadcrumb": breadcrumbs(
                current,
                {
                    "label": _("Partenaires"),
                    "url": reverse("territories:partners", args=[current.slug]),
                },
                {"label": organisation.name},
            ),
        },
        "territories/partials/organisation_main.html",
        content,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = selectors.territory_or_404(request.user, territory_slug)
    require(request, "add_organisation", current)
    form = OrganisationForm(request.POST or None, request.FILES or None, territory=current)
    if done := handle_form(
        request,
        form,
        lambda: services.create_organisation(
            actor=request.user, territory=current, **_organisation_fields(form)
        ),
        success_message=lambda organisation: (
            _("L’organisation « %s » a été ajoutée.") % organisation.name
        ),
        success_url=lambda organisation: reverse(
            "territories:organisation",
            kwargs={"territory_slug": current.slug, "pk": organisation.pk},
        ),
    ):
        return done
    return render_page(
        request,
        "territories/organisation_form.html",
        {
            "territory": current,
            "section": "partners",
            "form": form,
            "title": _("Ajouter une organisation partenaire"),
            "breadcrumb": breadcrumbs(
                current,
                {
                    "label": _("Partenaires"),
                    "url": reverse("territories:partners", args=[current.slug]),
                },
                {"label": _("Ajouter")},
            ),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = selectors.territory_or_404(request.user, territory_slug)
    organisation = selectors.organisation_or_404(request.user, current, pk)
    require(request, "change", organisation)
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, territory=current
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_organisation(
            actor=request.user,
            organisation=organisation,
            territory=current,
            **_organisation_fields(form),
        ),
        success_message=_("Les informations ont été enregistrées."),
        success_url=reverse("territories:organisation", args=[current.slug, organisation.pk]),
        reload=organisation,
    ):
        return done
    return render_page(
        request,
        "territories/organisation_form.html",
        {
            "territory": current,
            "section": "partners",
            "form": form,
            "organisation": organisation,
            "title": _("Modifier « %s »") % organisation.name,
            "breadcrumb": breadcrumbs(
                current,
                {
                    "label": _("Partenaires"),
                    "url": reverse("territories:partners", args=[current.slug]),
                },
                {
                    "label": organisation.name,
                    "url": reverse(
                        "territories:organisation", args=[current.slug, organisation.pk]
                    ),
                },
                {"label": _("Modifier")},
            ),
        },
        form=form,
    )


@login_required
@require_POST
def membership_end(
    request: HtmxRequest, territory_slug: str, pk: int, membership: int
) -> HttpResponse:
    """A coordinator removes someone from an organisation in their territory: from the next
    request on, that person no longer reads or acts as its member."""
    current = selectors.territory_or_404(request.user, territory_slug)
    organisation = selectors.organisation_or_404(request.user, current, pk)
    target = access.get_visible_or_404(
        request.user,
        Membership.objects.active().select_related("user", "territory"),
        pk=membership,
        territory=current,
        organisation=organisation,
    )
    require(request, "end", target)
    services.end_membership(actor=request.user, membership=target)
    messages.success(
        request,
        _("%(name)s ne fait plus partie de %(organisation)s.")
        % {"name": target.user.full_name, "organisation": organisation.name},
    )
    return redirect("territories:organisation", territory_slug=current.slug, pk=organisation.pk)


def _organisation_fields(form: OrganisationForm) -> dict:
    data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "logo"}
    logo = form.cleaned_data.get("logo")
    if logo is False:
        data["logo"] = None
    elif logo:
        data["logo"] = logo
    return data


@login_required
@require_GET
def audit_log(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = selectors.territory_or_404(request.user, territory_slug)
    require(request, "view_audit", current)
    page = paginate(request, selectors.audit_log(request.user, current), 50)
    entries = list(page.object_list)
    rows = [
        {"entry": entry, "action": audit.action_label(entry.action), "changes": changes}
        for entry, changes in zip(
            entries, audit.describe_entries(request.user, entries), strict=True
        )
    ]
    return render(
        request,
        "territories/audit_log.html",
        {
            "territory": current,
            "title": _("Journal des modifications"),
            "section": "audit",
            "page": page,
            "rows": rows,
            "breadcrumb": breadcrumbs(current, {"label": _("Journal des modifications")}),
        },
    )


@require_POST
def switch_territory(request: HtmxRequest) -> HttpResponse:
    current = selectors.territory_or_404(request.user, request.POST.get("territory", ""))
    services.switch_territory(user=request.user, territory=current)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect(current.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def contours(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    """A coordinator loads the contours that the observatory's maps are drawn from."""
    current = selectors.territory_or_404(request.user, territory_slug)
    require(request, "manage", current)
    form = ContourImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_CONTOURS_BYTES:
                raise ValidationError(
                    _("Le fichier dépasse %(size)s Mo : découpez-le à l’échelle du territoire.")
                    % {"size": MAX_CONTOURS_BYTES // (1024 * 1024)}
                )
            result = services.import_contours(
                actor=request.user,
                territory=current,
                kind=form.cleaned_data["kind"],
                data=upload.read(),
                code_property=form.cleaned_data["code_property"],
                name_property=form.cleaned_data["name_property"],
                create_missing=form.cleaned_data["create_missing"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _("Contours importés (propriété « %(property)s ») : %(updated)s, %(created)s.")
                % {
                    "property": result.code_property,
                    "updated": ngettext(
                        "%(n)s unité mise à jour", "%(n)s unités mises à jour", result.updated
                    )
                    % {"n": result.updated},
                    "created": ngettext("%(n)s créée", "%(n)s créées", result.created)
                    % {"n": result.created},
                },
            )
            return redirect("territories:contours", territory_slug=current.slug)
    return render_page(
        request,
        "territories/contours.html",
        {
            "territory": current,
            "section": "contours",
            "title": _("Contours géographiques"),
            "form": form,
            "coverage": selectors.contour_coverage(current),
            "breadcrumb": breadcrumbs(current, {"label": _("Contours géographiques")}),
        },
        form=form,
    )
