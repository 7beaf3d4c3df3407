"""Pages of the veille: thin, through core/pages.py. Every read of a signal is logged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, exports, replica
from maillage.core.http import LoginRequired, require
from maillage.core.pages import (
    SectionPage,
    breadcrumbs,
    crumb,
    handle_form,
    object_crumb,
    run_action,
    section_crumb,
)
from maillage.core.pagination import paginate
from maillage.network import vocab
from maillage.watch import forms, selectors, services
from maillage.watch.models import Orientation, Signal

page = SectionPage("watch")
GET_POST = require_http_methods(["GET", "POST"])
T = TypeVar("T")


def crumbs(territory: Any, *more: Any) -> list[Any]:
    return breadcrumbs(territory, section_crumb(_("Veille"), "watch:signals", territory), *more)


def _signal(request: HttpRequest, territory_slug: str, pk: int, verb: str) -> Signal:
    """The signal, or the right refusal: an action page asks an anonymous visitor to sign
    in before anything is looked up; a hidden signal answers 404."""
    if verb != "view" and not request.user.is_authenticated:
        raise LoginRequired
    territory = selectors.territory_or_404(request.user, territory_slug)
    signal = selectors.signal_or_404(request.user, territory, pk)
    require(request, verb, signal)
    return signal


def _stopped(form: Any) -> list[dict[str, Any]]:
    return form.stopped() if hasattr(form, "stopped") else []


def _signal_form(
    request: HttpRequest,
    signal: Signal,
    form: Any,
    save: Callable[[], T],
    *,
    title: str,
    step: str,
    success_message: str | Callable[[T], str],
    success_url: str | Callable[[T], str] | None = None,
    template: str = "watch/form_page.html",
    screened: bool = False,
    **context: Any,
) -> HttpResponse:
    """A form page about one signal (corroborate, change its state, merge, orient): the
    core form loop (``handle_form``), back to the signal's page by default, or the page
    again under the signal's breadcrumbs. ``screened``: the free text went through the
    gate, whose refusals the page shows."""
    if done := handle_form(
        request,
        form,
        save,
        success_message=success_message,
        success_url=signal.get_absolute_url() if success_url is None else success_url,
    ):
        return done
    territory = signal.territory
    if screened:
        context["stopped"] = _stopped(form)
    return page(
        request,
        template,
        territory,
        {
            "title": title,
            "breadcrumbs": crumbs(territory, object_crumb(signal), crumb(step)),
            "signal": signal,
            "form": form,
            **context,
        },
        form=form,
    )


# --------------------------------------------------------------------------- lists


@require_GET
def signal_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "use_watch", territory)
    form = forms.FilterForm(request.GET or None, territory=territory, user=request.user)
    signals = paginate(request, selectors.filtered(request.user, territory, form.filters()))
    return page(
        request,
        "watch/signal_list.html",
        territory,
        {
            "title": _("Veille : les signalements"),
            "breadcrumbs": breadcrumbs(territory, crumb(_("Veille"))),
            "filter_form": form,
            "page": signals,
            "current": "list",
            "querystring": request.GET.urlencode(),
        },
    )


@require_GET
@replica.reads
def signal_export(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """The filtered list as CSV: coded fields and counts (the text stays in Maillage)."""
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "use_watch", territory)
    form = forms.FilterForm(request.GET or None, territory=territory, user=request.user)
    # Streamed after the view returns: fixed to the replica now (core/replica.py).
    signals = replica.pinned(selectors.filtered(request.user, territory, form.filters()))
    headers = [
        _("Numéro"),
        _("Intitulé"),
        _("Thématique"),
        _("Lieu"),
        _("Observé depuis"),
        _("Tendance"),
        _("Situations observées"),
        _("Organisation"),
        _("Organisations qui corroborent"),
        _("État"),
        _("Motif"),
        _("Reçu le"),
    ]
    rows = (
        [
            s.pk,
            s.title,
            vocab.label(vocab.Thematique, s.thematique),
            s.place.name if s.place else _("Tout le territoire"),
            s.observed_since.isoformat(),
            s.get_trend_display(),
            s.situations_count,
            s.organisation.name,
            s.corroborating_orgs,
            s.get_status_display(),
            s.get_reason_display() if s.reason else "",
            s.created_at.date().isoformat(),
        ]
        for s in signals.iterator(chunk_size=500)
    )
    return exports.csv_stream(f"veille-{territory.slug}.csv", headers, rows)


@require_GET
def inbox(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "triage_signals", territory)
    status = request.GET.get("etat", "")
    if status not in ("", *Signal.Status.values):
        status = ""
    signals = paginate(request, selectors.inbox(request.user, territory, status))
    proposals = (
        list(selectors.proposals(request.user, territory))
        if access.can(request.user, "manage_watch", territory)
        else []
    )
    return page(
        request,
        "watch/inbox.html",
        territory,
        {
            "title": _("Veille : tri des signalements"),
            "breadcrumbs": crumbs(territory, crumb(_("Tri"))),
            "page": signals,
            "status": status,
            "statuses": Signal.Status.choices,
            "proposals": proposals,
            "current": "inbox",
        },
    )


@require_GET
def mine(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "use_watch", territory)
    signals = paginate(request, selectors.mine(request.user, territory))
    return page(
        request,
        "watch/mine.html",
        territory,
        {
            "title": _("Veille : mes signalements"),
            "breadcrumbs": crumbs(territory, crumb(_("Mes signalements"))),
            "page": signals,
            "current": "mine",
        },
    )


# --------------------------------------------------------------------------- reporting


@GET_POST
def signal_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "report_signal", territory)
    form = forms.SignalForm(request.POST or None, territory=territory, user=request.user)
    if done := handle_form(
        request,
        form,
        lambda: services.report_signal(
            actor=request.user, territory=territory, **form.service_fields()
        ),
        success_message=_("Le signalement est transmis à la cellule de veille."),
    ):
        return done
    return page(
        request,
        "watch/signal_form.html",
        territory,
        {
            "title": _("Signaler un phénomène"),
            "breadcrumbs": crumbs(territory, crumb(_("Signaler"))),
            "form": form,
            "stopped": _stopped(form),
            "similar_url": reverse("watch:similar", args=[territory.slug]),
        },
        form=form,
    )


@GET_POST
def signal_import(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """Several signals from a spreadsheet: all or nothing, each row through the gate."""
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "report_signal", territory)
    form = forms.ImportForm(
        request.POST or None, request.FILES or None, territory=territory, user=request.user
    )

    def save() -> list[Signal]:
        upload = form.cleaned_data["file"]
        return services.import_signals(
            actor=request.user,
            territory=territory,
            organisation=form.cleaned_data["organisation"],
            data=upload.read(),
            filename=upload.name,
        )

    if done := handle_form(
        request,
        form,
        save,
        success_message=lambda created: (
            ngettext(
                "%(count)d signalement importé.", "%(count)d signalements importés.", len(created)
            )
            % {"count": len(created)}
        ),
        success_url=reverse("watch:mine", args=[territory.slug]),
    ):
        return done
    return page(
        request,
        "watch/form_page.html",
        territory,
        {
            "title": _("Importer des signalements"),
            "breadcrumbs": crumbs(territory, crumb(_("Importer"))),
            "form": form,
            "multipart": True,
            "submit_label": _("Importer"),
            "cancel_url": reverse("watch:signals", args=[territory.slug]),
        },
        form=form,
    )


@require_GET
def similar(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """The htmx part proposing similar open signals while the author types."""
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "report_signal", territory)
    text = " ".join(request.GET.get(name, "")[:2000] for name in ("title", "description")).strip()
    found = selectors.similar(request.user, territory, text) if text else []
    return page(
        request,
        "watch/partials/similar.html",
        territory,
        {"title": _("Signalements semblables"), "similar": found, "searched": bool(text)},
    )


# --------------------------------------------------------------------------- a signal


@require_GET
def signal_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    signal = _signal(request, territory_slug, pk, "view")
    territory = signal.territory
    services.log_read(actor=request.user, signal=signal)
    parts = selectors.detail_parts(request.user, signal)
    return page(
        request,
        "watch/signal_detail.html",
        territory,
        {
            "title": _("Signalement n° %(pk)s") % {"pk": signal.pk},
            "breadcrumbs": crumbs(territory, crumb(_("Signalement n° %(pk)s") % {"pk": pk})),
            "signal": signal,
            "thematique_label": vocab.label(vocab.Thematique, signal.thematique),
            "public_labels": [vocab.label(vocab.Public, p) for p in signal.publics or []],
            "may_corroborate": access.can(request.user, "corroborate", signal),
            "may_triage": access.can(request.user, "triage", signal),
            "status_form": forms.StatusForm(),
            **parts,
        },
    )


@GET_POST
def corroborate(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    signal = _signal(request, territory_slug, pk, "corroborate")
    form = forms.CorroborationForm(request.POST or None, signal=signal, user=request.user)
    return _signal_form(
        request,
        signal,
        form,
        lambda: services.corroborate(actor=request.user, signal=signal, **form.cleaned_data),
        title=_("Nous l’observons aussi : signalement n° %(pk)s") % {"pk": signal.pk},
        step=_("Corroborer"),
        success_message=_("Merci : votre observation est ajoutée au signalement."),
        template="watch/corroborate.html",
        screened=True,
    )


@GET_POST
def change_status(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    signal = _signal(request, territory_slug, pk, "triage")
    form = forms.StatusForm(request.POST or None)
    return _signal_form(
        request,
        signal,
        form,
        lambda: services.change_status(actor=request.user, signal=signal, **form.cleaned_data),
        title=_("Changer l’état du signalement n° %(pk)s") % {"pk": signal.pk},
        step=_("État"),
        success_message=_("L’état du signalement est changé."),
        cancel_url=signal.get_absolute_url(),
    )


@require_POST
def mark_unconfirmed(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    signal = _signal(request, territory_slug, pk, "triage")
    run_action(
        request,
        lambda: services.mark_unconfirmed(actor=request.user, signal=signal),
        success_message=_("Le signalement est clos comme non confirmé."),
    )
    return redirect(signal.get_absolute_url())


@GET_POST
def merge(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    signal = _signal(request, territory_slug, pk, "triage")
    territory = signal.territory
    form = forms.MergeForm(request.POST or None)

    def save() -> Signal:
        into = selectors.visible_signals(request.user, territory).filter(
            pk=form.cleaned_data["into"]
        )
        target = into.first()
        if target is None:
            raise ValidationError({"into": _("Aucun signalement ouvert de ce numéro.")})
        return services.merge(actor=request.user, duplicate=signal, into=target)

    return _signal_form(
        request,
        signal,
        form,
        save,
        title=_("Fusionner le signalement n° %(pk)s") % {"pk": signal.pk},
        step=_("Fusionner"),
        success_message=_("Les signalements sont fusionnés."),
        success_url=lambda merged: merged.get_absolute_url(),
        submit_label=_("Fusionner"),
        cancel_url=signal.get_absolute_url(),
    )


@GET_POST
def orient(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    signal = _signal(request, territory_slug, pk, "triage")
    territory = signal.territory
    form = forms.OrientationForm(request.POST or None, territory=territory, user=request.user)

    def message(orientation: Orientation) -> str:
        if orientation.state == Orientation.State.DONE:
            return _("Suite donnée : le signalement est orienté.")
        return _("Orientation proposée : la coordination la confirmera.")

    return _signal_form(
        request,
        signal,
        form,
        lambda: services.orient(actor=request.user, signal=signal, **form.cleaned_data),
        title=_("Orienter le signalement n° %(pk)s") % {"pk": signal.pk},
        step=_("Orienter"),
        success_message=message,
        template="watch/orient.html",
        screened=True,
    )


@require_POST
def decide(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise LoginRequired
    territory = selectors.territory_or_404(request.user, territory_slug)
    orientation = selectors.orientation_or_404(request.user, territory, pk)
    require(request, "decide", orientation)
    accept = request.POST.get("decision") == "accept"
    run_action(
        request,
        lambda: services.decide(actor=request.user, orientation=orientation, accept=accept),
        success_message=_("Orientation confirmée : suite donnée.")
        if accept
        else _("Orientation refusée."),
    )
    return redirect(orientation.signal.get_absolute_url())


# --------------------------------------------------------------------------- settings


@GET_POST
def watch_settings(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = selectors.territory_or_404(request.user, territory_slug)
    require(request, "manage_watch", territory)
    current = services.settings_for(territory)
    form = forms.SettingsForm(request.POST or None, instance=current)
    if done := handle_form(
        request,
        form,
        lambda: services.update_settings(
            actor=request.user, territory=territory, **form.service_fields()
        ),
        success_message=_("Les réglages de la veille sont enregistrés."),
        success_url=reverse("watch:settings", args=[territory.slug]),
    ):
        return done
    return page(
        request,
        "watch/form_page.html",
        territory,
        {
            "title": _("Réglages de la veille"),
            "breadcrumbs": crumbs(territory, crumb(_("Réglages"))),
            "form": form,
            "cancel_url": reverse("watch:signals", args=[territory.slug]),
        },
        form=form,
    )
