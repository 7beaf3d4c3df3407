"""Every write of the observatory: uploads, column mappings, imports, deletions, and the
indicators an action targets."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import audit, queue
from maillage.core.roles import Visibility
from maillage.core.theme import document_colour
from maillage.observatory import importing, report_render, selectors
from maillage.observatory.catalogue import INCOME_VARIABLES, install_catalogue
from maillage.observatory.figures import GeoLevel
from maillage.observatory.models import (
    ActionTarget,
    Dataset,
    DatasetVariable,
    ImportJob,
    Indicator,
    PartnerMapping,
    ReportConfig,
    ReportEdition,
    ReportSection,
    ReportThemeText,
    Theme,
)
from maillage.observatory.reading import FileRefused, check_size
from maillage.observatory.report_data import build_report_data, read_logo
from maillage.territories.models import GeoUnit, Organisation, Territory

__all__ = ["install_catalogue"]
logger = logging.getLogger(__name__)

# Files up to this size are imported within the request; larger ones in a task.
INLINE_BYTES = 2 * 1024 * 1024
METADATA_FIELDS = (
    "title",
    "source",
    "vintage",
    "licence",
    "visibility",
    "min_count",
    "income_min_households",
    "round_to_5",
)


@transaction.atomic
def upload(
    *,
    actor: Any,
    territory: Territory,
    producer: Organisation,
    kind: str,
    file: IO[bytes],
    filename: str,
    size: int,
    metadata: dict[str, Any],
) -> ImportJob:
    """Keep an uploaded file and what its dataset will be, before any preview."""
    check_size(size)
    _check_metadata(territory, metadata)
    job = ImportJob(
        territory=territory,
        producer=producer,
        kind=kind,
        filename=Path(filename).name[:255],
        size=size,
        metadata=metadata,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if kind == ImportJob.Kind.PARTNER:
        remembered = PartnerMapping.objects.filter(organisation=producer).first()
        if remembered is not None:
            job.mapping = remembered.mapping
    job.file.save(job.filename, File(file, name=job.filename), save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action="observatory.upload", obj=job, territory=territory)
    return job


def _check_metadata(territory: Territory, metadata: dict[str, Any]) -> None:
    probe = Dataset(
        territory=territory,
        producer_id=0,
        **{k: metadata[k] for k in METADATA_FIELDS if k in metadata},
    )
    try:
        probe.clean_fields(exclude=["producer", "territory", "file", "created_by"])
        probe.clean()
    except ValidationError as exc:
        raise exc
    if metadata.get("visibility") == Visibility.RESTRICTED and not metadata.get("restricted_to"):
        raise ValidationError(
            {"restricted_to": _("Nommez au moins une organisation pour une diffusion restreinte.")}
        )


@transaction.atomic
def save_mapping(*, actor: Any, job: ImportJob, mapping: dict[str, Any]) -> ImportJob:
    """Store a partner's column mapping on the upload, and remember it for the producer."""
    if mapping.get("level") not in GeoLevel.values:
        raise ValidationError({"level": _("Niveau géographique inconnu.")})
    job.mapping = mapping
    job.state = ImportJob.State.UPLOADED
    job.save(update_fields=["mapping", "state"])
    PartnerMapping.objects.update_or_create(
        organisation_id=job.producer_id, defaults={"mapping": mapping}
    )
    audit.record(
        actor=actor,
        action="observatory.upload",
        obj=job,
        territory=job.territory,
        changes={"mapping": [None, mapping]},
    )
    return job


def known_codes(job: ImportJob, level: str) -> set[str] | None:
    """QPV and neighbourhood codes must be the territory's; IRIS and communes are checked
    by their form (a national file covers places the platform does not list)."""
    if level in (GeoLevel.QPV, GeoLevel.QUARTIER):
        return set(
            GeoUnit.objects.filter(territory=job.territory, kind=level).values_list(
                "code", flat=True
            )
        )
    return None


def _plan(job: ImportJob, table: importing.Table) -> importing.Plan:
    if job.kind == ImportJob.Kind.INSEE:
        return importing.insee_plan(table, period=job.metadata.get("period"))
    return importing.partner_plan(table, job.mapping)


