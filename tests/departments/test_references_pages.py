"""Pages and API of the shared reference lists: the Département's coordinator writes and
publishes, a commune's coordinator maps and adopts, partners read; query counts stay
constant; the thématiques' aggregate counts only what communes share."""

import json

import pytest
from django.urls import reverse

from maillage.core import sharing
from maillage.departments import selectors_references as selectors
from maillage.departments import services_references as services
from maillage.departments.models_references import LocalMapping, ReferenceItem, ReferenceKind
from maillage.governance.models import Body
from maillage.participation.models import Contribution
from maillage.participation.models.contributions import ModerationState
from maillage.territories.models import Territory
from tests.departments.references_support import BODY, THEMES, published_item, setup
from tests.factories import TerritoryFactory
from tests.queries import assert_constant_queries
from tests.watch.builders import signal

pytestmark = pytest.mark.django_db


def _url(territory, name="departments:references", **kwargs):
    return reverse(name, kwargs={"territory_slug": territory.slug, **kwargs})


def test_department_coordinator_creates_edits_publishes_archives(client_for):
    s = setup()
    client = client_for(s.dep_coordinator)
    page = client.get(_url(s.department))
    assert page.status_code == 200
    assert "Publier une nouvelle version" in page.content.decode()
    create = _url(s.department, "departments:reference_item_create", kind=THEMES)
    form_page = client.get(create)
    assert form_page.status_code == 200 and 'name="code"' in form_page.content.decode()
    refused = client.post(create, {"code": "", "label": ""})
    assert refused.status_code == 400
    assert not ReferenceItem.objects.exists()
    done = client.post(create, {"code": "logement", "label": "Logement", "description": ""})
    assert done.status_code == 302
    item = ReferenceItem.objects.get()
    edit = _url(s.department, "departments:reference_item_edit", item_id=item.pk)
    assert client.get(edit).status_code == 200
    client.post(edit, {"code": "logement", "label": "Logement et habitat", "description": ""})
    item.refresh_from_db()
    assert item.label == "Logement et habitat"
    client.post(_url(s.department, "departments:reference_publish", kind=THEMES))
    item.refresh_from_db()
    assert item.published_in == 1
    again = client.post(_url(s.department, "departments:reference_publish", kind=THEMES),
                        follow=True)  # fmt: skip
    assert "Rien à publier" in again.content.decode()
    client.post(_url(s.department, "departments:reference_item_archive", item_id=item.pk))
    item.refresh_from_db()
    assert item.is_archived


def test_department_partner_reads_without_edit_buttons(client_for):
    s = setup()
    published_item(s, THEMES, "logement", "Logement")
    client = client_for(s.dep_partner)
    page = client.get(_url(s.department)).content.decode()
    assert "Logement" in page and "Publier une nouvelle version" not in page
    create = _url(s.department, "departments:reference_item_create", kind=THEMES)
    assert client.get(create).status_code == 403


def test_unknown_kind_and_foreign_item_answer_404(client_for):
    s = setup()
    other = setup()
    foreign = published_item(other, THEMES, "logement", "Logement")
    client = client_for(s.dep_coordinator)
    assert client.get(_url(s.department, "departments:reference_item_create",
                           kind="inconnu")).status_code == 404  # fmt: skip
    assert client.get(_url(s.department, "departments:reference_item_edit",
                           item_id=foreign.pk)).status_code == 404  # fmt: skip


def test_commune_coordinator_maps_and_adopts(client_for):
    s = setup()
    theme = published_item(s, THEMES, "logement", "Logement")
    body = published_item(s, ReferenceKind.BODY_TEMPLATES, "groupe-sante", "Groupe santé", BODY)
    client = client_for(s.coordinator)
    page = client.get(_url(s.commune)).content.decode()
    assert "0 sur 2 éléments rapprochés" in page
    assert "Version 1 publiée" in page
    client.post(
        _url(s.commune, "departments:reference_map", item_id=theme.pk),
        {f"item-{theme.pk}-local_key": "participation:housing"},
    )
    client.post(_url(s.commune, "departments:reference_adopt", item_id=body.pk))
    assert Body.objects.filter(territory=s.commune, name="Groupe santé").exists()
    page = client.get(_url(s.commune)).content.decode()
    assert "2 sur 2 éléments rapprochés" in page
    # A refused choice is said, nothing changes.
    said = client.post(
        _url(s.commune, "departments:reference_map", item_id=theme.pk),
        {f"item-{theme.pk}-local_key": "inconnu"},
        follow=True,
    ).content.decode()
    assert "Sélectionnez un choix valide" in said or "Choisissez" in said
    assert LocalMapping.objects.get(item=theme).local_key == "participation:housing"


