"""Fixtures of the console's unit tests: a real SQLite console database and rows to put in it."""

import pytest

from staff_console import schema

NOW = 1_800_000_000.0


@pytest.fixture
def console_db(tmp_path):
    engine = schema.create_engine(f"sqlite:///{tmp_path / 'console.db'}")
    schema.create_console_tables(engine)
    return engine


def add_conversation(engine, sender, last_at=NOW - 60, urgent=False, handoff=False):
    row = {
        "sender_id": sender,
        "channel": "web",
        "language": "ru",
        "started_at": last_at - 30,
        "last_at": last_at,
        "message_count": 2,
        "first_question": "у мамы не глотает",
        "urgent": urgent,
        "handoff": handoff,
        "booking": False,
        "fallback": False,
        "negative_feedback": False,
        "positive_feedback": False,
        "last_event_id": 1,
    }
    with engine.begin() as connection:
        connection.execute(schema.conversations.insert().values(**row))
