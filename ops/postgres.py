"""A throw-away PostgreSQL database for the tests and benchmarks, on the local server."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import make_url

# The server these machines run (trust authentication); CLINIC_TEST_POSTGRES_URL points elsewhere.
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server cannot be reached."""


@contextmanager
def temporary_database(prefix: str = "clinic_tmp") -> Iterator[str]:
    """Creates an empty database and drops it afterwards.

    Args:
        prefix: Start of the database's name; a random suffix follows.

    Yields:
        The new database's SQLAlchemy URL.

    Raises:
        PostgresUnavailable: if the server does not answer, with how to start it.
    """
    admin_url = make_url(os.environ.get("CLINIC_TEST_POSTGRES_URL", DEFAULT_ADMIN_URL))
    name = f"{prefix}_{secrets.token_hex(4)}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        engine.dispose()
        raise PostgresUnavailable(
            f"PostgreSQL at {admin_url.render_as_string(hide_password=True)} is not reachable ({error.orig}); "
            "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        ) from error
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