def test_commune_partner_reads_without_forms(client_for):
    s = setup()
    theme = published_item(s, THEMES, "logement", "Logement")
    client = client_for(s.partner)
    page = client.get(_url(s.commune)).content.decode()
    assert "Logement" in page and "Adopter" not in page and "<select" not in page
    refused = client.post(_url(s.commune, "departments:reference_map", item_id=theme.pk),
                          {f"item-{theme.pk}-local_key": "none"})  # fmt: skip
    assert refused.status_code == 403
    assert not LocalMapping.objects.exists()


def test_department_page_queries_constant(client_for):
    s = setup()
    client = client_for(s.dep_coordinator)
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            commune = TerritoryFactory(parent=s.department)
            item = published_item(s, THEMES, f"theme-{i}", f"Thème {i}")
            services.map_item(actor=None, territory=commune, item=item, local_key="none")
            services.create_item(actor=None, territory=s.department,
                                 kind=ReferenceKind.BODY_TEMPLATES, code=f"b{i}",
                                 label=f"Modèle {i}", payload=BODY)  # fmt: skip

    grow(1)
    assert_constant_queries(client, _url(s.department), grow, factor=4)


def test_commune_page_queries_constant(client_for):
    s = setup()
    client = client_for(s.coordinator)
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            theme = published_item(s, THEMES, f"theme-{i}", f"Thème {i}")
            services.map_item(actor=None, territory=s.commune, item=theme, local_key="none")
            published_item(s, ReferenceKind.BODY_TEMPLATES, f"b{i}", f"Modèle {i}", BODY)
            Body.objects.create(territory=s.commune, kind="other", name=f"Instance {i}")

    grow(1)
    assert_constant_queries(client, _url(s.commune), grow, factor=4)


def test_theme_counts_follow_mappings_and_sharing():
    s = setup()
    theme = published_item(s, THEMES, "famille", "Famille")
    signal(s.commune, author=s.coordinator, organisation=s.org)
    signal(s.commune, author=s.coordinator, organisation=s.org)
    Contribution.objects.create(
        territory=s.commune, kind="need", category="childcare", title="Inventé",
        text="Texte inventé.", moderation=ModerationState.PUBLISHED,
    )  # fmt: skip
    assert selectors.theme_counts(s.department)[0].signals == 0  # not mapped yet
    services.map_item(actor=s.coordinator, territory=s.commune, item=theme,
                      local_key="watch:famille")  # fmt: skip
    row = selectors.theme_counts(s.department)[0]
    assert (row.signals, row.contributions, row.commune_count) == (2, 0, 1)
    Territory.objects.filter(pk=s.commune.pk).update(
        department_sharing={**sharing.everything(), "watch": sharing.Level.NONE}
    )
    assert selectors.theme_counts(s.department)[0].signals == 0


# --------------------------------------------------------------------------- API


def test_api_lists_mappings_and_put(client_for):
    s = setup()
    theme = published_item(s, THEMES, "logement", "Logement")
    dep_client = client_for(s.dep_partner)
    lists = dep_client.get(f"/api/v1/departments/{s.department.slug}/references").json()["items"]
    assert [entry["kind"] for entry in lists] == ReferenceKind.values
    themes = next(entry for entry in lists if entry["kind"] == THEMES)
    assert themes["version"] == 1 and themes["items"][0]["code"] == "logement"

    client = client_for(s.coordinator)
    url = f"/api/v1/departments/{s.commune.slug}/references/mappings"
    bad = client.put(url, json.dumps({"mappings": [{"item_id": theme.pk, "local_key": "x"}]}),
                     content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    assert not LocalMapping.objects.exists()
    ok = client.put(url, json.dumps({"mappings": [{"item_id": theme.pk, "local_key": "none"}]}),
                    content_type="application/json")  # fmt: skip
    assert ok.status_code == 200
    assert ok.json() == [{"item_id": theme.pk, "kind": THEMES, "item_code": "logement",
                          "status": "none", "local_key": ""}]  # fmt: skip
    assert client_for(s.partner).get(url).json()["items"][0]["status"] == "none"
    refused = client_for(s.partner).put(url, json.dumps({"mappings": []}),
                                        content_type="application/json")  # fmt: skip
    assert refused.status_code == 403
