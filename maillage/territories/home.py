"""The first screen of a territory: which one a person sees, where they land after signing
in, and the blocks the territories app adds to each screen (docs/architecture.md, "First
screens").

Each capability adds its own blocks to the screens through ``core.slots`` (slots
``home_coordinator``, ``home_partner``, ``home_elected``, ``home_public`` and
``home_across``); this module only decides which slot a request shows, once."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from maillage.core import access, slots, write_generation
from maillage.core.roles import Role
from maillage.territories import selectors
from maillage.territories.models import Partnership, Territory


@dataclass(frozen=True)
class Screen:
    key: str
    slot: str
    heading: Any


COORDINATOR = Screen("coordinator", slots.HOME_COORDINATOR, _("Tableau de bord de la coordination"))
PARTNER = Screen("partner", slots.HOME_PARTNER, _("Mon espace partenaire"))
ELECTED = Screen("elected", slots.HOME_ELECTED, _("Mon espace d’élu·e"))
ACROSS = Screen("across", slots.HOME_ACROSS, _("Mes engagements dans les communes"))
PUBLIC = Screen("public", slots.HOME_PUBLIC, _("Le projet social de territoire"))

_SCREEN_ATTR = "_maillage_first_screen"


def screen_for(request: HttpRequest, territory: Territory) -> Screen:
    """The first screen of ``territory`` for the person making the request, resolved once
    per request (the blocks ask again through this function and get the same answer)."""
    cached = getattr(request, _SCREEN_ATTR, None)
    if cached is not None and cached[0] == territory.pk:
        return cached[1]
    screen = _resolve(request.user, territory)
    setattr(request, _SCREEN_ATTR, (territory.pk, screen))
    return screen


def _resolve(user: Any, territory: Territory) -> Screen:
    actor = access.actor_for(user)
    roles = actor.roles_in(territory.pk)
    if actor.is_coordinator(territory.pk):
        return COORDINATOR
    if not actor.is_partner_level(territory.pk):
        return PUBLIC
    if territory.kind != Territory.Kind.COMMUNE:
        return ACROSS
    if Role.ELECTED in roles:
        return ELECTED
    return PARTNER


# --------------------------------------------------------------------------- landing


def communes_below(territory: Territory) -> Q:
    """The communes under a département or an EPCI (two levels at most: département → EPCI
    → commune)."""
    return Q(kind=Territory.Kind.COMMUNE) & (Q(parent=territory) | Q(parent__parent=territory))


class CommuneRef(NamedTuple):
    """A commune where someone works, as the first screens name and link it: a
    Département-wide organisation works in hundreds, kept as plain values until the next
    write (model instances cost as much to unpickle as to read)."""

    pk: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("territories:home", kwargs={"territory_slug": self.slug})


def engaged_communes(
    user: Any, territory: Territory, capability: str | None = None
) -> list[CommuneRef]:
    """The communes under ``territory`` where one of the organisations the user belongs to
    on ``territory`` is a partner of the PST: where a Département or CAF agent works. With
    ``capability``, only the communes the user reads it in detail (their own role there,
    or the commune shares it with its Département in detail, core/sharing.py): a block
    listing rows of a capability never lists those of a commune that shares only
    aggregates. Read once per request (three blocks of the screen across communes ask),
    and kept until the next write for the same organisations: which communes they are
    partners of depends on the data alone."""
    actor = access.actor_for(user)
    orgs = actor.orgs_in(territory.pk)
    if not orgs or territory.kind == Territory.Kind.COMMUNE:
        return []
    communes: list[CommuneRef] = actor.remember(
        ("engaged_communes", territory.pk),
        lambda: write_generation.kept_until_written(
            _engaged_key(territory, orgs),
            lambda: [
                CommuneRef(*row)
                for row in Territory.objects.filter(communes_below(territory))
                .filter(
                    pk__in=Partnership.objects.filter(organisation__in=orgs).values("territory_id")
                )
                .order_by("name")
                .values_list("id", "name", "slug")
            ],
        ),
    )
    if capability is None:
        return list(communes)
    return [c for c in communes if actor.reaches(c.pk, capability)]


def _engaged_key(territory: Territory, orgs: Collection[int]) -> str:
    return f"territories:engaged-communes:{territory.pk}:{','.join(map(str, sorted(orgs)))}"


def landing_territory(user: Any) -> Territory | None:
    """Where a person lands after signing in: the territory they last worked in, unless it
    is a département or an EPCI where they only read — then the first commune in which
    their organisation is a partner, never an empty parent."""
    actor = access.actor_for(user)
    if not actor.is_authenticated:
        return None
    territory = getattr(user, "current_territory", None)
    if territory is None:
        membership = next(iter(selectors.memberships_of(user)), None)
        territory = membership.territory if membership else None
    if territory is None or not access.can(user, "view", territory):
        return None
    if territory.kind == Territory.Kind.COMMUNE or actor.is_coordinator(territory.pk):
        return territory
    communes = engaged_communes(user, territory)
    if not communes:
        return territory
    return Territory.objects.filter(pk=communes[0].pk).first() or territory


# --------------------------------------------------------------------------- blocks


def coordination_block(request: HttpRequest, territory: Territory) -> str:
    """The coordinator's tools on the territory: invite, add an organisation, the log."""
    return render_to_string(
        "territories/home/coordination.html",
        {
            "territory": territory,
            "counts": selectors.territory_counts(request.user, territory),
        },
        request=request,
    )


def partners_block(request: HttpRequest, territory: Territory) -> str:
    """A partner's or an elected official's view of the partnership: how many, and the
    directory."""
    return render_to_string(
        "territories/home/partners.html",
        {
            "territory": territory,
            "counts": selectors.territory_counts(request.user, territory),
        },
        request=request,
    )


def participate_block(request: HttpRequest, territory: Territory) -> str:
    """The public home's "how to take part": who the partners are, how to follow the PST as
    a resident or sign in as a professional."""
    return render_to_string(
        "territories/home/participate.html",
        {
            "territory": territory,
            "counts": selectors.territory_counts(request.user, territory),
            "recent_partners": selectors.recent_partners(request.user, territory),
            "signed_in": request.user.is_authenticated,
        },
        request=request,
    )


# A Département-wide organisation is a partner of every commune: the first ones are
# buttons, the others one choice in a list (the header's switcher opens them).
COMMUNE_BUTTONS = 12


def communes_block(request: HttpRequest, territory: Territory) -> str:
    """A person working across communes: each commune where their organisation is a
    partner, to open it."""
    communes = engaged_communes(request.user, territory)
    orgs = access.actor_for(request.user).orgs_in(territory.pk)
    return render_to_string(
        "territories/home/communes.html",
        {
            "territory": territory,
            "communes": communes,
            "buttons": communes[:COMMUNE_BUTTONS],
            "others": communes[COMMUNE_BUTTONS:],
            # Hundreds for a Département-wide organisation: written here, not by a loop
            # of the template, and kept with the list they are written from.
            "other_options": write_generation.kept_until_written(
                _engaged_key(territory, orgs) + ":options",
                lambda: format_html_join(
                    "",
                    '<option value="{}">{}</option>',
                    ((c.slug, c.name) for c in communes[COMMUNE_BUTTONS:]),
                ),
            ),
        },
        request=request,
    )
