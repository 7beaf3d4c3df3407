"""The personal-data gate of the veille: a signal describes a phenomenon, never a person.

``screen(text)`` finds what looks like personal data in a free text (e-mail addresses,
French phone numbers, NIR with a valid key, IBAN with a valid key, allocataire or file
numbers, dates of birth, street addresses with a number, names after a civility) and
wordings of a child in danger, which have a legal route of their own (the CRIP of the
Département, the 119) and cannot be recorded as a signal. ``check_fields`` raises a
``ValidationError`` keyed by field with French messages quoting each passage: services
call it before anything is stored (pages, API, imports alike).

Pure Python (no models, no database): the patterns run on an accent-folded, lower-case
copy of the text that keeps every character's position, so the offsets of a finding are
those of the text the author typed. Case-sensitive rules (a capitalised name after a
civility, an IBAN in capitals) run on the text itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMAIL = "email"
PHONE = "phone"
NIR = "nir"
IBAN = "iban"
ALLOCATAIRE = "allocataire"
BIRTH_DATE = "birth_date"
ADDRESS = "address"
NAME = "name"
CHILD_PROTECTION = "child_protection"

LABELS = {
    EMAIL: gettext_lazy("adresse électronique"),
    PHONE: gettext_lazy("numéro de téléphone"),
    NIR: gettext_lazy("numéro de sécurité sociale (NIR)"),
    IBAN: gettext_lazy("coordonnées bancaires (IBAN)"),
    ALLOCATAIRE: gettext_lazy("numéro d’allocataire ou de dossier"),
    BIRTH_DATE: gettext_lazy("date de naissance"),
    ADDRESS: gettext_lazy("adresse postale"),
    NAME: gettext_lazy("nom d’une personne"),
    CHILD_PROTECTION: gettext_lazy("situation d’un enfant en danger"),
}

# The longest excerpt quoted back to the author.
EXCERPT_MAX = 80


@dataclass(frozen=True)
class Finding:
    """One passage of the text: ``text[start:end] == excerpt`` (before shortening)."""

    kind: str
    start: int
    end: int
    excerpt: str
    label: str


@dataclass
class Screening:
    """What the gate found in a text. ``child_passages`` are the wordings that set
    ``child_protection`` (to highlight them like the findings)."""

    findings: list[Finding] = field(default_factory=list)
    child_protection: bool = False
    child_passages: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings and not self.child_protection


# --- Folding that keeps positions ------------------------------------------------------


class _FoldTable(dict[int, str]):
    """``str.translate`` table: each character to one lower-case, accent-free character
    (or itself when it has no one-character form), so that offsets are kept."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if len(base) != 1:
            lower = char.lower()
            base = lower if len(lower) == 1 else char
        if base in "’ʼ‘`´":
            base = "'"
        elif base in "\u00a0\u202f\u2009":
            base = " "
        self[code] = base
        return base


_FOLD = _FoldTable()


