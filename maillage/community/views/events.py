"""Public events: the list (filters), an event with its registration form and JSON-LD,
writing and publishing, co-organising, registrations and their cancellation, ICS."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.community import forms, ics, jsonld, selectors, services
from maillage.community.models import LANGUAGES, Registration
from maillage.community.views.common import (
    answer_signature,
    event_crumbs,
    posted,
    sign_choices,
    territory,
)
from maillage.community.views.common import events_page as page
from maillage.core import access
from maillage.core import ics as core_ics
from maillage.core.http import require
from maillage.core.pages import (
    breadcrumbs,
    button_action,
    crumb,
    handle_form,
    object_crumb,
    run_action,
    submit,
)
from maillage.core.pagination import paginate


def _filters(request: HttpRequest, current: Any) -> dict[str, Any]:
    language = request.GET.get("langue", "")
    if language not in dict(LANGUAGES):
        language = ""
    organisation: int | None = None
    raw = request.GET.get("organisation", "")
    if raw.isdigit() and selectors.partner_organisations(current).filter(pk=raw).exists():
        organisation = int(raw)
    return {
        "past": request.GET.get("passes") == "1",
        "language": language,
        "step_free": request.GET.get("accessible") == "1",
        "organisation": organisation,
    }


@require_GET
def event_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    chosen = _filters(request, current)
    return page(
        request,
        "community/event_list.html",
        current,
        {
            "title": _("Événements passés") if chosen["past"] else _("Événements"),
            "page": paginate(
                request, selectors.published_events(request.user, current, **chosen), 20
            ),
            "unpublished": list(selectors.unpublished_events(request.user, current)[:50])
            if request.user.is_authenticated
            else [],
            "filters": chosen,
            "languages": LANGUAGES,
            "organisations": selectors.partner_organisations(current),
            "may_write": access.can(request.user, "contribute_community", current),
            "breadcrumb": breadcrumbs(current, crumb(_("Événements"))),
        },
    )


def _detail(
    request: HttpRequest, current: Any, event: Any, form: Any = None, status: int | None = None
) -> HttpResponse:
    organisers = list(event.organisers.all())
    choices = sign_choices(request, current, organisers)
    user = request.user
    may_register = access.can(user, "register", event)
    mine = selectors.my_registration(user, event)
    if form is None and may_register and mine is None:
        initial = {"name": user.full_name, "email": user.email} if user.is_authenticated else {}
        form = forms.RegistrationForm(initial=initial)
    return page(
        request,
        "community/event_detail.html",
        current,
        {
            "title": event.title,
            "event": event,
            "organisers": organisers,
            "shown": [o for o in organisers if o.approved],
            "jsonld": jsonld.script(event),
            "may_change": access.can(user, "change", event),
            "may_validate": access.can(user, "validate", event),
            "may_register": may_register,
            "mine": mine,
            "form": form,
            "full": event.capacity is not None and event.confirmed_count >= event.capacity,
            "places_left": None
            if event.capacity is None
            else max(event.capacity - event.confirmed_count, 0),
            "sign_form": forms.SignForm(organisations=choices) if choices.exists() else None,
            "breadcrumb": event_crumbs(current, crumb(event.title)),
        },
        form=form,
        status=status,
    )


@require_GET
def event_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    return _detail(request, current, selectors.event_or_404(request.user, current, pk))


@require_POST
def event_register(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Residents signed in and visitors (a name and an address) register alike."""
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    if not access.can(request.user, "register", event):
        messages.error(request, _("Les inscriptions à cet événement sont fermées."))
        return redirect(event.get_absolute_url())
    form = forms.RegistrationForm(request.POST)
    user = request.user if request.user.is_authenticated else None
    saved, result = submit(
        request,
        form,
        lambda: services.register(
            actor=request.user,
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            user=user,
        ),
    )
    if not saved:
        return _detail(request, current, selectors.event_or_404(request.user, current, pk), form)
    assert result is not None
    if result.status == Registration.Status.WAITING:
        messages.warning(
            request,
            _(
                "L’événement est complet : vous êtes inscrit·e sur la liste d’attente. "
                "Vous recevrez un courriel si une place se libère."
            ),
        )
    else:
        messages.success(
            request,
            _("Votre inscription est confirmée. Un courriel de confirmation vous est envoyé."),
        )
    return redirect(event.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    require(request, "contribute_community", current)
    form = forms.EventForm(posted(request), user=request.user, territory=current)

    def save() -> Any:
        fields = form.event_fields()
        return services.create_event(
            actor=request.user,
            territory=current,
            cosigners=form.cleaned_data["cosigners"],
            **fields,
        )

    if done := handle_form(
        request, form, save, success_message=_("L’événement est enregistré en brouillon.")
    ):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Annoncer un événement"),
            "form": form,
            "cancel_url": reverse("community:events", args=[current.slug]),
            "breadcrumb": event_crumbs(current, crumb(_("Annoncer un événement"))),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_update(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    require(request, "change", event)
    form = forms.EventForm(
        posted(request),
        user=request.user,
        territory=current,
        initial=forms.EventForm.initial_for(event),
    )

    def save() -> Any:
        return services.update_event(
            actor=request.user,
            event=event,
            cosigners=form.cleaned_data["cosigners"],
            **form.event_fields(),
        )

    if done := handle_form(request, form, save, success_message=_("L’événement est modifié.")):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Modifier l’événement « %s »") % event.title,
            "form": form,
            "cancel_url": event.get_absolute_url(),
            "breadcrumb": event_crumbs(
                current, object_crumb(event, event.title), crumb(_("Modifier"))
            ),
        },
        form=form,
    )


