"""Staff accounts, login with lock-out, server-side sessions and the audit log.

Passwords are hashed with Argon2id (argon2-cffi). A session cookie holds a random token; the
database keeps only its SHA-256, so logging out or disabling an account ends the session at once.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from staff_console import schema

REVIEWER = "reviewer"
ADMIN = "admin"
ROLES = (REVIEWER, ADMIN)
MIN_PASSWORD_CHARS = 12
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
# Five wrong passwords lock the account for a quarter of an hour; twenty from one address in
# that time refuse that address, whichever accounts it tries.
MAX_ACCOUNT_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
LOCKOUT_SECONDS = 15 * 60
SESSION_SECONDS = 8 * 3600

_hasher = PasswordHasher()


@functools.lru_cache(maxsize=1)
def _unknown_user_hash() -> str:
    """Verified against when the username is unknown, so a wrong name costs as long as a wrong password."""
    return _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """An account cannot be created or changed as asked; `reason` names why, for translations."""

    def __init__(self, message: str, reason: str) -> None:
        """Keeps the English message (the command line's) and the reason's key."""
        super().__init__(message)
        self.reason = reason


class LoginRefused(Exception):
    """Too many failed logins: the account or the address must wait."""


@dataclass(frozen=True)
class Account:
    """A signed-in member of staff."""

    id: int
    username: str
    role: str
    language: str | None = None

    @property
    def is_admin(self) -> bool:
        """Whether the account may manage accounts, export and delete."""
        return self.role == ADMIN


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def validate_new_account(username: str, password: str, role: str) -> None:
    """Checks a new account's name, password and role.

    Raises:
        AccountError: with the reason, fit to show to an admin.
    """
    if not USERNAME_PATTERN.fullmatch(username):
        raise AccountError("usernames are 2-64 lower-case letters, digits, '.', '_' or '-'", "username")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"passwords need at least {MIN_PASSWORD_CHARS} characters", "password")
    if role not in ROLES:
        raise AccountError(f"the role must be one of {', '.join(ROLES)}", "role")


class AccountStore:
    """Accounts, sessions and the audit log in the console's database."""

    def __init__(self, engine: Engine) -> None:
        """Binds the store to the console's database."""
        self.engine = engine

    def count(self) -> int:
        """How many accounts exist."""
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(schema.accounts)).scalar_one())

    def create(self, username: str, password: str, role: str, now: float) -> None:
        """Creates an account.

        Raises:
            AccountError: if the input is invalid or the name is taken.
        """
        validate_new_account(username, password, role)
        with self.engine.begin() as connection:
            taken = connection.execute(
                sa.select(schema.accounts.c.id).where(schema.accounts.c.username == username)
            ).first()
            if taken:
                raise AccountError(f"the username '{username}' is taken", "taken")
            connection.execute(
                schema.accounts.insert().values(
                    username=username,
                    password_hash=_hasher.hash(password),
                    role=role,
                    active=True,
                    failed_logins=0,
                    created_at=now,
                )
            )

    def set_password(self, username: str, password: str) -> None:
        """Replaces a password, unlocks the account and ends its sessions."""
        if len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"passwords need at least {MIN_PASSWORD_CHARS} characters", "password")
        self._update(username, password_hash=_hasher.hash(password), failed_logins=0, locked_until=None)

    def set_active(self, username: str, active: bool) -> None:
        """Enables or disables an account; disabling ends its sessions."""
        self._update(username, active=active)

    def _update(self, username: str, **values: object) -> None:
        table = schema.accounts
        with self.engine.begin() as connection:
            account_id = connection.execute(sa.select(table.c.id).where(table.c.username == username)).scalar()
            if account_id is None:
                raise AccountError(f"there is no account '{username}'", "unknown")
            connection.execute(table.update().where(table.c.id == account_id).values(**values))
            connection.execute(schema.sessions.delete().where(schema.sessions.c.account_id == account_id))

    def all(self) -> list[dict[str, object]]:
        """All accounts, by name, without their password hashes."""
        table = schema.accounts
        columns = (table.c.username, table.c.role, table.c.active, table.c.locked_until, table.c.created_at)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(sa.select(*columns).order_by(table.c.username))]

    def authenticate(self, username: str, password: str, address: str, now: float) -> Account | None:
        """Checks a login.

        Args:
            username: The name typed.
            password: The password typed.
            address: The client's address, for the per-address limit.
            now: The current time (Unix seconds).

        Returns:
            The account, or None for a wrong name or password.

        Raises:
            LoginRefused: if the address has failed too often (a locked account gets None).
        """
        table = schema.accounts
        with self.engine.begin() as connection:
            recent = connection.execute(
                sa.select(sa.func.count())
                .select_from(schema.login_failures)
                .where(schema.login_failures.c.address == address, schema.login_failures.c.at > now - LOCKOUT_SECONDS)
            ).scalar_one()
            if recent >= MAX_ADDRESS_FAILURES:
                raise LoginRefused("too many failed logins from this address")
            row = connection.execute(sa.select(table).where(table.c.username == username.strip().lower())).first()
            # A locked account answers like a wrong password, so the answer never tells which names exist.
            locked = row is not None and row.locked_until is not None and row.locked_until > now
            if row is not None and not locked and row.active and _verifies(row.password_hash, password):
                connection.execute(
                    table.update().where(table.c.id == row.id).values(failed_logins=0, locked_until=None)
                )
                return Account(row.id, row.username, row.role)
            if row is None or locked:
                _verifies(_unknown_user_hash(), password)
            else:
                failures = row.failed_logins + 1
                locked = now + LOCKOUT_SECONDS if failures >= MAX_ACCOUNT_FAILURES else None
                reset = 0 if locked else failures
                connection.execute(
                    table.update().where(table.c.id == row.id).values(failed_logins=reset, locked_until=locked)
                )
            connection.execute(schema.login_failures.insert().values(address=address, at=now))
            return None

    def locked_addresses(self, now: float) -> list[str]:
        """The addresses refused for repeated failed logins, by name."""
        failures = schema.login_failures
        query = (
            sa.select(failures.c.address)
            .where(failures.c.at > now - LOCKOUT_SECONDS)
            .group_by(failures.c.address)
            .having(sa.func.count() >= MAX_ADDRESS_FAILURES)
            .order_by(failures.c.address)
        )
        with self.engine.connect() as connection:
            return [str(address) for address in connection.execute(query).scalars()]

    def unlock_address(self, address: str) -> bool:
        """Forgets an address's failed logins, so that it may sign in again; whether it had any."""
        with self.engine.begin() as connection:
            deleted = connection.execute(
                schema.login_failures.delete().where(schema.login_failures.c.address == address)
            )
        return bool(deleted.rowcount)

    def open_session(self, account: Account, now: float) -> str:
        """Starts a session; returns the token for the cookie."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(schema.sessions.delete().where(schema.sessions.c.expires_at < now))
            connection.execute(
                schema.sessions.insert().values(
                    token_hash=_token_hash(token),
                    account_id=account.id,
                    created_at=now,
                    expires_at=now + SESSION_SECONDS,
                )
            )
        return token

    def session_account(self, token: str, now: float) -> Account | None:
        """The active account a session token belongs to, if the session is still valid."""
        s, a, p = schema.sessions, schema.accounts, schema.account_settings
        query = (
            sa.select(a.c.id, a.c.username, a.c.role, p.c.language)
            .select_from(s.join(a, a.c.id == s.c.account_id).outerjoin(p, p.c.account_id == a.c.id))
            .where(s.c.token_hash == _token_hash(token), s.c.expires_at > now, a.c.active.is_(True))
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return Account(row.id, row.username, row.role, row.language) if row else None

    def set_language(self, account: Account, language: str) -> None:
        """Saves the interface language a member of staff chose."""
        table = schema.account_settings
        with self.engine.begin() as connection:
            changed = connection.execute(
                table.update().where(table.c.account_id == account.id).values(language=language)
            ).rowcount
            if not changed:
                connection.execute(table.insert().values(account_id=account.id, language=language))

    def close_session(self, token: str) -> None:
        """Ends a session (logout)."""
        with self.engine.begin() as connection:
            connection.execute(schema.sessions.delete().where(schema.sessions.c.token_hash == _token_hash(token)))

    def audit(self, username: str, action: str, target: str | None, address: str | None, now: float) -> None:
        """Records who did what to which conversation or account."""
        with self.engine.begin() as connection:
            connection.execute(
                schema.audit_log.insert().values(
                    at=now, username=username, action=action, target=target, address=address
                )
            )

    def audit_entries(self, limit: int = 200) -> list[dict[str, object]]:
        """The newest audit entries."""
        table = schema.audit_log
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(table).order_by(table.c.id.desc()).limit(limit))
            return [dict(row._mapping) for row in rows]


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A random password for a new account, to be shown once."""
    return secrets.token_urlsafe(15)
