"""Reads of the consultations: lists narrowed by ``core.access.visible``, and results
counted by the database (GROUP BY), whatever the number of answers. Written answers count
and show only once published: pending, refused and hidden ones never appear."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from maillage.core import access, write_generation
from maillage.participation.models import (
    SMALL_CELL,
    Answer,
    Consultation,
    Origin,
    Question,
    QuestionKind,
    Response,
    TextModeration,
)
from maillage.territories.models import GeoUnit

SPLITS = ("origin", "quartier")
# Answers that count: every choice and note, and the written answers once published.
COUNTED = Q(moderation="") | Q(moderation=TextModeration.PUBLISHED)


def consultations(user: Any, territory: Any) -> QuerySet[Consultation]:
    """Open ones first, then the closed, then (for coordinators) the drafts."""
    return access.visible(user, Consultation.objects.filter(territory=territory)).order_by(
        "state", "-opens_on", "-id"
    )


def consultation_or_404(user: Any, territory: Any, pk: int) -> Consultation:
    return access.get_visible_or_404(
        user, Consultation.objects.filter(territory=territory).select_related("territory"), pk=pk
    )


def questions(consultation: Consultation) -> list[Question]:
    return list(consultation.questions.prefetch_related("options"))


def quartier_choices(consultation: Consultation) -> QuerySet[GeoUnit]:
    """The target quartiers, or every unit of the territory when none is targeted."""
    chosen = consultation.quartiers.order_by("name")
    if chosen.exists():
        return chosen
    return GeoUnit.objects.filter(territory_id=consultation.territory_id).order_by("name")


def own_response(user: Any, consultation: Consultation) -> Response | None:
    """The signed-in person's answer to a signed consultation (to change it)."""
    if consultation.anonymous or not getattr(user, "is_authenticated", False):
        return None
    return (
        Response.objects.filter(consultation=consultation, respondent=user)
        .prefetch_related("answers")
        .first()
    )


def initial_answers(response: Response | None) -> dict[str, Any]:
    if response is None:
        return {"quartier": None}
    found: dict[str, Any] = {"quartier": response.quartier_id}
    for answer in response.answers.all():
        key = f"q{answer.question_id}"
        if answer.option_id is not None:
            found.setdefault(key, []).append(answer.option_id)
        elif answer.value is not None:
            found[key] = answer.value
        else:
            found[key] = answer.text
    return found


def published_texts(question: Question) -> QuerySet[Answer]:
    return Answer.objects.filter(question=question, moderation=TextModeration.PUBLISHED).order_by(
        "-response__created_at", "-id"
    )


def text_queue(consultation: Consultation) -> QuerySet[Answer]:
    """Written answers waiting for a moderator, oldest first."""
    return (
        Answer.objects.filter(
            question__consultation=consultation, moderation=TextModeration.PENDING
        )
        .select_related("question", "response")
        .order_by("response__created_at", "id")
    )


def count_responses(consultation: Consultation) -> int:
    """How many people answered: the same for every reader, kept until the next write."""
    return write_generation.kept_count(Response.objects.filter(consultation=consultation))


# --------------------------------------------------------------------------- results


@dataclass
class Cell:
    count: int | None  # None: hidden (fewer than SMALL_CELL, or the group is too small)
    small: bool = False

    def display(self) -> str:
        if self.count is None:
            return _("moins de %(n)s") % {"n": SMALL_CELL} if self.small else "—"
        return str(self.count)


@dataclass
class Row:
    label: str
    count: int
    percent: str
    key: Any = None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Group:
    key: Any
    label: str
    respondents: int
    shown: bool
    mean: str = ""


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    rows: list[Row]
    mean: str = ""
    groups: list[Group] = field(default_factory=list)
    texts: list[Answer] = field(default_factory=list)


def _percent(count: int, total: int) -> str:
    if not total:
        return "0"
    value = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("1"), ROUND_HALF_UP)
    return str(value)