@login_required
@require_POST
def event_publish(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    return button_action(
        request,
        event,
        "change",
        lambda: services.publish_event(actor=request.user, event=event),
        success_message=lambda result: (
            _("L’événement est publié.")
            if result.is_published
            else _("L’événement est transmis à la coordination pour validation.")
        ),
    )


@login_required
@require_POST
def event_validate(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    return button_action(
        request,
        event,
        "validate",
        lambda: services.validate_event(actor=request.user, event=event),
        success_message=_("L’événement est validé et publié."),
    )


@login_required
@require_POST
def event_sign(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    return answer_signature(
        request,
        current,
        event,
        event.organisers.all(),
        lambda **answer: services.sign_event(actor=request.user, event=event, **answer),
        approved=_("Votre accord est enregistré : votre logo apparaît sur l’événement."),
        declined=_("Votre refus est enregistré."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    require(request, "change", event)
    form = forms.CancelEventForm(posted(request))
    if done := handle_form(
        request,
        form,
        lambda: services.cancel_event(
            actor=request.user, event=event, reason=form.cleaned_data["reason"]
        ),
        success_message=_("L’événement est annulé ; les personnes inscrites sont prévenues."),
        success_url=event.get_absolute_url(),
    ):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Annuler l’événement « %s »") % event.title,
            "form": form,
            "submit_label": _("Annuler l’événement"),
            "cancel_url": event.get_absolute_url(),
            "breadcrumb": event_crumbs(
                current, object_crumb(event, event.title), crumb(_("Annuler"))
            ),
        },
        form=form,
    )


@login_required
@require_GET
def event_registrations(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    require(request, "change", event)
    rows = list(selectors.registrations(request.user, event))
    return page(
        request,
        "community/registrations.html",
        current,
        {
            "title": _("Inscriptions — %s") % event.title,
            "event": event,
            "confirmed": [r for r in rows if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in rows if r.status == Registration.Status.WAITING],
            "cancelled": [r for r in rows if r.status == Registration.Status.CANCELLED],
            "breadcrumb": event_crumbs(
                current, object_crumb(event, event.title), crumb(_("Inscriptions"))
            ),
        },
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """An organiser, the coordination or the person cancels a registration."""
    current = territory(request, territory_slug)
    registration = selectors.registration_or_404(request.user, current, pk)
    require(request, "cancel", registration)
    run_action(
        request,
        lambda: services.cancel_registration(actor=request.user, registration=registration),
        success_message=_("L’inscription est annulée."),
    )
    if access.can(request.user, "change", registration.event):
        return redirect("community:event_registrations", current.slug, registration.event_id)
    return redirect(registration.event.get_absolute_url())


@never_cache
@require_http_methods(["GET", "POST"])
def registration_token(request: HttpRequest, territory_slug: str, token: uuid.UUID) -> HttpResponse:
    """The link of the confirmation e-mail: whoever holds it may cancel, without an
    account (a visitor registered with a name and an address)."""
    registration = services.registration_for_token(token)
    if registration is None or registration.event.territory.slug != territory_slug:
        raise Http404
    current = registration.event.territory
    if request.method == "POST" and run_action(
        request,
        lambda: services.cancel_registration(actor=request.user, registration=registration),
        success_message=_("Votre inscription est annulée. Merci d’avoir laissé votre place."),
    ):
        return redirect(request.path)
    return page(
        request,
        "community/registration_token.html",
        current,
        {
            "title": _("Mon inscription — %s") % registration.event.title,
            "registration": registration,
            "event": registration.event,
            "breadcrumb": event_crumbs(current, crumb(_("Mon inscription"))),
        },
    )


@never_cache
@require_GET
def event_ics(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    event = selectors.event_or_404(request.user, current, pk)
    return core_ics.response(ics.calendar([event], name=event.title), f"evenement-{event.pk}.ics")


@never_cache
@require_GET
def events_ics(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    return core_ics.response(
        ics.calendar(
            selectors.feed_events(request.user, current),
            name=_("Événements — %s") % current.name,
        ),
        f"evenements-{current.slug}.ics",
    )
