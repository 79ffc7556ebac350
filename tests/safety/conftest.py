"""Fixtures for tests/safety (helpers live in safety_fixtures.py: unique module name)."""

from safety_fixtures import appointments_api, domain, isolated_outbox, profile  # noqa: F401
