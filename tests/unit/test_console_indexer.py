import json
import time

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from staff_console import schema
from staff_console.indexer import ConversationIndex
from staff_console.schema import create_console_tables, create_engine
from staff_console.transcript import storable_text

NOW = time.time()


@pytest.fixture
def index(tmp_path) -> ConversationIndex:
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    SQLTrackerStore(host=tracker_url).engine.dispose()  # Rasa creates its events table
    console = create_engine(f"sqlite:///{tmp_path / 'console.db'}")
    create_console_tables(console)
    return ConversationIndex(create_engine(tracker_url), console)


def add_events(index: ConversationIndex, sender: str, *events: dict) -> None:
    rows = [
        {"sender_id": sender, "type_name": event["event"], "timestamp": event["timestamp"], "data": json.dumps(event)}
        for event in events
    ]
    with index.tracker.begin() as connection:
        connection.execute(schema.rasa_events.insert(), rows)


def user(text: str, at: float, intent: str = "ask_pain") -> dict:
    return {
        "event": "user",
        "timestamp": at,
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}},
    }


def indexed(index: ConversationIndex) -> dict[str, dict]:
    with index.console.connect() as connection:
        return {row.sender_id: dict(row._mapping) for row in connection.execute(sa.select(schema.conversations))}


def test_sync_indexes_new_conversations_and_new_messages_once(index):
    add_events(index, "a", user("это больно?", NOW))
    add_events(index, "b", user("هل الحقن مؤلمة؟", NOW + 1))
    assert index.sync() == 2
    assert index.sync() == 0  # nothing new: nothing rewritten
    add_events(index, "a", user("а сколько длится эффект?", NOW + 2, "ask_effect_duration"))
    assert index.sync() == 1
    rows = indexed(index)
    assert rows["a"]["message_count"] == 2 and rows["b"]["language"] == "ar"


def test_unstorable_characters_do_not_stop_the_index(index):
    # JSON escapes that Rasa stores as they came: a lone surrogate and NUL.
    add_events(index, "broken", user("\ud800 больно?\u0000", NOW))
    add_events(index, "fine", user("ботокс безопасен?", NOW + 1))
    assert index.sync() == 2
    with index.console.connect() as connection:
        text = connection.execute(
            sa.select(schema.messages.c.text).where(schema.messages.c.sender_id == "broken")
        ).scalar()
    assert text == "\ufffd больно?\ufffd"


def test_retention_erases_conversations_whose_last_event_is_too_old(index):
    add_events(index, "old", user("старый вопрос", NOW - 400 * 86400))
    add_events(index, "recent", user("старый вопрос", NOW - 400 * 86400), user("новый вопрос", NOW - 86400))
    index.sync()
    with index.console.begin() as connection:
        connection.execute(schema.tags.insert().values(sender_id="old", tag="callback"))
    assert index.erase_older_than(365, NOW) == 1
    assert set(indexed(index)) == {"recent"}
    with index.tracker.connect() as connection:
        senders = set(connection.execute(sa.select(schema.rasa_events.c.sender_id)).scalars())
    with index.console.connect() as connection:
        tags = connection.execute(sa.select(schema.tags)).all()
    assert senders == {"recent"} and tags == []


def test_storable_text_replaces_only_what_cannot_be_stored():
    assert storable_text("\ud83d ok \x00 مرحبا 😀") == "\ufffd ok \ufffd مرحبا 😀"
    assert storable_text(None) == ""
