"""Access rows for the veille's aggregate pages (map, trend, note de veille, data
protection documents). The subject is the commune of the world with its cellule de
veille (``org_member`` sits in it) and a few signals, so that a page that leaked a count
to a resident, a visitor or a partner of another territory would have one to leak."""

from maillage.watch.models import Signal
from tests.access.table import Url
from tests.watch.reports import builders

DOCX = frozenset({200})


def _territory_with_signals(world):
    territory = world.territory
    builders.cell(territory, [world.org_member])
    places = builders.quartiers(territory, 2)
    for place in (places[0], places[0], places[0], places[1]):
        builders.signal(territory, world.org_member, place=place, audience=Signal.Audience.PARTNERS)
    builders.signal(world.foreign, world.org_foreign)
    return territory


def _t(world, obj):
    return {"territory_slug": obj.slug}


def _api(world, obj):
    return {"slug": obj.slug}


SUBJECTS = {"territory[veille]": _territory_with_signals}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory[veille]", "use_watch"):      "N N Y Y Y Y Y N Y",
    ("territory[veille]", "triage_signals"): "N N N Y N Y N N Y",
    ("territory[veille]", "manage_watch"):   "N N N N N Y N N Y",
}
# fmt: on

URLS = {
    "watch:reports": Url("territory[veille]", "use_watch", kwargs=_t),
    "watch:map": Url("territory[veille]", "use_watch", kwargs=_t),
    "watch:trend": Url("territory[veille]", "use_watch", kwargs=_t),
    "watch:note": Url("territory[veille]", "triage_signals", kwargs=_t),
    "watch:note_pdf": Url("territory[veille]", "triage_signals", kwargs=_t),
    "watch:note_docx": Url("territory[veille]", "triage_signals", kwargs=_t),
    "watch:register_docx": Url("territory[veille]", "manage_watch", kwargs=_t),
    "watch:aipd_docx": Url("territory[veille]", "manage_watch", kwargs=_t),
    "api-v1:signal_map": Url("territory[veille]", "use_watch", kwargs=_api, api=True),
    "api-v1:signal_trend": Url("territory[veille]", "use_watch", kwargs=_api, api=True),
}
