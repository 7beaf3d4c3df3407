"""The demo territory: Seine-Saint-Denis and Clichy-sous-Bois, with every partner the seeds
name (Apriles case study, Ville–Département agreement), invented people in each, and one
account per role. Loaded through the same services users call."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts import services as account_services
from maillage.accounts.models import User
from maillage.core import sharing
from maillage.core.demo import DEMO_NOTICE, DEMO_PASSWORD, DemoContext
from maillage.core.roles import Role
from maillage.territories import services
from maillage.territories.models import GeoUnit, Organisation, Partnership, Territory

CLICHY = "clichy-sous-bois"
SSD = "seine-saint-denis"

# key, name, acronym, kind, parent key, city, description
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str, str]] = [
    (
        "ville",
        "Ville de Clichy-sous-Bois",
        "",
        "communes",
        None,
        "Clichy-sous-Bois",
        "La commune anime le projet social de territoire depuis 2014.",
    ),
    (
        "solidarites",
        "Direction des Solidarités",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "Pilotage du projet social de territoire, CCAS, seniors, santé, réussite éducative.",
    ),
    (
        "ccas",
        "Centre communal d’action sociale",
        "CCAS",
        "ccas-cias",
        "solidarites",
        "Clichy-sous-Bois",
        "Aides facultatives, domiciliation, accompagnement social.",
    ),
    (
        "seniors",
        "Maison des seniors",
        "",
        "service-municipal",
        "solidarites",
        "Clichy-sous-Bois",
        "Accueil, activités et prévention de l’isolement des personnes âgées.",
    ),
    (
        "pre",
        "Programme de réussite éducative",
        "PRE",
        "service-municipal",
        "solidarites",
        "Clichy-sous-Bois",
        "Parcours individualisés pour les enfants de 2 à 16 ans et leurs familles.",
    ),
    (
        "sante",
        "Service santé – Atelier Santé Ville",
        "ASV",
        "service-municipal",
        "solidarites",
        "Clichy-sous-Bois",
        "Contrat local de santé, prévention, accès aux soins.",
    ),
    (
        "education",
        "Direction des politiques éducatives",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "petite-enfance",
        "Maison de la petite enfance",
        "",
        "service-municipal",
        "education",
        "Clichy-sous-Bois",
        "Information des familles sur les modes d’accueil.",
    ),
    (
        "ram",
        "Relais d’assistants maternels",
        "RAM",
        "service-municipal",
        "education",
        "Clichy-sous-Bois",
        "Accompagnement des assistantes maternelles et des parents employeurs.",
    ),
    (
        "habitat",
        "Direction de l’habitat",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "logement-social",
        "Pôle logement social",
        "",
        "service-municipal",
        "habitat",
        "Clichy-sous-Bois",
        "Demandes de logement social, contingent communal.",
    ),
    (
        "hygiene",
        "Pôle hygiène et salubrité",
        "",
        "service-municipal",
        "habitat",
        "Clichy-sous-Bois",
        "Lutte contre l’habitat indigne.",
    ),
    (
        "vie-associative",
        "Direction de la vie associative et des quartiers",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "prevention",
        "Direction de la prévention, de la sécurité et de la tranquillité publiques",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "patrimoine",
        "Direction du patrimoine bâti",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "finances",
        "Direction des finances",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "marches",
        "Service des marchés publics",
        "",
        "service-municipal",
        "finances",
        "Clichy-sous-Bois",
        "Clause d’insertion dans les marchés de la commune.",
    ),
    (
        "environnement",
        "Direction de l’environnement et du cadre de vie",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "voirie",
        "Direction de la voirie et des réseaux divers",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "moyens",
        "Direction des moyens et de la gestion technique",
        "",
        "direction-municipale",
        "ville",
        "Clichy-sous-Bois",
        "",
    ),
    (
        "departement",
        "Département de la Seine-Saint-Denis",
        "",
        "departements",
        None,
        "Bobigny",
        "Co-signataire de la convention de coopération pour le projet social de territoire.",
    ),
    (
        "service-social",
        "Circonscription de service social de Clichy-sous-Bois",
        "",
        "departements",
        "departement",
        "Clichy-sous-Bois",
        "Service social départemental de secteur.",
    ),
    (
        "pmi",
        "Protection maternelle et infantile",
        "PMI",
        "departements",
        "departement",
        "Clichy-sous-Bois",
        "Consultations de PMI, suivi des jeunes enfants.",
    ),
    ("ase", "Aide sociale à l’enfance", "ASE", "ase", "departement", "Bobigny", ""),
    (
        "services-centraux",
        "Services centraux du Département",
        "",
        "departements",
        "departement",
        "Bobigny",
        "Observation sociale, partage de données.",
    ),
    (
        "caf",
        "Caisse d’allocations familiales de la Seine-Saint-Denis",
        "CAF 93",
        "caf",
        None,
        "Saint-Denis",
        "Prestations familiales, travail social, soutien aux équipements.",
    ),
    (
        "addai",
        "Agence départementale du développement de l’accueil individuel",
        "ADDAI",
        "delegataire-conseil-departemental",
        None,
        "Seine-Saint-Denis",
        "Développement de l’accueil individuel du jeune enfant.",
    ),
    (
        "bailleurs",
        "Bailleurs sociaux du territoire clichois",
        "",
        "bailleur-social",
        None,
        "Clichy-sous-Bois",
        "Les bailleurs sociaux présents à Clichy-sous-Bois, représentés ensemble.",
    ),
    ("commissariat", "Commissariat de police", "", "services-etat", None, "Clichy-sous-Bois", ""),
    (
        "mjd",
        "Maison de la Justice et du Droit",
        "MJD",
        "points-justice",
        None,
        "Clichy-sous-Bois",
        "Accès au droit, permanences juridiques, médiation.",
    ),
    ("sous-prefecture", "Sous-Préfecture du Raincy", "", "services-etat", None, "Le Raincy", ""),
    (
        "drihl",
        "Direction régionale et interdépartementale de l’hébergement et du logement",
        "DRIHL",
        "services-etat",
        None,
        "Paris",
        "",
    ),
    (
        "orcod",
        "Opérateurs de l’ORCOD du Bas-Clichy",
        "ORCOD",
        "entreprise",
        None,
        "Clichy-sous-Bois",
        "Opération de requalification des copropriétés dégradées du Bas-Clichy.",
    ),
    (
        "adsea",
        "ADSEA",
        "",
        "association",
        None,
        "Seine-Saint-Denis",
        "Prévention spécialisée, protection de l’enfance.",
    ),
    (
        "mission-locale",
        "Mission locale",
        "",
        "mission-locale",
        None,
        "Clichy-sous-Bois",
        "Accompagnement des jeunes de 16 à 25 ans.",
    ),
    (
        "ept",
        "Établissement public territorial Grand Paris – Grand Est",
        "GPGE",
        "communes",
        None,
        "Noisy-le-Grand",
        "",
    ),
    (
        "maison-habitat",
        "Maison de l’habitat",
        "",
        "service-municipal",
        "ept",
        "Clichy-sous-Bois",
        "Information et accompagnement des copropriétaires et locataires.",
    ),
    (
        "msp",
        "Maison des services publics",
        "",
        "france-service",
        "ept",
        "Clichy-sous-Bois",
        "Accueil et accompagnement dans les démarches administratives.",
    ),
    (
        "defi",
        "DEFI – Direction emploi, formation, insertion",
        "DEFI",
        "plie",
        "ept",
        "Clichy-sous-Bois",
        "Accompagnement emploi-insertion, guichet unique de la clause d’insertion.",
    ),
    (
        "cs-haut",
        "Centre social du Haut-Clichy",
        "",
        "centre-social",
        None,
        "Clichy-sous-Bois",
        "Centre social associatif ; accueille la garderie éphémère.",
    ),
    (
        "cs-bas",
        "Centre social du Bas-Clichy",
        "",
        "centre-social",
        None,
        "Clichy-sous-Bois",
        "Centre social associatif ; accueille la garderie éphémère.",
    ),
    (
        "e2s",
        "Scop E2S",
        "",
        "entreprise",
        None,
        "Seine-Saint-Denis",
        "Coopérative partenaire de la garderie éphémère.",
    ),
    (
        "france-travail",
        "France Travail – agence de Clichy-Montfermeil",
        "",
        "france-travail",
        None,
        "Clichy-sous-Bois",
        "",
    ),
    (
        "conseil-citoyen",
        "Conseil citoyen de Clichy-sous-Bois",
        "",
        "association",
        None,
        "Clichy-sous-Bois",
        "Association d’habitants associée au projet social de territoire.",
    ),
    (
        "odas",
        "Observatoire national de l’action sociale",
        "ODAS",
        "association",
        None,
        "Paris",
        "Recherche-action « Villes et vivre ensemble » et prévention des expulsions.",
    ),
    (
        "recherche-sante",
        "Unité de recherche en santé publique",
        "",
        "recherche",
        None,
        "Paris",
        "Partenaire méthodologique de la démarche PPEPS’.",
    ),
]

# Organisations partnered with the Département as a territory too.
DEPARTEMENT_ORGS = {
    "departement",
    "service-social",
    "pmi",
    "ase",
    "services-centraux",
    "caf",
    "addai",
    "adsea",
    "drihl",
}

FIRST_NAMES = [
    "Camille",
    "Nadia",
    "Karim",
    "Sophie",
    "Moussa",
    "Claire",
    "Yasmine",
    "Thomas",
    "Aïcha",
    "Julien",
    "Fatou",
    "Olivier",
    "Leïla",
    "Mathieu",
    "Inès",
    "Bruno",
    "Samia",
    "Pierre",
    "Mariam",
    "Antoine",
    "Élodie",
    "Hamid",
    "Lucie",
    "Rachid",
]
LAST_NAMES = [
    "Demoreau",
    "Fictivel",
    "Lambrecht",
    "Exempier",
    "Vautrinel",
    "Modelin",
    "Bensimul",
    "Castagnol",
    "Imaginet",
    "Prototte",
    "Diallomé",
    "Fauxbourg",
    "Tessaroli",
    "Échantin",
    "Marmoudi",
    "Ravelloux",
]

JOB_TITLES = {
    "solidarites": ["Directrice des solidarités"],
    "ccas": ["Responsable du CCAS", "Travailleur social"],
    "seniors": ["Coordinatrice de la Maison des seniors"],
    "pre": ["Référente de parcours"],
    "sante": ["Coordinateur de l’Atelier Santé Ville"],
    "petite-enfance": ["Responsable de la Maison de la petite enfance"],
    "ram": ["Animatrice du RAM"],
    "logement-social": ["Chargé de la demande de logement social"],
    "hygiene": ["Inspecteur de salubrité"],
    "vie-associative": ["Chargée de la vie des quartiers"],
    "marches": ["Acheteuse publique"],
    "service-social": ["Responsable de circonscription", "Assistante sociale"],
    "pmi": ["Médecin de PMI", "Puéricultrice"],
    "services-centraux": ["Chargé d’observation sociale"],
    "caf": ["Conseillère territoriale", "Travailleur social CAF"],
    "addai": ["Chargée de développement"],
    "bailleurs": ["Conseillère sociale"],
    "mjd": ["Greffière de la MJD"],
    "orcod": ["Travailleur social de l’opérateur"],
    "adsea": ["Éducateur de prévention spécialisée"],
    "mission-locale": ["Conseillère en insertion"],
    "maison-habitat": ["Conseiller habitat"],
    "msp": ["Agente d’accueil"],
    "defi": ["Chargé de la clause d’insertion"],
    "cs-haut": ["Directrice du centre social"],
    "cs-bas": ["Directeur du centre social"],
    "e2s": ["Coordinatrice petite enfance"],
    "conseil-citoyen": ["Membre du bureau"],
}

DEMO_DOMAIN = "demo.maillage.fr"


def _person(index: int) -> str:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}"


def _territory(ctx: DemoContext, key: str, **fields: Any) -> Territory:
    territory = Territory.objects.filter(slug=fields["slug"]).first()
    if territory is None:
        territory = services.create_territory(actor=None, **fields)
    ctx.territories[key] = territory
    return territory


# A SIRET of the Département de la Seine-Saint-Denis (SIREN 229300082), Luhn-valid.
DEMO_SIRETS = {"departement": "22930008200018"}


def _organisation(ctx: DemoContext, territory: Territory, row: tuple) -> Organisation:
    key, name, acronym, kind, parent_key, city, description = row
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation = services.create_organisation(
            actor=None,
            territory=territory,
            name=name,
            acronym=acronym,
            kind=kind,
            parent=ctx.organisations.get(parent_key) if parent_key else None,
            city=city,
            description=description,
            # The local ProConnect of `make demo PROCONNECT=1` signs agents in with this
            # SIRET: they are matched to the Département by its SIREN.
            siret=DEMO_SIRETS.get(key, ""),
        )
    ctx.organisations[key] = organisation
    return organisation


def _invited(
    ctx: DemoContext,
    *,
    key: str,
    email: str,
    full_name: str,
    territory: Territory,
    role: str,
    organisation: Organisation | None,
    job_title: str,
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        invitation = account_services.invite(
            actor=None,
            territory=territory,
            email=email,
            role=role,
            organisation=organisation,
            full_name=full_name,
            job_title=job_title,
            send_email=False,
        )
        user = account_services.accept_invitation(
            invitation=invitation,
            full_name=full_name,
            password=DEMO_PASSWORD,
            phone="01 00 00 00 00",
        )
    ctx.users[key] = user
    return user


def _demo_mfa(user: User, label: str) -> str:
    """A TOTP device with a secret derived from the label, so the printed secret stays the
    same from one load to the next; and backup codes."""
    key = hashlib.sha1(f"maillage-demo-{label}".encode(), usedforsecurity=False).hexdigest()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="démo", key=key, confirmed=True)
    if not StaticDevice.objects.filter(user=user, name="backup").exists():
        account_services.regenerate_backup_codes(user=user)
    import base64

    return base64.b32encode(bytes.fromhex(device.key)).decode()


def load(ctx: DemoContext) -> None:
    ssd = _territory(
        ctx,
        SSD,
        name="Seine-Saint-Denis",
        slug=SSD,
        insee_code="93",
        kind=Territory.Kind.DEPARTEMENT,
        description="Le Département co-signe la convention de coopération pour la mise en "
        "œuvre du projet social de territoire de Clichy-sous-Bois.",
    )
    clichy = _territory(
        ctx,
        CLICHY,
        name="Clichy-sous-Bois",
        slug=CLICHY,
        insee_code="93014",
        kind=Territory.Kind.COMMUNE,
        parent=ssd,
        # The Département co-signs the convention and co-pilots axes: Clichy shares
        # everything with it (core/sharing.py).
        department_sharing=sharing.everything(),
        description="Projet social de territoire adopté en 2014 : quatre axes, une trentaine "
        "de partenaires, plusieurs dizaines d’actions pluripartenariales.\n\n" + DEMO_NOTICE,
    )
    for kind, code, name in [
        (GeoUnit.Kind.COMMUNE, "93014", "Clichy-sous-Bois"),
        (GeoUnit.Kind.QUARTIER, "BAS-CLICHY", "Bas-Clichy"),
        (GeoUnit.Kind.QUARTIER, "HAUT-CLICHY", "Haut-Clichy"),
    ]:
        if not GeoUnit.objects.filter(territory=clichy, kind=kind, code=code).exists():
            services.create_geounit(actor=None, territory=clichy, kind=kind, code=code, name=name)
    if not GeoUnit.objects.filter(territory=ssd, kind=GeoUnit.Kind.COMMUNE, code="93014").exists():
        services.create_geounit(
            actor=None,
            territory=ssd,
            kind=GeoUnit.Kind.COMMUNE,
            code="93014",
            name="Clichy-sous-Bois",
        )

    for row in ORGANISATIONS:
        organisation = _organisation(ctx, clichy, row)
        if (
            row[0] in DEPARTEMENT_ORGS
            and not Partnership.objects.filter(territory=ssd, organisation=organisation).exists()
        ):
            services.add_partnership(actor=None, territory=ssd, organisation=organisation)

    # Invented professionals in each partner organisation.
    index = 0
    for key, titles in JOB_TITLES.items():
        for title in titles:
            name = _person(index)
            email = f"{key}.{index}@{DEMO_DOMAIN}"
            territory = ssd if key in DEPARTEMENT_ORGS and key != "caf" else clichy
            _invited(
                ctx,
                key=f"{key}.{index}",
                email=email,
                full_name=name,
                territory=territory,
                role=Role.PARTNER,
                organisation=ctx.organisations[key],
                job_title=title,
            )
            index += 1

    # One account per role.
    coordinator = _invited(
        ctx,
        key="coordinator",
        email=f"coordination@{DEMO_DOMAIN}",
        full_name="Camille Coordinel",
        territory=clichy,
        role=Role.COORDINATOR,
        organisation=ctx.organisations["solidarites"],
        job_title="Chargée de mission Projet social de territoire",
    )
    partner = _invited(
        ctx,
        key="partner",
        email=f"partenaire@{DEMO_DOMAIN}",
        full_name="Karim Partenel",
        territory=clichy,
        role=Role.PARTNER,
        organisation=ctx.organisations["caf"],
        job_title="Conseiller territorial CAF",
    )
    elected = _invited(
        ctx,
        key="elected",
        email=f"elu@{DEMO_DOMAIN}",
        full_name="Nadia Élumont",
        territory=clichy,
        role=Role.ELECTED,
        organisation=ctx.organisations["ville"],
        job_title="Adjointe au maire chargée des solidarités",
    )
    departement = _invited(
        ctx,
        key="departement",
        email=f"departement@{DEMO_DOMAIN}",
        full_name="Olivier Départel",
        territory=ssd,
        role=Role.PARTNER,
        organisation=ctx.organisations["services-centraux"],
        job_title="Chargé de mission développement social territorial",
    )
    resident = User.objects.filter(email=f"habitant@{DEMO_DOMAIN}").first()
    if resident is None:
        resident = account_services.sign_up_resident(
            email=f"habitant@{DEMO_DOMAIN}",
            full_name="Sami Habitel",
            password=DEMO_PASSWORD,
            territory=clichy,
            send_email=False,
        )
        account_services.verify_email(token=account_services.verification_token(resident, clichy))
    ctx.users["resident"] = resident
    admin = User.objects.filter(email=f"admin@{DEMO_DOMAIN}").first()
    if admin is None:
        admin = User.objects.create_superuser(
            email=f"admin@{DEMO_DOMAIN}", password=DEMO_PASSWORD, full_name="Alex Adminot"
        )
    ctx.users["admin"] = admin
    coordinator_secret = _demo_mfa(coordinator, "coordination")
    admin_secret = _demo_mfa(admin, "admin")

    ctx.accounts += [
        {
            "role": "Coordination (MFA)",
            "email": coordinator.email,
            "password": DEMO_PASSWORD,
            "extra": f"clé TOTP {coordinator_secret} — ou `make demo-code` pour le code du moment",
        },
        {"role": "Partenaire (CAF)", "email": partner.email, "password": DEMO_PASSWORD},
        {"role": "Élue", "email": elected.email, "password": DEMO_PASSWORD},
        {
            "role": "Partenaire (Département 93)",
            "email": departement.email,
            "password": DEMO_PASSWORD,
        },
        {"role": "Habitant", "email": resident.email, "password": DEMO_PASSWORD},
        {
            "role": "Administration (MFA)",
            "email": admin.email,
            "password": DEMO_PASSWORD,
            "extra": f"clé TOTP {admin_secret}",
        },
    ]
    ctx.log(
        f"  {Organisation.objects.partners_of(clichy).count()} organisations partenaires, "
        f"{clichy.memberships.count()} appartenances à {clichy.name} "
        f"({timezone.localdate():%d/%m/%Y})"
    )
