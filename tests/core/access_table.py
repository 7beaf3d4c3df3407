"""Access rows for the platform's own pages."""

from maillage.core.access import PLATFORM
from tests.access.table import Url, Wildcard

SUBJECTS = {"platform": lambda world: PLATFORM}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("platform", "view"):        "Y Y Y Y Y Y Y Y Y",
    ("platform", "use_account"): "N Y Y Y Y Y Y Y Y",
    ("platform", "administer"):  "N N N N N N N N Y",
}
# fmt: on

URLS = {
    "core:home": Url("platform", "view"),
    "core:healthz": Url("platform", "view"),
    "core:accessibility": Url("platform", "view"),
    "core:legal": Url("platform", "view"),
    # The admin's own sign-in page hands over to the site's (with its second factor).
    "admin_login_redirect": Url("platform", "view", ok=frozenset({302}), location=r"^/connexion/"),
    "admin:*": Wildcard("platform", "administer", probe="admin:index"),
}
