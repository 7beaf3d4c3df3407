"""The browser suite runs under the Content-Security-Policy and notices what it refuses."""

from tests.factories import TerritoryFactory


def test_a_violation_is_caught_by_the_suite(page, csp_violations, transactional_db):
    TerritoryFactory(name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014")
    page.goto("/")
    assert not csp_violations
    # What an injected payload would try: an inline script, an inline style, a foreign image.
    page.evaluate(
        """() => {
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.body.appendChild(s);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        document.body.insertAdjacentHTML("beforeend", '<img src="https://example.invalid/x.png">');
    }"""
    )
    page.wait_for_function("() => true")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__ran === undefined")
    seen = " ".join(csp_violations)
    assert "script-src" in seen
    assert "style-src" in seen
    assert "img-src" in seen
    csp_violations.clear()  # the fixture would fail the test at teardown otherwise


def test_the_api_documentation_works_under_the_policy(page, transactional_db):
    page.goto("/api/v1/docs")
    page.get_by_text("/api/v1/me").first.wait_for()
