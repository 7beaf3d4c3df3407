"""A convention's articles and its avenants: drafting the change set, collecting the
signatures, and applying a signed avenant (the agreement's articles move to a new
version; the former one is kept)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.governance.models import (
    Agreement,
    Amendment,
    AmendmentSignatory,
    Article,
    ArticleChange,
    ArticleVersion,
    CouncilResolution,
    MeansChange,
)
from maillage.governance.services.common import is_partner_organisation, raise_if
from maillage.programme.models import Action, Axis, MeansLine
from maillage.programme.services import add_means
from maillage.territories.models import Organisation

# "Article 3 – Instances", "ARTICLE 3 : Instances", "Article 3. Instances"
ARTICLE_HEADING = re.compile(
    r"^\s*article\s+(?P<number>\d+)\s*(?:er)?\s*[-–—:.]?\s*(?P<title>.*)$", re.IGNORECASE
)


def parse_articles(text: str) -> list[tuple[int, str, str]]:
    """Split a convention's plain text into (number, title, text) at each line starting
    with « Article N »; what comes before the first article is left out (the preamble)."""
    articles: list[tuple[int, str, list[str]]] = []
    for line in (text or "").splitlines():
        heading = ARTICLE_HEADING.match(line)
        if heading:
            title = heading.group("title").strip() or _("Article %(n)s") % {
                "n": heading.group("number")
            }
            articles.append((int(heading.group("number")), title, []))
        elif articles:
            articles[-1][2].append(line)
    return [(number, title, "\n".join(body).strip()) for number, title, body in articles]


def current_version(agreement: Agreement) -> ArticleVersion | None:
    return agreement.article_versions.order_by("-number").first()


def _check_articles(articles: list[tuple[int, str, str]]) -> None:
    if not articles:
        raise_if({"articles": _("Indiquez au moins un article (« Article 1 – Objet »…).")})
    numbers = [number for number, _title, _text in articles]
    if len(set(numbers)) != len(numbers):
        raise_if({"articles": _("Deux articles portent le même numéro.")})
    for number, title, text in articles:
        if not (title or "").strip() or not (text or "").strip():
            raise_if(
                {"articles": _("L’article %(n)s doit avoir un titre et un texte.") % {"n": number}}
            )


@transaction.atomic
def set_articles(
    *, actor: Any, agreement: Agreement, articles: list[tuple[int, str, str]]
) -> ArticleVersion:
    """Hold the agreement's text as articles: its first version. Once an avenant has been
    drafted on it, the articles change only through avenants."""
    _check_articles(articles)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version = current_version(locked)
    if version is not None and locked.amendments.exists():
        raise_if(
            {
                "articles": _(
                    "Un avenant porte déjà sur ces articles : ils ne changent plus que par avenant."
                )
            }
        )
    if version is None:
        version = ArticleVersion.objects.create(agreement=locked, number=1)
    else:
        version.articles.all().delete()
    Article.objects.bulk_create(
        Article(version=version, number=number, title=title.strip(), text=text.strip())
        for number, title, text in sorted(articles)
    )
    audit.record(
        actor=actor,
        action="agreement.articles",
        obj=locked,
        territory=locked.territory,
        changes={"articles": [None, len(articles)]},
    )
    return version


def _draft(amendment: Amendment) -> Amendment:
    locked = (
        Amendment.objects.select_for_update()
        .select_related("agreement__territory")
        .get(pk=amendment.pk)
    )
    if locked.status != Amendment.Status.DRAFT:
        raise_if({"__all__": _("L’avenant n’est plus un brouillon : il ne peut plus changer.")})
    return locked


@transaction.atomic
def create_amendment(
    *, actor: Any, agreement: Agreement, title: str, preamble: str = ""
) -> Amendment:
    version = current_version(agreement)
    if version is None:
        raise_if(
            {
                "__all__": _(
                    "Saisissez d’abord les articles de la convention : un avenant modifie des "
                    "articles."
                )
            }
        )
    assert version is not None
    if agreement.amendments.exclude(status=Amendment.Status.SIGNED).exists():
        raise_if(
            {"__all__": _("Un avenant à cette convention est déjà en cours : terminez-le d’abord.")}
        )
    number = (agreement.amendments.aggregate(top=Max("number"))["top"] or 0) + 1
    amendment = Amendment(
        agreement=agreement,
        number=number,
        title=(title or "").strip(),
        preamble=(preamble or "").strip(),
        base_version=version,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    amendment.full_clean()
    amendment.save()
    audit.record(
        actor=actor,
        action="amendment.create",
        obj=amendment,
        territory=agreement.territory,
        changes={"title": [None, amendment.title]},
    )
    return amendment


@transaction.atomic
def update_amendment(*, actor: Any, amendment: Amendment, title: str, preamble: str) -> Amendment:
    locked = _draft(amendment)
    before = audit.snapshot(locked, ["title", "preamble"])
    locked.title = (title or "").strip()
    locked.preamble = (preamble or "").strip()
    locked.full_clean()
    locked.save()
    audit.record(
        actor=actor,
        action="amendment.update",
        obj=locked,
        territory=locked.agreement.territory,
        changes=audit.diff(before, audit.snapshot(locked, ["title", "preamble"])),
    )
    return locked


@transaction.atomic
def set_article_change(
    *,
    actor: Any,
    amendment: Amendment,
    operation: str,
    number: int,
    title: str = "",
    text: str = "",
) -> ArticleChange:
    """Modify, add or remove one article (one change per article number; a second call
    for the same number replaces the first)."""
    locked = _draft(amendment)
    base = {a.number: a for a in locked.base_version.articles.all()}
    title, text = (title or "").strip(), (text or "").strip()
    errors: dict[str, str] = {}
    if operation not in ArticleChange.Operation.values:
        errors["operation"] = _("Choisissez une modification dans la liste.")
    elif operation == ArticleChange.Operation.ADD:
        if number in base:
            errors["number"] = _(
                "L’article %(n)s existe déjà : choisissez « Article modifié » ou un autre numéro."
            ) % {"n": number}
        if not title:
            errors["title"] = _("Donnez un titre au nouvel article.")
        if not text:
            errors["text"] = _("Rédigez le texte du nouvel article.")
    else:
        if number not in base:
            errors["number"] = _("La convention n’a pas d’article %(n)s.") % {"n": number}
        elif operation == ArticleChange.Operation.MODIFY:
            title = title or base[number].title
            if not text:
                errors["text"] = _("Rédigez la nouvelle rédaction de l’article.")
            elif text == base[number].text and title == base[number].title:
                errors["text"] = _("La nouvelle rédaction est identique à l’actuelle.")
        else:
            title, text = base[number].title, ""
    raise_if(errors)
    change, _created = ArticleChange.objects.update_or_create(
        amendment=locked,
        number=number,
        defaults={"operation": operation, "title": title, "text": text},
    )
    audit.record(
        actor=actor,
        action="amendment.article",
        obj=locked,
        territory=locked.agreement.territory,
        changes={"article": [None, number], "operation": [None, operation]},
    )
    return change


@transaction.atomic
def remove_article_change(*, actor: Any, change: ArticleChange) -> None:
    locked = _draft(change.amendment)
    number = change.number
    change.delete()
    audit.record(
        actor=actor,
        action="amendment.article_remove",
        obj=locked,
        territory=locked.agreement.territory,
        changes={"article": [number, None]},
    )


def _axis_of(action: Action | None) -> Axis | None:
    if action is None or action.objective is None:
        return None
    return action.objective.axis


@transaction.atomic
def add_means_change(
    *,
    actor: Any,
    amendment: Amendment,
    funder: Organisation,
    year: int,
    amount: Decimal,
    axis: Axis | None = None,
    action: Action | None = None,
    note: str = "",
) -> MeansChange:
    locked = _draft(amendment)
    territory = locked.agreement.territory
    errors: dict[str, str] = {}
    if axis is None and action is None:
        errors["axis"] = _("Indiquez l’axe ou la fiche action dont les moyens changent.")
    if axis is not None and axis.territory_id != territory.pk:
        errors["axis"] = _("Cet axe appartient à un autre territoire.")
    if action is not None and action.territory_id != territory.pk:
        errors["action"] = _("Cette fiche action appartient à un autre territoire.")
    if not is_partner_organisation(territory, funder):
        errors["funder"] = _("Le financeur doit être une organisation partenaire du territoire.")
    if amount is None or amount == 0:
        errors["amount"] = _("Indiquez un montant différent de zéro (négatif pour une baisse).")
    raise_if(errors)
    change = MeansChange(
        amendment=locked,
        axis=axis if axis is not None else _axis_of(action),
        action=action,
        funder=funder,
        year=year,
        amount=amount,
        note=(note or "").strip(),
    )
    change.full_clean()
    change.save()
    audit.record(
        actor=actor,
        action="amendment.means",
        obj=locked,
        territory=territory,
        changes={"amount": [None, str(amount)], "year": [None, year]},
    )
    return change


@transaction.atomic
def set_annexed_actions(*, actor: Any, amendment: Amendment, actions: Iterable[Action]) -> None:
    locked = _draft(amendment)
    actions = list(actions)
    if any(a.territory_id != locked.agreement.territory_id for a in actions):
        raise_if({"actions": _("Une fiche annexée appartient à un autre territoire.")})
    locked.annexed_actions.set(actions)
    audit.record(
        actor=actor,
        action="amendment.annex",
        obj=locked,
        territory=locked.agreement.territory,
        changes={"annexed_actions": [None, [a.code or a.title for a in actions]]},
    )


@transaction.atomic
def add_amendment_signatory(
    *, actor: Any, amendment: Amendment, organisation: Organisation, signed_by: str = ""
) -> AmendmentSignatory:
    locked = _draft(amendment)
    if not is_partner_organisation(locked.agreement.territory, organisation):
        raise_if({"organisation": _("Le signataire doit être une organisation partenaire.")})
    if locked.signatories.filter(organisation=organisation).exists():
        raise_if({"organisation": _("Cette organisation signe déjà l’avenant.")})
    signatory = AmendmentSignatory(
        amendment=locked, organisation=organisation, signed_by=(signed_by or "").strip()
    )
    signatory.full_clean()
    signatory.save()
    audit.record(
        actor=actor,
        action="amendment.signatory",
        obj=locked,
        territory=locked.agreement.territory,
        changes={"signatory": [None, organisation.name]},
    )
    return signatory


@transaction.atomic
def add_resolution(
    *,
    actor: Any,
    amendment: Amendment,
    organisation: Organisation,
    reference: str,
    adopted_on: datetime.date,
) -> CouncilResolution:
    locked = Amendment.objects.select_for_update().select_related("agreement__territory")
    amendment = locked.get(pk=amendment.pk)
    if amendment.status == Amendment.Status.SIGNED:
        raise_if({"__all__": _("L’avenant est signé : il ne change plus.")})
    if not (reference or "").strip():
        raise_if({"reference": _("Indiquez le numéro de la délibération.")})
    resolution = CouncilResolution(
        amendment=amendment,
        organisation=organisation,
        reference=reference.strip(),
        adopted_on=adopted_on,
    )
    resolution.full_clean()
    resolution.save()
    audit.record(
        actor=actor,
        action="amendment.resolution",
        obj=amendment,
        territory=amendment.agreement.territory,
        changes={"resolution": [None, resolution.reference]},
    )
    return resolution


@transaction.atomic
def submit_amendment(*, actor: Any, amendment: Amendment) -> Amendment:
    """Brouillon → en signature: the change set is frozen."""
    locked = _draft(amendment)
    errors: dict[str, str] = {}
    if not (
        locked.changes.exists() or locked.means_changes.exists() or locked.annexed_actions.exists()
    ):
        errors["__all__"] = _(
            "L’avenant ne change rien : ajoutez une modification d’article, de moyens ou une "
            "fiche annexée."
        )
    elif not locked.signatories.exists():
        errors["__all__"] = _("Indiquez les organisations qui signent l’avenant.")
    raise_if(errors)
    locked.status = Amendment.Status.SIGNING
    locked.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="amendment.submit",
        obj=locked,
        territory=locked.agreement.territory,
        changes={"status": [Amendment.Status.DRAFT, Amendment.Status.SIGNING]},
    )
    return locked


@transaction.atomic
def record_signature(
    *, actor: Any, signatory: AmendmentSignatory, signed_on: datetime.date
) -> AmendmentSignatory:
    amendment = (
        Amendment.objects.select_for_update()
        .select_related("agreement__territory")
        .get(pk=signatory.amendment_id)
    )
    if amendment.status != Amendment.Status.SIGNING:
        raise_if({"signed_on": _("L’avenant n’est pas en signature.")})
    if signed_on is None:
        raise_if({"signed_on": _("Indiquez la date de signature.")})
    signatory.signed_on = signed_on
    signatory.full_clean()
    signatory.save(update_fields=["signed_on"])
    audit.record(
        actor=actor,
        action="amendment.sign",
        obj=amendment,
        territory=amendment.agreement.territory,
        changes={"signatory": [None, str(signatory.organisation)]},
    )
    return signatory


def apply_changes(
    articles: Iterable[Article], changes: Iterable[ArticleChange]
) -> list[tuple[int, str, str]]:
    """The articles as the changes leave them, by number."""
    result = {a.number: (a.title, a.text) for a in articles}
    for change in changes:
        if change.operation == ArticleChange.Operation.REMOVE:
            result.pop(change.number, None)
        else:
            result[change.number] = (change.title, change.text)
    return [(number, *result[number]) for number in sorted(result)]


@transaction.atomic
def sign_amendment(*, actor: Any, amendment: Amendment) -> Amendment:
    """En signature → signé, once every signatory has signed: the agreement's articles
    move to a new version (the former one is kept) and the means on fiches are added to
    the programme."""
    locked = (
        Amendment.objects.select_for_update()
        .select_related("agreement__territory", "base_version")
        .get(pk=amendment.pk)
    )
    if locked.status != Amendment.Status.SIGNING:
        raise_if({"__all__": _("L’avenant doit être en signature pour être déclaré signé.")})
    dates = list(locked.signatories.values_list("signed_on", flat=True))
    if not dates or any(day is None for day in dates):
        raise_if({"__all__": _("Toutes les organisations signataires n’ont pas encore signé.")})
    agreement = Agreement.objects.select_for_update().get(pk=locked.agreement_id)
    latest = current_version(agreement)
    assert latest is not None
    if latest.pk != locked.base_version_id:
        raise_if(
            {
                "__all__": _(
                    "Les articles ont changé depuis la rédaction de cet avenant : reprenez-le "
                    "sur la version en vigueur."
                )
            }
        )
    version = ArticleVersion.objects.create(
        agreement=agreement, number=latest.number + 1, amendment=locked
    )
    Article.objects.bulk_create(
        Article(version=version, number=number, title=title, text=text)
        for number, title, text in apply_changes(latest.articles.all(), locked.changes.all())
    )
    for change in locked.means_changes.select_related("action", "funder"):
        if change.action is not None:
            add_means(
                actor=actor,
                action=change.action,
                kind=MeansLine.Kind.BUDGET,
                organisation=change.funder,
                year=change.year,
                amount=change.amount,
                description=_("Avenant n° %(n)s") % {"n": locked.number},
            )
    locked.status = Amendment.Status.SIGNED
    locked.signed_on = max(day for day in dates if day is not None)
    locked.save(update_fields=["status", "signed_on", "updated_at"])
    audit.record(
        actor=actor,
        action="amendment.signed",
        obj=locked,
        territory=agreement.territory,
        changes={"status": [Amendment.Status.SIGNING, Amendment.Status.SIGNED]},
    )
    return locked
