"""Browser-test helpers: Debian's Chromium driven by Playwright, checked by axe.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` (or
``CHROMIUM_PATH``) with the flags the machine needs."""

import os
import re
from typing import Any

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Any) -> list[dict]:
    """Serious or critical violations on the page as it is now. A link clicked just before
    may still be navigating: axe then runs again on the page it lands on."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page)
            break
        except PlaywrightError as exc:
            navigating = any(
                sign in str(exc)
                for sign in ("documentElement", "Execution context was destroyed", "navigat")
            )
            if attempt == 2 or not navigating:
                raise
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found serious or critical violations on {page.url}:\n{details}"


# Each page reports the violations the browser saw to the test through a binding, which
# Playwright installs outside the page's policy; the console catches what the event misses
# (a refused eval, a refused inline handler).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__reportCspViolation(
    event.effectiveDirective + " refused " + (event.blockedURI || "inline") + " on " +
    event.documentURI + (event.sample ? " (" + event.sample + ")" : "")
  );
});
"""


def watch_csp(context: Any, violations: list[str]) -> None:
    """Collect into ``violations`` every Content-Security-Policy violation in ``context``."""

    def report(_source: Any, message: str) -> None:
        violations.append(message)

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text and message.text not in violations:
            violations.append(message.text)

    context.expose_binding("__reportCspViolation", report)
    context.add_init_script(_CSP_LISTENER)
    context.on("console", console)


def field(page: Any, label: str) -> Any:
    """The form field whose label starts with ``label``: DSFR labels end with a required
    marker and may hold a hint, so an exact match would miss them."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}"))


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/connexion/")
    field(page, "Adresse électronique").fill(email)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").last.click()
