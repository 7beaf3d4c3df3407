"""Every non-trivial read of the network's life, narrowed by ``core.access``: one module
per subdomain, each name re-exported here."""

from maillage.community.selectors.common import (
    author_organisations,
    my_organisation_ids,
    partner_organisations,
    territory_or_404,
)
from maillage.community.selectors.communication import (
    approving,
    communication_or_404,
    communications,
    logo_allowed,
    target_url,
)
from maillage.community.selectors.events import (
    agenda_entries,
    event_or_404,
    events,
    feed_events,
    my_registration,
    published_events,
    registration_or_404,
    registrations,
    unpublished_events,
)
from maillage.community.selectors.news import (
    links,
    post_or_404,
    posts,
    public_feed,
    published_posts,
    shown_signatories,
    unpublished_posts,
)

__all__ = [
    "agenda_entries",
    "approving",
    "author_organisations",
    "communication_or_404",
    "communications",
    "event_or_404",
    "events",
    "feed_events",
    "links",
    "logo_allowed",
    "my_organisation_ids",
    "my_registration",
    "partner_organisations",
    "post_or_404",
    "posts",
    "public_feed",
    "published_events",
    "published_posts",
    "registration_or_404",
    "registrations",
    "shown_signatories",
    "target_url",
    "territory_or_404",
    "unpublished_events",
    "unpublished_posts",
]
