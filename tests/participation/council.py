"""A Conseil citoyen for the tests, made through the services."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

import altcha

from maillage.governance.models import Body
from maillage.participation import altcha as proof
from maillage.participation import services
from tests.governance import builders as governance

SOURCE = "\n".join(
    [
        "id;nom;quartier;genre",
        *(
            f"H{n:03d};Habitant {n};{('Bas-Clichy', 'Chêne-Pointu', 'Haut-Clichy')[n % 3]};"
            f"{'F' if n % 2 else 'M'}"
            for n in range(1, 31)
        ),
    ]
)


def council(territory: Any, coordinator: Any, *, member: Any = None, name: str = "") -> Body:
    """A public Conseil citoyen, with ``member`` (an account) in the residents' college and
    an association in the other, and a comité stratégique to interpellate."""
    body = governance.body(
        territory,
        name=name or "Conseil citoyen de la commune",
        kind=Body.Kind.CITIZEN_COUNCIL,
    )
    if not Body.objects.filter(territory=territory, kind=Body.Kind.STRATEGIC).exists():
        governance.body(territory, name="Comité stratégique du PST", kind=Body.Kind.STRATEGIC)
    if member is not None:
        services.add_council_member(
            actor=coordinator,
            body=body,
            college="residents",
            display_name="Nadia B.",
            user=member,
            started_on=datetime.date(2024, 1, 1),
        )
    services.add_council_member(
        actor=coordinator,
        body=body,
        college="associations",
        display_name="Association des locataires",
        started_on=datetime.date(2024, 1, 1),
    )
    return body


def solved_payload() -> str:
    """A valid ALTCHA payload, solved in Python as the widget would in the browser."""
    challenge = proof.new_challenge()
    solution = altcha.solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()