def inspect(job: ImportJob, *, limit: int | None = None) -> dict[str, Any]:
    """The preview: header, detected columns, first rows, counts and errors. Reads the
    whole file unless ``limit`` rows are enough."""
    result: dict[str, Any] = {"errors": [], "header": [], "columns": [], "outcome": None}
    with job.file.open("rb") as handle:
        try:
            table = importing.open_for(handle, size=job.size, kind=job.kind)
        except FileRefused as exc:
            result["errors"] = [str(exc)]
            return result
        try:
            result["header"] = table.header
            result["encoding"] = table.encoding
            result["separator"] = table.separator
            if job.kind == ImportJob.Kind.PARTNER and not job.mapping:
                return result
            try:
                plan = _plan(job, table)
            except FileRefused as exc:
                result["errors"] = [str(exc)]
                return result
            result["level"] = plan.level
            result["columns"] = plan.columns
            try:
                outcome = importing.scan(
                    table, plan, known_codes=known_codes(job, plan.level), limit=limit
                )
            except FileRefused as exc:
                result["errors"] = [str(exc)]
                return result
            result["outcome"] = outcome
            result["errors"] = outcome.errors
            result["total_rows"] = (
                outcome.rows
                if outcome.complete or not table.separator
                else _count_lines(job) - table.header_line
            )
        finally:
            table.close()
    return result


def _count_lines(job: ImportJob) -> int:
    """Lines of a CSV file, counted in 1 MB chunks: the progress bar's denominator."""
    lines = 0
    with job.file.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            lines += chunk.count(b"\n")
    return lines


@transaction.atomic
def confirm(*, actor: Any, job: ImportJob, total_rows: int = 0) -> ImportJob:
    """Start the import: within the request for a small file, in a task otherwise."""
    if job.state not in (ImportJob.State.UPLOADED, ImportJob.State.PREVIEWED):
        raise ValidationError(_("Cet import a déjà été lancé."))
    job.state = ImportJob.State.QUEUED
    job.total_rows = max(total_rows, 0)
    job.save(update_fields=["state", "total_rows"])
    audit.record(
        actor=actor,
        action="observatory.upload",
        obj=job,
        territory=job.territory,
        changes={"state": [ImportJob.State.PREVIEWED, ImportJob.State.QUEUED]},
    )
    if job.size <= INLINE_BYTES:
        transaction.on_commit(lambda: run_import(job_id=job.pk))
    else:
        queue.enqueue_on_commit("observatory.import_dataset", job_id=job.pk)
    return job


def _progress(job: ImportJob) -> Any:
    def report(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=rows)

    return report


def run_import(*, job_id: int) -> ImportJob:
    """Read the file once, writing values in chunks under an unpublished dataset, then
    publish it; on any error delete it with its values. Progress is saved as it goes (in
    its own statements, so that the page polling it sees it move)."""
    job = ImportJob.objects.select_related("territory", "producer", "created_by").get(pk=job_id)
    if job.state not in (
        ImportJob.State.QUEUED,
        ImportJob.State.UPLOADED,
        ImportJob.State.PREVIEWED,
    ):
        return job
    job.state = ImportJob.State.RUNNING
    job.processed_rows = 0
    job.save(update_fields=["state", "processed_rows"])
    dataset = _new_dataset(job)
    # Named now, so that an import whose worker dies can find and remove its unpublished
    # rows (abandon_import); the page links to it only once the job is done.
    job.dataset = dataset
    job.save(update_fields=["dataset"])
    errors: list[str] = []
    outcome: importing.Outcome | None = None
    try:
        with job.file.open("rb") as handle:
            table = importing.open_for(handle, size=job.size, kind=job.kind)
            try:
                plan = _plan(job, table)
                outcome = importing.scan(
                    table,
                    plan,
                    known_codes=known_codes(job, plan.level),
                    sink=importing.writer(dataset.pk),
                    progress=_progress(job),
                )
                errors = outcome.errors
            finally:
                table.close()
    except FileRefused as exc:
        errors = [str(exc)]
    except Exception:
        logger.exception("Observatory import %s failed", job.pk)
        errors = [_("L’import a échoué de façon inattendue ; rien n’a été enregistré.")]
    if errors or outcome is None:
        return _fail(job, dataset, errors)
    return _publish(job, dataset, outcome)


