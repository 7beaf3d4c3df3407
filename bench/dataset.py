"""The department every benchmark stands on, loaded with ``bulk_create``.

This is load data, not demo data: it skips the services (and so their validation and
audit entries, which are added here in bulk instead) to build tens of thousands of rows in
seconds. It stays consistent with what the services would allow: memberships name
organisations that are partners of their territory, coordinators have a confirmed TOTP
device, residents belong to no organisation.

At scale 1 (the issue's "department scale"): one département and its 40 communes,
2,000 organisations, 20,000 users. At scale ``k`` everything is multiplied by ``k``: the
communes, the organisations, the users, the geographic units. The chef-lieu (the commune
the pages show) keeps one tenth of the département's local organisations and people at
every scale, so its pages really hold ``k`` times more rows (partners, members of its town
hall): a page whose query count grows with the data is caught at 10×.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.core.text import fold
from maillage.territories.kinds import kind_label
from maillage.territories.models import GeoUnit, Membership, Organisation, Partnership, Territory

COMMUNES = 40
ORGANISATIONS = 2_000
USERS = 20_000
BATCH = 5_000
# The chef-lieu's share of the local organisations and people.
FOCUS_SHARE = 0.10
PASSWORD = "bench-password-not-secret"  # noqa: S105 — load data on a throw-away database
DEPARTEMENT_CODE = "99"

ROOTS = [
    "Aubeterre",
    "Bellefontaine",
    "Boisjoli",
    "Champclair",
    "Chantemerle",
    "Clairvaux",
    "Courbevent",
    "Fontaubert",
    "Grandpré",
    "Hautrive",
    "Landrecourt",
    "Longchamp",
    "Malmaison",
    "Marcilly",
    "Montfleury",
    "Noirmoutiers",
    "Orgemont",
    "Pierrelaye",
    "Plessis",
    "Rochebrune",
    "Roquevaire",
    "Saulnières",
    "Sermaise",
    "Valbonne",
    "Varennes",
    "Verneuil",
    "Villemomble",
    "Villeparisis",
    "Vaujours",
    "Gournay",
]
SUFFIXES = ["", "-sur-Ourcq", "-en-France", "-le-Grand", "-sous-Bois", "-la-Rivière", "-les-Prés"]
THEMES = [
    "Les Jardins partagés",
    "Entraide",
    "Solidarité",
    "Femmes relais",
    "Accueil et partage",
    "Alpha",
    "Sport pour tous",
    "Culture et loisirs",
    "Parents d’élèves",
    "Jeunesse",
    "Mieux vivre ensemble",
    "Aide aux devoirs",
    "Santé et bien-être",
    "Mémoire du quartier",
    "Les Amis du parc",
    "Insertion et emploi",
    "Théâtre",
    "Musique",
    "Numérique solidaire",
    "Les Jardins du canal",
]
FIRST_NAMES = [
    "Amina",
    "Bruno",
    "Camille",
    "Dounia",
    "Élodie",
    "Farid",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jules",
    "Karima",
    "Louis",
    "Malik",
    "Nadia",
    "Olivier",
    "Pauline",
    "Quentin",
    "Rania",
    "Samuel",
    "Théo",
    "Ursule",
    "Victor",
    "Wassila",
    "Yanis",
    "Zoé",
    "Sofiane",
    "Léa",
    "Moussa",
    "Chloé",
    "Idriss",
]
LAST_NAMES = [
    "Arnaud",
    "Benali",
    "Carpentier",
    "Diallo",
    "Etienne",
    "Fontaine",
    "Garnier",
    "Haddad",
    "Imbert",
    "Joly",
    "Keita",
    "Lemoine",
    "Marchand",
    "N’Diaye",
    "Olivier",
    "Perrin",
    "Queval",
    "Renaud",
    "Saidi",
    "Traoré",
    "Urbain",
    "Vasseur",
    "Weber",
    "Yilmaz",
    "Zerbib",
    "Boyer",
    "Chevalier",
    "Dupuis",
    "Ferrand",
    "Lambert",
]
JOB_TITLES = [
    "Chargée de mission",
    "Travailleur social",
    "Conseillère en économie sociale et familiale",
    "Directeur",
    "Animatrice",
    "Médiateur",
    "Référente famille",
    "Éducateur spécialisé",
    "Chef de service",
    "Assistante sociale",
    "Coordinatrice",
    "Bénévole",
]
# Organisations every commune of the département works with: (kind, name pattern).
COUNTY_WIDE = [
    ("caf", "CAF — antenne {n}"),
    ("departements", "Département — service social territorial {n}"),
    ("departements", "Département — PMI, circonscription {n}"),
    ("france-travail", "France Travail — agence {n}"),
    ("mission-locale", "Mission locale — antenne {n}"),
    ("cpam", "CPAM — accueil {n}"),
    ("services-etat", "Commissariat — circonscription {n}"),
    ("points-justice", "Maison de la justice et du droit {n}"),
    ("mdph", "MDPH — permanence {n}"),
    ("bailleur-social", "Office départemental de l’habitat — agence {n}"),
]
MUNICIPAL = [
    ("direction-municipale", "Direction des solidarités"),
    ("ccas-cias", "CCAS"),
    ("service-municipal", "Service jeunesse"),
    ("service-municipal", "Service politique de la ville"),
]
# Local organisations by kind, with weights: associations dominate, as in a real PST.
LOCAL = [
    ("association", 50),
    ("centre-social", 5),
    ("bailleur-social", 4),
    ("entreprise", 5),
    ("mjc", 3),
    ("secours-populaire", 2),
    ("restos-du-coeur", 2),
    ("france-service", 2),
    ("cidff", 2),
    ("reseau-information-jeunesse", 2),
    ("aci", 3),
    ("points-conseil-budget", 2),
    ("recherche", 1),
    ("autre", 2),
]
# The actors pages are measured as: name → the local part of their e-mail address.
NAMED_USERS = {
    "partner": "partenaire",
    "coordinator": "coordination",
    "elected": "elu",
    "resident": "habitant",
    "departement": "departement",
    "admin": "admin",
}
FILTER_KIND = "association"
SEARCH_WORD = "jardins"


@dataclass
class Department:
    """Handles on the rows the pages are about; ``users`` holds the named actors."""

    scale: int
    departement: Territory
    communes: list[Territory]
    focus: Territory
    town_hall: Organisation
    association: Organisation
    county_wide: Organisation
    users: dict[str, User]
    filter_kind: str = FILTER_KIND
    search_word: str = SEARCH_WORD
    counts: dict[str, int] = field(default_factory=dict)


def bulk(model: type, objects: Sequence[Any]) -> list[Any]:
    """``bulk_create`` in batches; primary keys are set on PostgreSQL."""
    return model._default_manager.bulk_create(objects, batch_size=BATCH)  # type: ignore[attr-defined]


def build(scale: int, seed: int = 2026) -> Department:
    rng = random.Random(seed)
    with transaction.atomic():
        builder = _Builder(scale, rng)
        department = builder.run()
    analyze()
    return department


def analyze() -> None:
    """Fresh planner statistics and visibility maps, as autovacuum leaves the tables
    within minutes of a bulk load in production: without the visibility map an index-only
    scan reads the table too, and PostgreSQL plans around it (the partners search walked
    the commune's partnerships through the heap, 2–3 ms more at 10×)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


class _Builder:
    def __init__(self, scale: int, rng: random.Random) -> None:
        self.k = scale
        self.rng = rng
        self.now = timezone.now()
        self.password = make_password(PASSWORD)
        self.audit: list[AuditEntry] = []
        # Where each organisation works, by object identity (rows have no key before
        # bulk_create): its commune (None for département-wide ones), and a second one.
        self.homes: dict[int, Territory | None] = {}
        self.second_homes: dict[int, Territory] = {}

    # ------------------------------------------------------------------ territories

    def territories(self) -> None:
        self.departement = Territory.objects.create(
            name="Département d’essai de charge",
            slug="departement-essai-charge",
            insee_code=DEPARTEMENT_CODE,
            kind=Territory.Kind.DEPARTEMENT,
            visibility=Visibility.PUBLIC,
        )
        names = _unique_names(COMMUNES * self.k)
        communes = [
            Territory(
                name=name,
                slug=slugify(name)[:80],
                insee_code=f"{DEPARTEMENT_CODE}{index + 1:03d}",
                kind=Territory.Kind.COMMUNE,
                parent=self.departement,
                # One commune in ten keeps its space for partners only.
                visibility=Visibility.PARTNERS if index % 10 == 9 else Visibility.PUBLIC,
                description=f"Le projet social de territoire de {name}.",
            )
            for index, name in enumerate(names)
        ]
        self.communes = bulk(Territory, communes)
        self.focus = self.communes[0]
        # The chef-lieu's weight among communes when spreading local rows.
        others = len(self.communes) - 1
        self.commune_weights = [FOCUS_SHARE] + [(1 - FOCUS_SHARE) / others] * others
        units = []
        for index, commune in enumerate(self.communes):
            units.append(
                GeoUnit(
                    territory=commune,
                    kind=GeoUnit.Kind.COMMUNE,
                    code=commune.insee_code,
                    name=commune.name,
                    geometry=_square(index),
                )
            )
            iris = 20 if index == 0 else 5
            units += [
                GeoUnit(
                    territory=commune,
                    kind=GeoUnit.Kind.IRIS,
                    code=f"{commune.insee_code}{n + 1:04d}",
                    name=f"{commune.name} {n + 1}",
                )
                for n in range(iris)
            ]
            if index % 3 == 0:
                units.append(
                    GeoUnit(
                        territory=commune,
                        kind=GeoUnit.Kind.QPV,
                        code=f"QN{DEPARTEMENT_CODE}{index + 1:04d}",
                        name=f"Quartier prioritaire de {commune.name}",
                    )
                )
            units += [
                GeoUnit(
                    territory=commune,
                    kind=GeoUnit.Kind.QUARTIER,
                    code=f"Q{n + 1}",
                    name=f"{name} ({commune.name})",
                )
                for n, name in enumerate(["Centre", "Les Prés", "La Gare"])
            ]
        bulk(GeoUnit, units)

    # ------------------------------------------------------------------ organisations

    def organisations(self) -> None:
        k = self.k
        total = ORGANISATIONS * k
        county: list[Organisation] = []
        for n in range(total // 50):  # 2 %: the Département's services, CAF, State…
            kind, pattern = COUNTY_WIDE[n % len(COUNTY_WIDE)]
            county.append(
                self._org(
                    kind,
                    pattern.format(n=n // len(COUNTY_WIDE) + 1),
                    None,
                    visibility=Visibility.PUBLIC if n == 0 else "",
                )
            )
        town_halls = [
            self._org(
                "communes", f"Mairie de {commune.name}", commune, visibility=Visibility.PUBLIC
            )
            for commune in self.communes
        ]
        bulk(Organisation, county + town_halls)
        municipal = [
            self._org(kind, f"{label} de {commune.name}", commune, parent=hall)
            for commune, hall in zip(self.communes, town_halls, strict=True)
            for kind, label in MUNICIPAL
        ]
        remaining = total - len(county) - len(town_halls) - len(municipal)
        homes = self.rng.choices(self.communes, weights=self.commune_weights, k=remaining)
        kinds = self.rng.choices(
            [kind for kind, _w in LOCAL], weights=[w for _k, w in LOCAL], k=remaining
        )
        local = [
            self._org(kind, self._local_name(kind, home, n), home)
            for n, (kind, home) in enumerate(zip(kinds, homes, strict=True))
        ]
        # The association the pages show: an ordinary one of the chef-lieu.
        association = self._org(
            "association",
            "Association Entraide et partage",
            self.focus,
            visibility=Visibility.PUBLIC,
        )
        bulk(Organisation, [*municipal, *local, association])

        partnerships = [Partnership(territory=self.departement, organisation=o) for o in county]
        partnerships += [
            Partnership(territory=c, organisation=o) for o in county for c in self.communes
        ]
        for org in [*town_halls, *municipal, association]:
            partnerships.append(Partnership(territory=self.home(org), organisation=org))
        for org in local:
            home = self.home(org)
            partnerships.append(Partnership(territory=home, organisation=org))
            if self.rng.random() < 0.10:  # works in a neighbouring commune too
                extra = self.rng.choice(self.communes)
                if home is not None and extra.pk != home.pk:
                    partnerships.append(Partnership(territory=extra, organisation=org))
                    self.second_homes[id(org)] = extra
        for partnership in partnerships:
            partnership.since = (self.now - timedelta(days=self.rng.randint(30, 2000))).date()
        bulk(Partnership, partnerships)
        self.audit += [
            AuditEntry(
                action="organisation.create",
                territory=self.home(org) or self.departement,
                object_type="territories.organisation",
                object_id=str(org.pk),
                object_repr=org.name[:255],
            )
            for org in [*county, *town_halls, *municipal, *local, association]
        ]

        self.county = county
        self.town_halls = town_halls
        self.municipal = municipal
        self.local = local
        self.association = association
        self.partnership_count = len(partnerships)

    def _org(
        self,
        kind: str,
        name: str,
        home: Territory | None,
        *,
        acronym: str = "",
        parent: Organisation | None = None,
        visibility: str = "",
    ) -> Organisation:
        city = home.name if home else self.departement.name
        org = Organisation(
            name=name,
            acronym=acronym,
            kind=kind,
            parent=parent,
            address=f"{self.rng.randint(1, 120)} rue de la République",
            postal_code=f"{DEPARTEMENT_CODE}{self.rng.randint(100, 999)}",
            city=city,
            phone=f"01 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
            email=f"contact-{slugify(name)[:40]}@exemple.test",
            description="Organisation partenaire du projet social de territoire.",
            # One organisation in ten shows itself to partners only.
            visibility=visibility
            or (Visibility.PARTNERS if self.rng.random() < 0.1 else Visibility.PUBLIC),
            search_text=fold(" ".join(filter(None, [name, acronym, city]))),
        )
        self.homes[id(org)] = home
        return org

    def home(self, org: Organisation) -> Territory | None:
        """The commune an organisation belongs to (None: département-wide)."""
        return self.homes[id(org)]

    def _local_name(self, kind: str, home: Territory, n: int) -> str:
        label = kind_label(kind)
        theme = THEMES[n % len(THEMES)]
        if kind == "association":
            return f"Association {theme} — {home.name} {n}"
        return f"{label} {theme} — {home.name} {n}"

    # ------------------------------------------------------------------ people

    def people(self) -> None:
        k = self.k
        total = USERS * k
        first = self.rng.choices(FIRST_NAMES, k=total)
        last = self.rng.choices(LAST_NAMES, k=total)
        users = [
            User(
                email=f"personne{n}@bench.test",
                full_name=f"{first[n]} {last[n]}",
                phone=f"06 {n % 100:02d} {n // 100 % 100:02d} {n // 10000 % 100:02d} 00",
                password=self.password,
                email_verified_at=self.now,
                date_joined=self.now - timedelta(days=n % 1500),
            )
            for n in range(total)
        ]
        bulk(User, users)
        memberships: list[Membership] = []
        held: set[tuple[int, int, int | None, str]] = set()

        def join(user: User, territory: Territory, role: str, org: Organisation | None) -> None:
            key = (user.pk, territory.pk, org.pk if org else None, role)
            if key in held:
                return
            held.add(key)
            memberships.append(
                Membership(
                    user=user,
                    territory=territory,
                    organisation=org,
                    role=role,
                    job_title="" if role == Role.RESIDENT else self.rng.choice(JOB_TITLES),
                )
            )

        # 30 % residents of a commune; the rest professionals of an organisation.
        residents = users[: total * 3 // 10]
        professionals = users[total * 3 // 10 :]
        resident_homes = self.rng.choices(
            self.communes, weights=self.commune_weights, k=len(residents)
        )
        associations_by_home: dict[int, list[Organisation]] = {}
        for org in self.local:
            org_home = self.home(org)
            if org.kind == "association" and org_home is not None:
                associations_by_home.setdefault(org_home.pk, []).append(org)
        for user, home in zip(residents, resident_homes, strict=True):
            join(user, home, Role.RESIDENT, None)
            # One resident in twenty volunteers in an association of their commune.
            if self.rng.random() < 0.05 and associations_by_home.get(home.pk):
                join(user, home, Role.PARTNER, self.rng.choice(associations_by_home[home.pk]))

        # Larger organisations have more staff: the chef-lieu's town hall most of all.
        weighted: list[tuple[Organisation, float]] = [(o, 8.0) for o in self.county]
        weighted += [
            (hall, 6.0 * w * len(self.communes))
            for hall, w in zip(self.town_halls, self.commune_weights, strict=True)
        ]
        weighted += [(o, 3.0) for o in self.municipal]
        weighted += [(o, 1.0) for o in self.local]
        orgs = [o for o, _w in weighted]
        employers = self.rng.choices(orgs, weights=[w for _o, w in weighted], k=len(professionals))
        for user, org in zip(professionals, employers, strict=True):
            home = self.home(org)
            join(user, home or self.departement, Role.PARTNER, org)
            # Some work in a second territory their organisation partners with.
            if self.rng.random() < 0.15:
                if home is None:
                    join(user, self.rng.choice(self.communes), Role.PARTNER, org)
                elif id(org) in self.second_homes:
                    join(user, self.second_homes[id(org)], Role.PARTNER, org)

        # Each commune: coordinators from its town hall (two in the chef-lieu), elected
        # officials who are residents too.
        hall_staff: dict[int, list[User]] = {}
        for user, org in zip(professionals, employers, strict=True):
            if org.kind == "communes":
                hall_staff.setdefault(org.pk, []).append(user)
        residents_by_home: dict[int, list[User]] = {}
        for user, home in zip(residents, resident_homes, strict=True):
            residents_by_home.setdefault(home.pk, []).append(user)
        coordinators: list[User] = []
        for index, (commune, hall) in enumerate(zip(self.communes, self.town_halls, strict=True)):
            for user in hall_staff.get(hall.pk, [])[: 2 if index == 0 else 1]:
                join(user, commune, Role.COORDINATOR, hall)
                coordinators.append(user)
            for user in residents_by_home.get(commune.pk, [])[:8]:
                join(user, commune, Role.ELECTED, hall)

        # The association the pages show has a dozen members at every scale.
        for user in self.rng.sample(professionals, 12):
            join(user, self.focus, Role.PARTNER, self.association)

        self.named_users(join, coordinators)
        bulk(Membership, memberships)
        bulk(
            TOTPDevice,
            [TOTPDevice(user=user, name="bench", confirmed=True) for user in coordinators],
        )
        self.audit += [
            AuditEntry(
                action="membership.create",
                territory=m.territory,
                object_type="territories.membership",
                object_id=str(m.pk),
                object_repr=f"{m.user.full_name} — {m.role}"[:255],
            )
            for m in memberships
        ]
        self.user_count = len(users) + len(self.users)
        self.membership_count = len(memberships)

    def named_users(self, join: Any, coordinators: list[User]) -> None:
        """The actors the pages are measured as, with stable e-mail addresses."""

        def user(slug: str, name: str, **extra: Any) -> User:
            return User(
                email=f"{slug}@bench.test",
                full_name=name,
                password=self.password,
                email_verified_at=self.now,
                **extra,
            )

        names = {
            "partner": "Partenaire Association",
            "coordinator": "Coordination Chef-lieu",
            "elected": "Élue Chef-lieu",
            "resident": "Habitant Chef-lieu",
            "departement": "Agent Département",
            "admin": "Administration",
        }
        self.users = {
            actor: user(
                NAMED_USERS[actor],
                names[actor],
                **({"is_staff": True, "is_superuser": True} if actor == "admin" else {}),
            )
            for actor in NAMED_USERS
        }
        bulk(User, list(self.users.values()))
        hall = self.town_halls[0]
        join(self.users["partner"], self.focus, Role.PARTNER, self.association)
        join(self.users["coordinator"], self.focus, Role.COORDINATOR, hall)
        join(self.users["elected"], self.focus, Role.ELECTED, hall)
        join(self.users["elected"], self.focus, Role.RESIDENT, None)
        join(self.users["resident"], self.focus, Role.RESIDENT, None)
        join(self.users["departement"], self.departement, Role.PARTNER, self.county[0])
        coordinators += [self.users["coordinator"], self.users["admin"]]

    # ------------------------------------------------------------------ all

    def run(self) -> Department:
        self.territories()
        self.organisations()
        self.people()
        bulk(AuditEntry, self.audit)
        return Department(
            scale=self.k,
            departement=self.departement,
            communes=self.communes,
            focus=self.focus,
            town_hall=self.town_halls[0],
            association=self.association,
            county_wide=self.county[0],
            users=self.users,
            counts={
                "territories": len(self.communes) + 1,
                "organisations": Organisation.objects.count(),
                "partnerships": self.partnership_count,
                "users": self.user_count,
                "memberships": self.membership_count,
                "geounits": GeoUnit.objects.count(),
                "audit_entries": len(self.audit),
            },
        )


def _unique_names(count: int) -> list[str]:
    names: list[str] = []
    for suffix in SUFFIXES:
        for root in ROOTS:
            names.append(f"{root}{suffix}")
    if count > len(names):
        # Beyond the combinations, number them as INSEE numbers arrondissements.
        base = list(names)
        round_ = 2
        while len(names) < count:
            names += [f"{name} {round_}" for name in base]
            round_ += 1
    return names[:count]


def _square(index: int) -> dict[str, Any]:
    """A small square polygon per commune, so that GeoJSON columns hold real shapes."""
    x, y = 2.3 + (index % 20) * 0.05, 48.7 + (index // 20) * 0.05
    ring = [[x, y], [x + 0.04, y], [x + 0.04, y + 0.04], [x, y + 0.04], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def named_user(actor: str) -> User:
    """One of the department's named actors, by the name pages use."""
    if actor not in NAMED_USERS:
        raise SystemExit(f"Unknown actor {actor!r}: {', '.join(['anonymous', *NAMED_USERS])}")
    return User.objects.get(email=f"{NAMED_USERS[actor]}@bench.test")