def _mean(distribution: dict[int, int]) -> str:
    total = sum(distribution.values())
    if not total:
        return ""
    value = Decimal(sum(v * n for v, n in distribution.items())) / Decimal(total)
    return str(value.quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


def _group_labels(split: str, keys: set[Any]) -> dict[Any, str]:
    if split == "origin":
        return {value: str(label) for value, label in Origin.choices}
    names = dict(
        GeoUnit.objects.filter(pk__in=[k for k in keys if k is not None]).values_list("pk", "name")
    )
    labels: dict[Any, str] = {k: names.get(k, "") for k in keys if k is not None}
    if None in keys:
        labels[None] = _("Quartier non précisé")
    return labels


Tallies = tuple[
    dict[tuple[int, Any, Any], int],
    dict[tuple[int, Any, Any, Any], int],
    dict[int, int],
    dict[tuple[int, Any], int],
]


def _tallies(consultation: Consultation, group_field: str | None) -> Tallies:
    """The counts behind the results, by PostgreSQL over every counted answer: per
    (question, option, value), the same per group, the respondents per question and per
    question and group. The same for every reader: kept until the next write."""
    counted = Answer.objects.filter(question__consultation=consultation).filter(COUNTED)
    keys = ["question_id", "option_id", "value"] + ([group_field] if group_field else [])
    tallies: dict[tuple[int, Any, Any], int] = {}
    group_tallies: dict[tuple[int, Any, Any, Any], int] = {}
    for row in counted.filter(moderation="").values(*keys).annotate(n=Count("id")).order_by():
        key = (row["question_id"], row["option_id"], row["value"])
        tallies[key] = tallies.get(key, 0) + row["n"]
        if group_field:
            group_tallies[(*key, row[group_field])] = row["n"]
    respondent_keys = ["question_id"] + ([group_field] if group_field else [])
    respondents: dict[int, int] = defaultdict(int)
    group_respondents: dict[tuple[int, Any], int] = {}
    for row in (
        counted.values(*respondent_keys).annotate(n=Count("response_id", distinct=True)).order_by()
    ):
        respondents[row["question_id"]] += row["n"]
        if group_field:
            group_respondents[(row["question_id"], row[group_field])] = row["n"]
    return tallies, group_tallies, dict(respondents), group_respondents


def results(consultation: Consultation, *, split: str = "", texts: int = 5) -> list[QuestionResult]:
    """Per question: counts per option (a multiple choice counts each option, never the
    combinations), the scale's distribution and mean, and the latest published texts.
    With ``split`` ("origin" or "quartier"), the same counts per group; a group with
    fewer than ``SMALL_CELL`` respondents to the question is hidden, and so is any count
    from 1 to ``SMALL_CELL - 1`` within a shown group. The number of queries depends on the
    number of written questions, never on the number of answers; the counts are kept for
    every reader until the next write (``_tallies``)."""
    group_field = {"origin": "response__origin", "quartier": "response__quartier"}.get(split)
    found = questions(consultation)
    tallies, group_tallies, respondents, group_respondents = write_generation.kept_until_written(
        f"participation:tallies:{consultation.pk}:{split}",
        lambda: _tallies(consultation, group_field),
    )
    group_keys: list[Any] = []
    labels: dict[Any, str] = {}
    if split == "origin":
        group_keys = list(Origin.values)
        labels = _group_labels(split, set(group_keys))
    elif split == "quartier":
        present = {k for (_q, k) in group_respondents}
        labels = _group_labels(split, present)
        group_keys = sorted(present, key=lambda k: (k is None, labels.get(k, "")))

    out: list[QuestionResult] = []
    for question in found:
        total = respondents.get(question.pk, 0)
        groups = [
            Group(
                key=k,
                label=labels.get(k, ""),
                respondents=group_respondents.get((question.pk, k), 0),
                shown=group_respondents.get((question.pk, k), 0) >= SMALL_CELL,
            )
            for k in group_keys
        ]
        rows: list[Row] = []
        distribution: dict[int, int] = {}
        if question.has_options:
            entries: list[tuple[str, Any, Any]] = [
                (o.label, o.pk, None) for o in question.options.all()
            ]
        elif question.kind == QuestionKind.SCALE:
            entries = [(str(v), None, v) for v in question.scale_values()]
        else:
            entries = []
        for label, option_id, value in entries:
            count = tallies.get((question.pk, option_id, value), 0)
            if value is not None:
                distribution[value] = count
            cells = []
            for group in groups:
                n = group_tallies.get((question.pk, option_id, value, group.key), 0)
                if not group.shown:
                    cells.append(Cell(None))
                elif 0 < n < SMALL_CELL:
                    cells.append(Cell(None, small=True))
                else:
                    cells.append(Cell(n))
            rows.append(
                Row(
                    label=label,
                    count=count,
                    percent=_percent(count, total),
                    key=option_id or value,
                    cells=cells,
                )
            )
        result = QuestionResult(question=question, respondents=total, rows=rows, groups=groups)
        if question.kind == QuestionKind.SCALE:
            result.mean = _mean(distribution)
            for group in groups:
                if group.shown:
                    group.mean = _mean(
                        {
                            v: group_tallies.get((question.pk, None, v, group.key), 0)
                            for v in question.scale_values()
                        }
                    )
        if question.kind == QuestionKind.TEXT and texts:
            result.texts = list(published_texts(question).select_related("response")[:texts])
        out.append(result)
    return out


def export_rows(consultation: Consultation) -> tuple[list[str], list[list[Any]]]:
    """The results as a sheet: one row per option or note with its count overall and per
    origin (small counts hidden as on the page), then the published written answers."""
    by_origin = {r.question.pk: r for r in results(consultation, split="origin", texts=0)}
    origins = [str(label) for _v, label in Origin.choices]
    headers = [
        str(_("Question")),
        str(_("Réponse")),
        str(_("Nombre")),
        str(_("Part des répondants (%)")),
        *origins,
    ]
    rows: list[list[Any]] = []
    for result in by_origin.values():
        question = result.question
        for row in result.rows:
            rows.append(
                [
                    question.label,
                    row.label,
                    row.count,
                    int(row.percent),
                    *[c.count if c.count is not None else c.display() for c in row.cells],
                ]
            )
        if question.kind == QuestionKind.SCALE and result.mean:
            rows.append([question.label, str(_("Moyenne")), result.mean, "", *[""] * len(origins)])
    texts = (
        Answer.objects.filter(
            question__consultation=consultation, moderation=TextModeration.PUBLISHED
        )
        .select_related("question", "response")
        .order_by("question__position", "question_id", "id")
    )
    for answer in texts.iterator(chunk_size=2000):
        rows.append(
            [
                answer.question.label,
                answer.text,
                "",
                "",
                *[1 if answer.response.origin == value else "" for value, _label in Origin.choices],
            ]
        )
    return headers, rows
