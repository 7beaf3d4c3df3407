"""In Chromium: a Département agent opens the departmental engagements page, filters it
to the PMI's overdue tasks, and sees the tasks of the two communes that share the detail,
never those of a commune that shares only aggregates. Every page passes axe."""

from tests.browser.support import assert_accessible, field, sign_in
from tests.departments import engagements_world

PASSWORD = "mot-de-passe-de-test-1"


def test_a_department_agent_filters_overdue_pmi_tasks(page, transactional_db):  # type: ignore[no-untyped-def]
    dep = engagements_world.build()
    sign_in(page, dep.agent.email, PASSWORD)
    page.goto(f"/territoires/{dep.department.slug}/engagements/")
    page.get_by_role("heading", level=1, name="Engagements du Département").wait_for()
    assert_accessible(page)

    field(page, "Service").select_option(label="— PMI")
    field(page, "Type d’engagement").select_option(label="Tâches")
    page.get_by_label("En retard seulement").check()
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**kind=task**")

    table = page.get_by_role("table")
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    text = table.inner_text()
    assert "Tâche PMI Aubeville" in text and "Tâche PMI Brissac" in text
    assert "Tâche sociale" not in text and "Fiche PMI" not in text
    assert "Cormeil" not in text  # shares only aggregates: its count below, no row
    assert "détail non partagé" in page.content()
    assert_accessible(page)
