"""Who sees and shares the observatory's data (docs/access.md).

- The indicator catalogue is public.
- A dataset is public, for the territory's partners, or restricted to the organisations of
  a data-sharing agreement (not even the coordinators see it then), through
  ``TerritoryScopedPolicy``'s ``restricted_to``.
- Members of the producer organisation read its raw values (``view_raw``); everyone else
  reads them after statistical secrecy (``selectors.figures``).
- Partners and coordinators import datasets for their own organisation; an import in
  progress is seen by the person who uploaded it.
- Linking an action to indicators is editing the action."""

from __future__ import annotations

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor, Policy, TerritoryScopedPolicy
from maillage.core.roles import Role
from maillage.observatory.models import (
    Dataset,
    ImportJob,
    Indicator,
    ReportEdition,
    ReportSection,
    ReportThemeText,
)
from maillage.territories.models import Territory


@access.register
class IndicatorPolicy(Policy):
    kind = "indicator"
    model = Indicator

    def can_view(self, actor: Actor, obj: Indicator) -> bool:
        return True

    def visible_q(self, actor: Actor) -> Q:
        return Q()


@access.register
class DatasetPolicy(TerritoryScopedPolicy):
    kind = "dataset"
    model = Dataset
    verbs = ("view", "view_raw", "delete")
    restricted_path = "restricted_to"

    def is_producer(self, actor: Actor, obj: Dataset) -> bool:
        return obj.producer_id in actor.orgs_in(obj.territory_id)

    def can_view_raw(self, actor: Actor, obj: Dataset) -> bool:
        # Platform admins operate the service; they read figures under secrecy like anyone
        # outside the producer.
        return self.is_producer(actor, obj)

    def can_delete(self, actor: Actor, obj: Dataset) -> bool:
        if actor.is_admin:
            return True
        return self.is_producer(actor, obj) and _can_share(actor, obj.territory_id)


@access.register
class ImportJobPolicy(Policy):
    kind = "observatory_import"
    model = ImportJob
    verbs = ("view", "apply")

    def can_view(self, actor: Actor, obj: ImportJob) -> bool:
        return actor.is_admin or (actor.user_id is not None and obj.created_by_id == actor.user_id)

    def can_apply(self, actor: Actor, obj: ImportJob) -> bool:
        if not self.can_view(actor, obj):
            return False
        return actor.is_admin or (
            _can_share(actor, obj.territory_id)
            and obj.producer_id in actor.orgs_in(obj.territory_id)
        )

    def visible_q(self, actor: Actor) -> Q:
        if actor.user_id is None:
            return Q(pk__in=[])
        return Q(created_by_id=actor.user_id)


def _can_share(actor: Actor, territory_id: int | None) -> bool:
    """Partners and coordinators of the territory, with an organisation to produce for."""
    if actor.is_admin:
        return True
    own = actor.roles_in(territory_id)
    return bool(own & {Role.PARTNER, Role.COORDINATOR}) and bool(actor.orgs_in(territory_id))


def _can_import(actor: Actor, territory: Territory) -> bool:
    return _can_share(actor, territory.pk)


access.add_verb(Territory, "import_dataset", _can_import)


# --------------------------------------------------------------------------- ABS report
# The report's editions are read by the territory's partners (they comment on them before
# publication); the coordinators configure and generate them; each qualitative section is
# written by the members of the organisation it is assigned to.


def _can_manage_report(actor: Actor, territory: Territory) -> bool:
    return actor.is_coordinator(territory.pk)


def _can_view_report(actor: Actor, territory: Territory) -> bool:
    return actor.is_partner_level(territory.pk)


access.add_verb(Territory, "manage_report", _can_manage_report)
access.add_verb(Territory, "view_report", _can_view_report)


@access.register
class ReportEditionPolicy(Policy):
    kind = "abs_edition"
    model = ReportEdition
    verbs = ("view", "regenerate")

    def can_view(self, actor: Actor, obj: ReportEdition) -> bool:
        return actor.is_partner_level(obj.territory_id)

    def can_regenerate(self, actor: Actor, obj: ReportEdition) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        if actor.is_admin:
            return Q()
        return Q(territory_id__in=actor.partner_level_territories())


@access.register
class ReportSectionPolicy(Policy):
    kind = "abs_section"
    model = ReportSection
    verbs = ("view", "change")

    def can_view(self, actor: Actor, obj: ReportSection) -> bool:
        return actor.is_partner_level(obj.config.territory_id)

    def can_change(self, actor: Actor, obj: ReportSection) -> bool:
        territory_id = obj.config.territory_id
        if actor.is_coordinator(territory_id):
            return True
        return actor.has_role(territory_id, Role.PARTNER) and obj.organisation_id in actor.orgs_in(
            territory_id
        )

    def visible_q(self, actor: Actor) -> Q:
        if actor.is_admin:
            return Q()
        return Q(config__territory_id__in=actor.partner_level_territories())


@access.register
class ReportThemeTextPolicy(Policy):
    """A theme's analysis: read by the partners with the report, written by coordinators."""

    kind = "abs_theme_text"
    model = ReportThemeText
    verbs = ("view", "change")

    def can_view(self, actor: Actor, obj: ReportThemeText) -> bool:
        return actor.is_partner_level(obj.config.territory_id)

    def can_change(self, actor: Actor, obj: ReportThemeText) -> bool:
        return actor.is_coordinator(obj.config.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        if actor.is_admin:
            return Q()
        return Q(config__territory_id__in=actor.partner_level_territories())
