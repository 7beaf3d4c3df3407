"""Every non-trivial read of the réseau, already narrowed by the access engine."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.core import access, search, write_generation
from maillage.core.text import fold
from maillage.network import vocab
from maillage.network.models import (
    ContactPoint,
    Freshness,
    FreshnessReminder,
    ImportBatch,
    NetworkSettings,
    Procedure,
    ProcedureStep,
    Service,
    ServiceFacet,
)
from maillage.territories.models import GeoUnit, Organisation, Territory

PER_PAGE = 20
SIDE_LIMIT = 12


def rules(territory: Territory) -> NetworkSettings:
    """The territory's freshness rules — its settings, or the defaults —, the same for
    every reader: kept until the next write (the first screens' freshness blocks read
    them on each visit)."""
    return write_generation.kept_until_written(
        f"network:rules:{territory.pk}",
        lambda: (
            NetworkSettings.objects.filter(territory=territory).first()
            or NetworkSettings(territory=territory)
        ),
    )


def visible_services(user: Any, territory: Territory) -> QuerySet[Service]:
    return access.visible(user, Service.objects.filter(territory=territory)).select_related(
        "territory"
    )


def visible_contact_points(user: Any, territory: Territory) -> QuerySet[ContactPoint]:
    return access.visible(user, ContactPoint.objects.filter(territory=territory)).select_related(
        "territory"
    )


def visible_procedures(user: Any, territory: Territory) -> QuerySet[Procedure]:
    return access.visible(user, Procedure.objects.filter(territory=territory)).select_related(
        "territory"
    )


# --------------------------------------------------------------------------- search


@dataclass
class Filters:
    q: str = ""
    thematique: str = ""
    public: str = ""
    mode_accueil: str = ""
    frais: str = ""
    place: GeoUnit | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.q
            or self.thematique
            or self.public
            or self.mode_accueil
            or self.frais
            or self.place
        )

    @property
    def category(self) -> str:
        return vocab.category_of(self.thematique) if self.thematique else ""


@dataclass
class Results:
    filters: Filters
    services: Page
    contact_points: list[ContactPoint]
    contact_count: int
    procedures: list[Procedure]
    procedure_count: int
    broadened: bool = False
    capped: bool = False
    category_counts: dict[str, int] = field(default_factory=dict)
    rules: NetworkSettings | None = None

    @property
    def service_count(self) -> int:
        return self.services.paginator.count

    @property
    def total(self) -> int:
        return self.service_count + self.contact_count + self.procedure_count


def _facet(facet: str, value: str) -> Q:
    return Q(pk__in=ServiceFacet.objects.filter(facet=facet, value=value).values("service_id"))


def _topic_q(value: str, column: str = "thematique") -> Q:
    """A category matches itself and its sous-thématiques; a sous-thématique matches
    itself and its whole category (a contact « logement » answers every housing need)."""
    category = vocab.category_of(value)
    if value == category:
        return Q(**{column: value}) | Q(**{f"{column}__startswith": f"{category}--"})
    return Q(**{column: value}) | Q(**{column: category})


def _filter_services(qs: QuerySet[Service], filters: Filters, *, topic: bool = True) -> QuerySet:
    """Filters as joins on the facet rows (one row per service and value, so no
    duplicates), which the database can stop early under a LIMIT."""
    if topic and filters.thematique:
        facet = "categorie" if filters.thematique == filters.category else "thematique"
        qs = qs.filter(facets__facet=facet, facets__value=filters.thematique)
    if filters.public:
        # « Tous publics » never goes with another public: one row at most matches.
        qs = qs.filter(facets__facet="public", facets__value__in=[filters.public, "tous-publics"])
    if filters.mode_accueil:
        qs = qs.filter(facets__facet="mode_accueil", facets__value=filters.mode_accueil)
    if filters.frais:
        qs = qs.filter(facets__facet="frais", facets__value=filters.frais)
    if filters.place is not None:
        qs = qs.filter(
            Q(
                pk__in=Service.geounits.through.objects.filter(geounit=filters.place).values(
                    "service_id"
                )
            )
            | ~Q(pk__in=Service.geounits.through.objects.values("service_id"))
        )
    return qs


CAP = 1000


class CappedPaginator(Paginator):
    """Counts up to ``CAP`` rows and no further: « plus de 1 000 services » costs the
    same whatever the size of the territory."""

    _capped_count: int

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            self._capped_count = _capped_count(self.object_list)
        return min(self._capped_count, CAP)

    @property
    def capped(self) -> bool:
        self.count  # noqa: B018 — counts once
        return self._capped_count > CAP


def _ordered(qs: QuerySet, filters: Filters, any_word: bool, *order: str) -> QuerySet:
    if filters.q:
        return search.ranked(qs, filters.q, any_word=any_word, limit=CAP).order_by(
            "-search_rank", *order
        )
    return qs.order_by(*order)


def _capped_count(qs: Any) -> int:
    return qs.order_by()[: CAP + 1].count()


def search_network(
    user: Any, territory: Territory, filters: Filters, *, page: Any = 1, per_page: int = PER_PAGE
) -> Results:
    services = _filter_services(visible_services(user, territory), filters)
    contacts = visible_contact_points(user, territory)
    procedures = visible_procedures(user, territory)
    if filters.thematique:
        contacts = contacts.filter(_topic_q(filters.thematique))
        procedures = procedures.filter(_topic_q(filters.thematique))
    if filters.place is not None:
        contacts = contacts.filter(Q(geounit=filters.place) | Q(geounit__isnull=True))

    def run(any_word: bool) -> tuple[Page, QuerySet, QuerySet, int, int]:
        if filters.q:
            matched = search.match(services, filters.q, any_word=any_word, rank=False)
        else:
            matched = services
        paginator = CappedPaginator(
            _ordered(services, filters, any_word, "name", "pk")
            .select_related("organisation", "territory")
            .defer("search_body"),
            per_page,
        )
        paginator._capped_count = _capped_count(matched)
        ranked_contacts = _ordered(contacts, filters, any_word, "thematique", "function", "pk")
        ranked_procedures = _ordered(procedures, filters, any_word, "title", "pk")
        return (
            paginator.get_page(page),
            ranked_contacts,
            ranked_procedures,
            _capped_count(ranked_contacts),
            _capped_count(ranked_procedures),
        )

    broadened = False
    service_page, ranked_contacts, ranked_procedures, contact_count, procedure_count = run(False)
    if filters.q and not (service_page.paginator.count or contact_count or procedure_count):
        # Nothing has every word: show what has any of them, and say so.
        broadened = True
        service_page, ranked_contacts, ranked_procedures, contact_count, procedure_count = run(True)
    contact_list = list(
        ranked_contacts.select_related("organisation", "geounit", "service", "territory")[
            :SIDE_LIMIT
        ]
    )
    procedure_list = list(
        ranked_procedures.select_related("organisation", "territory")[:SIDE_LIMIT]
    )
    capped = getattr(service_page.paginator, "capped", False)
    return Results(
        filters=filters,
        services=service_page,
        contact_points=contact_list,
        contact_count=contact_count,
        procedures=procedure_list,
        procedure_count=procedure_count,
        broadened=broadened,
        capped=capped,
        category_counts=(
            category_counts(user, territory, filters) if filters.q and not capped else {}
        ),
        rules=rules(territory),
    )


def category_counts(user: Any, territory: Territory, filters: Filters) -> dict[str, int]:
    """Visible services per category among the current results (ignoring the thématique
    filter, so that the other categories show how many they would give)."""
    services = _filter_services(visible_services(user, territory), filters, topic=False)
    if filters.q:
        services = search.match(services, filters.q, rank=False)
    rows = (
        ServiceFacet.objects.filter(facet="categorie", service__in=services.values("pk"))
        .values("value")
        .annotate(n=Count("id"))
    )
    return {row["value"]: row["n"] for row in rows}


ENTRIES_SECONDS = 600


def _version_key(territory_id: int) -> str:
    return f"network:version:{territory_id}"


def bump_version(territory_id: int) -> None:
    """Forget the cached counts of a territory's réseau (called by every write)."""
    from django.core.cache import cache

    try:
        cache.incr(_version_key(territory_id))
    except ValueError:
        cache.set(_version_key(territory_id), 2, None)


