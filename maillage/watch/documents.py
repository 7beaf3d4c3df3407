"""The veille's documents: the note de veille (PDF to circulate, DOCX to edit) and the
data protection documents (GDPR art. 30 processing-register entry, AIPD draft) as DOCX.

They are drawn from the plain structures of ``reports`` (counts, settings): no text
written in a signal can reach them.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.territories.models import Territory
from maillage.watch.reports import NoteData, ProtectionFacts

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """The note carries its styles inline: nothing is fetched."""
    raise ValueError(f"External resource refused in a printed document: {url}")


def note_html(note: NoteData, territory: Territory) -> str:
    return render_to_string("watch/reports/note_pdf.html", {"note": note, "territory": territory})


def note_pdf(note: NoteData, territory: Territory) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=note_html(note, territory), url_fetcher=_no_fetch).write_pdf())


def _document(title: str, subject: str) -> Any:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = title
    document.core_properties.subject = subject
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(title, level=0)
    return document


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def note_docx(note: NoteData) -> bytes:
    document = _document(note.title, note.territory)
    document.add_paragraph(
        _("%(territory)s · période depuis %(start)s · générée le %(date)s")
        % {
            "territory": note.territory,
            "start": note.period_start.strftime("%m/%Y"),
            "date": note.generated_on.strftime("%d/%m/%Y"),
        }
    )
    document.add_paragraph(
        _(
            "Cette note est établie à partir de décomptes uniquement : aucun texte libre de "
            "signalement n’y figure, et les effectifs de 1 ou 2 sont masqués (« moins de 3 »)."
        ),
        style="Intense Quote",
    )
    document.add_heading(_("Synthèse"), level=1)
    _table(
        document, [_("Indicateur"), _("Nombre")], [[label, value] for label, value in note.summary]
    )
    for table in note.tables:
        document.add_heading(table.title, level=1)
        if table.rows:
            _table(
                document,
                ["", *table.columns],
                [[row.label, *row.cells] for row in table.rows],
            )
        else:
            document.add_paragraph(table.empty)
    return _bytes(document)


def _months(count: int) -> str:
    return ngettext("%(count)d mois", "%(count)d mois", count) % {"count": count}


def _recipients(facts: ProtectionFacts) -> list[str]:
    cell = facts.cell_name
    if facts.cell_organisations:
        cell += " : " + ", ".join(facts.cell_organisations)
    return [
        _("Les membres de la cellule de veille (%(cell)s) et la coordination du territoire.")
        % {"cell": cell},
        _(
            "L’organisation qui signale et les organisations qui corroborent, pour leurs signalements."
        ),
        _(
            "Les partenaires du territoire, pour les seuls signalements que leur auteur a "
            "ouverts à tous les partenaires."
        ),
        _(
            "Le comité stratégique, sous forme de décomptes (note de veille) : effectifs de 1 "
            "ou 2 masqués, aucun texte libre."
        ),
    ]


def _register_rows(facts: ProtectionFacts) -> list[tuple[str, str]]:
    return [
        (_("Responsable du traitement"), facts.controller),
        (_("Délégué à la protection des données"), facts.dpo_contact),
        (
            _("Nom du traitement"),
            _("Cellule de veille territoriale — %(territory)s") % {"territory": facts.territory},
        ),
        (
            _("Finalités"),
            _(
                "Repérer les phénomènes sociaux émergents observés par les professionnels du "
                "territoire (et non des situations individuelles), les qualifier et les orienter "
                "vers une instance, un groupe de travail, une fiche action ou un indicateur de "
                "l’observatoire ; informer l’auteur des suites données."
            ),
        ),
        (
            _("Base légale"),
            _(
                "Exécution d’une mission d’intérêt public (article 6.1.e du RGPD) : coordination "
                "de l’action sociale et convention territoriale. Aucune donnée relevant de "
                "l’article 9 n’est collectée ; le partage d’informations sur des personnes "
                "(CASF, art. L.121-6-2) est exclu."
            ),
        ),
        (
            _("Personnes concernées"),
            _(
                "Professionnels des organisations partenaires qui signalent, corroborent ou "
                "trient les signalements. Les personnes accompagnées ne sont pas concernées : un "
                "filtre refuse les noms, adresses, numéros et dates de naissance."
            ),
        ),
        (
            _("Catégories de données"),
            _(
                "Identité professionnelle (nom, adresse électronique, organisation), contenu des "
                "signalements (phénomène, thématique, publics, lieu au niveau du quartier, de "
                "l’IRIS ou du QPV, nombre de situations), historique du tri, journal des "
                "consultations."
            ),
        ),
        (_("Destinataires"), " ".join(_recipients(facts))),
        (_("Transferts hors de l’Union européenne"), _("Aucun.")),
        (
            _("Durées de conservation"),
            _(
                "Textes libres des signalements clos effacés après %(closed)s, ceux des "
                "signalements non confirmés après %(unconfirmed)s (remplacés par « [texte "
                "effacé] ») ; les champs codés sont conservés à des fins statistiques. Comptes "
                "des professionnels : durée de leur rattachement à une organisation partenaire."
            )
            % {
                "closed": _months(facts.closed_retention_months),
                "unconfirmed": _months(facts.unconfirmed_retention_months),
            },
        ),
        (
            _("Mesures de sécurité"),
            _(
                "Filtre de données personnelles sur chaque texte libre (pages, API, imports) ; "
                "habilitations par rôle et par territoire ; journalisation de chaque lecture "
                "d’un signalement ; double authentification des coordinateurs ; effacement "
                "automatique quotidien ; chiffrement des échanges (TLS)."
            ),
        ),
    ]


def register_docx(facts: ProtectionFacts) -> bytes:
    """The GDPR article 30 processing-register entry of the veille."""
    title = _("Registre des activités de traitement — fiche « cellule de veille »")
    document = _document(title, facts.territory)
    document.add_paragraph(
        _("Article 30 du RGPD · %(territory)s · établie le %(date)s")
        % {"territory": facts.territory, "date": facts.generated_on.strftime("%d/%m/%Y")}
    )
    _table(document, [_("Rubrique"), _("Contenu")], [list(row) for row in _register_rows(facts)])
    return _bytes(document)


def aipd_docx(facts: ProtectionFacts) -> bytes:
    """A draft data protection impact assessment (AIPD), following the CNIL's method:
    description, necessity and proportionality, risks, action plan, validation."""
    title = _("Analyse d’impact relative à la protection des données (AIPD) — projet")
    document = _document(title, facts.territory)
    document.add_paragraph(
        _(
            "%(territory)s · projet établi le %(date)s, à compléter et valider avec le délégué "
            "à la protection des données. La CNIL inscrit la « gestion des alertes et des "
            "signalements en matière sociale » parmi les traitements qui requièrent une AIPD."
        )
        % {"territory": facts.territory, "date": facts.generated_on.strftime("%d/%m/%Y")},
        style="Intense Quote",
    )
    document.add_heading(_("1. Description du traitement"), level=1)
    _table(document, [_("Rubrique"), _("Contenu")], [list(row) for row in _register_rows(facts)])
    document.add_heading(_("2. Nécessité et proportionnalité"), level=1)
    for text in (
        _(
            "Minimisation : un signalement décrit un phénomène, jamais une personne. Le lieu "
            "est un quartier, un IRIS ou un QPV, jamais une adresse ; les situations sont un "
            "nombre, jamais une liste."
        ),
        _(
            "Filtre : adresses électroniques, numéros de téléphone, NIR, IBAN, numéros "
            "d’allocataire, dates de naissance, adresses et noms précédés d’une civilité sont "
            "refusés avant tout enregistrement ; l’auteur reformule."
        ),
        _(
            "Enfance en danger : une formulation évoquant un enfant en danger bloque "
            "l’enregistrement et oriente vers la CRIP du Département et le 119."
        ),
        _(
            "Conservation limitée : %(closed)s pour les signalements clos, %(unconfirmed)s pour "
            "les non confirmés, puis effacement des textes libres."
        )
        % {
            "closed": _months(facts.closed_retention_months),
            "unconfirmed": _months(facts.unconfirmed_retention_months),
        },
        _(
            "Information des professionnels : mention d’information sur le formulaire de "
            "signalement ; droits d’accès, de rectification et d’opposition auprès de : "
            "%(dpo)s."
        )
        % {"dpo": facts.dpo_contact},
    ):
        document.add_paragraph(text, style="List Bullet")
    document.add_heading(_("3. Risques"), level=1)
    _table(
        document,
        [_("Risque"), _("Sources"), _("Mesures"), _("Gravité / vraisemblance")],
        [
            [
                _("Accès illégitime à des données"),
                _("Compte compromis, partenaire d’un autre territoire, habitant"),
                _(
                    "Habilitations par territoire et par rôle, signalements jamais publics, "
                    "journal des lectures, double authentification des coordinateurs"
                ),
                _("À évaluer"),
            ],
            [
                _("Donnée personnelle saisie malgré tout"),
                _("Texte libre, import, API"),
                _("Filtre sur toutes les voies d’entrée ; tri par la cellule ; effacement"),
                _("À évaluer"),
            ],
            [
                _("Ré-identification par recoupement"),
                _("Petits effectifs sur un petit quartier"),
                _("Effectifs inférieurs à 3 masqués sur la carte et dans la note de veille"),
                _("À évaluer"),
            ],
            [
                _("Modification ou disparition non désirée"),
                _("Erreur de manipulation"),
                _("Historique du tri, fusion qui conserve les corroborations, sauvegardes"),
                _("À évaluer"),
            ],
        ],
    )
    document.add_heading(_("4. Plan d’action"), level=1)
    document.add_paragraph(_("À compléter : mesures complémentaires, responsables, échéances."))
    document.add_heading(_("5. Validation"), level=1)
    _table(
        document,
        [_("Rôle"), _("Nom"), _("Avis"), _("Date")],
        [
            [_("Responsable du traitement"), facts.controller, "", ""],
            [_("Délégué à la protection des données"), facts.dpo_contact, "", ""],
            [_("Cellule de veille"), facts.cell_name, "", ""],
        ],
    )
    return _bytes(document)
