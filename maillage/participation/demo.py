"""The demo's participation, from the seeds' context: childcare at staggered hours, the
run-down co-ownerships of the bas Clichy, French classes for adults, access to care —
some answered and linked to the demo's fiches actions and bodies, one refused with a
reason, one waiting for moderation; entries from the web and from the social centres'
permanences and workshops. Everything goes through the services; loading twice changes
nothing. First names are invented."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.governance.models import Body
from maillage.participation import services
from maillage.participation.models import (
    Avis,
    College,
    Consultation,
    Contribution,
    CouncilMember,
    Draw,
    Interpellation,
    Kind,
    ModerationReason,
    ModerationState,
    Moderator,
    Origin,
    Status,
)
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Territory


@dataclass(frozen=True)
class Spec:
    title: str
    text: str
    kind: str
    category: str
    display_name: str
    quartier: str = ""
    origin: str = Origin.WEB
    helper: str = ""  # key prefix of the professional who entered it (assisted)
    moderation: str = ModerationState.PUBLISHED
    reason: str = ""
    status: str = Status.RECEIVED
    answer: str = ""
    action_code: str = ""
    body_name: str = ""
    supporters: tuple[str, ...] = ()


CONTRIBUTIONS = (
    Spec(
        title="Une garde d’enfants tôt le matin et le soir",
        text="Je commence à 6 heures. La crèche ouvre à 8 heures.\n"
        "Je n’ai personne pour garder mon fils.",
        kind=Kind.NEED,
        category="childcare",
        display_name="Awa",
        quartier="BAS-CLICHY",
        status=Status.INTEGRATED,
        answer="Votre besoin est repris dans la garderie éphémère.\n"
        "Elle accueille les enfants quand les parents travaillent ou se forment.\n"
        "Demandez au centre social du Bas-Clichy.",
        action_code="2.2.1",
        supporters=("partner", "elected"),
    ),
    Spec(
        title="Les immeubles du bas Clichy se dégradent",
        text="L’ascenseur est en panne depuis deux mois.\nIl y a de l’humidité dans les murs.",
        kind=Kind.NEED,
        category="housing",
        display_name="M. Karim",
        quartier="BAS-CLICHY",
        origin=Origin.PERMANENCE,
        helper="cs-bas.",
        status=Status.TRANSMITTED,
        answer="Votre message est transmis au comité technique Logement et habitat.\n"
        "Il en parle à sa prochaine réunion.",
        body_name="Comité technique Logement et habitat",
        supporters=("resident",),
    ),
    Spec(
        title="Des cours de français pour adultes le soir",
        text="Je veux apprendre à lire et écrire en français.\nLe soir, après le travail.",
        kind=Kind.IDEA,
        category="french",
        display_name="Fatou",
        quartier="HAUT-CLICHY",
        origin=Origin.WORKSHOP,
        helper="cs-haut.",
        status=Status.STUDYING,
        answer="Nous cherchons une salle et des bénévoles.\nNous vous répondons en juin.",
        supporters=("resident", "partner"),
    ),
    Spec(
        title="Où trouver un médecin qui prend de nouveaux patients ?",
        text="Mon médecin est parti à la retraite.\nLes autres ne prennent personne.",
        kind=Kind.QUESTION,
        category="health",
        display_name="Yasmina",
        origin=Origin.WALK,
        helper="ccas.",
    ),
    Spec(
        title="Mon voisin fait du bruit la nuit",
        text="Mon voisin du dessus fait du bruit toutes les nuits.",
        kind=Kind.NEED,
        category="other",
        display_name="Jo",
        moderation=ModerationState.REFUSED,
        reason=ModerationReason.INDIVIDUAL_CASE,
    ),
    Spec(
        title="Un banc près de l’arrêt de bus",
        text="Les personnes âgées attendent debout.",
        kind=Kind.IDEA,
        category="transport",
        display_name="Sami",
        moderation=ModerationState.PENDING,
    ),
)


def _first_user(ctx: DemoContext, prefix: str) -> Any:
    keys = sorted(key for key in ctx.users if key.startswith(prefix))
    return ctx.users[keys[0]] if keys else None


def _load(ctx: DemoContext, territory: Territory, spec: Spec) -> None:
    if Contribution.objects.filter(territory=territory, title=spec.title).exists():
        return
    coordinator = ctx.users["coordinator"]
    helper = _first_user(ctx, spec.helper) if spec.helper else None
    quartier = (
        GeoUnit.objects.filter(territory=territory, code=spec.quartier).first()
        if spec.quartier
        else None
    )
    common: dict[str, Any] = {
        "territory": territory,
        "kind": spec.kind,
        "category": spec.category,
        "title": spec.title,
        "text": spec.text,
        "display_name": spec.display_name,
        "quartier": quartier,
    }
    if helper is not None:
        made = services.create_contribution(
            actor=helper,
            assisted=True,
            origin=spec.origin,
            consent=True,
            entered_for=helper.memberships.filter(territory=territory).first().organisation,
            **common,
        )
    else:
        resident = ctx.users["resident"]
        # Read again: the object in the context may predate the e-mail's verification.
        resident.refresh_from_db()
        made = services.create_contribution(actor=resident, **common)
    if spec.moderation == ModerationState.PENDING:
        return
    services.moderate_contribution(
        actor=coordinator, contribution=made, decision=spec.moderation, reason=spec.reason
    )
    if spec.moderation != ModerationState.PUBLISHED:
        return
    for key in spec.supporters:
        if key in ctx.users:
            services.support_contribution(actor=ctx.users[key], contribution=made)
    if spec.status == Status.RECEIVED:
        return
    action = (
        Action.objects.filter(territory=territory, code=spec.action_code).first()
        if spec.action_code
        else None
    )
    body = (
        Body.objects.filter(territory=territory, name=spec.body_name).first()
        if spec.body_name
        else None
    )
    if (spec.action_code and action is None) or (spec.body_name and body is None):
        return  # the programme's or governance's demo is not loaded
    services.answer_contribution(
        actor=coordinator,
        contribution=made,
        status=spec.status,
        answer=spec.answer,
        action=action,
        body=body,
    )


def load(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    if territory is None or "coordinator" not in ctx.users or "resident" not in ctx.users:
        return
    moderator = _first_user(ctx, "vie-associative.")
    if (
        moderator is not None
        and not Moderator.objects.filter(territory=territory, user=moderator).exists()
    ):
        services.add_moderator(actor=ctx.users["coordinator"], territory=territory, user=moderator)
    for spec in CONTRIBUTIONS:
        _load(ctx, territory, spec)
    _council(ctx, territory)
    _translate(ctx, territory)


# --------------------------------------------------------------------------- Conseil citoyen

COUNCIL_NAME = "Conseil citoyen de Clichy-sous-Bois"
MANDATE_START = datetime.date(2024, 10, 1)
MANDATE_END = datetime.date(2027, 10, 1)
# Invented volunteers: pseudonymous ids and invented first names with an initial.
_FIRST = ("Awa", "Yanis", "Mira", "Sofiane", "Inès", "Noah", "Lina", "Bilal", "Sara", "Tom")
_QUARTIERS = ("Bas-Clichy", "Haut-Clichy", "Chêne-Pointu", "Centre")
DRAW_SOURCE = "id;nom;quartier\n" + "".join(
    f"V{n:03d};{_FIRST[n % len(_FIRST)]} {chr(65 + (n * 7) % 26)}.;{_QUARTIERS[n % 4]}\n"
    for n in range(1, 49)
)
DRAW_PUBLIC_VALUE = "Tirage public du 12 septembre 2024 : 4 17 23 31 42"
ASSOCIATIONS = ("adsea", "addai", "cs-bas")


def _council(ctx: DemoContext, territory: Territory) -> None:
    from maillage.governance import services as governance

    coordinator = ctx.users["coordinator"]
    body = Body.objects.filter(territory=territory, name=COUNCIL_NAME).first()
    if body is None:
        body = governance.create_body(
            actor=coordinator,
            territory=territory,
            kind=Body.Kind.CITIZEN_COUNCIL,
            name=COUNCIL_NAME,
            short_name="Conseil citoyen",
            mandate="Deux collèges : les habitants (tirés au sort et volontaires) et les "
            "associations et acteurs locaux. Il donne son avis sur les fiches actions et "
            "interpelle le comité stratégique.",
            rhythm="Tous les deux mois",
        )
    if not Draw.objects.filter(body=body).exists():
        services.run_draw(
            actor=coordinator,
            body=body,
            source=DRAW_SOURCE,
            public_value=DRAW_PUBLIC_VALUE,
            seats=8,
            balance_by="quartier",
            mandate_start=MANDATE_START,
            mandate_end=MANDATE_END,
        )
    writer = _first_user(ctx, "conseil-citoyen.")
    if writer is not None and not CouncilMember.objects.filter(body=body, user=writer).exists():
        services.add_council_member(
            actor=coordinator,
            body=body,
            college=College.RESIDENTS,
            display_name=f"{writer.full_name.split()[0]} (volontaire)",
            user=writer,
            started_on=MANDATE_START,
            ended_on=MANDATE_END,
        )
    for key in ASSOCIATIONS:
        organisation = ctx.organisations.get(key)
        if (
            organisation is None
            or CouncilMember.objects.filter(body=body, organisation=organisation).exists()
        ):
            continue
        services.add_council_member(
            actor=coordinator,
            body=body,
            college=College.ASSOCIATIONS,
            display_name=organisation.name[:80],
            organisation=organisation,
            started_on=MANDATE_START,
            ended_on=MANDATE_END,
        )
    if writer is None:
        return
    action = Action.objects.filter(territory=territory, code="2.2.1").first()
    if action is not None and not Avis.objects.filter(body=body, action=action).exists():
        services.create_avis(
            actor=writer,
            body=body,
            action=action,
            title="Ouvrir la garderie éphémère aussi le samedi matin",
            text="Le Conseil citoyen soutient la garderie éphémère.\n"
            "Beaucoup de parents travaillent le samedi, dans le commerce ou le ménage.\n"
            "Nous demandons une ouverture le samedi matin, et une information en plusieurs "
            "langues à la sortie des écoles.",
            approved_on=datetime.date(2025, 1, 14),
            publish=True,
        )
    if not Interpellation.objects.filter(body=body).exists():
        try:
            services.interpellate(
                actor=writer,
                body=body,
                subject="Les copropriétés dégradées du bas Clichy",
                text="Des habitants du bas Clichy vivent sans ascenseur depuis des mois, avec "
                "de l’humidité dans les murs.\nLe Conseil citoyen demande au comité "
                "stratégique un point d’étape sur les travaux et sur l’accompagnement des "
                "familles.",
            )
        except ValidationError:
            return  # governance's demo (the comité stratégique) is not loaded
    _translate(ctx, territory)


# Human translations (item 5 of issue 14): residents who read Arabic, Turkish or English
# find the answered messages in their language. Statuses vary: relu, traduit, à traduire.
TRANSLATIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "Une garde d’enfants tôt le matin et le soir": [
        ("title", "ar", "حضانة للأطفال في الصباح الباكر وفي المساء", "reviewed"),
        (
            "text",
            "ar",
            "أبدأ العمل في السادسة. الحضانة تفتح في الثامنة.\nليس لدي من يرعى ابني.",
            "reviewed",
        ),
        (
            "answer",
            "ar",
            "حاجتك مأخوذة في الحضانة المؤقتة.\nتستقبل الأطفال عندما يعمل الآباء أو يتكوّنون.\nاسأل المركز الاجتماعي في Bas-Clichy.",
            "reviewed",
        ),
        ("title", "tr", "Sabah erken ve akşam çocuk bakımı", "translated"),
        (
            "answer",
            "tr",
            "İhtiyacınız geçici kreşte ele alındı.\nEbeveynler çalışırken veya eğitimdeyken çocukları kabul ediyor.\nBas-Clichy sosyal merkezine sorun.",
            "translated",
        ),
        ("title", "en", "Childcare early in the morning and in the evening", "reviewed"),
        (
            "text",
            "en",
            "I start at 6 a.m. The nursery opens at 8 a.m.\nI have nobody to look after my son.",
            "reviewed",
        ),
        (
            "answer",
            "en",
            "Your need is taken up by the pop-up day care.\nIt takes children while parents work or train.\nAsk the Bas-Clichy social centre.",
            "translated",
        ),
    ],
    "Des cours de français pour adultes le soir": [
        ("title", "ar", "دروس في اللغة الفرنسية للكبار في المساء", "translated"),
        (
            "text",
            "ar",
            "أريد أن أتعلم القراءة والكتابة بالفرنسية.\nفي المساء، بعد العمل.",
            "translated",
        ),
        # A draft, not shown until someone finishes it.
        ("answer", "ar", "نبحث عن قاعة ومتطوعين.", "to_translate"),
        ("title", "tr", "Yetişkinler için akşam Fransızca kursları", "reviewed"),
        ("title", "en", "Evening French classes for adults", "translated"),
    ],
}


def _translate(ctx: DemoContext, territory: Territory) -> None:
    translator = _first_user(ctx, "vie-associative.") or ctx.users["coordinator"]
    for title, entries in TRANSLATIONS.items():
        made = Contribution.objects.filter(
            territory=territory, title=title, moderation=ModerationState.PUBLISHED
        ).first()
        if made is None:
            continue
        services.save_translations(
            actor=translator,
            obj=made,
            entries=[
                {"field": f, "language": lang, "text": text, "status": status}
                for f, lang, text, status in entries
                if f != "answer" or made.answer
            ],
        )
    _load_consultations(ctx, territory)


# --------------------------------------------------------------------------- consultations
# (label, kind, options or scale labels); answers below give option positions.

CHILDCARE = "Vos besoins de garde d’enfants"
CHILDCARE_QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "À quelles heures avez-vous besoin d’une garde ?",
        "single",
        (
            "Tôt le matin, avant 7 heures",
            "En journée",
            "Le soir, après 19 heures",
            "La nuit ou le week-end (horaires décalés)",
        ),
    ),
    (
        "Quelle garde vous irait ?",
        "multiple",
        (
            "Une crèche",
            "Une assistante maternelle",
            "La garderie éphémère",
            "Un accueil de loisirs",
            "La famille ou des voisins",
        ),
    ),
    (
        "Dans quelles langues voulez-vous être accueilli·e ?",
        "multiple",
        ("Français", "Arabe", "Turc", "Tamoul", "Soninké", "Anglais"),
    ),
    ("Trouver une garde aujourd’hui, c’est…", "scale", ("Facile", "Très difficile")),
    ("Autre chose à nous dire ?", "text", ()),
)
# (origin, hours, kinds of care, languages, note, text, moderation of the text)
CHILDCARE_ANSWERS: tuple[tuple[str, int, tuple[int, ...], tuple[int, ...], int, str, str], ...] = (
    ("web", 0, (0, 2), (0,), 5, "Je commence à 6 heures au marché de Rungis.", "published"),
    ("web", 2, (1,), (0, 1), 4, "", ""),
    (
        "web",
        3,
        (2, 4),
        (0, 2),
        5,
        "Je travaille le samedi. Personne ne garde ma fille.",
        "published",
    ),
    ("web", 1, (0,), (0,), 3, "", ""),
    ("web", 2, (0, 3), (0, 1), 4, "Mon voisin M. X au 12 rue… garde mal les enfants.", "refused"),
    ("web", 0, (2,), (0, 3), 5, "", ""),
    ("web", 1, (0, 1), (0, 5), 2, "", ""),
    (
        "permanence",
        0,
        (2,),
        (1,),
        5,
        "Je fais le ménage dans les bureaux le soir et le matin.",
        "published",
    ),
    ("permanence", 2, (2, 4), (1, 0), 5, "", ""),
    ("permanence", 3, (1, 2), (2,), 4, "", ""),
    ("permanence", 0, (0, 2), (4, 0), 5, "Il faut une garde près du bus 601.", "pending"),
    ("permanence", 2, (2,), (1,), 4, "", ""),
    ("permanence", 1, (0,), (3, 0), 3, "", ""),
)

MARKET = "Le marché du Bas-Clichy : vos horaires"
MARKET_QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Quand venez-vous au marché ?",
        "single",
        ("Le matin", "À midi", "En fin d’après-midi"),
    ),
    ("Le marché vous convient-il ?", "scale", ("Pas du tout", "Tout à fait")),
    ("Une idée pour le marché ?", "text", ()),
)
MARKET_ANSWERS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "Plus de fruits et légumes bio."),
    (2, 3, ""),
    (2, 2, "Ouvrir après 17 heures pour ceux qui travaillent."),
    (0, 5, ""),
    (1, 4, ""),
    (2, 3, ""),
)


def _questionnaire(
    ctx: DemoContext,
    territory: Territory,
    *,
    title: str,
    description: str,
    questions: tuple[tuple[str, str, tuple[str, ...]], ...],
    quartiers: list[GeoUnit],
    opens_on: Any,
    closes_on: Any,
) -> Consultation:
    coordinator = ctx.users["coordinator"]
    consultation = services.create_consultation(
        actor=coordinator,
        territory=territory,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        quartiers=quartiers,
        anonymous=True,
    )
    for label, kind, extra in questions:
        services.add_question(
            actor=coordinator,
            consultation=consultation,
            kind=kind,
            label=label,
            options=extra if kind in ("single", "multiple") else (),
            scale_min_label=extra[0] if kind == "scale" else "",
            scale_max_label=extra[1] if kind == "scale" else "",
            required=kind == "single",
        )
    services.change_state(actor=coordinator, consultation=consultation, action="open")
    return consultation


def _options(consultation: Consultation) -> list[tuple[Any, list[Any]]]:
    return [(q, list(q.options.all())) for q in consultation.questions.prefetch_related("options")]


def _moderate(ctx: DemoContext, response: Any, decision: str) -> None:
    if decision in ("", "pending"):
        return
    for answer in response.answers.filter(question__kind="text"):
        services.moderate_answer(
            actor=ctx.users["coordinator"],
            answer=answer,
            decision=decision,
            reason="" if decision == "published" else ModerationReason.PERSONAL_DATA,
        )


def _load_consultations(ctx: DemoContext, territory: Territory) -> None:
    """The open childcare consultation of the bas Clichy, answered online and at the social
    centre's permanence (assisted, with consent); an earlier market consultation, closed,
    its results published. Answers are anonymous: one per browser session."""
    if Consultation.objects.filter(territory=territory, title=CHILDCARE).exists():
        return
    today = timezone.localdate()
    bas = list(GeoUnit.objects.filter(territory=territory, code="BAS-CLICHY"))
    helper = _first_user(ctx, "cs-bas.")
    anonymous = AnonymousUser()

    market = _questionnaire(
        ctx,
        territory,
        title=MARKET,
        description="Le marché change de place pendant les travaux.\nDites-nous quand vous venez.",
        questions=MARKET_QUESTIONS,
        quartiers=bas,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today,
    )
    market_questions = _options(market)
    for index, (when, note, text) in enumerate(MARKET_ANSWERS):
        (q_when, when_options), (q_note, _n), (q_text, _t) = market_questions
        response = services.submit_response(
            actor=anonymous,
            consultation=market,
            session_key=f"demo-market-{index}",
            answers={q_when.pk: when_options[when].pk, q_note.pk: note, q_text.pk: text},
            quartier=bas[0] if bas else None,
        )
        _moderate(ctx, response, "published" if text else "")
    coordinator = ctx.users["coordinator"]
    services.change_state(actor=coordinator, consultation=market, action="close")
    services.change_state(actor=coordinator, consultation=market, action="publish_results")
    services.update_consultation(
        actor=coordinator,
        consultation=market,
        title=market.title,
        description=market.description,
        opens_on=today - datetime.timedelta(days=120),
        closes_on=today - datetime.timedelta(days=90),
        quartiers=bas,
        anonymous=True,
    )

    childcare = _questionnaire(
        ctx,
        territory,
        title=CHILDCARE,
        description="Vous avez des enfants de moins de 6 ans ?\n"
        "Dites-nous quand et comment vous avez besoin d’une garde.\n"
        "Vos réponses aident à préparer la garderie éphémère.",
        questions=CHILDCARE_QUESTIONS,
        quartiers=bas,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )
    questions = _options(childcare)
    organisation = (
        helper.memberships.filter(territory=territory).first().organisation if helper else None
    )
    for index, (origin, hours, care, langs, note, text, decision) in enumerate(CHILDCARE_ANSWERS):
        (q1, o1), (q2, o2), (q3, o3), (q4, _o4), (q5, _o5) = questions
        answers = {
            q1.pk: o1[hours].pk,
            q2.pk: [o2[i].pk for i in care],
            q3.pk: [o3[i].pk for i in langs],
            q4.pk: note,
            q5.pk: text,
        }
        quartier = bas[0] if bas and index % 4 else None
        if origin == Origin.PERMANENCE and helper is not None:
            response = services.submit_response(
                actor=helper,
                consultation=childcare,
                answers=answers,
                quartier=quartier,
                assisted=True,
                origin=Origin.PERMANENCE,
                entered_for=organisation,
                consent=True,
            )
        else:
            response = services.submit_response(
                actor=anonymous,
                consultation=childcare,
                session_key=f"demo-childcare-{index}",
                answers=answers,
                quartier=quartier,
            )
        _moderate(ctx, response, decision)