def _scope(user: Any, territory: Territory) -> str:
    """What decides which services a user sees in a territory, as a cache key part."""
    actor = access.actor_for(user)
    if actor.is_admin:
        return "admin"
    orgs = ",".join(str(o) for o in sorted(actor.orgs_in(territory.pk)))
    return f"p{int(actor.is_partner_level(territory.pk))}c{int(actor.is_coordinator(territory.pk))}o{orgs}"


def problem_entries(user: Any, territory: Territory) -> list[dict[str, Any]]:
    """« Je cherche un interlocuteur pour… »: the categories, with how many visible
    services and contact points answer each. Counting reads every visible service, so
    the answer is kept in the shared cache per kind of reader until the next write."""
    from django.core.cache import cache

    version = cache.get_or_set(_version_key(territory.pk), 1, None)
    key = f"network:entries:{territory.pk}:{version}:{_scope(user, territory)}"
    entries = cache.get(key)
    if entries is None:
        entries = _problem_entries(user, territory)
        cache.set(key, entries, ENTRIES_SECONDS)
    return entries


def _problem_entries(user: Any, territory: Territory) -> list[dict[str, Any]]:
    services = (
        ServiceFacet.objects.filter(
            facet="categorie", service__in=visible_services(user, territory).values("pk")
        )
        .values("value")
        .annotate(n=Count("id"))
    )
    service_counts = {row["value"]: row["n"] for row in services}
    contact_counts: dict[str, int] = {}
    for value, n in (
        visible_contact_points(user, territory)
        .values_list("thematique")
        .annotate(n=Count("id"))
        .values_list("thematique", "n")
    ):
        category = vocab.category_of(value)
        contact_counts[category] = contact_counts.get(category, 0) + n
    entries = []
    for category, items in vocab.thematiques_by_category().items():
        entries.append(
            {
                "value": category,
                "label": vocab.label(vocab.Categorie, category),
                "services": service_counts.get(category, 0),
                "contacts": contact_counts.get(category, 0),
                "thematiques": items,
            }
        )
    entries.sort(key=lambda e: (-(e["services"] + e["contacts"]), e["label"]))
    return entries


