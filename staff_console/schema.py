"""Database tables: Rasa's events table (read only) and the console's own tables.

The console keeps its data apart from Rasa's: staff accounts, audit log, triage and corrections,
plus an index of conversations and patient messages derived from Rasa's events, so that lists and
filters over tens of thousands of conversations need no scan of the events table.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

# Rasa 3.6's `SQLTrackerStore.SQLEvent`, declared again with only the columns the console reads.
# This metadata is never used to create or alter tables.
rasa_metadata = sa.MetaData()
rasa_events = sa.Table(
    "events",
    rasa_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("data", sa.Text),
)

metadata = sa.MetaData()

accounts = sa.Table(
    "console_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("failed_logins", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.Float),
    sa.Column("created_at", sa.Float, nullable=False),
)

# Per-account preferences, apart from the accounts table so that existing databases gain it
# without a migration (`create_all` adds missing tables, never columns).
account_settings = sa.Table(
    "console_account_settings",
    metadata,
    sa.Column("account_id", sa.Integer, sa.ForeignKey("console_accounts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("language", sa.String(8)),
)

sessions = sa.Table(
    "console_sessions",
    metadata,
    # Only a hash of the cookie's token is stored: a copy of the table opens no session.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("console_accounts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

login_failures = sa.Table(
    "console_login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("address", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
)

audit_log = sa.Table(
    "console_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target", sa.String(255)),
    sa.Column("address", sa.String(64)),
)

conversations = sa.Table(
    "console_conversations",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("channel", sa.String(32), index=True),
    sa.Column("language", sa.String(8), index=True),
    sa.Column("started_at", sa.Float, nullable=False, index=True),
    sa.Column("last_at", sa.Float, nullable=False, index=True),
    sa.Column("message_count", sa.Integer, nullable=False),
    sa.Column("first_question", sa.Text),
    sa.Column("urgent", sa.Boolean, nullable=False, index=True),
    sa.Column("handoff", sa.Boolean, nullable=False),
    sa.Column("booking", sa.Boolean, nullable=False),
    sa.Column("fallback", sa.Boolean, nullable=False),
    sa.Column("min_confidence", sa.Float),
    sa.Column("negative_feedback", sa.Boolean, nullable=False),
    sa.Column("positive_feedback", sa.Boolean, nullable=False),
    sa.Column("last_event_id", sa.Integer, nullable=False),
)

messages = sa.Table(
    "console_messages",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    # The text in the NLU's normalised spelling, so that search ignores diacritics, ё and case.
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("language", sa.String(8)),
    sa.Column("intent", sa.String(64), index=True),
    sa.Column("confidence", sa.Float, index=True),
    # False for a pressed button: its text is a payload such as "/ask_pain", no training example.
    sa.Column("typed", sa.Boolean, nullable=False),
)

triage = sa.Table(
    "console_triage",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("reviewed", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("follow_up", sa.Boolean, nullable=False, default=False),
    sa.Column("updated_by", sa.String(64)),
    sa.Column("updated_at", sa.Float),
)

tags = sa.Table(
    "console_tags",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("tag", sa.String(40), primary_key=True, index=True),
)

notes = sa.Table(
    "console_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

corrections = sa.Table(
    "console_corrections",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sender_id", sa.String(255), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("predicted_intent", sa.String(64)),
    sa.Column("intent", sa.String(64), nullable=False),
    sa.Column("author", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)

sync_state = sa.Table(
    "console_sync_state",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

# Which conversation the staff chat was told of, and for what (urgent, handoff): each once.
staff_alerts = sa.Table(
    "console_staff_alerts",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
)

# Callback requests: the number a patient left, with consent, kept from the conversation's events.
callbacks = sa.Table(
    "console_callbacks",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("phone", sa.String(40), nullable=False),
    sa.Column("at", sa.Float),
)

# What each member of staff has seen of a conversation: the newest event of the page they last saw.
reads = sa.Table(
    "console_reads",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("last_event_id", sa.Integer, nullable=False),
)

# Live takeovers: the one member of staff who holds a conversation, since when, and their last message.
takeovers = sa.Table(
    "console_takeovers",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("started_at", sa.Float, nullable=False),
    sa.Column("last_at", sa.Float, nullable=False),
)

# Conversations per page: newest first with the most frequent filters.
sa.Index("console_conversations_recent", conversations.c.started_at.desc())
sa.Index("console_messages_sender_at", messages.c.sender_id, messages.c.at)


def create_engine(url: str) -> Engine:
    """An engine for a database URL; SQLite files get their folder and a busy timeout.

    Args:
        url: SQLAlchemy URL, e.g. `sqlite:///var/console.db` or `postgresql://user@host/db`.

    Returns:
        The engine.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Rasa writes the same SQLite file; waiting for its lock beats failing a page.
        return sa.create_engine(url, future=True, connect_args={"timeout": 15})
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def create_console_tables(engine: Engine) -> None:
    """Creates the console's own tables if they do not exist (never Rasa's)."""
    metadata.create_all(engine)
