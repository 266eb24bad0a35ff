"""Alembic migrations for the offplatform service (run with ``offplatform db upgrade``)."""