@transaction.atomic
def abandon_import(*, job_id: int) -> None:
    """The worker running the import died (core/workers.py): the values written so far
    under the unpublished dataset are deleted and the job is failed, saying why, so that
    its page stops waiting. A published dataset is never touched."""
    job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
        return
    if job.dataset_id is not None:
        Dataset.objects.filter(pk=job.dataset_id, published=False).delete()
    job.refresh_from_db(fields=["dataset"])
    message = _(
        "L’import a été interrompu : le processus qui le traitait s’est arrêté. Rien n’a été "
        "publié ; relancez l’import."
    )
    job.state = ImportJob.State.FAILED
    job.errors = [*job.errors, message]
    job.finished_at = timezone.now()
    job.log = [*job.log, _("Import interrompu : rien n’a été publié.")]
    job.save(update_fields=["state", "errors", "finished_at", "log"])
    audit.record(
        actor=None,
        action="observatory.import_failed",
        obj=job,
        territory=job.territory,
        changes={"errors": [None, [message]]},
    )


@transaction.atomic
def _new_dataset(job: ImportJob) -> Dataset:
    meta = job.metadata
    dataset = Dataset(
        territory=job.territory,
        producer=job.producer,
        created_by=job.created_by,
        filename=job.filename,
        published=False,
        **{k: meta[k] for k in METADATA_FIELDS if k in meta},
    )
    dataset.full_clean(exclude=["file"])
    dataset.save()
    if meta.get("restricted_to"):
        dataset.restricted_to.set(Organisation.objects.filter(pk__in=meta["restricted_to"]))
    return dataset


@transaction.atomic
def _fail(job: ImportJob, dataset: Dataset, errors: list[str]) -> ImportJob:
    dataset.delete()
    job.dataset = None
    job.state = ImportJob.State.FAILED
    job.errors = errors
    job.finished_at = timezone.now()
    job.log = [*job.log, _("Import refusé : rien n’a été enregistré.")]
    job.save(update_fields=["dataset", "state", "errors", "finished_at", "log"])
    audit.record(
        actor=job.created_by,
        action="observatory.import_failed",
        obj=job,
        territory=job.territory,
        changes={"errors": [None, errors[:5]]},
    )
    return job


@transaction.atomic
def _publish(job: ImportJob, dataset: Dataset, outcome: importing.Outcome) -> ImportJob:
    income = set(INCOME_VARIABLES) | {
        v
        for indicator in Indicator.objects.filter(household_income=True)
        for v in indicator.variables()
    }
    DatasetVariable.objects.bulk_create(
        [
            DatasetVariable(
                dataset=dataset,
                code=code,
                is_count=whole and code not in income,
                household_income=code in income,
            )
            for code, whole in sorted(outcome.variables.items())
        ]
    )
    with job.file.open("rb") as handle:
        dataset.file.save(job.filename, File(handle, name=job.filename), save=False)
    dataset.value_count = outcome.values + outcome.missing
    dataset.published = True
    dataset.save()
    job.dataset = dataset
    job.state = ImportJob.State.DONE
    job.total_rows = outcome.rows
    job.processed_rows = outcome.rows
    job.finished_at = timezone.now()
    periods = ", ".join(str(p) for p in sorted(outcome.periods))
    job.log = [
        *job.log,
        _("%(rows)s, %(values)s, %(missing)s (secret, non disponible…) ; années : %(periods)s.")
        % {
            "rows": ngettext("%(n)s ligne", "%(n)s lignes", outcome.rows) % {"n": outcome.rows},
            "values": ngettext("%(n)s valeur", "%(n)s valeurs", outcome.values)
            % {"n": outcome.values},
            "missing": ngettext(
                "%(n)s valeur manquante", "%(n)s valeurs manquantes", outcome.missing
            )
            % {"n": outcome.missing},
            "periods": periods,
        },
    ]
    job.save()
    audit.record(
        actor=job.created_by, action="observatory.import", obj=dataset, territory=job.territory
    )
    return job


