"""News: written in the name of an organisation, co-signed by others, published by its
author or, where the territory asks for it, validated by the coordination."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.community.models import Editorial, Post, PostSignatory
from maillage.community.services import cosigning
from maillage.community.services.common import (
    check_author,
    publish_or_submit,
    raise_if,
    validate,
)
from maillage.core import audit
from maillage.territories.models import Organisation, Territory

POST_FIELDS = ("organisation", "title", "summary", "body", "visibility", "thematiques")
LINKS = ("actions", "services", "bodies")


def _check_links(post: Post, links: dict[str, Iterable[Any]]) -> None:
    for name, objects in links.items():
        for obj in objects:
            if getattr(obj, "territory_id", post.territory_id) != post.territory_id:
                raise_if({name: _("Ce lien désigne un objet d’un autre territoire.")})


def _set_links(post: Post, links: dict[str, Iterable[Any]]) -> None:
    _check_links(post, links)
    for name, objects in links.items():
        getattr(post, name).set(list(objects))


@transaction.atomic
def create_post(
    *,
    actor: Any,
    territory: Territory,
    organisation: Organisation,
    title: str,
    summary: str,
    body: str = "",
    visibility: str = "public",
    thematiques: Iterable[str] = (),
    cosigners: Iterable[Organisation] = (),
    actions: Iterable[Any] = (),
    services: Iterable[Any] = (),
    bodies: Iterable[Any] = (),
) -> Post:
    check_author(actor, territory, organisation)
    cosigners = list(cosigners)
    cosigning.check_partners(territory, cosigners)
    post = Post(
        territory=territory,
        organisation=organisation,
        title=title,
        summary=summary,
        body=body,
        visibility=visibility,
        thematiques=list(thematiques),
        created_by=actor,
    )
    post.full_clean()
    post.save()
    cosigning.sync_signatories(post, "signatories", cosigners, exclude=organisation.pk)
    _set_links(post, {"actions": actions, "services": services, "bodies": bodies})
    audit.record(
        actor=actor,
        action="post.create",
        obj=post,
        territory=territory,
        changes=audit.snapshot(post),
    )
    return post


@transaction.atomic
def update_post(
    *,
    actor: Any,
    post: Post,
    cosigners: Iterable[Organisation] | None = None,
    links: dict[str, Iterable[Any]] | None = None,
    **fields: Any,
) -> Post:
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise TypeError(f"update_post() got unexpected fields {sorted(unknown)}")
    if "organisation" in fields and fields["organisation"] != post.organisation:
        check_author(actor, post.territory, fields["organisation"])
    before = audit.snapshot(post)
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean()
    post.save()
    if cosigners is not None:
        cosigning.request(
            post, "signatories", cosigners, territory=post.territory, author_id=post.organisation_id
        )
    if links is not None:
        _set_links(post, links)
    audit.record(
        actor=actor,
        action="post.update",
        obj=post,
        territory=post.territory,
        changes=audit.diff(before, audit.snapshot(post)),
    )
    return post


@transaction.atomic
def publish_post(*, actor: Any, post: Post) -> Post:
    """The author asks to publish: at once, or to the coordination for validation."""
    if post.is_published:
        raise_if({"__all__": _("Cette actualité est déjà publiée.")})
    publish_or_submit(actor=actor, obj=post, kind="post")
    return post


@transaction.atomic
def validate_post(*, actor: Any, post: Post) -> Post:
    if post.status != Editorial.REVIEW:
        raise_if({"__all__": _("Cette actualité n’attend pas de validation.")})
    validate(actor=actor, obj=post, kind="post")
    return post


@transaction.atomic
def unpublish_post(*, actor: Any, post: Post) -> Post:
    """Back to draft: the post leaves the public pages and the feed."""
    if post.status == Editorial.DRAFT:
        raise_if({"__all__": _("Cette actualité est déjà un brouillon.")})
    before = audit.snapshot(post, ["status"])
    post.status = Editorial.DRAFT
    post.full_clean()
    post.save()
    audit.record(
        actor=actor,
        action="post.unpublish",
        obj=post,
        territory=post.territory,
        changes=audit.diff(before, audit.snapshot(post, ["status"])),
    )
    return post


@transaction.atomic
def sign_post(
    *, actor: Any, post: Post, organisation: Organisation, approve: bool
) -> PostSignatory:
    return cosigning.sign(
        actor=actor,
        signatories=PostSignatory.objects.filter(post=post),
        organisation=organisation,
        approve=approve,
        territory=post.territory,
        kind="post",
        not_asked=_("Cette organisation n’est pas sollicitée pour cosigner."),
    )