def suggestions(user: Any, territory: Territory, text: str, limit: int = 5) -> dict[str, list]:
    """What to propose under the search box while typing: thématiques whose label
    contains the words, then visible services and contact points that match."""
    words = search.terms(text)
    if not words:
        return {"thematiques": [], "services": [], "contacts": []}
    topics = []
    for category, items in vocab.thematiques_by_category().items():
        for value, label in [(category, vocab.label(vocab.Categorie, category)), *items]:
            folded = vocab_fold(label)
            if all(any(token.startswith(w) for token in folded.split()) for w in words):
                topics.append((value, vocab.topic_full_label(value)))
    services = list(
        search.match(visible_services(user, territory), text)
        .order_by("-search_rank", "name")
        .values_list("pk", "name")[:limit]
    )
    contacts = list(
        search.match(visible_contact_points(user, territory), text)
        .order_by("-search_rank", "function")
        .select_related("organisation")[:3]
    )
    return {"thematiques": topics[:limit], "services": services, "contacts": contacts}


def vocab_fold(label: str) -> str:
    return fold(label)


# --------------------------------------------------------------------------- details


def service_or_404(user: Any, territory: Territory, pk: Any) -> Service:
    qs = (
        Service.objects.filter(territory=territory)
        .select_related("organisation", "territory")
        .prefetch_related("partners", "geounits")
    )
    return access.get_visible_or_404(user, qs, pk=pk)


def contact_point_or_404(user: Any, territory: Territory, pk: Any) -> ContactPoint:
    qs = ContactPoint.objects.filter(territory=territory).select_related(
        "organisation", "geounit", "service", "territory"
    )
    return access.get_visible_or_404(user, qs, pk=pk)


def procedure_or_404(user: Any, territory: Territory, pk: Any) -> Procedure:
    qs = (
        Procedure.objects.filter(territory=territory)
        .select_related("organisation", "territory")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=ProcedureStep.objects.select_related("actor_organisation").order_by(
                    "position"
                ),
            )
        )
    )
    return access.get_visible_or_404(user, qs, pk=pk)


def procedure_links(user: Any, procedure: Procedure) -> tuple[list[Service], list[ContactPoint]]:
    """The linked services and contact points the user may see (a procedure may be
    public while one of its contacts is for partners only)."""
    services = list(access.visible(user, procedure.services.all()).select_related("organisation"))
    contacts = list(
        access.visible(user, procedure.contact_points.all()).select_related("organisation")
    )
    return services, contacts


def service_links(user: Any, service: Service) -> tuple[list[ContactPoint], list[Procedure]]:
    contacts = list(
        access.visible(user, service.contact_points.all()).select_related(
            "organisation", "territory"
        )
    )
    procedures = list(access.visible(user, service.procedures.all()).select_related("territory"))
    return contacts, procedures


def organisation_services(
    user: Any, organisation: Organisation, territory: Territory
) -> list[Service]:
    return list(
        visible_services(user, territory).filter(organisation=organisation).order_by("name")
    )


def territory_geounits(territory: Territory) -> QuerySet[GeoUnit]:
    return GeoUnit.objects.filter(territory=territory).order_by("kind", "name")