def fold_keeping_offsets(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with the same length."""
    return text.translate(_FOLD)


# --- Keys -------------------------------------------------------------------------------

_NIR_SHAPE = re.compile(r"[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}")


def nir_is_valid(value: str) -> bool:
    """A 15-character NIR (spaces ignored) whose key is 97 − (number mod 97); Corsica's
    2A and 2B count as 19 and 18 (A/B read as 0, minus 1,000,000 or 2,000,000)."""
    compact = re.sub(r"[\s.\-]", "", value).upper()
    if not _NIR_SHAPE.fullmatch(compact):
        return False
    body, key = compact[:13], int(compact[13:])
    if "A" in body:
        number = int(body.replace("A", "0")) - 1_000_000
    elif "B" in body:
        number = int(body.replace("B", "0")) - 2_000_000
    else:
        number = int(body)
    return key == 97 - number % 97


# Lengths of the IBANs of the countries a French territory meets most.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "DZ": 26, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IT": 27, "LT": 20, "LU": 20, "LV": 21, "MA": 28,
    "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24,
    "SI": 19, "SK": 24, "SN": 28, "TN": 24, "TR": 26,
}  # fmt: skip
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


def iban_is_valid(value: str) -> bool:
    """An IBAN (spaces ignored) of the right length for its country whose rearranged
    number is 1 modulo 97 (ISO 13616)."""
    compact = re.sub(r"\s", "", value).upper()
    if not _IBAN_SHAPE.fullmatch(compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


# --- Patterns ---------------------------------------------------------------------------
# Patterns marked "folded" run on the folded copy (lower case, no accents).

# folded
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
_EMAIL_SPELLED = re.compile(
    r"\b[a-z0-9][a-z0-9._\-]*\s*(?:\[at\]|\(at\)|\(arobase\)|\s+arobase\s+)\s*"
    r"[a-z0-9\-]+(?:\s*(?:\.|\[dot\]|\(point\)|\s+point\s+)\s*[a-z]{2,})+"
)
# folded: 0X XX XX XX XX, 0XXXXXXXXX, 0X.XX…, +33 X XX…, +33 (0)X…, 0033 X…
_SEP = r"[ .\-/]?"
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9]"
    rf"(?:{_SEP}\d{{2}}){{4}}(?![\d])"
)
# folded: a NIR written with or without spaces (its key is checked afterwards)
_NIR = re.compile(
    r"(?<![\w])[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2a|2b)[ .]?\d{3}[ .]?\d{3}"
    r"(?:[ .]?\d{2})(?![\w])"
)
# folded: "n° de sécurité sociale 1 85 …", "NIR : …" (13 or 15 digits, key or not)
_NIR_NAMED = re.compile(
    r"\b(?:nir|n\s?i\s?r|securite\s+sociale|secu|ss|insee)\b[^\d\n]{0,25}?"
    r"([1-478](?:[ .]?[\dab]){12}(?:[ .]?\d{2})?)(?![\w])"
)
# text itself: IBAN in groups of four or in one block
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?")
_IBAN_NAMED = re.compile(
    r"\b(?:iban|rib)\b[^\w\n]{0,10}([a-z]{2}\d{2}(?:[ ]?[a-z0-9]{2,4}){3,8})", re.ASCII
)
# folded: "n° allocataire 1234567", "numéro CAF : 1234567", "dossier 1234567"…
_ALLOCATAIRE = re.compile(
    r"\b(?:allocataires?|caf|msa|dossiers?|matricules?|beneficiaires?|usagers?|"
    r"numeros?\s+fiscal|num\.?\s+fiscal|ame|cmu|css|pole\s+emploi|france\s+travail|"
    r"identifiant)\b(?P<gap>[^\d\n]{0,30}?)"
    r"((?<!\d)(?:[a-z]{0,2}\d{7,13}[a-z]?|\d{4}[\-/]\d{5,}|\d{3}\s\d{4}))(?!\d)"
)
_MONTHS = r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|janv|fev|fevr|sept|oct|nov|dec)\.?"
# A day (with or without its year), or a month and a year.
_DAY = (
    r"(?:\d{1,2}\s?[/.\-]\s?\d{1,2}(?:\s?[/.\-]\s?\d{2,4})?"
    r"|\d{4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,2}"
    rf"|(?:1er|\d{{1,2}})\s+{_MONTHS}(?:\s+\d{{4}})?)"
)
_DATE = rf"(?:{_DAY}|{_MONTHS}\s+\d{{4}})"
# folded: "né le 12/03/2015", "née en 2012-03-04", "né(e) le 3 mars 2015", "né en mars
# 2015"; a plural ("les enfants nés en mars 2020") is a cohort unless a day is given.
_BORN = re.compile(
    rf"\bnee?(?:\s?\(e\))?\s+(?:le\s+|en\s+|au\s+|du\s+)?{_DATE}"
    rf"|\bnee?s(?:\s?\(e\)s)?\s+(?:le\s+|du\s+)?{_DAY}"
)
# folded: "date de naissance : …", "DDN 12/03/2015"
_BIRTH_NAMED = re.compile(
    rf"\b(?:dates?\s+de\s+naissance|ddn|nee?\s+le)\b\s*[:=\-]?\s*(?:le\s+|du\s+)?{_DATE}"
)
_BIRTH_WORDING = re.compile(r"\b(?:dates?\s+de\s+naissance|ddn)\b\s*[:=]")
# folded: a number, then a street type. Some types are also common words
# ("1 place en crèche", "3 cours de français"): they need a name after them (checked
# on the text itself: a capital, possibly after "de la", "du", "des", "d'").
_UNAMBIGUOUS = (
    r"rue|avenue|av|bd|bld|boulevard|allee|impasse|imp|quai|faubourg|fbg|ruelle|"
    r"esplanade|parvis|rond-point|lotissement|hameau|lieu-dit|traverse|montee|chaussee"
)
_AMBIGUOUS = (
    r"place|pl|cours|chemin|ch|route|rte|passage|voie|mail|domaine|clos|jardin|port|"
    r"square|sentier|villa|cite|residence|res|promenade|lot"
)
_ADDRESS = re.compile(
    r"(?<![\w,.])\d{1,4}\s?(?:bis|ter|quater|[a-d])?\s*,?\s+"
    rf"(?:(?P<sure>{_UNAMBIGUOUS})|(?P<maybe>{_AMBIGUOUS}))\.?(?![\w\-])"
)
_ADDRESS_PARTICLE = re.compile(
    r"\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|la\s+|le\s+|les\s+)?"
)
_NAME_WORD = re.compile(r"\s*([A-ZÀ-ÖØ-Ý0-9][\w'’\-]*)")
# folded: "appartement 12", "appt 3", "bât. B, escalier 2"
_FLAT = re.compile(
    r"\b(?:appartement|appart|appt|apt|logement|porte)\.?\s*(?:n\s?[°o]\s*)?\d{1,4}[a-z]?\b"
    r"|\b(?:bat|batiment)\.?\s+[a-z0-9]{1,3}\b\s*,?\s*(?:esc|escalier|etage|porte|appt|appartement)\b"
)
# text itself: a civility, then a word with a capital (checked further in code)
_UPPER = "A-ZÀ-ÖØ-ÝŒŸ"
_CIVILITY = re.compile(
    r"(?<![\w.])(?:M\.|MM\.|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Mmes\.?|Mlle\.?|Mlles\.?|"
    r"(?i:monsieur|madame|mademoiselle|messieurs|mesdames|mesdemoiselles))"
    rf"\s+(?:(?P<article>(?i:la|le|les|l['’]))\s*)?(?P<word>[{_UPPER}][\w'’\-]*)"
)
_FAMILY = re.compile(rf"(?<![\w])(?i:famille)\s+(?P<word>[{_UPPER}][\w'’\-]*)")


def _words(text: str) -> list[str]:
    return text.split()


# Functions and titles that follow a civility without naming anyone (folded).
TITLES = frozenset(
    _words(
        """
    maire adjoint adjointe premier premiere prefet prefete sous-prefet sous-prefete
    directeur directrice president presidente vice-president vice-presidente depute
    deputee senateur senatrice conseiller conseillere ministre principal principale
    proviseur proviseure inspecteur inspectrice juge procureur procureure commissaire
    secretaire chef cheffe responsable coordinateur coordinatrice delegue deleguee
    recteur rectrice doyen doyenne docteur professeur professeure gouverneur consul
    ambassadeur ambassadrice elu elue capitaine lieutenant commandant colonel general
    generale administrateur administratrice referent referente medecin infirmier
    infirmiere educateur educatrice charge chargee cadre agent agente intendant
    intendante gestionnaire greffier greffiere avocat avocate notaire bailleur
    defenseur defenseure mediateur mediatrice questeur questeure rapporteur rapporteure
    tresorier tresoriere le la les l et ou x
    """
    )
)
# Words that follow "famille" without naming one (folded).
FAMILY_WORDS = frozenset(
    _words(
        """
    monoparentale monoparentales nombreuse nombreuses recomposee recomposees accueil
    rurale rurales d de des du
    """
    )
)
# folded: a child in danger
_CHILD = re.compile(
    r"\b(?:enfants?|mineure?s?|bebes?|nourrissons?|adolescente?s?|fillettes?)\s+en\s+"
    r"danger\b"
    r"|\b(?:enfants?|mineure?s?|bebes?|nourrissons?|adolescente?s?|fillettes?)\b"
    r"[^.;!?\n]{0,40}?\b(?:est|sont|semblent?|serai(?:en)?t|paraissent|parait|"
    r"pourrai(?:en)?t\s+etre|se\s+trouvent?|etre|mise?s?)\s+en\s+danger\b"
    r"|\bmise?\s+en\s+danger\s+(?:d'une?\s+|des\s+|de\s+)?(?:mineure?s?|enfants?|bebes?)\b"
    r"|\bmaltrait\w*"
    r"|\b(?:violences?|agressions?|abus|coups)\s+(?:sexuel(?:le)?s?\s+|physiques?\s+|"
    r"psychologiques?\s+)?(?:sur|envers|contre|faites?\s+a(?:ux)?|subie?s?\s+par)\s+"
    r"(?:des\s+|un\s+|une\s+|les\s+|l'|la\s+|le\s+|leurs?\s+|ses\s+|son\s+|sa\s+)?"
    r"(?:mineure?s?|enfants?|bebes?|nourrissons?|adolescente?s?|fillettes?|garcons?|"
    r"filles?|eleves?|petite?s?[\- ]enfants?)\b"
    r"|\babus\s+sexuels?\b"
    r"|\bagressions?\s+sexuelles?\s+(?:sur|d'un|d'une|de)\s+(?:mineure?s?|enfants?)\b"
    r"|\binceste\w*"
    r"|\battouchements?\b"
    r"|\bsevices\b"
    r"|\bpedocrimin\w*|\bpedophil\w*|\bpedopornograph\w*"
    r"|\bprostitution\s+(?:des\s+|de\s+)?(?:mineure?s?|enfants?)\b"
    r"|\benfants?\s+(?:battue?s?|frappee?s?|maltraitee?s?|victimes?\s+de\s+violences?)\b"
    r"|\bbebes?\s+secoues?\b"
    r"|\b(?:syndrome\s+du\s+)?bebe\s+secoue\b"
    r"|\bexcision\w*"
    r"|\bmariages?\s+forces?\s+(?:d'une?\s+|de\s+)?(?:mineure?s?|jeunes?\s+filles?)\b"
)


# --- Screening --------------------------------------------------------------------------


def _finding(kind: str, text: str, start: int, end: int) -> Finding:
    excerpt = text[start:end].strip()
    if len(excerpt) > EXCERPT_MAX:
        excerpt = excerpt[: EXCERPT_MAX - 1].rstrip() + "…"
    return Finding(kind=kind, start=start, end=end, excerpt=excerpt, label=str(LABELS[kind]))


def _names(text: str, folded: str) -> list[tuple[int, int]]:
    spans = []
    for match in _CIVILITY.finditer(text):
        word = folded[match.start("word") : match.end("word")].strip("'-")
        if word in TITLES:
            continue
        spans.append((match.start(), match.end()))
    for match in _FAMILY.finditer(text):
        word = folded[match.start("word") : match.end("word")].strip("'-")
        if word not in FAMILY_WORDS and word not in TITLES:
            spans.append((match.start(), match.end()))
    return spans


def _addresses(text: str, folded: str) -> list[tuple[int, int]]:
    spans = []
    for match in _ADDRESS.finditer(folded):
        end = match.end()
        particle = _ADDRESS_PARTICLE.match(text, end)
        after = particle.end() if particle else end
        name = _NAME_WORD.match(text, after)
        if match.group("maybe") and not name:
            continue
        # Take the street's name in the excerpt: capitalised words and particles.
        while name:
            end = name.end()
            particle = _ADDRESS_PARTICLE.match(text, end)
            name = _NAME_WORD.match(text, particle.end() if particle else end)
            if name and name.group(1)[:1].isdigit():
                break
        spans.append((match.start(), end))
    spans.extend((m.start(), m.end()) for m in _FLAT.finditer(folded))
    return spans


def _ibans(text: str, folded: str) -> list[tuple[int, int]]:
    spans = []
    for match in _IBAN.finditer(text):
        candidate = match.group(0)
        # Written in groups, an IBAN may be followed by a word in capitals: shorten
        # group by group until the key holds.
        while candidate:
            if iban_is_valid(candidate):
                spans.append((match.start(), match.start() + len(candidate)))
                break
            if " " not in candidate.strip():
                break
            candidate = candidate.rstrip().rsplit(" ", 1)[0]
    for match in _IBAN_NAMED.finditer(folded):
        spans.append((match.start(1), match.end(1)))
    return spans


# Codes of places and organisations, not of people: a number right after them is theirs.
_NOT_A_PERSON = re.compile(r"\b(?:iris|qpv|insee|code|siret|siren|finess|rna|uai|postal)\b")


def _allocataires(folded: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in _ALLOCATAIRE.finditer(folded)
        if not _NOT_A_PERSON.search(m.group("gap"))
    ]


def _nirs(folded: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _NIR.finditer(folded) if nir_is_valid(m.group(0))]
    spans.extend((m.start(1), m.end(1)) for m in _NIR_NAMED.finditer(folded))
    return spans


def screen(text: str) -> Screening:
    """Find personal data and child-in-danger wordings in ``text``."""
    if not text:
        return Screening()
    folded = fold_keeping_offsets(text)
    # In order of precedence: a passage found by an earlier rule is not reported again
    # by a later one (a NIR's digits are not also a phone number).
    candidates: list[tuple[str, list[tuple[int, int]]]] = [
        (EMAIL, [(m.start(), m.end()) for m in _EMAIL.finditer(folded)]
         + [(m.start(), m.end()) for m in _EMAIL_SPELLED.finditer(folded)]),
        (IBAN, _ibans(text, folded)),
        (NIR, _nirs(folded)),
        (PHONE, [(m.start(), m.end()) for m in _PHONE.finditer(folded)]),
        (ALLOCATAIRE, _allocataires(folded)),
        (BIRTH_DATE, [(m.start(), m.end()) for m in _BORN.finditer(folded)]
         + [(m.start(), m.end()) for m in _BIRTH_NAMED.finditer(folded)]
         + [(m.start(), m.end()) for m in _BIRTH_WORDING.finditer(folded)]),
        (ADDRESS, _addresses(text, folded)),
        (NAME, _names(text, folded)),
    ]  # fmt: skip
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for kind, spans in candidates:
        for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            findings.append(_finding(kind, text, start, end))
    findings.sort(key=lambda f: f.start)
    child = [_finding(CHILD_PROTECTION, text, m.start(), m.end()) for m in _CHILD.finditer(folded)]
    return Screening(findings=findings, child_protection=bool(child), child_passages=child)


def child_protection_message() -> str:
    """The legal route for a child in danger, shown instead of recording the signal."""
    return _(
        "Ce texte évoque un enfant en danger. Une cellule de veille ne traite pas de "
        "situations individuelles : transmettez sans attendre une information préoccupante "
        "à la CRIP (cellule de recueil des informations préoccupantes) du Département, ou "
        "appelez le 119 « Allô enfance en danger » (gratuit, 24 h/24, 7 j/7). En cas de "
        "danger immédiat, appelez le 17 ou le 112. Le signalement ne peut pas être "
        "enregistré tel quel."
    )


def finding_message(finding: Finding) -> str:
    """The French message quoting a passage the author must rephrase."""
    if finding.kind == CHILD_PROTECTION:
        return _("« %(excerpt)s » : %(label)s.") % {
            "excerpt": finding.excerpt,
            "label": finding.label,
        }
    return _(
        "« %(excerpt)s » ressemble à un(e) %(label)s. Un signalement décrit un phénomène, "
        "jamais une personne : reformulez sans ce passage."
    ) % {"excerpt": finding.excerpt, "label": finding.label}


def messages(screening: Screening) -> list[str]:
    """Every message of a screening: the legal route first when a child is in danger."""
    result = []
    if screening.child_protection:
        result.append(child_protection_message())
        result.extend(finding_message(f) for f in screening.child_passages)
    result.extend(finding_message(f) for f in screening.findings)
    return result


def check_fields(fields: dict[str, str]) -> None:
    """Raise ``ValidationError({field: [messages]})`` when any of ``fields`` holds
    personal data or a child-in-danger wording; return quietly otherwise."""
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        screening = screen(value or "")
        if not screening.ok:
            errors[name] = messages(screening)
    if errors:
        raise ValidationError(errors)


def segments(text: str, screening: Screening) -> list[tuple[str, Finding | None]]:
    """``text`` cut into plain passages (``None``) and found ones, in order, so that a
    template can highlight what must be rephrased (``<mark>``)."""
    found = sorted(screening.findings + screening.child_passages, key=lambda f: f.start)
    result: list[tuple[str, Finding | None]] = []
    position = 0
    for finding in found:
        if finding.start < position:
            continue
        if finding.start > position:
            result.append((text[position : finding.start], None))
        result.append((text[finding.start : finding.end], finding))
        position = finding.end
    if position < len(text):
        result.append((text[position:], None))
    return result
