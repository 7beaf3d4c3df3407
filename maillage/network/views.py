"""Pages of the réseau. Views resolve the territory, check access, call a selector or a
service, and render; invalid forms re-render with status 400; htmx gets partials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, exports
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import (
    Crumb,
    SectionPage,
    breadcrumbs,
    confirm_delete,
    crumb,
    handle_form,
    object_crumb,
    section_crumb,
)
from maillage.core.types import HtmxRequest
from maillage.network import cooperation, mapping, selectors, services, vocab
from maillage.network.exchange import writers
from maillage.network.forms import (
    ContactPointForm,
    ImportForm,
    ProcedureForm,
    RulesForm,
    SearchForm,
    ServiceForm,
    StepFormSet,
    steps_from,
)
from maillage.network.models import Freshness, ImportBatch, Service
from maillage.network.reminders import send_for_territory
from maillage.territories.models import Organisation, Territory
from maillage.territories.selectors import territory_or_404


def _crumbs(territory: Any, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(territory, section_crumb(_("Réseau"), "network:search", territory), *more)


_page = SectionPage("network")


# --------------------------------------------------------------------------- search


@require_GET
def search(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    form = SearchForm(request.GET or None, territory=current)
    filters = form.filters()
    context: dict[str, Any] = {"form": form, "filters": filters}
    if filters.any:
        context["results"] = selectors.search_network(
            request.user, current, filters, page=request.GET.get("page", 1)
        )
        context["category_labels"] = vocab.labels(vocab.Categorie)
    else:
        context["entries"] = selectors.problem_entries(request.user, current)
    context["may_contribute"] = access.can(request.user, "contribute_network", current)
    context["may_run"] = access.can(request.user, "run_network", current)
    if request.htmx and not request.htmx.boosted:
        return _page(request, "network/partials/search_results.html", current, context)
    context["breadcrumb"] = [*_crumbs(current)[:-1], {"label": _("Réseau")}]
    return _page(request, "network/search.html", current, context)


@require_GET
def suggest(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    text = request.GET.get("q", "")[:200]
    return _page(
        request,
        "network/partials/suggestions.html",
        current,
        {"suggestions": selectors.suggestions(request.user, current, text), "q": text},
    )


# --------------------------------------------------------------------------- services


@require_GET
def service_detail(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    service = selectors.service_or_404(request.user, current, pk)
    contacts, procedures = selectors.service_links(request.user, service)
    rules = selectors.rules(current)
    return _page(
        request,
        "network/service_detail.html",
        current,
        {
            "service": service,
            "rules": rules,
            "freshness": rules.freshness(service.date_maj),
            "contacts": contacts,
            "procedures": procedures,
            "may_change": access.can(request.user, "change", service),
            "di_json": _pretty(
                mapping.service_to_di(
                    service, structure_id=mapping.structure_id_of(service.organisation)
                )
            ),
            "breadcrumb": _crumbs(current, {"label": service.name}),
        },
    )


def _pretty(record: dict[str, Any]) -> str:
    import json

    return json.dumps(record, ensure_ascii=False, indent=2)


def _service_form_page(
    request: HtmxRequest, current: Any, form: ServiceForm, service: Any = None
) -> HttpResponse:
    title = _("Modifier « %s »") % service.name if service else _("Publier un service")
    return _page(
        request,
        "network/service_form.html",
        current,
        {
            "form": form,
            "service": service,
            "title": title,
            "breadcrumb": _crumbs(current, {"label": title}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "contribute_network", current)
    form = ServiceForm(request.POST or None, territory=current, user=request.user)
    if done := handle_form(
        request,
        form,
        lambda: services.create_service(
            actor=request.user,
            territory=current,
            partners=form.cleaned_data["partners"],
            geounits=form.cleaned_data["geounits"],
            **form.service_fields(),
        ),
        success_message=lambda service: _("Le service « %s » est publié.") % service.name,
    ):
        return done
    return _service_form_page(request, current, form)


@login_required
@require_http_methods(["GET", "POST"])
def service_update(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    service = selectors.service_or_404(request.user, current, pk)
    require(request, "change", service)
    form = ServiceForm(
        request.POST or None,
        initial=ServiceForm.initial_from(service),
        territory=current,
        user=request.user,
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_service(
            actor=request.user,
            service=service,
            partners=form.cleaned_data["partners"],
            geounits=form.cleaned_data["geounits"],
            mark_fresh=form.cleaned_data["confirm"],
            **form.service_fields(),
        ),
        success_message=_("Les modifications sont enregistrées."),
        success_url=service.get_absolute_url(),
    ):
        return done
    return _service_form_page(request, current, form, service)


@login_required
@require_POST
def service_mark_fresh(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    service = selectors.service_or_404(request.user, current, pk)
    require(request, "change", service)
    services.mark_service_fresh(actor=request.user, service=service)
    rules = selectors.rules(current)
    if request.htmx:
        return _page(
            request,
            "network/partials/freshness_badge.html",
            current,
            {
                "item": service,
                "freshness": rules.freshness(service.date_maj),
                "rules": rules,
                "just_marked": True,
                "may_change": True,
                "mark_url": reverse("network:service_mark_fresh", args=[current.slug, service.pk]),
            },
        )
    messages.success(request, _("« %s » est marqué comme à jour.") % service.name)
    target = request.POST.get("next", "")
    return redirect(target if _safe_next(request) else service.get_absolute_url())


def _safe_next(request: HtmxRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_delete(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    service = selectors.service_or_404(request.user, current, pk)
    require(request, "change", service)
    return _confirm_delete(
        request,
        current,
        service,
        delete=lambda: services.delete_service(actor=request.user, service=service),
        title=_("Supprimer « %s » ?") % service.name,
        label=service.name,
        success_message=_("Le service « %s » est supprimé.") % service.name,
    )


def _confirm_delete(
    request: HtmxRequest,
    current: Territory,
    obj: Any,
    *,
    delete: Callable[[], object],
    title: str,
    label: str,
    success_message: str,
) -> HttpResponse:
    """Back to the search once deleted."""
    return confirm_delete(
        request,
        delete=delete,
        title=title,
        warning=_("La suppression est définitive ; elle est inscrite au journal du territoire."),
        success_message=success_message,
        success_url=reverse("network:search", args=[current.slug]),
        cancel_url=obj.get_absolute_url(),
        breadcrumb=_crumbs(current, object_crumb(obj, label), crumb(_("Supprimer"))),
        base_template="network/base.html",
        context={"territory": current, "section": "network", "object": obj},
    )


# --------------------------------------------------------------------------- contact points


@require_GET
def contact_point_detail(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    service = (
        contact.service
        if contact.service and access.can(request.user, "view", contact.service)
        else None
    )
    return _page(
        request,
        "network/contact_point_detail.html",
        current,
        {
            "contact": contact,
            "linked_service": service,
            "procedures": list(
                access.visible(request.user, contact.procedures.all()).select_related("territory")
            ),
            "may_change": access.can(request.user, "change", contact),
            "breadcrumb": _crumbs(current, {"label": str(contact)}),
        },
    )


def _contact_form_page(
    request: HtmxRequest, current: Any, form: Any, contact: Any = None
) -> HttpResponse:
    title = _("Modifier l’interlocuteur") if contact else _("Ajouter un interlocuteur")
    return _page(
        request,
        "network/object_form.html",
        current,
        {
            "form": form,
            "title": title,
            "cancel_url": contact.get_absolute_url()
            if contact
            else reverse("network:search", args=[current.slug]),
            "breadcrumb": _crumbs(current, {"label": title}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_create(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "contribute_network", current)
    form = ContactPointForm(
        request.POST or None,
        territory=current,
        user=request.user,
        initial={"thematique": request.GET.get("thematique", "")},
    )
    if done := handle_form(
        request,
        form,
        lambda: services.create_contact_point(
            actor=request.user, territory=current, **form.contact_fields()
        ),
        success_message=_("L’interlocuteur est ajouté."),
    ):
        return done
    return _contact_form_page(request, current, form)


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_update(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    require(request, "change", contact)
    form = ContactPointForm(
        request.POST or None, instance=contact, territory=current, user=request.user
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_contact_point(
            actor=request.user, contact=contact, **form.contact_fields()
        ),
        success_message=_("Les modifications sont enregistrées."),
        success_url=contact.get_absolute_url(),
        reload=contact,
    ):
        return done
    return _contact_form_page(request, current, form, contact)


@login_required
@require_POST
def contact_point_mark_fresh(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    require(request, "change", contact)
    services.mark_contact_point_fresh(actor=request.user, contact=contact)
    messages.success(request, _("L’interlocuteur est marqué comme à jour."))
    return redirect(contact.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_delete(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    contact = selectors.contact_point_or_404(request.user, current, pk)
    require(request, "change", contact)
    return _confirm_delete(
        request,
        current,
        contact,
        delete=lambda: services.delete_contact_point(actor=request.user, contact=contact),
        success_message=_("L’interlocuteur est supprimé."),
        title=_("Supprimer l’interlocuteur « %s » ?") % contact,
        label=str(contact),
    )


# --------------------------------------------------------------------------- procedures


@require_GET
def procedure_detail(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    procedure = selectors.procedure_or_404(request.user, current, pk)
    linked_services, contacts = selectors.procedure_links(request.user, procedure)
    return _page(
        request,
        "network/procedure_detail.html",
        current,
        {
            "procedure": procedure,
            "linked_services": linked_services,
            "contacts": contacts,
            "rules": selectors.rules(current),
            "may_change": access.can(request.user, "change", procedure),
            "breadcrumb": _crumbs(current, {"label": procedure.title}),
        },
    )


def _procedure_page(
    request: HtmxRequest,
    current: Any,
    form: Any,
    formset: Any,
    procedure: Any = None,
    status: int = 200,
) -> HttpResponse:
    title = _("Modifier « %s »") % procedure.title if procedure else _("Décrire une démarche")
    return _page(
        request,
        "network/procedure_form.html",
        current,
        {
            "form": form,
            "formset": formset,
            "procedure": procedure,
            "title": title,
            "breadcrumb": _crumbs(current, {"label": title}),
        },
        status=status,
    )


def _step_initial(procedure: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "description": s.description,
            "actor_label": s.actor_label,
            "actor_organisation": s.actor_organisation_id,
            "documents": s.documents,
            "delay": s.delay,
        }
        for s in procedure.steps.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def procedure_create(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "contribute_network", current)
    form = ProcedureForm(request.POST or None, territory=current, user=request.user)
    formset = StepFormSet(request.POST or None, prefix="steps", form_kwargs={"territory": current})
    if request.method == "POST":
        if formset.is_valid() and (
            done := handle_form(
                request,
                form,
                lambda: services.create_procedure(
                    actor=request.user,
                    territory=current,
                    steps=steps_from(formset),
                    services=form.cleaned_data["services"],
                    contact_points=form.cleaned_data["contact_points"],
                    **form.procedure_fields(),
                ),
                success_message=_("La démarche est publiée."),
            )
        ):
            return done
        return _procedure_page(request, current, form, formset, status=400)
    return _procedure_page(request, current, form, formset)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_update(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    procedure = selectors.procedure_or_404(request.user, current, pk)
    require(request, "change", procedure)
    form = ProcedureForm(
        request.POST or None, instance=procedure, territory=current, user=request.user
    )
    formset = StepFormSet(
        request.POST or None,
        prefix="steps",
        initial=_step_initial(procedure),
        form_kwargs={"territory": current},
    )
    if request.method == "POST":
        if formset.is_valid() and (
            done := handle_form(
                request,
                form,
                lambda: services.update_procedure(
                    actor=request.user,
                    procedure=procedure,
                    steps=steps_from(formset),
                    services=form.cleaned_data["services"],
                    contact_points=form.cleaned_data["contact_points"],
                    **form.procedure_fields(),
                ),
                success_message=_("Les modifications sont enregistrées."),
                success_url=procedure.get_absolute_url(),
                reload=procedure,
            )
        ):
            return done
        return _procedure_page(request, current, form, formset, procedure, status=400)
    return _procedure_page(request, current, form, formset, procedure)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_delete(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    procedure = selectors.procedure_or_404(request.user, current, pk)
    require(request, "change", procedure)
    return _confirm_delete(
        request,
        current,
        procedure,
        delete=lambda: services.delete_procedure(actor=request.user, procedure=procedure),
        success_message=_("La démarche est supprimée."),
        title=_("Supprimer « %s » ?") % procedure.title,
        label=procedure.title,
    )


# --------------------------------------------------------------------------- freshness


@login_required
@require_GET
def freshness(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "contribute_network", current)
    status = request.GET.get("etat", "")
    if status not in Freshness.values:
        status = ""
    board = selectors.freshness_board(
        request.user,
        current,
        status=status,
        mine=request.GET.get("portee") == "mes-services",
        page=request.GET.get("page", 1),
    )
    return _page(
        request,
        "network/freshness.html",
        current,
        {
            "board": board,
            "statuses": Freshness.choices,
            "may_run": access.can(request.user, "run_network", current),
            "breadcrumb": _crumbs(current, {"label": _("Fraîcheur des informations")}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "run_network", current)
    instance = selectors.rules(current)
    form = RulesForm(request.POST or None, instance=instance)
    if done := handle_form(
        request,
        form,
        lambda: services.update_rules(
            actor=request.user,
            territory=current,
            **{name: form.cleaned_data[name] for name in RulesForm.Meta.fields},
        ),
        success_message=_("Les règles de fraîcheur sont enregistrées."),
        success_url=reverse("network:freshness", kwargs={"territory": current.slug}),
    ):
        return done
    return _page(
        request,
        "network/object_form.html",
        current,
        {
            "form": form,
            "title": _("Règles de fraîcheur"),
            "intro": _(
                "Au-delà de ces durées sans mise à jour, un service est signalé comme à mettre à jour et son organisation est relancée par courriel."
            ),
            "cancel_url": reverse("network:freshness", args=[current.slug]),
            "breadcrumb": _crumbs(
                current,
                {
                    "label": _("Fraîcheur des informations"),
                    "url": reverse("network:freshness", args=[current.slug]),
                },
                {"label": _("Règles")},
            ),
        },
        form=form,
    )


@login_required
@require_POST
def send_reminders(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "run_network", current)

    sent = send_for_territory(current, actor=request.user, force=True)
    if sent:
        messages.success(
            request,
            _("%(n)s organisation(s) relancée(s), %(p)s destinataire(s).")
            % {"n": len(sent), "p": sum(r.recipient_count for r in sent)},
        )
    else:
        messages.info(
            request,
            _("Aucune organisation à relancer : tout est à jour ou a déjà été relancé récemment."),
        )
    return redirect("network:freshness", territory=current.slug)


# --------------------------------------------------------------------------- exchange


@require_http_methods(["GET", "POST"])
def exchange(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    may_import = access.can(request.user, "run_network", current)
    form = ImportForm(request.POST or None, request.FILES or None) if may_import else None
    if request.method == "POST":
        require(request, "run_network", current)
        assert form is not None
        if done := handle_form(
            request,
            form,
            lambda: services.start_import(
                actor=request.user,
                territory=current,
                structures_file=form.cleaned_data["structures_file"],
                services_file=form.cleaned_data["services_file"],
                visibility=form.cleaned_data["visibility"],
            ),
        ):
            return done
    api_base = request.build_absolute_uri(reverse("api-v1:api-root"))
    return _page(
        request,
        "network/exchange.html",
        current,
        {
            "form": form,
            "imports": selectors.imports(request.user, current) if may_import else [],
            "api_structures": f"{api_base}data-inclusion/structures?territoire={current.slug}",
            "api_services": f"{api_base}data-inclusion/services?territoire={current.slug}",
            "breadcrumb": _crumbs(current, {"label": _("Échanges data·inclusion")}),
        },
        form=form,
    )


@require_GET
def import_file(request: HtmxRequest, territory: str, pk: int, which: str) -> HttpResponseBase:
    """One of the two uploaded files, as it was sent: for the coordinators."""
    current = territory_or_404(request.user, territory)
    batch = selectors.import_or_404(request.user, current, pk)
    names = {"structures": batch.structures_name, "services": batch.services_name}
    if which not in names:
        raise Http404
    return private_download(request, batch, f"{which}_file", filename=names[which] or which)


@require_http_methods(["GET", "POST"])
def import_detail(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    batch = selectors.import_or_404(request.user, current, pk)
    require(request, "view", batch)
    error = ""
    if request.method == "POST":
        require(request, "apply", batch)
        decisions = {
            key.removeprefix("decision-"): str(value)
            for key, value in request.POST.items()
            if key.startswith("decision-")
        }
        try:
            batch = services.confirm_import(
                actor=request.user,
                batch=batch,
                decisions=decisions,
                default=request.POST.get("default", "merge"),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(batch.get_absolute_url())
    context = {
        "batch": batch,
        "error": error,
        "duplicates": _duplicates_with_names(batch),
        "applied": [
            (APPLIED_LABELS.get(name, name), n)
            for name, n in (batch.summary.get("applied") or {}).items()
        ],
        "breadcrumb": _crumbs(
            current,
            {
                "label": _("Échanges data·inclusion"),
                "url": reverse("network:exchange", args=[current.slug]),
            },
            {"label": str(batch)},
        ),
    }
    if request.htmx:
        return _page(request, "network/partials/import_status.html", current, context)
    return _page(
        request, "network/import_detail.html", current, context, status=400 if error else 200
    )


APPLIED_LABELS = {
    "structures_created": gettext_lazy("Structures créées"),
    "structures_updated": gettext_lazy("Structures mises à jour"),
    "structures_merged": gettext_lazy("Structures fusionnées"),
    "structures_skipped": gettext_lazy("Structures ignorées"),
    "services_created": gettext_lazy("Services créés"),
    "services_updated": gettext_lazy("Services mis à jour"),
    "services_skipped": gettext_lazy("Services ignorés"),
}


def _duplicates_with_names(batch: ImportBatch) -> list[dict[str, Any]]:
    org_ids = [d["match_id"] for d in batch.duplicates if d["kind"] == "structure"]
    service_ids = [d["match_id"] for d in batch.duplicates if d["kind"] == "service"]
    orgs = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    found = dict(Service.objects.filter(pk__in=service_ids).values_list("pk", "name"))
    return [
        {
            **d,
            "field": f"decision-{d['kind']}:{d['key']}",
            "match_name": (orgs if d["kind"] == "structure" else found).get(d["match_id"], "?"),
        }
        for d in batch.duplicates
    ]


EXPORT_KINDS = ("structures", "services")
EXPORT_FORMATS = ("json", "csv")


@require_GET
def export(request: HtmxRequest, territory: str, kind: str, fmt: str) -> StreamingHttpResponse:
    current = territory_or_404(request.user, territory)
    if kind not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        raise Http404
    if kind == "services":
        records = (
            mapping.service_to_di(s, structure_id=mapping.structure_id_of(s.organisation))
            for s in selectors.exported_services(request.user, current).iterator(chunk_size=1000)
        )
        fields = mapping.SERVICE_FIELDS
    else:
        records = (
            mapping.structure_to_di(
                o, getattr(o, "structure_profile", None) if _has_profile(o) else None
            )
            for o in selectors.exported_structures(request.user, current).iterator(chunk_size=1000)
        )
        fields = mapping.STRUCTURE_FIELDS
    filename = f"{current.slug}-{kind}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        return exports.csv_stream(filename, fields, writers.csv_rows(fields, records))
    response = StreamingHttpResponse(
        writers.json_lines(records), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _has_profile(organisation: Any) -> bool:
    try:
        return organisation.structure_profile is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


# --------------------------------------------------------------------------- guide, map


def _guide_category(request: HtmxRequest) -> str:
    category = request.GET.get("thematique", "logement-hebergement")
    category = vocab.category_of(category)
    if category not in vocab.labels(vocab.Categorie):
        raise Http404
    return category


@require_GET
def guide(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    category = _guide_category(request)
    return _page(
        request,
        "network/guide.html",
        current,
        {
            "guide": selectors.guide(request.user, current, category),
            "categories": vocab.choices(vocab.Categorie),
            "today": timezone.localdate(),
            "breadcrumb": _crumbs(current, {"label": _("Guide thématique")}),
        },
    )


@require_GET
def guide_pdf(request: HtmxRequest, territory: str) -> HttpResponse:
    from weasyprint import HTML

    current = territory_or_404(request.user, territory)
    category = _guide_category(request)
    html = render_to_string(
        "network/guide_print.html",
        {
            "territory": current,
            "guide": selectors.guide(request.user, current, category),
            "today": timezone.localdate(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{current.slug}-{category}.pdf"'
    return response


@require_GET
def cooperation_map(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    return _page(
        request,
        "network/cooperation.html",
        current,
        {
            "graph": cooperation.cooperation_graph(request.user, current),
            "breadcrumb": _crumbs(current, {"label": _("Carte des coopérations")}),
        },
    )
