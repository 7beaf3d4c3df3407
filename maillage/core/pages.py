"""The page helpers every capability's views share, so that a page behaves the same way
in every app: the breadcrumb, the status of a page whose form came back with errors, the
loop form → service → errors on the form or a message and a redirect, and the page that
asks before deleting.

They take no model from any app: core sits below the capabilities (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm, BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.forms_errors import apply_validation_error
from maillage.core.http import require

T = TypeVar("T")

Crumb = dict[str, Any]
"""One link of the breadcrumb: ``{"label": …, "url": …}``; the last one has no url."""


class Place(Protocol):
    """What the breadcrumb needs of a territory (core does not import territories)."""

    name: str

    def get_absolute_url(self) -> str: ...


# --------------------------------------------------------------------------- breadcrumbs


def crumb(label: Any, url: str = "") -> Crumb:
    """A link of the breadcrumb; without ``url``, the page one stands on."""
    return {"label": label, "url": url} if url else {"label": label}


def section_crumb(label: Any, url_name: str, territory: Any) -> Crumb:
    """The link to a capability's home in a territory (``Réseau``, ``Instances``…)."""
    return crumb(label, reverse(url_name, args=[territory.slug]))


def object_crumb(obj: Any, label: Any = None) -> Crumb:
    """The link to an object's own page, labelled with the object unless told otherwise."""
    return crumb(str(obj) if label is None else label, obj.get_absolute_url())


def breadcrumbs(territory: Place | None, *more: Crumb) -> list[Crumb]:
    """Accueil › the territory › ``more``: the trail every page starts with."""
    trail = [crumb(_("Accueil"), reverse("core:home"))]
    if territory is not None:
        trail.append(crumb(territory.name, territory.get_absolute_url()))
    return [*trail, *more]


def page_title(title: Any, trail: Any, territory: Place | None) -> str:
    """The <title> of a page: "<page> — <territory> — Maillage" (RGAA 8.6: each page its
    own). The page is named by its ``title`` when the view gives one, else by the last
    link of its breadcrumb; then come the breadcrumb's other links back to the section
    ("Historique — 1.1.1 Prévention… — Actions"), which tell apart the same kind of page
    on two objects ("Modifier la séance" of two séances)."""
    names = [str(link["label"]) for link in list(trail or [])[1:]]
    if territory is not None and names and names[0] == territory.name:
        names = names[1:]
    if title:
        names = [*names[:-1], str(title)]
    parts: list[str] = []
    for name in reversed(names):
        if name and (not parts or parts[-1] != name):
            parts.append(name)
    if territory is not None and territory.name not in parts:
        parts.append(territory.name)
    return " — ".join([*parts, "Maillage"])


# --------------------------------------------------------------------------- rendering

AnyForm = BaseForm | BaseFormSet


def has_errors(form: AnyForm | None) -> bool:
    """A form (or formset) that was sent and refused. An unbound form never has errors."""
    if form is None or not form.is_bound:
        return False
    if isinstance(form, BaseFormSet):
        return form.total_error_count() > 0
    return bool(form.errors)


def render_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    form: AnyForm | None = None,
    forms: Iterable[AnyForm | None] = (),
    status: int | None = None,
) -> HttpResponse:
    """Render ``template``. The one rule for the status: 400 when a form of the page was
    sent and refused (so that tests, scripts and assistive tools can tell), 200 otherwise;
    ``status`` overrides it for the pages that answer something else."""
    if status is None:
        refused = any(has_errors(f) for f in (form, *forms))
        status = 400 if refused else 200
    return render(request, template, dict(context), status=status)


class SectionPage:
    """The page renderer of one capability: puts the territory and the menu section in the
    context and finds the template under ``folder``, then ``render_page``::

        _page = SectionPage("network")
        return _page(request, "network/search.html", territory, {...}, form=form)
    """

    def __init__(self, section: str, folder: str = "") -> None:
        self.section = section
        self.folder = folder

    def __call__(
        self,
        request: HttpRequest,
        template: str,
        territory: Any,
        context: Mapping[str, Any],
        *,
        form: AnyForm | None = None,
        status: int | None = None,
    ) -> HttpResponse:
        full = {"territory": territory, "section": self.section, **context}
        return render_page(request, self.folder + template, full, form=form, status=status)


