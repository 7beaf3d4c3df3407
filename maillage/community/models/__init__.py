"""Vie du réseau: news, public events and co-branded communication (docs/community.md).

One module per subdomain; every model is re-exported here so that Django's app registry
and ``from maillage.community.models import X`` keep working. The shared library,
notifications and search add their modules beside these."""

from maillage.community.models.common import (
    AUDIENCES,
    Approval,
    CommunitySettings,
    Editorial,
    Signatory,
)
from maillage.community.models.communication import Communication, CommunicationSignatory
from maillage.community.models.events import (
    LANGUAGE_LABELS,
    LANGUAGES,
    Event,
    EventOrganiser,
    Registration,
)
from maillage.community.models.library import (
    Document,
    DocumentKind,
    DocumentVersion,
    Extraction,
    Licence,
)
from maillage.community.models.news import Post, PostSignatory
from maillage.community.models.notifications import (
    DigestRun,
    Follow,
    Frequency,
    Notice,
    NotificationSettings,
    TopicKind,
    topic_key,
)
from maillage.community.models.search import SearchEntry

__all__ = [
    "AUDIENCES",
    "LANGUAGES",
    "LANGUAGE_LABELS",
    "Approval",
    "Communication",
    "CommunicationSignatory",
    "CommunitySettings",
    "DigestRun",
    "Document",
    "DocumentKind",
    "DocumentVersion",
    "Editorial",
    "Event",
    "EventOrganiser",
    "Extraction",
    "Follow",
    "Frequency",
    "Licence",
    "Notice",
    "NotificationSettings",
    "Post",
    "PostSignatory",
    "Registration",
    "SearchEntry",
    "Signatory",
    "TopicKind",
    "topic_key",
]
