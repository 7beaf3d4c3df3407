"""Who sees and does what in the shared library, the one search and the notifications
(docs/community.md).

- A document carries the four visibilities (docs/access.md); "members" means its author
  organisation (and the coordinators), "restricted" the organisations it names. Its
  versions' files are downloaded under the document's own ``view``.
- The author organisation's people and the coordinators change a document and add its
  versions; partners add documents on behalf of their organisation.
- Anyone signed in who sees a territory may follow what happens in it; a follow is its
  follower's alone."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.community.models import Document, Follow
from maillage.core import access
from maillage.core.access import Actor, Policy, TerritoryScopedPolicy
from maillage.core.roles import Role
from maillage.territories.models import Territory


@access.register
class DocumentPolicy(TerritoryScopedPolicy):
    kind = "document"
    model = Document
    verbs = ("view", "change")
    members_path = "author"
    restricted_path = "restricted_to"

    def can_change(self, actor: Actor, obj: Document) -> bool:
        if not self.can_view(actor, obj):
            return False
        if actor.is_coordinator(obj.territory_id):
            return True
        return actor.has_role(obj.territory_id, Role.PARTNER, Role.COORDINATOR) and (
            obj.author_id in actor.orgs_in(obj.territory_id)
        )


@access.register
class FollowPolicy(Policy):
    kind = "follow"
    model = Follow
    verbs = ("view", "delete")

    def can_view(self, actor: Actor, obj: Follow) -> bool:
        return actor.is_admin or (actor.user_id is not None and obj.user_id == actor.user_id)

    can_delete = can_view

    def visible_q(self, actor: Actor) -> Q:
        return Q(user_id=actor.user_id) if actor.user_id is not None else Q(pk__in=[])


def _can_contribute(actor: Actor, territory: Territory) -> bool:
    """Add a document: coordinators, and partners on behalf of their organisation."""
    if actor.is_admin or actor.has_role(territory.pk, Role.COORDINATOR):
        return True
    return actor.has_role(territory.pk, Role.PARTNER) and bool(actor.orgs_in(territory.pk))


def _can_follow(actor: Actor, territory: Territory) -> bool:
    """Follow the territory, its fiches, bodies, organisations or thématiques: anyone
    signed in who sees the territory."""
    if actor.user_id is None:
        return False
    return access.policy_for(Territory).can(actor, "view", territory)


access.add_verb(Territory, "contribute_library", _can_contribute)
access.add_verb(Territory, "follow", _can_follow)


AUDIT_LABELS = {
    "document.create": _("Document ajouté à la bibliothèque"),
    "document.update": _("Document de la bibliothèque modifié"),
    "document.new_version": _("Nouvelle version d’un document"),
    "document.text_extracted": _("Texte d’un document extrait"),
    "follow.create": _("Suivi ajouté"),
    "follow.delete": _("Suivi arrêté"),
    "notifications.settings": _("Rythme des e-mails modifié"),
    "notifications.read": _("Notifications lues"),
    "notifications.unsubscribe": _("Désabonnement des e-mails"),
    "notifications.digest": _("Résumés envoyés"),
}
