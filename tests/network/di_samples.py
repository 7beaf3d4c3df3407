"""data·inclusion v1 records for the exchange tests: every field the schema defines."""

from __future__ import annotations

import datetime
import json
from typing import Any

from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure


def _luhn_digit(digits: str) -> str:
    for candidate in "0123456789":
        total = 0
        for index, char in enumerate(reversed(digits + candidate)):
            value = int(char)
            if index % 2 == 1:
                value *= 2
                if value > 9:
                    value -= 9
            total += value
        if total % 10 == 0:
            return candidate
    raise AssertionError(digits)


def siret(seed: int) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check."""
    siren8 = f"{40000000 + seed:08d}"
    siren = siren8 + _luhn_digit(siren8)
    nic = f"{seed % 1000:04d}"
    return siren + nic + _luhn_digit(siren + nic)


TODAY = datetime.date.today()


def structure(number: int, **changes: Any) -> dict[str, Any]:
    record = {
        "source": "cd93",
        "id": f"cd93--structure-{number}",
        "nom": f"Association d’entraide numéro {number}",
        "date_maj": (TODAY - datetime.timedelta(days=number)).isoformat(),
        "description": "Une association de quartier qui accompagne les familles dans leurs démarches.",
        "lien_source": f"https://exemple.fr/structures/{number}",
        "siret": siret(number),
        "commune": "Clichy-sous-Bois",
        "code_postal": "93390",
        "code_insee": "93014",
        "adresse": f"{number} allée des Tilleuls",
        "complement_adresse": "Bâtiment B",
        "longitude": 2.5469,
        "latitude": 48.9104,
        "telephone": "01 43 00 00 0" + str(number % 10),
        "courriel": f"contact{number}@exemple.fr",
        "site_web": f"https://association{number}.exemple.fr/",
        "horaires_accueil": "Mo-Fr 09:00-12:00",
        "accessibilite_lieu": f"https://acceslibre.beta.gouv.fr/app/93/a/association/erp/{number}/",
        "reseaux_porteurs": ["ccas-cias", "caf"] if number % 2 else None,
    }
    record.update(changes)
    assert set(record) == set(DiStructure.model_fields), "every field of the schema"
    return record


def service(number: int, structure_number: int, **changes: Any) -> dict[str, Any]:
    record = {
        "source": "cd93",
        "structure_id": f"cd93--structure-{structure_number}",
        "id": f"cd93--service-{number}",
        "nom": f"Permanence logement numéro {number}",
        "description": "Accueil des familles en difficulté de logement, aide au maintien et prévention des expulsions.",
        "lien_source": f"https://exemple.fr/services/{number}",
        "date_maj": (TODAY - datetime.timedelta(days=number)).isoformat(),
        "type": "accompagnement",
        "thematiques": [
            "logement-hebergement--se-maintenir-dans-le-logement",
            "logement-hebergement--reduire-les-impayes-de-loyer",
        ],
        "frais": "payant",
        "frais_precisions": "5 € d’adhésion annuelle",
        "publics": ["familles", "seniors"],
        "publics_precisions": "Locataires du parc social",
        "conditions_acces": "Sur orientation d’un travailleur social",
        "commune": "Clichy-sous-Bois",
        "code_postal": "93390",
        "code_insee": "93014",
        "adresse": f"{number} rue de la Paix",
        "complement_adresse": "Rez-de-chaussée",
        "longitude": 2.55,
        "latitude": 48.91,
        "telephone": "+33143000000",
        "courriel": f"service{number}@exemple.fr",
        "modes_accueil": ["en-presentiel", "a-distance"],
        "zone_eligibilite": ["93014", "93"],
        "contact_nom_prenom": "Accueil du service",
        "lien_mobilisation": f"https://exemple.fr/mobiliser/{number}",
        "modes_mobilisation": ["telephoner", "envoyer-un-courriel"],
        "mobilisable_par": ["professionnels", "usagers"],
        "mobilisation_precisions": "Appeler le matin",
        "volume_horaire_hebdomadaire": 2.5,
        "nombre_semaines": 6,
        "horaires_accueil": "Tu,Th 14:00-17:00",
    }
    record.update(changes)
    assert set(record) == set(DiService.model_fields), "every field of the schema"
    return record


def as_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=2).encode()
