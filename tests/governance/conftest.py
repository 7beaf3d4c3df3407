import pytest

from maillage.core.roles import Visibility
from tests.governance import builders


@pytest.fixture
def committee(world):  # type: ignore[no-untyped-def]
    """A public committee whose minutes are for members: ``org_member`` sits in it with the
    ``member`` actor as titular; the ``partner`` actor is its secretary."""
    return builders.body(
        world.territory,
        name="Comité technique Familles",
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
        secretary=world.users["partner"],
        visibility=Visibility.PUBLIC,
        documents=Visibility.MEMBERS,
    )
