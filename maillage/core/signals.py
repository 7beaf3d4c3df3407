"""Signals between capabilities that must not import each other.

``mfa_role_granted`` is sent by territories when a person is given a role that requires a
second factor (``core.roles.MFA_ROLES``); the API suspends the tokens that person created
without one (``maillage.api.apps``)."""

from django.dispatch import Signal

mfa_role_granted = Signal()  # keyword argument: user
