"""Schemas shared by every capability's API: the shape of every error answer."""

from ninja import Schema

# The largest id the databases store; a bigger number can only be a mistake (and SQLite
# cannot even compare it).
MAX_ID = 2**63 - 1


class OrganisationRef(Schema):
    """An organisation named inside another object (pilot, partner, body member)."""

    id: int
    name: str


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# What any operation may answer besides its success: a bad token (401), a refusal (403, also
# for a browser session whose second factor is not yet verified), a hidden or foreign object
# (404), invalid parameters or body (422), too many calls (429).
ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}
READ_ERRORS = ERRORS
