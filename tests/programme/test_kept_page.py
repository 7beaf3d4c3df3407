"""The fiche page's content is kept for each reader until the next write
(core/kept_parts.py): a kept visit reads none of the fiche's content, a write shows at
once, and no reader is ever served another's copy."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.programme import services

pytestmark = pytest.mark.django_db

CONTENT_TABLES = ("programme_milestone", "programme_indicator", "programme_journalentry")


def _without_tokens(html: str) -> str:
    # Each answer masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)


def _visit(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def test_a_kept_visit_reads_none_of_the_fiche_and_a_write_shows_at_once(scene, client_for):
    action = scene["garderie"]
    client = client_for(scene["pilot"])
    url = action.get_absolute_url()
    first, first_sql = _visit(client, url)
    again, again_sql = _visit(client, url)
    assert _without_tokens(again) == _without_tokens(first)
    assert any(table in sql for sql in first_sql for table in CONTENT_TABLES)
    assert not any(table in sql for sql in again_sql for table in CONTENT_TABLES)
    assert len(again_sql) < len(first_sql)
    services.add_milestone(
        actor=None,
        action=action,
        title="Réunion de lancement",
        planned_on=datetime.date(2027, 1, 5),
    )
    after, _sql = _visit(client, url)
    assert "Réunion de lancement" in after


def test_each_reader_gets_their_own_copy(scene, client_for):
    url = scene["garderie"].get_absolute_url()
    pilot_page, _sql = _visit(client_for(scene["pilot"]), url)
    assert "Modifier la fiche" in pilot_page and "Ajouter une mesure" in pilot_page
    outsider_page, _sql = _visit(client_for(scene["outsider"]), url)
    assert "Modifier la fiche" not in outsider_page and "Ajouter une mesure" not in outsider_page
    # The pilot's copy, still kept, is the pilot's.
    pilot_again, _sql = _visit(client_for(scene["pilot"]), url)
    assert "Modifier la fiche" in pilot_again


def test_a_reader_who_loses_the_fiche_is_refused_though_a_copy_is_kept(scene, client_for):
    action = scene["clause"]
    client = client_for(scene["outsider"])
    url = action.get_absolute_url()
    _visit(client, url)
    services.update_action(
        actor=None, action=action, visibility="restricted", restricted_to=[scene["centre"]]
    )
    assert client.get(url).status_code == 404
