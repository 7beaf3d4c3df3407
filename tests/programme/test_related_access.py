"""A fiche's « Actions liées »: its page and the API list the related fiches the reader may
see, and nothing of the others. ``selectors.action_or_404`` prefetches them through
``access.prefetch_visible_if_any``, which builds the access filter only when the fiche has
related fiches at all; these tests hold it to ``visible()`` for every reader."""

import pytest

from maillage.core import access
from maillage.core.roles import Visibility
from maillage.programme import selectors, services
from maillage.programme.models import Action
from tests.factories import OrganisationFactory
from tests.programme import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(scene):  # type: ignore[no-untyped-def]
    """The garderie linked to a public fiche, a fiche for members and a fiche restricted to
    a third organisation."""
    territory = scene["territory"]
    third = OrganisationFactory(name="Association tierce", partner_of=[territory])
    related = {
        "public": factories.action(
            territory, "6.1.1", title="Fiche publique liée", visibility=Visibility.PUBLIC
        ),
        "members": factories.action(
            territory, "6.1.2", title="Fiche des membres liée", visibility=Visibility.MEMBERS
        ),
        "restricted": factories.action(
            territory,
            "6.1.3",
            title="Fiche réservée liée",
            pilots=[third],
            visibility=Visibility.RESTRICTED,
            restricted_to=[third],
        ),
    }
    garderie = scene["garderie"]
    garderie.visibility = Visibility.PUBLIC
    garderie.save(update_fields=["visibility"])
    services.update_action(actor=None, action=garderie, related=list(related.values()))
    return related


READERS = ("coordinator", "pilot", "outsider")


@pytest.mark.parametrize("reader", READERS)
def test_the_related_fiches_are_those_the_reader_may_see(scene, linked, reader, client_for):
    user = scene[reader]
    garderie = scene["garderie"]
    expected = list(
        access.visible(user, Action.objects.filter(pk__in=[a.pk for a in linked.values()]))
        .order_by("sort_key")
        .values_list("code", flat=True)
    )
    assert "6.1.1" in expected  # each reader sees some of them…
    assert "6.1.3" not in expected  # …and none the fiche reserved to a third organisation

    action = selectors.action_or_404(user, scene["territory"], garderie.pk)
    assert [a.code for a in action.related.all()] == expected

    page = client_for(user).get(garderie.get_absolute_url()).content.decode()
    for key, fiche in linked.items():
        assert (fiche.title in page) == (fiche.code in expected), key
        assert (f'href="{fiche.get_absolute_url()}"' in page) == (fiche.code in expected), key

    answer = client_for(user).get(f"/api/v1/territories/clichy/actions/{garderie.pk}")
    assert answer.status_code == 200
    assert answer.json()["related"] == expected


def test_the_anonymous_reader_sees_the_public_ones_only(scene, linked, client):  # type: ignore[no-untyped-def]
    garderie = scene["garderie"]
    page = client.get(garderie.get_absolute_url()).content.decode()
    assert linked["public"].title in page
    assert linked["members"].title not in page
    assert linked["restricted"].title not in page


def test_no_access_filter_is_built_for_a_fiche_without_related_fiches(scene, monkeypatch):  # type: ignore[no-untyped-def]
    built: list[object] = []
    real_visible = access.visible

    def spy(user, queryset):  # type: ignore[no-untyped-def]
        built.append(queryset.model)
        return real_visible(user, queryset)

    monkeypatch.setattr(access, "visible", spy)
    clause = scene["clause"]  # no related fiche
    action = selectors.action_or_404(scene["outsider"], scene["territory"], clause.pk)
    assert list(action.related.all()) == []
    assert built == []
    # With related fiches, the filter is built (and keeps what it must).
    services.update_action(actor=None, action=clause, related=[scene["garderie"]])
    action = selectors.action_or_404(scene["outsider"], scene["territory"], clause.pk)
    assert built == [Action]
    assert [a.pk for a in action.related.all()] == [
        a.pk
        for a in real_visible(scene["outsider"], Action.objects.filter(pk=scene["garderie"].pk))
    ]
