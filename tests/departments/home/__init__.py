"""Tests of the departmental home and the commune's sharing setting (their own folder,
with their own scene in conftest.py)."""
