"""What the organisation page hands to the panels other capabilities add to it."""

from dataclasses import dataclass

from maillage.territories.models import Organisation, Territory


@dataclass(frozen=True)
class OrganisationHere:
    """An organisation as seen from one territory (slot ``organisation_detail``): a partner
    of several territories shows, on each, what it does there."""

    organisation: Organisation
    territory: Territory
