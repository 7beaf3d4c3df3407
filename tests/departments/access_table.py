"""Access rows for the departmental views (docs/departments.md)."""

SUBJECTS = {
    "territory[departement]": lambda w: w.departement,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "view_department"):                "N N N N N N N N N",
    ("territory[departement]", "view_department"):   "N N N N N N Y N Y",
}
# fmt: on

URLS: dict = {}
