"""News pages: the list with its Atom feed, a post, writing, publishing, co-signing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.community import feeds, forms, selectors, services
from maillage.community.views.common import (
    answer_signature,
    news_crumbs,
    page,
    posted,
    sign_choices,
    territory,
)
from maillage.core import access, plain_language
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, button_action, crumb, handle_form, object_crumb
from maillage.core.pagination import paginate
from maillage.network import vocab


@require_GET
def post_list(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    may_write = access.can(request.user, "contribute_community", current)
    return page(
        request,
        "community/post_list.html",
        current,
        {
            "title": _("Actualités"),
            "page": paginate(request, selectors.published_posts(request.user, current), 20),
            "unpublished": list(selectors.unpublished_posts(request.user, current)[:50])
            if request.user.is_authenticated
            else [],
            "may_write": may_write,
            "may_run": access.can(request.user, "run_community", current),
            "breadcrumb": breadcrumbs(current, crumb(_("Actualités"))),
        },
    )


@require_GET
def posts_atom(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    return HttpResponse(
        feeds.atom(current, selectors.public_feed(current)),
        content_type="application/atom+xml; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    require(request, "contribute_community", current)
    form = forms.PostForm(posted(request), user=request.user, territory=current)

    def save() -> Any:
        data = form.cleaned_data
        return services.create_post(
            actor=request.user,
            territory=current,
            organisation=data["organisation"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            visibility=data["visibility"],
            thematiques=list(data["thematiques"]),
            cosigners=data["cosigners"],
            actions=data["actions"],
            services=data["services"],
            bodies=data["bodies"],
        )

    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done := handle_form(
        request, form, save, success_message=_("L’actualité est enregistrée en brouillon.")
    ):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Écrire une actualité"),
            "form": form,
            "cancel_url": redirect("community:posts", current.slug).url,
            "breadcrumb": news_crumbs(current, crumb(_("Écrire une actualité"))),
        },
        form=form,
    )


@require_GET
def post_detail(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    post = selectors.post_or_404(request.user, current, pk)
    signatories = list(post.signatories.all())
    choices = sign_choices(request, current, signatories)
    return page(
        request,
        "community/post_detail.html",
        current,
        {
            "title": post.title,
            "post": post,
            "signatories": signatories,
            "shown": selectors.shown_signatories(post),
            "links": selectors.links(request.user, post),
            "thematiques": [
                vocab.label(vocab.Thematique, t) or vocab.label(vocab.Categorie, t)
                for t in post.thematiques
            ],
            "may_change": access.can(request.user, "change", post),
            "may_validate": access.can(request.user, "validate", post),
            "sign_form": forms.SignForm(organisations=choices) if choices.exists() else None,
            "breadcrumb": news_crumbs(current, crumb(post.title)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_update(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    post = selectors.post_or_404(request.user, current, pk)
    require(request, "change", post)
    form = forms.PostForm(
        posted(request),
        user=request.user,
        territory=current,
        initial=forms.PostForm.initial_for(post),
    )

    def save() -> Any:
        data = form.cleaned_data
        return services.update_post(
            actor=request.user,
            post=post,
            cosigners=data["cosigners"],
            links={
                "actions": data["actions"],
                "services": data["services"],
                "bodies": data["bodies"],
            },
            organisation=data["organisation"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            visibility=data["visibility"],
            thematiques=list(data["thematiques"]),
        )

    if plain_language.is_check(request):
        form.is_valid()  # the report only: nothing is saved
    elif done := handle_form(request, form, save, success_message=_("L’actualité est modifiée.")):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Modifier l’actualité « %s »") % post.title,
            "form": form,
            "cancel_url": post.get_absolute_url(),
            "breadcrumb": news_crumbs(current, object_crumb(post), crumb(_("Modifier"))),
        },
        form=form,
    )


@login_required
@require_POST
def post_publish(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    post = selectors.post_or_404(request.user, current, pk)
    return button_action(
        request,
        post,
        "change",
        lambda: services.publish_post(actor=request.user, post=post),
        success_message=lambda result: (
            _("L’actualité est publiée.")
            if result.is_published
            else _("L’actualité est transmise à la coordination pour validation.")
        ),
    )


@login_required
@require_POST
def post_validate(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    post = selectors.post_or_404(request.user, current, pk)
    return button_action(
        request,
        post,
        "validate",
        lambda: services.validate_post(actor=request.user, post=post),
        success_message=_("L’actualité est validée et publiée."),
    )


@login_required
@require_POST
def post_unpublish(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    post = selectors.post_or_404(request.user, current, pk)
    return button_action(
        request,
        post,
        "change",
        lambda: services.unpublish_post(actor=request.user, post=post),
        success_message=_("L’actualité est retirée et redevient un brouillon."),
    )


@login_required
@require_POST
def post_sign(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory(request, territory_slug)
    post = selectors.post_or_404(request.user, current, pk)
    return answer_signature(
        request,
        current,
        post,
        post.signatories.all(),
        lambda **answer: services.sign_post(actor=request.user, post=post, **answer),
        approved=_("Votre accord est enregistré : votre logo apparaît sur l’actualité."),
        declined=_("Votre refus est enregistré."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = territory(request, territory_slug)
    require(request, "run_community", current)
    row = getattr(current, "community_settings", None)
    form = forms.SettingsForm(
        posted(request),
        initial={"coordinator_validation": bool(row and row.coordinator_validation)},
    )
    if done := handle_form(
        request,
        form,
        lambda: services.set_validation(
            actor=request.user,
            territory=current,
            coordinator_validation=form.cleaned_data["coordinator_validation"],
        ),
        success_message=_("Les réglages sont enregistrés."),
        success_url=redirect("community:posts", current.slug).url,
    ):
        return done
    return page(
        request,
        "community/form_page.html",
        current,
        {
            "title": _("Réglages des actualités et des événements"),
            "form": form,
            "cancel_url": redirect("community:posts", current.slug).url,
            "breadcrumb": news_crumbs(current, crumb(_("Réglages"))),
        },
        form=form,
    )
