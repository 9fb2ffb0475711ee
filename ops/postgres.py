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


def _admin_engine(url: sa.engine.URL) -> sa.engine.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", future=True)


def _unreachable(url: sa.engine.URL, error: sa.exc.OperationalError) -> PostgresUnavailable:
    return PostgresUnavailable(
        f"PostgreSQL at {url.render_as_string(hide_password=True)} is not reachable ({error.orig}); "
        "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
    )


def ensure_database(url: str) -> None:
    """Creates the database a URL names if it does not exist yet (on the same server)."""
    target = make_url(url)
    engine = _admin_engine(target.set(database="postgres"))
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    except sa.exc.OperationalError as error:
        raise _unreachable(target, error) from error
    finally:
        engine.dispose()


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
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        engine.dispose()
        raise _unreachable(admin_url, error) from error
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
