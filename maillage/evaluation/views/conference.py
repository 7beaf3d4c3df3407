"""Pages of the conférence sociale: the conférence and its programme, the residents'
registration, the coordination's list of registrations (sign-in sheet), the proposals,
the vote, the answers and the public proceedings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.community.models import Registration
from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import (
    Crumb,
    SectionPage,
    breadcrumbs,
    button_action,
    crumb,
    handle_form,
    object_crumb,
    run_action,
    submit,
)
from maillage.evaluation import forms_conference as forms
from maillage.evaluation.models import Conference, Proposal
from maillage.evaluation.models.conference import MAX_POINTS_PER_PROPOSAL
from maillage.evaluation.selectors import conference as selectors
from maillage.evaluation.services import conference as services
from maillage.territories import selectors as territory_selectors
from maillage.territories.models import Territory

_page = SectionPage("evaluation")


def _territory(request: HttpRequest, slug: str) -> Territory:
    return territory_selectors.territory_or_404(request.user, slug)


def _crumbs(current: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(
        current,
        crumb(_("Conférences sociales"), reverse("evaluation:conferences", args=[current.slug])),
        *more,
    )


def _conference(request: HttpRequest, slug: str, year: int) -> tuple[Territory, Conference]:
    current = _territory(request, slug)
    return current, selectors.conference_or_404(request.user, current, year)


def _url(name: str, conference: Conference, *args: Any) -> str:
    return reverse(f"evaluation:{name}", args=[conference.territory.slug, conference.year, *args])


# --------------------------------------------------------------------------- conférences


@require_GET
def conference_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug)
    return _page(
        request,
        "evaluation/conference/list.html",
        current,
        {
            "conferences": selectors.conferences(request.user, current),
            "may_create": access.can(request.user, "create_conference", current),
            "breadcrumb": breadcrumbs(current, crumb(_("Conférences sociales"))),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug)
    require(request, "create_conference", current)
    form = forms.ConferenceForm(
        request.POST if request.method == "POST" else None, territory=current
    )
    done = handle_form(
        request,
        form,
        lambda: services.create_conference(
            actor=request.user, territory=current, **form.cleaned_data
        ),
        success_message=_("La conférence sociale est créée."),
    )
    if done:
        return done
    return _page(
        request,
        "evaluation/conference/form.html",
        current,
        {
            "form": form,
            "title": _("Nouvelle conférence sociale"),
            "cancel_url": reverse("evaluation:conferences", args=[current.slug]),
            "breadcrumb": _crumbs(current, crumb(_("Nouvelle conférence sociale"))),
        },
        form=form,
    )


@require_GET
def conference_detail(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    user = request.user
    return _page(
        request,
        "evaluation/conference/detail.html",
        current,
        {
            "conference": conference,
            "meeting": conference.meeting,
            "sessions": list(conference.sessions.all()),
            "counts": selectors.registration_counts(conference),
            "may_manage": access.can(user, "manage", conference),
            "may_register": access.can(user, "register", conference),
            "may_propose": access.can(user, "propose", conference),
            "may_vote": access.can(user, "vote", conference),
            "may_see_meeting": access.can(user, "view", conference.meeting),
            "my_registration": selectors.is_registered(user, conference),
            "breadcrumb": _crumbs(current, crumb(str(conference))),
            "title": str(conference),
        },
    )


def _form_page(
    request: HttpRequest,
    current: Territory,
    conference: Conference,
    form: Any,
    title: str,
    *,
    intro: str = "",
    submit_label: str = "",
) -> HttpResponse:
    return _page(
        request,
        "evaluation/conference/form.html",
        current,
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "cancel_url": conference.get_absolute_url(),
            "breadcrumb": _crumbs(current, object_crumb(conference, str(conference)), crumb(title)),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    require(request, "manage", conference)
    form = forms.SessionForm(request.POST if request.method == "POST" else None, territory=current)
    done = handle_form(
        request,
        form,
        lambda: services.add_session(
            actor=request.user, conference=conference, **form.cleaned_data
        ),
        success_message=_("Le temps est ajouté au programme."),
        success_url=lambda _s: conference.get_absolute_url(),
    )
    if done:
        return done
    return _form_page(request, current, conference, form, _("Ajouter au programme"))


@login_required
@require_http_methods(["GET", "POST"])
def registration_open(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    require(request, "manage", conference)
    initial = {"capacity": conference.event.capacity} if conference.event else {}
    form = forms.OpenRegistrationForm(
        request.POST if request.method == "POST" else None, territory=current, initial=initial
    )
    done = handle_form(
        request,
        form,
        lambda: services.open_registration(
            actor=request.user, conference=conference, **form.cleaned_data
        ),
        success_message=_("Les inscriptions des habitant·es sont ouvertes."),
        success_url=lambda _e: conference.get_absolute_url(),
    )
    if done:
        return done
    return _form_page(
        request,
        current,
        conference,
        form,
        _("Ouvrir les inscriptions des habitant·es"),
        intro=_(
            "La conférence est publiée dans les événements du territoire ; chacun·e peut "
            "s’inscrire et indiquer ses besoins (interprétariat, LSF, garde d’enfants, accès "
            "PMR). Au-delà des places, les inscriptions vont en liste d’attente."
        ),
        submit_label=_("Ouvrir les inscriptions"),
    )


@login_required
@require_POST
def registration_close(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    _current, conference = _conference(request, territory_slug, year)
    return button_action(
        request,
        conference,
        "manage",
        lambda: services.close_registration(actor=request.user, conference=conference),
        success_message=_("Les inscriptions sont fermées."),
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    """Residents signed in and visitors (a name and an address) register alike."""
    current, conference = _conference(request, territory_slug, year)
    if not access.can(request.user, "register", conference):
        messages.error(request, _("Les inscriptions à cette conférence sociale sont fermées."))
        return redirect(conference.get_absolute_url())
    user = request.user if request.user.is_authenticated else None
    initial = {"name": user.full_name, "email": user.email} if user is not None else {}
    form = forms.RegistrationForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    saved, result = submit(
        request,
        form,
        lambda: services.register(
            actor=request.user,
            conference=conference,
            user=user,
            **{**form.cleaned_data, "childcare_count": form.cleaned_data["childcare_count"] or 0},
        ),
    )
    if saved:
        assert result is not None
        if result.status == Registration.Status.WAITING:
            messages.warning(
                request,
                _(
                    "La conférence est complète : vous êtes inscrit·e sur la liste d’attente. "
                    "Vous recevrez un courriel si une place se libère."
                ),
            )
        else:
            messages.success(
                request,
                _("Votre inscription est confirmée. Un courriel de confirmation vous est envoyé."),
            )
        return redirect(conference.get_absolute_url())
    counts = selectors.registration_counts(conference)
    capacity = conference.event.capacity if conference.event else None
    full = capacity is not None and counts.confirmed >= capacity
    return _form_page(
        request,
        current,
        conference,
        form,
        _("S’inscrire à la %(conference)s") % {"conference": str(conference).lower()},
        intro=_(
            "La conférence est complète : votre inscription ira sur la liste d’attente, dans "
            "l’ordre d’arrivée."
        )
        if full
        else _("Indiquez ce dont vous avez besoin pour participer : nous l’organisons."),
        submit_label=_("M’inscrire"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    """The coordination's list: needs to prepare, waiting list, sign-in sheet."""
    current, conference = _conference(request, territory_slug, year)
    require(request, "manage", conference)
    if request.method == "POST":
        present = {int(pk) for pk in request.POST.getlist("present") if pk.isdigit()}
        services.record_attendance(actor=request.user, conference=conference, present=present)
        messages.success(request, _("L’émargement est enregistré."))
        return redirect(_url("registrations", conference))
    return _page(
        request,
        "evaluation/conference/registrations.html",
        current,
        {
            "conference": conference,
            "registrations": selectors.registrations(conference),
            "counts": selectors.registration_counts(conference),
            "breadcrumb": _crumbs(
                current, object_crumb(conference, str(conference)), crumb(_("Inscriptions"))
            ),
            "title": _("Inscriptions — %s") % conference,
        },
    )


