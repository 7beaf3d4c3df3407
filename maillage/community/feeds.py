"""The territory's news as an Atom feed (RFC 4287), written with ``feedgen``.

Feed readers read it signed out: only public, published news goes in, with its
plain-language summary and the organisations that signed it."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from feedgen.feed import FeedGenerator

from maillage.community.models import Approval, Post
from maillage.core.ics import absolute
from maillage.territories.models import Territory


def atom(territory: Territory, posts: Iterable[Post]) -> bytes:
    posts = list(posts)
    feed = FeedGenerator()
    page = absolute(reverse("community:posts", args=[territory.slug]))
    feed.id(page)
    feed.title(_("Actualités — %s") % territory.name)
    feed.subtitle(_("Les actualités du projet social de territoire de %s.") % territory.name)
    feed.link(href=page, rel="alternate")
    feed.link(href=absolute(reverse("community:posts_atom", args=[territory.slug])), rel="self")
    feed.language("fr")
    feed.author({"name": territory.name})
    updated = max((p.updated_at for p in posts), default=territory.updated_at)
    feed.updated(updated)
    # feedgen puts the last entry added first: add the oldest first.
    for post in reversed(posts):
        entry = feed.add_entry()
        url = absolute(post.get_absolute_url())
        entry.id(url)
        entry.title(post.title)
        entry.link(href=url, rel="alternate")
        entry.summary(post.summary)
        if post.body:
            entry.content(post.body, type="text")
        entry.published(post.published_at or post.created_at)
        entry.updated(post.updated_at)
        signers = [post.organisation.name] + [
            s.organisation.name for s in post.signatories.all() if s.state == Approval.APPROVED
        ]
        for name in signers:
            entry.author({"name": name})
    return feed.atom_str(pretty=True)
