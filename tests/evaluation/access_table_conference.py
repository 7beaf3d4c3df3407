"""Access rows for the conférence sociale (discovered by tests/access as
``access_table_*``).

- ``conference[draft]``: its séance is in preparation, registrations not open: the
  coordination only.
- ``conference[open]``: convened, registrations open (50 places): public; ``member`` is
  the facilitator of its workshop and may enter proposals.
- ``conference[voting]``: held, vote open, one proposal: public; partner-level people vote.
- ``conference_proposal[coming]``: a proposal of ``conference[open]``: the coordination
  reads it before the event; nobody answers yet.
- ``conference_proposal[held]``: a proposal of ``conference[voting]``: public; the
  coordination answers it.
"""

from maillage.evaluation.models import Session
from maillage.evaluation.services import conference as services
from maillage.governance.models import Meeting
from tests.access.table import Url
from tests.evaluation import conference_builders as build

OK_302 = frozenset({302})


def _draft(world):  # type: ignore[no-untyped-def]
    return build.conference(
        world, year=2031, status=Meeting.Status.DRAFT, open_registration=False, workshops=0
    )


def _cached(name, make):  # type: ignore[no-untyped-def]
    def cached(world):  # type: ignore[no-untyped-def]
        if name not in world.cache:
            world.cache[name] = make(world)
        return world.cache[name]

    return cached


_open = _cached("conference[open]", lambda w: build.conference(w, year=2032, capacity=50))


def _make_voting(world):  # type: ignore[no-untyped-def]
    conference = build.conference(world, days=-2, status=Meeting.Status.HELD, year=2033)
    build.proposal(conference)
    return services.set_voting(actor=None, conference=conference, open=True)


_voting = _cached("conference[voting]", _make_voting)


def _proposal_coming(world):  # type: ignore[no-untyped-def]
    return build.proposal(_open(world), "Une proposition avant la conférence")


def _proposal_held(world):  # type: ignore[no-untyped-def]
    return _voting(world).proposals.first()


SUBJECTS = {
    "conference[draft]": _draft,
    "conference[open]": _open,
    "conference[voting]": _voting,
    "conference_proposal[coming]": _proposal_coming,
    "conference_proposal[held]": _proposal_held,
}

# fmt: off
TABLE = {
    ("territory", "create_conference"):              "N N N N N Y N N Y",
    ("conference[draft]", "view"):                   "N N N N N Y N N Y",
    ("conference[draft]", "manage"):                 "N N N N N Y N N Y",
    ("conference[draft]", "register"):               "N N N N N N N N N",
    ("conference[draft]", "propose"):                "N N N N N N N N N",
    ("conference[draft]", "vote"):                   "N N N N N N N N N",
    ("conference[open]", "view"):                    "Y Y Y Y Y Y Y Y Y",
    ("conference[open]", "manage"):                  "N N N N N Y N N Y",
    ("conference[open]", "register"):                "Y Y Y Y Y Y Y Y Y",
    ("conference[open]", "propose"):                 "N N N Y N Y N N Y",
    ("conference[open]", "vote"):                    "N N N N N N N N N",
    ("conference[voting]", "view"):                  "Y Y Y Y Y Y Y Y Y",
    ("conference[voting]", "manage"):                "N N N N N Y N N Y",
    ("conference[voting]", "register"):              "N N N N N N N N N",
    ("conference[voting]", "propose"):               "N N N Y N Y N N Y",
    ("conference[voting]", "vote"):                  "N N Y Y Y Y Y N Y",
    ("conference_proposal[coming]", "view"):         "N N N N N Y N N Y",
    ("conference_proposal[coming]", "answer"):       "N N N N N N N N N",
    ("conference_proposal[held]", "view"):           "Y Y Y Y Y Y Y Y Y",
    ("conference_proposal[held]", "answer"):         "N N N N N Y N N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _y(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "year": obj.year}


def _n(world, obj):  # type: ignore[no-untyped-def]
    return {
        "territory_slug": world.territory.slug,
        "year": obj.conference.year,
        "number": obj.number,
    }


def _workshop(obj):  # type: ignore[no-untyped-def]
    return obj.sessions.filter(kind=Session.Kind.WORKSHOP).first().pk


def _session(world, obj):  # type: ignore[no-untyped-def]
    start = obj.meeting.starts_at
    return {
        "kind": "workshop",
        "title": "Atelier logement",
        "axis": obj.sessions.filter(kind="workshop").first().axis_id,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": start.replace(hour=min(start.hour + 1, 23)).strftime("%Y-%m-%dT%H:%M"),
        "room": "Salle 3",
    }


def _registration(world, obj):  # type: ignore[no-untyped-def]
    return {
        "name": "Habitante",
        "email": "inscrite@exemple.test",
        "interpretation": "ar",
        "childcare_count": "0",
    }


URLS = {
    "evaluation:conferences": Url("territory", "view", kwargs=_t),
    "evaluation:conference_create": Url("territory", "create_conference", kwargs=_t),
    "evaluation:conference": Url("conference[draft]", "view", kwargs=_y),
    "evaluation:proceedings": Url("conference[draft]", "view", kwargs=_y),
    "evaluation:proposals": Url("conference[draft]", "view", kwargs=_y),
    "evaluation:session_add": Url("conference[open]", "manage", kwargs=_y, post=_session),
    "evaluation:registration_open": Url(
        "conference[open]",
        "manage",
        kwargs=_y,
        post=lambda w, o: {"organisation": w.org_other.pk, "capacity": "60"},
    ),
    "evaluation:registration_close": Url(
        "conference[open]", "manage", kwargs=_y, method="post", data=lambda w, o: {}, ok=OK_302
    ),
    "evaluation:register": Url("conference[open]", "register", kwargs=_y, post=_registration),
    "evaluation:registrations": Url("conference[open]", "manage", kwargs=_y),
    "evaluation:proposal_add": Url(
        "conference[open]",
        "propose",
        kwargs=_y,
        post=lambda w, o: {"session": _workshop(o), "title": "Traduire les courriers", "text": ""},
    ),
    "evaluation:proposal": Url("conference_proposal[coming]", "view", kwargs=_n),
    "evaluation:proposal_answer": Url(
        "conference_proposal[held]",
        "answer",
        kwargs=_n,
        post=lambda w, o: {"answer": "retained", "reason": "", "create": ""},
    ),
    "evaluation:vote": Url(
        "conference[voting]",
        "vote",
        kwargs=_y,
        post=lambda w, o: {f"points-{o.proposals.first().pk}": "2"},
    ),
    "evaluation:vote_state": Url(
        "conference[voting]",
        "manage",
        kwargs=_y,
        method="post",
        data=lambda w, o: {"state": "close"},
        ok=OK_302,
    ),
    # API
    "api-v1:evaluation_list_proposals": Url(
        "conference[draft]",
        "view",
        kwargs=lambda w, o: {"slug": w.territory.slug, "year": o.year},
        api=True,
    ),
    "api-v1:evaluation_get_proposal": Url(
        "conference_proposal[coming]",
        "view",
        kwargs=lambda w, o: {
            "slug": w.territory.slug,
            "year": o.conference.year,
            "number": o.number,
        },
        api=True,
    ),
    "api-v1:evaluation_register": Url(
        "conference[open]",
        "register",
        kwargs=lambda w, o: {"slug": w.territory.slug, "year": o.year},
        api=True,
        method="post",
        data=lambda w, o: {"interpretation": "ar", "email": "api-inscription@essai.test"},
        content_type="application/json",
        ok=frozenset({201}),
        ok_for={"anonymous": frozenset({401})},
        writes=False,
    ),
}