# --------------------------------------------------------------------------- the form loop


def _resolve(value: str | Callable[[T], str] | None, result: T) -> str | None:
    return value(result) if callable(value) else value


def submit(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[], T],
    *,
    reload: Any = None,
    on_refusal: Callable[[], object] | None = None,
) -> tuple[bool, T | None]:
    """On a POST whose form is valid, call ``save`` (a service); a ValidationError it raises
    lands on the form, field by field, after ``on_refusal()`` (to reload an object the
    service changed in memory). Answers (saved, what ``save`` returned); nothing is saved
    on a GET, an invalid form or a refusal.

    ``reload``: the instance of a model form, which ``is_valid()`` changed in place; it is
    read again from the database before ``save``, so that the service compares the form's
    values (taken from ``cleaned_data``) with what is saved."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    if reload is not None:
        reload.refresh_from_db()
    try:
        result = save()
    except ValidationError as exc:
        if on_refusal is not None:
            on_refusal()
        apply_validation_error(form, exc)
        return False, None
    return True, result


def handle_form(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[], T],
    *,
    success_message: str | Callable[[T], str] = "",
    success_url: str | Callable[[T], str] | None = None,
    reload: Any = None,
    on_refusal: Callable[[], object] | None = None,
) -> HttpResponse | None:
    """The loop of every form page: POST → ``save()`` → errors on the form, or a success
    message and a redirect (to ``success_url``, by default to the saved object's page).

    Answers the redirect, or None when the page is to be (re-)rendered with ``form``::

        form = AxisForm(request.POST or None)
        if done := handle_form(request, form, lambda: services.create_axis(...),
                               success_message=_("L’axe est créé.")):
            return done
        return render_page(request, "…", {...}, form=form)
    """
    saved, result = submit(request, form, save, reload=reload, on_refusal=on_refusal)
    if not saved:
        return None
    message = _resolve(success_message, result)  # type: ignore[arg-type]
    if message:
        messages.success(request, message)
    url = _resolve(success_url, result)  # type: ignore[arg-type]
    return redirect(url if url is not None else result.get_absolute_url())  # type: ignore[union-attr]


def run_action(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success_message: str | Callable[[T], str] = "",
) -> bool:
    """A button without a form (hold the meeting, withdraw the item): call the service;
    its refusal becomes error messages, one per reason, its success ``success_message``
    (or ``success_message(result)``, when what is said depends on what the service did).
    Answers whether it ran; the view then answers as it does either way (a redirect)."""
    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    said = _resolve(success_message, result)
    if said:
        messages.success(request, said)
    return True


def button_action(
    request: HttpRequest,
    obj: Any,
    verb: str,
    action: Callable[[], T],
    *,
    success_message: str | Callable[[T], str] = "",
    next_url: str | None = None,
) -> HttpResponse:
    """The whole view of a button on an object's page (publish, validate, hold the
    meeting…): stop unless the user may ``verb`` on ``obj`` (``require``: 404, 403 or the
    sign-in), then ``run_action``; back to ``next_url`` — by default the object's page —
    whether the service ran or refused::

        return button_action(request, post, "validate",
                             lambda: services.validate_post(actor=request.user, post=post),
                             success_message=_("L’actualité est validée et publiée."))
    """
    require(request, verb, obj)
    run_action(request, action, success_message=success_message)
    return redirect(next_url if next_url is not None else obj.get_absolute_url())


# --------------------------------------------------------------------------- delete page


def confirm_delete(
    request: HttpRequest,
    *,
    delete: Callable[[], object],
    title: str,
    success_message: str,
    success_url: str,
    cancel_url: str,
    breadcrumb: list[Crumb],
    warning: str = "",
    base_template: str = "base.html",
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The page that asks before deleting: on GET, the question; on POST, ``delete()``
    then a message and a redirect, or — when the service refuses — the question again with
    its reason, status 400, nothing deleted. ``context`` carries what the base template
    needs (territory, section)."""
    error = ""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render_page(
        request,
        "core/confirm_delete.html",
        {
            **(context or {}),
            "base_template": base_template,
            "title": title,
            "warning": warning,
            "error": error,
            "cancel_url": cancel_url,
            "breadcrumb": breadcrumb,
        },
        status=400 if error else 200,
    )