def import_file(
    *,
    actor: Any,
    territory: Territory,
    producer: Organisation,
    path: str,
    kind: str,
    metadata: dict[str, Any],
    mapping: dict[str, Any] | None = None,
) -> ImportJob:
    """Import a file from disk (the management command, scheduled jobs, the benchmark):
    the same upload, mapping and import as the pages, run now."""
    size = Path(path).stat().st_size
    check_size(size)
    with Path(path).open("rb") as handle:
        job = upload(
            actor=actor,
            territory=territory,
            producer=producer,
            kind=kind,
            file=handle,
            filename=Path(path).name,
            size=size,
            metadata=metadata,
        )
    if mapping is not None:
        save_mapping(actor=actor, job=job, mapping=mapping)
    job.state = ImportJob.State.QUEUED
    job.save(update_fields=["state"])
    return run_import(job_id=job.pk)


@transaction.atomic
def delete_dataset(*, actor: Any, dataset: Dataset) -> None:
    audit.record(
        actor=actor, action="observatory.dataset_delete", obj=dataset, territory=dataset.territory
    )
    dataset.delete()


@transaction.atomic
def set_action_indicators(*, actor: Any, action: Any, indicators: Iterable[Indicator]) -> None:
    wanted = {indicator.pk for indicator in indicators}
    current = set(ActionTarget.objects.filter(action=action).values_list("indicator_id", flat=True))
    if wanted == current:
        return
    ActionTarget.objects.filter(action=action).exclude(indicator_id__in=wanted).delete()
    for indicator_id in sorted(wanted - current):
        target = ActionTarget(action=action, indicator_id=indicator_id)
        target.full_clean()
        target.save()
    codes = dict(Indicator.objects.filter(pk__in=wanted | current).values_list("pk", "code"))
    audit.record(
        actor=actor,
        action="observatory.targets",
        obj=action,
        territory=action.territory,
        changes={
            "indicators": [sorted(codes[i] for i in current), sorted(codes[i] for i in wanted)]
        },
    )


INDICATOR_FIELDS = ("code", "name", "theme", "definition", "formula", "unit", "source", "levels")


