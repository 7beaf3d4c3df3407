"""The inline parts of the action page: partners, means, milestones, journal, indicators and
their measurements. With htmx, a form posts and gets its part back, re-rendered (with the
errors and status 400 when invalid); without JavaScript, it posts, is redirected to the
action page, or gets a page with the form and its errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, exports
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import confirm_delete, handle_form, render_page, submit
from maillage.core.pagination import paginate
from maillage.core.types import HtmxRequest
from maillage.programme import selectors, services
from maillage.programme.forms import (
    IndicatorForm,
    JournalForm,
    MeansForm,
    MeasurementForm,
    MilestoneForm,
    PartnerForm,
)
from maillage.programme.models import Action, Attachment, Indicator
from maillage.programme.roundtrip import measurements as measurement_trip
from maillage.programme.views.actions import detail_context
from maillage.programme.views.common import action_crumbs, form_page
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

PARTS = {
    "partners": "programme/partials/partners.html",
    "means": "programme/partials/means.html",
    "milestones": "programme/partials/milestones.html",
    "journal": "programme/partials/journal.html",
    "indicator": "programme/partials/indicator.html",
}


def _editable(request: HtmxRequest, territory_slug: str, pk: int) -> tuple[Territory, Action]:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "change", action)
    return current, action


def _part(
    request: HtmxRequest,
    action: Action,
    part: str,
    *,
    form: Any = None,
    form_name: str = "",
    indicator_id: int | None = None,
    status: int = 200,
    flash: str = "",
) -> HttpResponse:
    fresh = selectors.action_or_404(request.user, action.territory, action.pk)
    context = detail_context(request, fresh)
    context["flash"] = flash
    if form is not None and form_name:
        context[form_name] = form
    if indicator_id is not None:
        view = next((v for v in context["indicators"] if v.indicator.pk == indicator_id), None)
        if view is None:
            raise Http404
        if form is not None:
            view.form = form
        context["view"] = view
    return render(request, PARTS[part], context, status=status)


def _done(
    request: HtmxRequest,
    action: Action,
    part: str,
    message: str,
    anchor: str,
    indicator_id: int | None = None,
) -> HttpResponse:
    if request.htmx:
        return _part(request, action, part, indicator_id=indicator_id, flash=message)
    messages.success(request, message)
    return redirect(f"{action.get_absolute_url()}#{anchor}")


def _invalid(
    request: HtmxRequest,
    action: Action,
    part: str,
    form: Any,
    form_name: str,
    title: str,
    indicator_id: int | None = None,
    multipart: bool = False,
) -> HttpResponse:
    if request.htmx:
        return _part(
            request,
            action,
            part,
            form=form,
            form_name=form_name,
            indicator_id=indicator_id,
            status=400,
        )
    return form_page(
        request,
        territory=action.territory,
        form=form,
        title=title,
        cancel_url=action.get_absolute_url(),
        breadcrumb=action_crumbs(action, {"label": title}),
        section="actions",
        multipart=multipart,
        status=400,
    )


# --------------------------------------------------------------------------- partners


@login_required
@require_POST
def partner_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    form = PartnerForm(request.POST, action=action, auto_id="id_partner_%s")
    saved, link = submit(
        request,
        form,
        lambda: services.add_partner(
            actor=request.user,
            action=action,
            organisation=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
        ),
    )
    if saved and link is not None:
        name = link.organisation.name
        message = _("« %s » est partenaire de l’action.") % name
        return _done(request, action, "partners", message, "partners")
    return _invalid(request, action, "partners", form, "partner_form", _("Ajouter un partenaire"))


@login_required
@require_POST
def partner_remove(request: HtmxRequest, territory_slug: str, pk: int, link: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    partner_link = get_object_or_404(action.partner_links.select_related("organisation"), pk=link)
    name = partner_link.organisation.name
    services.remove_partner(actor=request.user, link=partner_link)
    return _done(request, action, "partners", _("« %s » n’est plus partenaire.") % name, "partners")


# --------------------------------------------------------------------------- means


@login_required
@require_POST
def means_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    form = MeansForm(request.POST, action=action, auto_id="id_means_%s")
    if submit(
        request,
        form,
        lambda: services.add_means(actor=request.user, action=action, **form.cleaned_data),
    )[0]:
        return _done(request, action, "means", _("Les moyens ont été ajoutés."), "means")
    return _invalid(request, action, "means", form, "means_form", _("Ajouter des moyens"))


@login_required
@require_POST
def means_remove(request: HtmxRequest, territory_slug: str, pk: int, line: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    means_line = get_object_or_404(action.means.all(), pk=line)
    services.remove_means(actor=request.user, line=means_line)
    return _done(request, action, "means", _("La ligne de moyens a été retirée."), "means")


# --------------------------------------------------------------------------- milestones


@login_required
@require_POST
def milestone_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    form = MilestoneForm(request.POST, auto_id="id_milestone_%s")
    saved, milestone = submit(
        request,
        form,
        lambda: services.add_milestone(actor=request.user, action=action, **form.cleaned_data),
    )
    if saved and milestone is not None:
        message = _("Le jalon « %s » a été ajouté.") % milestone.title
        return _done(request, action, "milestones", message, "milestones")
    return _invalid(request, action, "milestones", form, "milestone_form", _("Ajouter un jalon"))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_update(
    request: HtmxRequest, territory_slug: str, pk: int, milestone: int
) -> HttpResponse:
    current, action = _editable(request, territory_slug, pk)
    item = get_object_or_404(action.milestones.all(), pk=milestone)
    if request.method == "POST" and "mark_done" in request.POST:
        services.update_milestone(actor=request.user, milestone=item, done_on=timezone.localdate())
        return _done(
            request,
            action,
            "milestones",
            _("Le jalon « %s » est atteint.") % item.title,
            "milestones",
        )
    initial = {
        "title": item.title,
        "planned_on": item.planned_on,
        "done_on": item.done_on,
        "description": item.description,
    }
    form = MilestoneForm(request.POST or None, initial=initial)
    if done := handle_form(
        request,
        form,
        lambda: services.update_milestone(actor=request.user, milestone=item, **form.cleaned_data),
        success_message=_("Le jalon a été enregistré."),
        success_url=f"{action.get_absolute_url()}#milestones",
    ):
        return done
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Modifier le jalon « %s »") % item.title,
        cancel_url=f"{action.get_absolute_url()}#milestones",
        breadcrumb=action_crumbs(action, {"label": _("Modifier un jalon")}),
        section="actions",
    )


@login_required
@require_POST
def milestone_delete(
    request: HtmxRequest, territory_slug: str, pk: int, milestone: int
) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    item = get_object_or_404(action.milestones.all(), pk=milestone)
    services.delete_milestone(actor=request.user, milestone=item)
    return _done(
        request,
        action,
        "milestones",
        _("Le jalon « %s » a été supprimé.") % item.title,
        "milestones",
    )


# --------------------------------------------------------------------------- journal


@login_required
@require_POST
def journal_add(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    form = JournalForm(request.POST, request.FILES, auto_id="id_journal_%s")
    if submit(
        request,
        form,
        lambda: services.add_journal_entry(
            actor=request.user,
            action=action,
            text=form.cleaned_data["text"],
            happened_on=form.cleaned_data["happened_on"],
            files=form.cleaned_data["files"],
        ),
    )[0]:
        message = _("L’entrée a été ajoutée au journal.")
        return _done(request, action, "journal", message, "journal")
    return _invalid(
        request,
        action,
        "journal",
        form,
        "journal_form",
        _("Écrire dans le journal de suivi"),
        multipart=True,
    )


@login_required
@require_POST
def journal_delete(request: HtmxRequest, territory_slug: str, pk: int, entry: int) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    item = get_object_or_404(action.journal.prefetch_related("attachments"), pk=entry)
    services.delete_journal_entry(actor=request.user, entry=item)
    return _done(request, action, "journal", _("L’entrée a été supprimée."), "journal")


@require_GET
def attachment(
    request: HtmxRequest, territory_slug: str, pk: int, attachment: int
) -> HttpResponseBase:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    require(request, "view", action)
    item = get_object_or_404(Attachment.objects.filter(entry__action=action), pk=attachment)
    # The attachment has no policy of its own: the action it documents decides.
    return private_download(
        request, action, item.file, filename=item.name, content_type=item.content_type
    )


# --------------------------------------------------------------------------- indicators


def _indicator(action: Action, indicator_id: int) -> Indicator:
    return get_object_or_404(action.indicators.prefetch_related("yearly_targets"), pk=indicator_id)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_update(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int
) -> HttpResponse:
    current, action = _editable(request, territory_slug, pk)
    item = _indicator(action, indicator)
    form = IndicatorForm(request.POST or None, indicator=item)
    if done := handle_form(
        request,
        form,
        lambda: services.update_indicator(
            actor=request.user, indicator=item, targets=form.targets(), **form.service_fields()
        ),
        success_message=_("L’indicateur a été enregistré."),
        success_url=f"{action.get_absolute_url()}#indicator-{item.pk}",
    ):
        return done
    return render_page(
        request,
        "programme/indicator_form.html",
        {
            "territory": current,
            "section": "actions",
            "form": form,
            "action": action,
            "indicator": item,
            "title": _("Modifier l’indicateur « %s »") % item.name,
            "cancel_url": f"{action.get_absolute_url()}#indicator-{item.pk}",
            "breadcrumb": action_crumbs(action, {"label": _("Modifier un indicateur")}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int
) -> HttpResponse:
    current, action = _editable(request, territory_slug, pk)
    item = _indicator(action, indicator)
    return confirm_delete(
        request,
        delete=lambda: services.delete_indicator(actor=request.user, indicator=item),
        title=_("Supprimer l’indicateur « %s » ?") % item.name,
        warning=ngettext(
            "Sa %(n)d mesure et ses cibles seront supprimées avec lui. La fiche garde "
            "la trace de l’indicateur dans son historique.",
            "Ses %(n)d mesures et ses cibles seront supprimées avec lui. La fiche garde "
            "la trace de l’indicateur dans son historique.",
            item.measurements.count(),
        )
        % {"n": item.measurements.count()},
        success_message=_("L’indicateur « %s » a été supprimé.") % item.name,
        success_url=f"{action.get_absolute_url()}#indicators",
        cancel_url=f"{action.get_absolute_url()}#indicator-{item.pk}",
        breadcrumb=action_crumbs(action, {"label": _("Supprimer un indicateur")}),
        base_template="programme/base.html",
        context={"territory": current, "section": "actions"},
    )


@login_required
@require_POST
def measurement_add(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int
) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    item = _indicator(action, indicator)
    form = MeasurementForm(request.POST, prefix_id=f"ind{item.pk}")
    if submit(
        request,
        form,
        lambda: services.record_measurement(
            actor=request.user, indicator=item, **form.cleaned_data
        ),
    )[0]:
        return _done(
            request,
            action,
            "indicator",
            _("La mesure a été enregistrée."),
            f"indicator-{item.pk}",
            indicator_id=item.pk,
        )
    return _invalid(
        request,
        action,
        "indicator",
        form,
        "",
        _("Ajouter une mesure à « %s »") % item.name,
        indicator_id=item.pk,
    )


def _measurements_url(action: Action, indicator: Indicator) -> str:
    return reverse(
        "programme:indicator_measurements",
        args=[action.territory.slug, action.pk, indicator.pk],
    )


HISTORY_PER_PAGE = 50


@require_GET
def indicator_history(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int
) -> HttpResponse:
    """The full history of an indicator, newest first, paginated, for whoever sees the
    action (the action page shows the last measurement of each month); ``?format=csv`` or
    ``xlsx`` exports every measurement. Editors correct or delete a measurement from here."""
    current = territory_or_404(request.user, territory_slug)
    action = selectors.editable_action_or_404(request.user, current, pk)
    item = _indicator(action, indicator)
    history = selectors.indicator_history(item)
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = [
            [
                action.code,
                action.title,
                item.name,
                item.unit,
                m.measured_on,
                m.value,
                m.source,
                m.comment,
            ]
            for m in history.order_by("measured_on").iterator(chunk_size=2000)
        ]
        return exports.spreadsheet_response(
            f"mesures-{action.code}-{item.pk}-{timezone.localdate().isoformat()}",
            list(measurement_trip.COLUMNS.values()),
            rows,
            fmt=request.GET["format"],
            title=_("Mesures"),
        )
    return render(
        request,
        "programme/indicator_history.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "indicator": item,
            "may_edit": access.can(request.user, "change", action),
            "page": paginate(request, history, HISTORY_PER_PAGE),
            "breadcrumb": action_crumbs(
                action, {"label": _("Historique : %(name)s") % {"name": item.name}}
            ),
        },
    )


@login_required
@require_GET
def indicator_measurements(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int
) -> HttpResponse:
    """Every measurement of an indicator, newest first, to correct or delete one."""
    current, action = _editable(request, territory_slug, pk)
    item = _indicator(action, indicator)
    page = paginate(
        request, item.measurements.select_related("recorded_by").order_by("-measured_on"), 50
    )
    return render(
        request,
        "programme/measurements.html",
        {
            "territory": current,
            "section": "actions",
            "action": action,
            "indicator": item,
            "page": page,
            "breadcrumb": action_crumbs(action, {"label": item.name}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_update(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int, measurement: int
) -> HttpResponse:
    current, action = _editable(request, territory_slug, pk)
    item = _indicator(action, indicator)
    row = get_object_or_404(item.measurements.all(), pk=measurement)
    initial = {
        "measured_on": row.measured_on,
        "value": row.value,
        "source": row.source,
        "comment": row.comment,
    }
    form = MeasurementForm(request.POST or None, initial=initial)
    if done := handle_form(
        request,
        form,
        lambda: services.update_measurement(
            actor=request.user, measurement=row, **form.cleaned_data
        ),
        success_message=_("La mesure a été corrigée."),
        success_url=_measurements_url(action, item),
    ):
        return done
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Corriger la mesure du %(on)s de « %(name)s »")
        % {"on": f"{row.measured_on:%d/%m/%Y}", "name": item.name},
        cancel_url=_measurements_url(action, item),
        breadcrumb=action_crumbs(action, {"label": item.name}),
        section="actions",
    )


@login_required
@require_POST
def measurement_delete(
    request: HtmxRequest, territory_slug: str, pk: int, indicator: int, measurement: int
) -> HttpResponse:
    _current, action = _editable(request, territory_slug, pk)
    item = _indicator(action, indicator)
    row = get_object_or_404(item.measurements.all(), pk=measurement)
    services.delete_measurement(actor=request.user, measurement=row)
    if request.POST.get("from") == "list" and not request.htmx:
        messages.success(
            request, _("La mesure du %s a été supprimée.") % f"{row.measured_on:%d/%m/%Y}"
        )
        return redirect(_measurements_url(action, item))
    return _done(
        request,
        action,
        "indicator",
        _("La mesure du %s a été supprimée.") % f"{row.measured_on:%d/%m/%Y}",
        f"indicator-{item.pk}",
        indicator_id=item.pk,
    )
