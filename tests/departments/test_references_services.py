"""Services of the shared reference lists: French refusals that change nothing,
publication, mapping, adoption through the owning app's service."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from maillage.core.audit import AuditEntry
from maillage.departments import selectors_references as selectors
from maillage.departments import services_references as services
from maillage.departments.models_references import (
    LocalMapping,
    ReferenceItem,
    ReferenceKind,
    ReferenceList,
)
from maillage.evaluation.models import Campaign
from maillage.evaluation.services import campaigns as campaign_services
from maillage.governance.models import Body
from maillage.observatory.models import Indicator
from tests.departments.references_support import (
    BODY,
    INDICATOR,
    QUESTION,
    THEMES,
    published_item,
    setup,
)

pytestmark = pytest.mark.django_db


def test_create_item_is_a_draft_until_published():
    s = setup()
    item = services.create_item(
        actor=s.dep_coordinator, territory=s.department, kind=THEMES, code="logement",
        label="Logement",
    )  # fmt: skip
    assert item.published_in is None
    assert selectors.commune_lists(s.commune) == []
    the_list = services.publish(actor=s.dep_coordinator, territory=s.department, kind=THEMES)
    assert the_list.version == 1 and the_list.published_at is not None
    lists = selectors.commune_lists(s.commune)
    assert [row.item for row in lists[0].rows] == [ReferenceItem.objects.get(pk=item.pk)]
    assert AuditEntry.objects.filter(action="references.publish").count() == 1


def test_publish_with_nothing_new_is_refused():
    s = setup()
    published_item(s, THEMES, "logement", "Logement")
    with pytest.raises(ValidationError) as exc:
        services.publish(actor=s.dep_coordinator, territory=s.department, kind=THEMES)
    assert "Rien à publier" in exc.value.messages[0]
    assert ReferenceList.objects.get(kind=THEMES).version == 1


@pytest.mark.parametrize(
    ("kind", "payload", "field", "message"),
    [
        (ReferenceKind.INDICATORS, {**INDICATOR, "formula": "P_POP +"}, "formula", ""),
        (ReferenceKind.INDICATORS, {**INDICATOR, "theme": "inconnu"}, "theme", "thème"),
        (ReferenceKind.EVALUATION_GRID, {"text": "", "answer_type": "text"}, "text", "question"),
        (ReferenceKind.EVALUATION_GRID, {**QUESTION, "answer_type": "x"}, "answer_type", "type"),
        (ReferenceKind.BODY_TEMPLATES, {**BODY, "body_kind": "x"}, "body_kind", "instance"),
    ],
)
def test_bad_payload_is_refused_in_french(kind, payload, field, message):
    s = setup()
    with pytest.raises(ValidationError) as exc:
        services.create_item(
            actor=s.dep_coordinator, territory=s.department, kind=kind, code="x", label="X",
            payload=payload,
        )  # fmt: skip
    assert field in exc.value.message_dict
    assert message in exc.value.message_dict[field][0]
    assert not ReferenceItem.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="references.").exists()


def test_unknown_payload_field_and_duplicate_code_are_refused():
    s = setup()
    with pytest.raises(ValidationError, match="Champs inconnus"):
        services.create_item(
            actor=s.dep_coordinator, territory=s.department, kind=THEMES, code="a", label="A",
            payload={"unit": "%"},
        )  # fmt: skip
    services.create_item(
        actor=s.dep_coordinator, territory=s.department, kind=THEMES, code="a", label="A"
    )
    with pytest.raises(ValidationError) as exc:
        services.create_item(
            actor=s.dep_coordinator, territory=s.department, kind=THEMES, code="a", label="B"
        )
    assert "déjà pris" in exc.value.message_dict["code"][0]
    assert ReferenceItem.objects.count() == 1


def test_a_commune_does_not_publish():
    s = setup()
    with pytest.raises(ValidationError, match="Seul un Département"):
        services.create_item(
            actor=s.coordinator, territory=s.commune, kind=THEMES, code="a", label="A"
        )
    assert not ReferenceList.objects.exists()


def test_update_makes_a_published_item_a_draft_again():
    s = setup()
    item = published_item(s, THEMES, "logement", "Logement")
    services.update_item(
        actor=s.dep_coordinator, item=item, code="logement", label="Logement et habitat"
    )
    item.refresh_from_db()
    assert item.published_in is None
    # The communes no longer see it until the next version.
    assert selectors.commune_lists(s.commune)[0].rows == []
    services.publish(actor=s.dep_coordinator, territory=s.department, kind=THEMES)
    assert selectors.commune_lists(s.commune)[0].rows[0].item.label == "Logement et habitat"


def test_archive_hides_the_item_and_keeps_mappings():
    s = setup()
    item = published_item(s, THEMES, "logement", "Logement")
    services.map_item(actor=s.coordinator, territory=s.commune, item=item, local_key="none")
    services.archive_item(actor=s.dep_coordinator, item=item)
    assert selectors.commune_lists(s.commune)[0].rows == []
    assert LocalMapping.objects.filter(item=item).exists()
    with pytest.raises(ValidationError, match="déjà archivé"):
        services.archive_item(actor=s.dep_coordinator, item=item)


def test_map_to_a_local_theme_none_and_undo():
    s = setup()
    item = published_item(s, THEMES, "logement", "Logement")
    mapping = services.map_item(
        actor=s.coordinator, territory=s.commune, item=item, local_key="participation:housing"
    )
    assert mapping is not None and mapping.status == LocalMapping.Status.MAPPED
    with pytest.raises(ValidationError) as exc:
        services.map_item(
            actor=s.coordinator, territory=s.commune, item=item, local_key="participation:x"
        )
    assert "Choisissez un élément local" in exc.value.message_dict["local_key"][0]
    assert LocalMapping.objects.get().local_key == "participation:housing"
    services.map_item(actor=s.coordinator, territory=s.commune, item=item, local_key="none")
    assert LocalMapping.objects.get().status == LocalMapping.Status.NO_EQUIVALENT
    services.map_item(actor=s.coordinator, territory=s.commune, item=item, local_key="")
    assert not LocalMapping.objects.exists()
    assert AuditEntry.objects.filter(action="references.map").count() == 3


def test_a_draft_or_another_departments_item_is_not_mapped():
    s = setup()
    other = setup()
    foreign_item = published_item(other, THEMES, "logement", "Logement")
    draft = services.create_item(
        actor=s.dep_coordinator, territory=s.department, kind=THEMES, code="a", label="A"
    )
    for item in (foreign_item, draft):
        with pytest.raises(ValidationError, match="ne fait pas partie"):
            services.map_item(actor=s.coordinator, territory=s.commune, item=item, local_key="none")
    assert not LocalMapping.objects.exists()


def test_adopt_an_indicator_creates_the_catalogue_entry():
    s = setup()
    item = published_item(s, ReferenceKind.INDICATORS, "part-jeunes-inventee", "Part inventée",
                          INDICATOR)  # fmt: skip
    mapping = services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)
    indicator = Indicator.objects.get(code="part-jeunes-inventee")
    assert indicator.unit == "%" and indicator.formula == INDICATOR["formula"]
    assert mapping.status == LocalMapping.Status.ADOPTED and mapping.local_key == indicator.code
    assert AuditEntry.objects.filter(
        action="observatory.indicator_create", territory=s.commune
    ).exists()
    with pytest.raises(ValidationError, match="déjà adopté"):
        services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)


def test_adopting_an_existing_indicator_code_is_refused():
    s = setup()
    Indicator.objects.create(code="deja-la", name="Déjà là", theme="demography", formula="P_POP")
    item = published_item(s, ReferenceKind.INDICATORS, "deja-la", "Déjà là", INDICATOR)
    with pytest.raises(ValidationError, match="existe déjà"):
        services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)
    assert not LocalMapping.objects.exists()


def test_adopt_a_body_template_creates_the_body():
    s = setup()
    item = published_item(s, ReferenceKind.BODY_TEMPLATES, "groupe-sante", "Groupe santé", BODY)
    mapping = services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)
    body = Body.objects.get(territory=s.commune)
    assert body.name == "Groupe santé" and body.kind == "working_group"
    assert mapping.local_key == str(body.pk)
    assert AuditEntry.objects.filter(action="body.create").exists()


def test_adopt_a_question_needs_a_campaign_then_adds_it():
    s = setup()
    item = published_item(s, ReferenceKind.EVALUATION_GRID, "participation", "Participation",
                          QUESTION)  # fmt: skip
    with pytest.raises(ValidationError, match="campagne"):
        services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)
    assert not LocalMapping.objects.exists()
    campaign_services.open_campaign(
        actor=s.coordinator, territory=s.commune, year=2025,
        bilans_due_on=datetime.date(2026, 3, 1), questionnaire_due_on=datetime.date(2026, 3, 1),
    )  # fmt: skip
    services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)
    questions = Campaign.objects.get().questions
    assert questions[-1] == {"key": "participation", "label": "Participation",
                             "text": QUESTION["text"]}  # fmt: skip


def test_themes_are_mapped_not_adopted():
    s = setup()
    item = published_item(s, THEMES, "logement", "Logement")
    with pytest.raises(ValidationError, match="listes nationales"):
        services.adopt_item(actor=s.coordinator, territory=s.commune, item=item)


def test_set_mappings_is_all_or_nothing():
    s = setup()
    a = published_item(s, THEMES, "logement", "Logement")
    b = ReferenceItem.objects.create(
        reference_list=a.reference_list, code="sante", label="Santé", published_in=1
    )
    with pytest.raises(ValidationError):
        services.set_mappings(
            actor=s.coordinator, territory=s.commune,
            mappings={a.pk: "participation:housing", b.pk: "inconnu"},
        )  # fmt: skip
    assert not LocalMapping.objects.exists()
    with pytest.raises(ValidationError, match="Éléments inconnus"):
        services.set_mappings(actor=s.coordinator, territory=s.commune, mappings={999999: "none"})
    services.set_mappings(
        actor=s.coordinator, territory=s.commune,
        mappings={a.pk: "participation:housing", b.pk: "none"},
    )  # fmt: skip
    assert LocalMapping.objects.count() == 2