@transaction.atomic
def create_indicator(*, actor: Any, territory: Territory, **fields: Any) -> Indicator:
    """Add an entry to the shared catalogue (e.g. a commune adopting its Département's
    reference indicator); ``territory`` is where the audit entry is filed."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {sorted(unknown)}")
    fields.setdefault("levels", ["commune", "departement", "france"])
    indicator = Indicator(**fields)
    indicator.full_clean()
    indicator.save()
    audit.record(
        actor=actor,
        action="observatory.indicator_create",
        obj=indicator,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(indicator, INDICATOR_FIELDS)),
    )
    return indicator


# --------------------------------------------------------------------------- ABS report


@transaction.atomic
def configure_report(
    *,
    actor: Any,
    territory: Territory,
    title: str,
    introduction: str = "",
    indicators: Iterable[Indicator] = (),
) -> ReportConfig:
    """Create or update the territory's report template: its title, introduction and the
    indicators it prints (grouped by their theme)."""
    config = ReportConfig.objects.filter(territory=territory).first()
    before: dict[str, Any] = {}
    if config is None:
        config = ReportConfig(territory=territory)
    else:
        before = {
            **audit.snapshot(config, ["title", "introduction"]),
            "indicators": sorted(config.indicators.values_list("code", flat=True)),
        }
    config.title = title
    config.introduction = introduction
    config.full_clean()
    config.save()
    config.indicators.set(list(indicators))
    after = {
        **audit.snapshot(config, ["title", "introduction"]),
        "indicators": sorted(config.indicators.values_list("code", flat=True)),
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor=actor, action="abs.configure", obj=config, territory=territory, changes=changes
        )
    return config


@transaction.atomic
def add_report_section(
    *,
    actor: Any,
    territory: Territory,
    organisation: Organisation,
    title: str,
    sort_order: int = 100,
) -> ReportSection:
    config = ReportConfig.objects.filter(territory=territory).first()
    if config is None:
        config = configure_report(
            actor=actor, territory=territory, title=str(_("Analyse des besoins sociaux"))
        )
    if not Organisation.objects.partners_of(territory).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("Cette organisation n’est pas partenaire du territoire.")}
        )
    section = ReportSection(
        config=config, organisation=organisation, title=title, sort_order=sort_order
    )
    section.full_clean()
    section.save()
    audit.record(
        actor=actor,
        action="abs.section_create",
        obj=section,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(section, ["title", "organisation"])),
    )
    return section


@transaction.atomic
def update_report_section(
    *, actor: Any, section: ReportSection, text: str, title: str | None = None
) -> ReportSection:
    """A partner writes its section; the text is kept as typed (plain text, paragraphs
    separated by blank lines)."""
    before = audit.snapshot(section, ["title", "text"])
    section.text = text.replace("\r\n", "\n").strip()
    if title is not None:
        section.title = title
    section.updated_by = actor if getattr(actor, "pk", None) else None
    section.full_clean()
    section.save()
    changes = audit.diff(before, audit.snapshot(section, ["title", "text"]))
    if changes:
        audit.record(
            actor=actor,
            action="abs.section_update",
            obj=section,
            territory=section.config.territory,
            changes=changes,
        )
    return section


@transaction.atomic
def request_report(
    *, actor: Any, territory: Territory, year: int, inline: bool = False
) -> ReportEdition:
    """Ask for the report of ``year``: the edition is created, or marked to be generated
    again (its files are replaced when the new ones are ready). The rendering runs in a
    background task."""
    if not ReportConfig.objects.filter(territory=territory).exists():
        raise ValidationError(
            _("Choisissez d’abord les indicateurs du rapport (modèle du rapport).")
        )
    edition = (
        ReportEdition.objects.select_for_update().filter(territory=territory, year=year).first()
    )
    created = edition is None
    if edition is None:
        edition = ReportEdition(territory=territory, year=year)
    edition.state = ReportEdition.State.PENDING
    edition.error = ""
    edition.generated_by = actor if getattr(actor, "pk", None) else None
    edition.full_clean()
    edition.save()
    audit.record(
        actor=actor,
        action="abs.generate",
        obj=edition,
        territory=territory,
        changes={"year": [None, year]} if created else {"state": [None, "pending"]},
    )
    edition_id = edition.pk
    if inline:
        # The demo loader has no worker running: it renders right after the commit.
        transaction.on_commit(lambda: render_report(edition_id=edition_id))
    else:
        queue.enqueue_on_commit("observatory.generate_report", edition_id=edition_id)
    return edition


def abandon_report(*, edition_id: int) -> None:
    """The worker generating the report died (core/workers.py): the edition is failed,
    so that its page stops waiting and offers to generate it again. Files of a previous
    generation stay as they were (they are replaced only once a new one is complete)."""
    ReportEdition.objects.filter(pk=edition_id, state=ReportEdition.State.PENDING).update(
        state=ReportEdition.State.FAILED,
        error=_("La génération a été interrompue : le processus qui la faisait s’est arrêté."),
    )


def render_report(*, edition_id: int) -> ReportEdition:
    """Render and store the edition's PDF and DOCX (the task's body). The files of a
    previous generation of the same year are replaced."""
    from django.core.files.base import ContentFile

    edition = ReportEdition.objects.select_related("territory").get(pk=edition_id)
    territory = edition.territory
    config = selectors.report_config(territory)
    try:
        if config is None:
            raise ValueError("no report configuration")
        indicators = list(config.indicators.all())
        figures = selectors.report_figures(territory, indicators)
        sections = list(config.sections.all())
        authors: dict[int, Organisation] = {}
        for section in sections:
            authors.setdefault(section.organisation_id, section.organisation)
        partner_logos = [
            logo
            for organisation in authors.values()
            if (logo := read_logo(organisation.name, organisation.logo)) is not None
        ]
        data = build_report_data(
            title=config.title,
            territory=territory.name,
            year=edition.year,
            introduction=config.introduction,
            indicators=indicators,
            theme_labels={str(k): str(v) for k, v in Theme.choices},
            figures=figures,
            comments=config.comments,
            areas={
                str(level): selectors.map_areas(territory, str(level))
                for level in selectors.MAP_LEVELS
            },
            sections=[(s.title, s.organisation.name, s.text) for s in sections],
            generated_on=timezone.localdate(),
            theme_texts={item.theme: item.text for item in config.theme_texts.all()},
            territory_logo=read_logo(territory.name, territory.logo),
            partner_logos=partner_logos,
            partners=[organisation.name for organisation in authors.values()],
            colour=document_colour(territory),
            reserved=selectors.report_reserved(territory, indicators),
        )
        pdf = report_render.render_pdf(data)
        docx = report_render.render_docx(data)
    except Exception as exc:
        ReportEdition.objects.filter(pk=edition.pk).update(
            state=ReportEdition.State.FAILED, error=str(exc)[:2000]
        )
        edition.refresh_from_db()
        return edition
    old = [str(f.name) for f in (edition.pdf, edition.docx) if f]
    name = f"abs-{territory.slug}-{edition.year}"
    with transaction.atomic():
        edition.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        edition.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        edition.state = ReportEdition.State.READY
        edition.generated_at = timezone.now()
        edition.save()
        audit.record(
            actor=None,
            action="abs.ready",
            obj=edition,
            territory=territory,
            changes={"state": [ReportEdition.State.PENDING, ReportEdition.State.READY]},
        )
    storage = edition.pdf.storage
    for stale in old:
        if stale not in (edition.pdf.name, edition.docx.name):
            storage.delete(stale)
    return edition


@transaction.atomic
def set_report_comments(
    *, actor: Any, territory: Territory, comments: dict[str, str]
) -> ReportConfig:
    """The coordinators' comment under each chosen indicator (empty texts are dropped)."""
    config = ReportConfig.objects.filter(territory=territory).first()
    if config is None:
        raise ValidationError(_("Choisissez d’abord les indicateurs du rapport."))
    chosen = set(config.indicators.values_list("code", flat=True))
    unknown = sorted(set(comments) - chosen)
    if unknown:
        raise ValidationError(
            _("Indicateurs absents du rapport : %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    before = dict(config.comments)
    config.comments = {
        code: text.replace("\r\n", "\n").strip()
        for code, text in comments.items()
        if text and text.strip()
    }
    config.full_clean()
    config.save(update_fields=["comments", "updated_at"])
    changed = sorted(
        code
        for code in set(before) | set(config.comments)
        if before.get(code) != config.comments.get(code)
    )
    if changed:
        audit.record(
            actor=actor,
            action="abs.comments",
            obj=config,
            territory=territory,
            changes={"comments": [None, changed]},
        )
    return config


@transaction.atomic
def set_report_theme_text(
    *, actor: Any, territory: Territory, theme: str, text: str
) -> ReportThemeText | None:
    """The coordinators' analysis of one theme, printed at the head of its chapter. An
    empty text removes it. Only a theme of the report's chosen indicators takes one."""
    config = ReportConfig.objects.filter(territory=territory).first()
    if config is None:
        raise ValidationError(_("Choisissez d’abord les indicateurs du rapport."))
    if theme not in Theme.values:
        raise ValidationError({"theme": _("Thème inconnu.")})
    if not config.indicators.filter(theme=theme).exists():
        raise ValidationError(
            {"theme": _("Aucun indicateur de ce thème n’est retenu dans le rapport.")}
        )
    text = text.replace("\r\n", "\n").strip()
    item = ReportThemeText.objects.filter(config=config, theme=theme).first()
    before = audit.snapshot(item, ["text"]) if item else {}
    if not text:
        if item is None:
            return None
        audit.record(
            actor=actor,
            action="abs.theme_text",
            obj=item,
            territory=territory,
            changes=audit.diff(before, {"text": ""}),
        )
        item.delete()
        return None
    if item is None:
        item = ReportThemeText(config=config, theme=theme)
    item.text = text
    item.updated_by = actor if getattr(actor, "pk", None) else None
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.snapshot(item, ["text"]))
    if changes:
        audit.record(
            actor=actor, action="abs.theme_text", obj=item, territory=territory, changes=changes
        )
    return item


@transaction.atomic
def copy_indicator_choice(
    *, actor: Any, source: Territory, target: Territory
) -> ReportConfig | None:
    """The catalogue indicators ``source`` chose for its report, chosen for ``target``
    (with the report's title): no introduction, comment, section, dataset or value.
    Nothing when ``source`` chose none; refused when ``target`` already has a choice."""
    config = ReportConfig.objects.filter(territory=source).prefetch_related("indicators").first()
    if config is None or not config.indicators.all():
        return None
    if ReportConfig.objects.filter(territory=target).exists():
        raise ValidationError(_("%s a déjà choisi les indicateurs de son rapport.") % target.name)
    return configure_report(
        actor=actor,
        territory=target,
        title=config.title,
        indicators=list(config.indicators.all()),
    )
