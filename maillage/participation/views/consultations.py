"""Consultations: the list, a consultation and its answer form (online, or entered by a
professional for a resident), the coordinators' editor, the results with their charts and
tables (split by origin or quartier), the published written answers, the moderation of
written answers and the export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access, exports, http, plain_language
from maillage.core.http import require
from maillage.core.pages import (
    Crumb,
    SectionPage,
    button_action,
    crumb,
    handle_form,
    object_crumb,
    run_action,
)
from maillage.core.pagination import paginate
from maillage.participation import charts, services
from maillage.participation import forms_consultations as cforms
from maillage.participation import translations as registry
from maillage.participation.models import SMALL_CELL, Consultation, ConsultationState, Question
from maillage.participation.selectors import consult, translations_for
from maillage.participation.services.consultations import closed_message
from maillage.participation.views.common import crumbs, url
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

_page = SectionPage("participation", "participation/consultations/")


def _crumbs(territory: Territory, *more: Crumb) -> list[Crumb]:
    """Accueil › the territory › Participer › Consultations › ``more``."""
    return crumbs(territory, crumb(_("Consultations"), url("consultations", territory)), *more)


def _consultation_crumbs(
    territory: Territory, consultation: Consultation, *more: Crumb
) -> list[Crumb]:
    """… › Consultations › the consultation › ``more``."""
    return _crumbs(territory, object_crumb(consultation, consultation.title), *more)


def _load(request: HttpRequest, territory_slug: str, pk: int) -> Consultation:
    territory = territory_or_404(request.user, territory_slug)
    return consult.consultation_or_404(request.user, territory, pk)


def _translated(consultation: Consultation | None, questions: list[Question]) -> dict:
    """The done translations, into the page's language, of a consultation, its questions
    and their choices: one query (none in French)."""
    objects: list[Any] = [consultation, *questions]
    objects += [o for q in questions for o in q.options.all()]
    return translations_for(objects, get_language() or "")


@require_GET
def consultation_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    page_obj = paginate(request, consult.consultations(request.user, territory), 20)
    found = translations_for(list(page_obj.object_list), get_language() or "")
    return _page(
        request,
        "list.html",
        territory,
        {
            "title": _("Consultations"),
            "breadcrumb": crumbs(territory, crumb(_("Consultations"))),
            "page_obj": page_obj,
            "translations": found,
            "may_create": access.can(request.user, "create_consultation", territory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "create_consultation", territory)
    form = cforms.ConsultationForm(request.POST or None, territory=territory)
    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done_ := handle_form(
        request,
        form,
        lambda: services.create_consultation(
            actor=request.user, territory=territory, **form.arguments()
        ),
        success_message=_("La consultation est créée en brouillon. Ajoutez ses questions."),
    ):
        return done_
    return _page(
        request,
        "form.html",
        territory,
        {
            "title": _("Nouvelle consultation"),
            "breadcrumb": _crumbs(territory, crumb(_("Nouvelle consultation"))),
            "form": form,
            "cancel_url": url("consultations", territory),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    territory = consultation.territory
    require(request, "manage", consultation)
    form = cforms.ConsultationForm(
        request.POST or None,
        initial=cforms.ConsultationForm.initial_for(consultation),
        territory=territory,
    )
    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done_ := handle_form(
        request,
        form,
        lambda: services.update_consultation(
            actor=request.user, consultation=consultation, **form.arguments()
        ),
        success_message=_("La consultation est enregistrée."),
        on_refusal=consultation.refresh_from_db,
    ):
        return done_
    return _page(
        request,
        "form.html",
        territory,
        {
            "title": _("Modifier « %(title)s »") % {"title": consultation.title},
            "breadcrumb": _consultation_crumbs(territory, consultation, crumb(_("Modifier"))),
            "form": form,
            "cancel_url": consultation.get_absolute_url(),
        },
        form=form,
    )


@require_GET
def consultation_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    territory = consultation.territory
    may_manage = access.can(request.user, "manage", consultation)
    questions = consult.questions(consultation)
    return _page(
        request,
        "detail.html",
        territory,
        {
            "title": _("Consultation « %(title)s »") % {"title": consultation.title},
            "breadcrumb": _crumbs(territory, crumb(consultation.title)),
            "consultation": consultation,
            "questions": questions,
            "translations": _translated(consultation, questions),
            "quartiers": list(consultation.quartiers.order_by("name")),
            "accepts": consultation.accepts_answers(),
            "closed_message": closed_message(consultation),
            "may_answer": access.can(request.user, "answer", consultation),
            "may_assist": access.can(request.user, "assist", consultation),
            "may_manage": may_manage,
            "may_moderate": access.can(request.user, "moderate", consultation),
            "may_see_results": access.can(request.user, "view_results", consultation),
            "own": consult.own_response(request.user, consultation),
            "responses": consult.count_responses(consultation) if may_manage else None,
            "question_form": cforms.QuestionForm() if may_manage else None,
            "is_draft": consultation.state == ConsultationState.DRAFT,
        },
    )


@login_required
@require_POST
def question_add(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    require(request, "manage", consultation)
    form = cforms.QuestionForm(request.POST)
    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done_ := handle_form(
        request,
        form,
        lambda: services.add_question(
            actor=request.user, consultation=consultation, **form.arguments()
        ),
        success_message=_("La question est ajoutée."),
        success_url=consultation.get_absolute_url(),
    ):
        return done_
    territory = consultation.territory
    return _page(
        request,
        "question_form.html",
        territory,
        {
            "title": _("Ajouter une question"),
            "breadcrumb": _consultation_crumbs(
                territory,
                consultation,
                crumb(_("Ajouter une question")),
            ),
            "consultation": consultation,
            "form": form,
            "cancel_url": consultation.get_absolute_url(),
        },
        form=form,
    )


@login_required
@require_POST
def question_delete(
    request: HttpRequest, territory_slug: str, pk: int, question_pk: int
) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    require(request, "manage", consultation)
    question = get_object_or_404(Question, consultation=consultation, pk=question_pk)
    run_action(
        request,
        lambda: services.delete_question(actor=request.user, question=question),
        success_message=_("La question est retirée."),
    )
    return redirect(consultation.get_absolute_url())


STATE_MESSAGES = {
    "open": _("La consultation est ouverte."),
    "close": _("La consultation est close."),
    "reopen": _("La consultation est rouverte."),
    "publish_results": _("Les résultats sont publiés."),
    "unpublish_results": _("Les résultats ne sont plus publics."),
}


@login_required
@require_POST
def consultation_state(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    action = request.POST.get("action", "")
    return button_action(
        request,
        consultation,
        "manage",
        lambda: services.change_state(actor=request.user, consultation=consultation, action=action),
        success_message=str(STATE_MESSAGES.get(action, "")),
    )


def _answer_page(
    request: HttpRequest, consultation: Consultation, *, assisted: bool
) -> HttpResponse:
    territory = consultation.territory
    questions = consult.questions(consultation)
    found = _translated(consultation, questions)
    language = get_language() or ""

    def shown(obj: Any, field: str) -> registry.Shown:
        return registry.shown(found, obj, field, language)

    quartiers = consult.quartier_choices(consultation)
    accepts = consultation.accepts_answers()
    own = None if assisted else consult.own_response(request.user, consultation)
    data = request.POST if request.method == "POST" else None
    if assisted:
        form: cforms.ResponseForm = cforms.AssistedResponseForm(
            data,
            questions=questions,
            quartiers=quartiers,
            territory=territory,
            user=request.user,
            shown=shown,
        )
    else:
        form = cforms.ResponseForm(
            data,
            initial=consult.initial_answers(own),
            questions=questions,
            quartiers=quartiers,
            shown=shown,
        )
        if not request.user.is_authenticated:
            form.ask_proof_of_work(
                challenge_url=reverse("participation:altcha_challenge", args=[territory.slug]),
                worker_url=request.build_absolute_uri(static("participation/altcha-worker.js")),
            )
    session_key = (
        http.session_key(request) if request.method == "POST" else request.session.session_key or ""
    )
    if done_ := handle_form(
        request,
        form,
        lambda: services.submit_response(
            actor=request.user,
            consultation=consultation,
            session_key=session_key,
            **form.arguments(),
        ),
        success_message=(
            _("Les réponses sont enregistrées. Merci à l’habitant·e.")
            if assisted
            else _("Merci ! Votre réponse est enregistrée.")
        ),
        success_url=consultation.get_absolute_url(),
    ):
        return done_
    title = _("Saisir des réponses pour un·e habitant·e") if assisted else _("Répondre")
    return _page(
        request,
        "answer.html",
        territory,
        {
            "title": f"{title} — {consultation.title}",
            "heading": title,
            "translations": found,
            "breadcrumb": _consultation_crumbs(territory, consultation, crumb(title)),
            "consultation": consultation,
            "form": form,
            "assisted": assisted,
            "accepts": accepts,
            "closed_message": closed_message(consultation),
            "own": own,
            "cancel_url": consultation.get_absolute_url(),
        },
        form=form,
    )


@require_http_methods(["GET", "POST"])
def consultation_answer(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Signed consultations need an account (the access rule sends others to sign in);
    anonymous ones take one answer per browser session."""
    consultation = _load(request, territory_slug, pk)
    require(request, "answer", consultation)
    return _answer_page(request, consultation, assisted=False)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_assist(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    require(request, "assist", consultation)
    return _answer_page(request, consultation, assisted=True)


@require_GET
def consultation_results(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    territory = consultation.territory
    require(request, "view_results", consultation)
    split = request.GET.get("par", "")
    split = {"origine": "origin", "quartier": "quartier"}.get(split, "")
    found = consult.results(consultation, split=split)
    translated = _translated(consultation, [r.question for r in found])
    language = get_language() or ""
    for r in found:
        r.shown = registry.shown(translated, r.question, "label", language)  # type: ignore[attr-defined]
        options = {o.pk: o for o in r.question.options.all()} if r.question.has_options else {}
        for row in r.rows:
            option = options.get(row.key)
            row.shown = (  # type: ignore[attr-defined]
                registry.shown(translated, option, "label", language)
                if option is not None
                else registry.Shown(row.label, "", "")
            )
    charts_by_question = {
        r.question.pk: charts.bars(r.question.label, r.rows, element_id=f"q{r.question.pk}")
        for r in found
    }
    items = [(r, charts_by_question[r.question.pk]) for r in found]
    return _page(
        request,
        "results.html",
        territory,
        {
            "title": _("Résultats de « %(title)s »") % {"title": consultation.title},
            "breadcrumb": _consultation_crumbs(territory, consultation, crumb(_("Résultats"))),
            "consultation": consultation,
            "translations": translated,
            "items": items,
            "split": split,
            "small_cell": SMALL_CELL,
            "responses": consult.count_responses(consultation),
            "may_export": access.can(request.user, "export", consultation),
        },
    )


@require_GET
def consultation_texts(
    request: HttpRequest, territory_slug: str, pk: int, question_pk: int
) -> HttpResponse:
    """Every published written answer to one question, newest first."""
    consultation = _load(request, territory_slug, pk)
    territory = consultation.territory
    require(request, "view_results", consultation)
    question = get_object_or_404(Question, consultation=consultation, pk=question_pk)
    page_obj = paginate(request, consult.published_texts(question), 20)
    return _page(
        request,
        "texts.html",
        territory,
        {
            "title": _("Réponses à « %(label)s »") % {"label": question.label},
            "breadcrumb": _consultation_crumbs(
                territory,
                consultation,
                crumb(_("Résultats"), url("consultation_results", territory, pk=consultation.pk)),
                crumb(question.label),
            ),
            "consultation": consultation,
            "question": question,
            "page_obj": page_obj,
        },
    )


@login_required
@require_GET
def consultation_export(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    consultation = _load(request, territory_slug, pk)
    require(request, "export", consultation)
    headers, rows = consult.export_rows(consultation)
    return exports.spreadsheet_response(
        f"consultation-{consultation.pk}-resultats",
        headers,
        rows,
        fmt="xlsx" if request.GET.get("format") == "xlsx" else "csv",
        title=_("Résultats"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_moderation(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Written answers waiting for a moderator; each has its own small form."""
    consultation = _load(request, territory_slug, pk)
    territory = consultation.territory
    require(request, "moderate", consultation)
    queue = consult.text_queue(consultation)
    refused = None
    if request.method == "POST":
        answer = get_object_or_404(queue, pk=request.POST.get("answer") or 0)
        refused = cforms.AnswerModerationForm(request.POST, prefix=f"a{answer.pk}")
        if done_ := handle_form(
            request,
            refused,
            lambda: services.moderate_answer(
                actor=request.user,
                answer=answer,
                decision=refused.cleaned_data["decision"],
                reason=refused.cleaned_data["reason"],
            ),
            success_message=_("La décision est enregistrée."),
            success_url=url("consultation_moderation", territory, pk=consultation.pk),
        ):
            return done_
    page_obj = paginate(request, queue, 20)
    items = [
        (
            a,
            refused
            if refused is not None and refused.prefix == f"a{a.pk}"
            else cforms.AnswerModerationForm(prefix=f"a{a.pk}"),
        )
        for a in page_obj.object_list
    ]
    return _page(
        request,
        "moderation.html",
        territory,
        {
            "title": _("Réponses écrites à relire — %(title)s") % {"title": consultation.title},
            "breadcrumb": _consultation_crumbs(
                territory,
                consultation,
                crumb(_("Réponses à relire")),
            ),
            "consultation": consultation,
            "page_obj": page_obj,
            "items": items,
        },
        form=refused,
    )