# --------------------------------------------------------------------------- proposals


@require_GET
def proposal_list(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    by_rank = conference.voting_closed
    return _page(
        request,
        "evaluation/conference/proposals.html",
        current,
        {
            "conference": conference,
            "proposals": selectors.proposals(request.user, conference, by_rank=by_rank),
            "by_rank": by_rank,
            "may_propose": access.can(request.user, "propose", conference),
            "may_vote": access.can(request.user, "vote", conference),
            "may_manage": access.can(request.user, "manage", conference),
            "breadcrumb": _crumbs(
                current, object_crumb(conference, str(conference)), crumb(_("Propositions"))
            ),
            "title": _("Propositions — %s") % conference,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_add(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    require(request, "propose", conference)
    form = forms.ProposalForm(
        request.POST if request.method == "POST" else None, conference=conference
    )

    def save() -> Proposal:
        session = form.cleaned_data["session"]
        is_facilitator = session is not None and session.facilitator_id == request.user.pk
        workshop = access.can(request.user, "manage", conference) or is_facilitator
        return services.add_proposal(
            actor=request.user,
            conference=conference,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            session=session,
            origin=Proposal.Origin.WORKSHOP if workshop else Proposal.Origin.RESIDENT,
        )

    done = handle_form(
        request,
        form,
        save,
        success_message=lambda p: _("La proposition n° %s est enregistrée.") % p.number,
        success_url=lambda _p: _url("proposals", conference),
    )
    if done:
        return done
    return _form_page(request, current, conference, form, _("Faire une proposition"))


@require_GET
def proposal_detail(
    request: HttpRequest, territory_slug: str, year: int, number: int
) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    proposal = selectors.proposal_or_404(request.user, conference, number)
    user = request.user
    return _page(
        request,
        "evaluation/conference/proposal.html",
        current,
        {
            "conference": conference,
            "proposal": proposal,
            "may_answer": access.can(user, "answer", proposal),
            "decision_visible": proposal.decision is not None
            and access.can(user, "view", proposal.decision),
            "task_visible": proposal.task is not None and access.can(user, "view", proposal.task),
            "action_visible": proposal.action is not None
            and access.can(user, "view", proposal.action),
            "breadcrumb": _crumbs(
                current,
                object_crumb(conference, str(conference)),
                crumb(_("Propositions"), _url("proposals", conference)),
                crumb(_("Proposition n° %s") % proposal.number),
            ),
            "title": _("Proposition n° %(n)s — %(conference)s")
            % {"n": proposal.number, "conference": conference},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_answer(
    request: HttpRequest, territory_slug: str, year: int, number: int
) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    proposal = selectors.proposal_or_404(request.user, conference, number)
    require(request, "answer", proposal)
    initial = {"answer": proposal.answer, "reason": proposal.answer_reason}
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None, territory=current, initial=initial
    )
    done = handle_form(
        request,
        form,
        lambda: services.answer_proposal(
            actor=request.user, proposal=proposal, **form.cleaned_data
        ),
        success_message=_("La réponse est enregistrée."),
        success_url=lambda p: _url("proposal", conference, p.number),
    )
    if done:
        return done
    return _page(
        request,
        "evaluation/conference/answer.html",
        current,
        {
            "conference": conference,
            "proposal": proposal,
            "form": form,
            "breadcrumb": _crumbs(
                current,
                object_crumb(conference, str(conference)),
                crumb(
                    _("Proposition n° %s") % proposal.number, _url("proposal", conference, number)
                ),
                crumb(_("Répondre")),
            ),
            "title": _("Répondre à la proposition n° %(n)s — %(conference)s")
            % {"n": proposal.number, "conference": conference},
        },
        form=form,
    )


# --------------------------------------------------------------------------- vote


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    require(request, "vote", conference)
    items = selectors.proposals(request.user, conference)
    errors: list[str] = []
    given: dict[int, int] = selectors.my_ballot(request.user, conference)
    if request.method == "POST":
        given = {}
        for proposal in items:
            raw = (request.POST.get(f"points-{proposal.pk}") or "0").strip()
            if not raw.isdigit():
                errors.append(
                    _("Proposition n° %(n)s : « %(raw)s » n’est pas un nombre de points.")
                    % {"n": proposal.number, "raw": raw}
                )
                continue
            given[proposal.pk] = int(raw)
        if not errors:
            try:
                services.cast_ballot(actor=request.user, conference=conference, points=given)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(request, _("Votre vote est enregistré."))
                return redirect(_url("proposals", conference))
    for proposal in items:
        proposal.given = given.get(proposal.pk, 0)  # type: ignore[attr-defined]
    return _page(
        request,
        "evaluation/conference/vote.html",
        current,
        {
            "conference": conference,
            "proposals": items,
            "errors": errors,
            "max_points": MAX_POINTS_PER_PROPOSAL,
            "breadcrumb": _crumbs(
                current, object_crumb(conference, str(conference)), crumb(_("Voter"))
            ),
            "title": _("Classer les propositions — %s") % conference,
        },
        status=400 if errors else None,
    )


@login_required
@require_POST
def vote_state(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    _current, conference = _conference(request, territory_slug, year)
    require(request, "manage", conference)
    opening = request.POST.get("state") == "open"
    run_action(
        request,
        lambda: services.set_voting(actor=request.user, conference=conference, open=opening),
        success_message=_("Le vote est ouvert.") if opening else _("Le vote est clos."),
    )
    return redirect(_url("proposals", conference))


# --------------------------------------------------------------------------- proceedings


@require_GET
def proceedings(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current, conference = _conference(request, territory_slug, year)
    section = selectors.proceedings_or_404(request.user, current, year)
    title = _("Actes de la conférence sociale %(year)s") % {"year": year}
    return _page(
        request,
        "evaluation/conference/proceedings.html",
        current,
        {
            "conference": conference,
            "proceedings": section,
            "breadcrumb": _crumbs(current, object_crumb(conference, str(conference)), crumb(title)),
            "title": title,
        },
    )
