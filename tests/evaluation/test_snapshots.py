"""Issue 15: the frozen snapshot (immutable, hashed, verifiable, untouched by later
edits), year N against N-1, the reports read back in each format with secrecy held, the
resident summary, the questionnaire year over year and the reminders."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from maillage.evaluation import reports, selectors, services
from maillage.evaluation.models import Reminder, ReportEdition, Snapshot, sha256_of
from maillage.observatory.catalogue import install_catalogue
from maillage.programme import services as programme
from maillage.programme.models import Action, Measurement
from tests.clock import frozen
from tests.evaluation import builders
from tests.observatory import builders as observatory

RSA_SECRET = "commune;rsa\n93014;3\n"
RSA_MAPPING = {
    "geo_column": "commune",
    "level": "commune",
    "period": 2021,
    "period_column": "",
    "variables": {"rsa": "CAF_RSA"},
}


def closed_year(scene, year=2025):  # type: ignore[no-untyped-def]
    camp = builders.campaign(scene.territory, scene.actions, year=year)
    first = builders.submitted(builders.bilan_of(camp, scene.actions[0]))
    services.comment_bilan(
        actor=None, bilan=first, organisation=scene.centre, text="Le centre cosigne.", cosigned=True
    )
    builders.written(
        builders.bilan_of(camp, scene.actions[1]), achievements="Permanences numériques ouvertes."
    )
    builders.written(
        builders.bilan_of(camp, scene.actions[2]), achievements="Forum des associations."
    )
    return camp, services.close_collection(actor=scene.coordinator, campaign=camp)


def test_snapshot_is_frozen_hashed_and_later_edits_never_change_it(scene, client_for):  # type: ignore[no-untyped-def]
    camp, snapshot = closed_year(scene)
    camp.refresh_from_db()
    assert camp.state == camp.State.CLOSED
    assert snapshot.sha256 == sha256_of(snapshot.content) and snapshot.is_intact()
    text, digest = snapshot.content, snapshot.sha256
    # Later edits of the fiche, its measurements and status.
    action = scene.actions[0]
    programme.update_action(actor=None, action=action, title="Titre changé après coup")
    programme.change_status(actor=None, action=action, status=Action.Status.DONE, reason="Terminée")
    indicator = action.indicators.get()
    programme.record_measurement(
        actor=None, indicator=indicator, measured_on=datetime.date(2025, 12, 1), value=Decimal(99)
    )
    Measurement.objects.filter(indicator=indicator).update(value=Decimal(1))
    fresh = Snapshot.objects.get(pk=snapshot.pk)
    assert fresh.content == text and fresh.sha256 == digest
    assert fresh.data["programme"][0]["indicators"][0]["value"] == "35"
    assert "Titre changé" not in fresh.content
    # Written once: no update, no delete, no second close.
    fresh.content = "{}"
    with pytest.raises(ValidationError):
        fresh.save()
    with pytest.raises(ValidationError):
        Snapshot.objects.get(pk=snapshot.pk).delete()
    with pytest.raises(ValidationError, match="close"):
        services.close_collection(actor=None, campaign=camp)
    with pytest.raises(ValidationError, match="close"):
        builders.written(builders.bilan_of(camp, scene.actions[1]))
    page = client_for(scene.caf_user).get(
        reverse("evaluation:snapshot", args=[scene.territory.slug, 2025])
    )
    html = page.content.decode()
    assert "Intègre" in html and digest in html
    raw = client_for(scene.caf_user).get(
        reverse("evaluation:snapshot_json", args=[scene.territory.slug, 2025])
    )
    assert sha256_of(raw.content.decode()) == digest == raw["X-Content-SHA256"]


def test_an_altered_snapshot_is_shown_as_such(scene, client_for):  # type: ignore[no-untyped-def]
    _camp, snapshot = closed_year(scene)
    Snapshot.objects.filter(pk=snapshot.pk).update(content=snapshot.content.replace("35", "36"))
    html = client_for(scene.coordinator).get(snapshot.get_absolute_url()).content.decode()
    assert "Altéré" in html and "Intègre" not in html


def test_year_n_against_year_n_minus_1(scene, client_for):  # type: ignore[no-untyped-def]
    closed_year(scene, 2024)
    programme.change_status(
        actor=None, action=scene.actions[2], status=Action.Status.DONE, reason="Terminée"
    )
    programme.record_measurement(
        actor=None,
        indicator=scene.actions[0].indicators.get(),
        measured_on=datetime.date(2025, 11, 1),
        value=Decimal(48),
    )
    closed_year(scene, 2025)
    url = reverse("evaluation:compare", args=[scene.territory.slug, 2025])
    html = client_for(scene.coordinator).get(url).content.decode()
    assert "1.1.3" in html and "En cours" in html and "Réalisée" in html
    assert "48" in html
    first = reverse("evaluation:compare", args=[scene.territory.slug, 2024])
    assert "rien à comparer" in client_for(scene.coordinator).get(first).content.decode()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _odt_text(content: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document = load(io.BytesIO(content))
    return "\n".join(
        teletype.extractText(e) for kind in (H, P) for e in document.getElementsByType(kind)
    )


def test_reports_read_back_with_each_bilan_and_secrecy_held(scene, client_for):  # type: ignore[no-untyped-def]
    install_catalogue()
    observatory.dataset(scene.territory, scene.caf, RSA_SECRET, kind="partner", mapping=RSA_MAPPING)
    observatory.dataset(scene.territory, scene.ville, observatory.INSEE_COMMUNES)
    _camp, snapshot = closed_year(scene)
    figures = {f["indicator"]: f for f in snapshot.data["observatory"] if f["place"]}
    rsa = next(f for f in snapshot.data["observatory"] if "RSA" in f["indicator"])
    assert rsa["status"] == "secret" and rsa["value"] is None
    assert any(f["value"] == "29000" for f in figures.values())
    client = client_for(scene.coordinator)
    # Not generated yet: the downloads answer 404 and the page offers to generate it.
    for name in ("report_pdf", "report_docx", "report_odt"):
        url = reverse(f"evaluation:{name}", args=[scene.territory.slug, 2025])
        assert client.get(url).status_code == 404
    campaign_page = client.get(reverse("evaluation:campaign", args=[scene.territory.slug, 2025]))
    assert "Générer le bilan annuel" in campaign_page.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("evaluation:report_generate", args=[scene.territory.slug, 2025])
        )
    assert response.status_code == 302
    edition = ReportEdition.objects.get(snapshot=snapshot)
    assert edition.state == ReportEdition.State.READY, edition.error
    campaign_page = client.get(reverse("evaluation:campaign", args=[scene.territory.slug, 2025]))
    assert reverse("evaluation:report_odt", args=[scene.territory.slug, 2025]) in (
        campaign_page.content.decode()
    )
    texts = {}
    for name, read in (
        ("report_pdf", _pdf_text),
        ("report_docx", _docx_text),
        ("report_odt", _odt_text),
    ):
        response = client.get(reverse(f"evaluation:{name}", args=[scene.territory.slug, 2025]))
        assert response.status_code == 200
        assert "bilan-annuel-pst-clichy-2025" in response["Content-Disposition"]
        texts[name] = read(b"".join(response.streaming_content))
    for name, text in texts.items():
        flat = " ".join(text.split())
        for code in ("1.1.1", "1.1.2", "1.1.3"):
            assert code in flat, (name, code)
        assert "Douze ateliers parents-enfants" in flat, name
        assert "Permanences numériques ouvertes" in flat, name
        assert "Forum des associations" in flat, name
        assert "Le centre cosigne" in flat, name
        assert "Aucune conférence sociale" in flat, name
        assert "Secret statistique" in flat, name
        assert snapshot.sha256 in flat.replace(" ", ""), name
    # The ODT is a real OpenDocument text (LibreOffice opens what odfpy loads back).
    odt = client.get(reverse("evaluation:report_odt", args=[scene.territory.slug, 2025]))
    content = b"".join(odt.streaming_content)
    assert content[:2] == b"PK" and b"application/vnd.oasis.opendocument.text" in content[:100]


def test_a_section_can_be_plugged_in(scene):  # type: ignore[no-untyped-def]
    _camp, snapshot = closed_year(scene)
    original = {s.key: s for s in reports.sections()}["conference"]
    try:
        reports.register_section(
            "conference", lambda data: [reports.Heading("Conférence sociale 2025")], 50
        )
        text = _docx_text(reports.report_docx(snapshot.data, snapshot.sha256))
        assert "Conférence sociale 2025" in text and "Aucune conférence" not in text
    finally:
        reports.register_section("conference", original.builder, original.order)


def test_resident_summary_is_public_and_plain(scene, client):  # type: ignore[no-untyped-def]
    closed_year(scene)
    html = client.get(reverse("evaluation:summary", args=[scene.territory.slug, 2025])).content
    text = html.decode()
    assert "En 2025, 3 actions du projet social ont été évaluées." in text
    pdf = client.get(reverse("evaluation:summary_pdf", args=[scene.territory.slug, 2025]))
    assert "3 actions du projet social" in " ".join(_pdf_text(pdf.content).split())
    assert (
        client.get(reverse("evaluation:summary", args=[scene.territory.slug, 2019])).status_code
        == 404
    )


def test_questionnaire_compared_year_over_year(scene, client_for):  # type: ignore[no-untyped-def]
    old = builders.campaign(scene.territory, scene.actions, year=2024)
    services.answer_questionnaire(
        actor=None, campaign=old, organisation=scene.caf, knowledge=2, trust=3, practices=1
    )
    services.close_collection(actor=scene.coordinator, campaign=old)
    camp = builders.campaign(scene.territory, scene.actions, year=2025)
    url = reverse("evaluation:questionnaire", args=[scene.territory.slug, 2025])
    caf = client_for(scene.caf_user)
    assert caf.post(url, {"knowledge": "9", "trust": "3", "practices": "2"}).status_code == 400
    data = {
        "knowledge": "4",
        "trust": "5",
        "practices": "3",
        "to_change": "Se réunir plus souvent.",
    }
    assert caf.post(url, data).status_code == 302
    assert caf.post(url, {**data, "knowledge": "5"}).status_code == 302  # corrected, not doubled
    assert camp.partnership_answers.get().knowledge == 5
    rows = selectors.year_over_year(scene.territory)
    assert [(r.year, r.mean("knowledge")) for r in rows] == [(2024, 2.0), (2025, 5.0)]
    page = caf.get(reverse("evaluation:partnership", args=[scene.territory.slug]))
    html = page.content.decode()
    assert "<svg" in html and "2024" in html and "2025" in html
    snapshot = Snapshot.objects.get(year=2024)
    assert set(json.loads(snapshot.content)["partnership"]["cooperation"]) >= {
        "pairs",
        "organisations",
    }
    # The CAF and the social centre co-run two fiches: the network's graph links them.
    assert snapshot.data["partnership"]["cooperation"]["pairs"] >= 1


def test_reminders_once_per_deadline_and_person(scene, settings):  # type: ignore[no-untyped-def]
    due = datetime.date(2026, 1, 31)
    builders.campaign(scene.territory, scene.actions, bilans_due_on=due, questionnaire_due_on=due)
    with frozen(datetime.date(2026, 1, 10)):
        assert services.send_deadline_reminders() == 0  # three weeks ahead: not yet
    with frozen(datetime.date(2026, 1, 26)):
        sent = services.send_deadline_reminders()
    recipients = sorted(m.to[0] for m in mail.outbox)
    # Pilots (CAF, Ville) for their bilans; every partner organisation's people for the
    # questionnaire.
    assert sent == len(mail.outbox) == 5
    assert recipients.count("caf@essai.test") == 2
    caf_bilans = next(
        m for m in mail.outbox if m.to == ["caf@essai.test"] and "Bilans" in m.subject
    )
    assert (
        "1.1.1" in caf_bilans.body
        and "1.1.2" in caf_bilans.body
        and "31/01/2026" in caf_bilans.body
    )
    with frozen(datetime.date(2026, 1, 27)):
        assert services.send_deadline_reminders() == 0  # once per deadline and person
    assert Reminder.objects.count() == 5


def test_the_daily_command_queues_the_reminders(scene):  # type: ignore[no-untyped-def]
    """``manage.py evaluation_reminders`` queues the task (run at once by the test backend)."""
    from django.core.management import call_command

    builders.campaign(scene.territory, scene.actions, due_in_days=3)
    out = io.StringIO()
    call_command("evaluation_reminders", stdout=out)
    assert "Rappels de l’évaluation mis en file" in out.getvalue()
    assert Reminder.objects.filter(step="bilans").count() == 2
    assert {m.to[0] for m in mail.outbox} >= {"caf@essai.test", "ville@essai.test"}