def user_organisations(user: Any, territory: Territory) -> QuerySet[Organisation]:
    """The organisations a user may publish for: all partners for coordinators, their own
    for partners."""
    actor = access.actor_for(user)
    qs = Organisation.objects.partners_of(territory).order_by("name")
    if actor.is_coordinator(territory.pk):
        return qs
    return qs.filter(pk__in=actor.orgs_in(territory.pk))


# --------------------------------------------------------------------------- freshness


@dataclass
class FreshnessBoard:
    rules: NetworkSettings
    counts: dict[str, int]
    services: Page
    status: str
    scope: str
    reminders: list[FreshnessReminder]


def freshness_board(
    user: Any, territory: Territory, *, status: str = "", mine: bool = False, page: Any = 1
) -> FreshnessBoard:
    """Services by freshness. Partners see their organisations' services; coordinators
    see the whole territory (or their own with ``mine``)."""
    current = rules(territory)
    actor = access.actor_for(user)
    qs = visible_services(user, territory)
    scope = "territory"
    if mine or not actor.is_coordinator(territory.pk):
        qs = qs.filter(organisation_id__in=actor.orgs_in(territory.pk))
        scope = "mine"
    advised, required = current.advised_before(), current.required_before()
    counts = qs.aggregate(
        fresh=Count("pk", filter=Q(date_maj__gte=advised)),
        advised=Count("pk", filter=Q(date_maj__lt=advised, date_maj__gte=required)),
        required=Count("pk", filter=Q(date_maj__lt=required)),
    )
    if status == Freshness.FRESH:
        qs = qs.filter(date_maj__gte=advised)
    elif status == Freshness.ADVISED:
        qs = qs.filter(date_maj__lt=advised, date_maj__gte=required)
    elif status == Freshness.REQUIRED:
        qs = qs.filter(date_maj__lt=required)
    paginator = Paginator(
        qs.select_related("organisation").defer("search_body").order_by("date_maj", "name", "pk"),
        50,
    )
    reminders = list(
        FreshnessReminder.objects.filter(territory=territory)
        .filter(Q() if scope == "territory" else Q(organisation_id__in=actor.orgs_in(territory.pk)))
        .select_related("organisation")[:10]
    )
    return FreshnessBoard(
        rules=current,
        counts=counts,
        services=paginator.get_page(page),
        status=status,
        scope=scope,
        reminders=reminders,
    )


def freshness_of(rules_: NetworkSettings, day: datetime.date | None) -> str:
    return rules_.freshness(day, timezone.localdate())


# --------------------------------------------------------------------------- exchange


def imports(user: Any, territory: Territory) -> list[ImportBatch]:
    return list(
        access.visible(user, ImportBatch.objects.filter(territory=territory)).select_related(
            "created_by"
        )[:20]
    )


def import_or_404(user: Any, territory: Territory, pk: Any) -> ImportBatch:
    return access.get_visible_or_404(
        user, ImportBatch.objects.filter(territory=territory).select_related("territory"), pk=pk
    )


def exported_services(user: Any, territory: Territory) -> QuerySet[Service]:
    """The services a user may export, with their structures' profiles in the same row
    (exports are streamed: no query per service)."""
    return (
        visible_services(user, territory)
        .filter(organisation__in=access.visible(user, Organisation.objects.all()))
        .select_related("organisation__structure_profile")
        .order_by("pk")
    )


def exported_structures(user: Any, territory: Territory) -> QuerySet[Organisation]:
    """The territory's partner organisations the user may see."""
    return (
        access.visible(user, Organisation.objects.partners_of(territory))
        .select_related("structure_profile")
        .order_by("pk")
    )


# --------------------------------------------------------------------------- guide


@dataclass
class Guide:
    category: str
    label: str
    contact_points: list[ContactPoint]
    procedures: list[Procedure]
    services: list[Service]
    rules: NetworkSettings


def guide(user: Any, territory: Territory, category: str) -> Guide:
    contacts = list(
        visible_contact_points(user, territory)
        .filter(_topic_q(category))
        .select_related("organisation", "geounit", "service")
        .order_by("thematique", "geounit__name", "function")
    )
    procedures = list(
        visible_procedures(user, territory)
        .filter(_topic_q(category))
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=ProcedureStep.objects.select_related("actor_organisation").order_by(
                    "position"
                ),
            )
        )
        .order_by("title")
    )
    services = list(
        visible_services(user, territory)
        .filter(_facet("categorie", category))
        .select_related("organisation")
        .defer("search_body")
        .order_by("organisation__name", "name")
    )
    return Guide(
        category=category,
        label=vocab.label(vocab.Categorie, category),
        contact_points=contacts,
        procedures=procedures,
        services=services,
        rules=rules(territory),
    )
