"""Keeps the console's conversation index in step with Rasa's events, and erases conversations.

The index is rebuilt per conversation from all of its events, so a sync can run any number of
times. Each sync looks again at the last events it has seen: PostgreSQL hands out event ids
when a transaction starts, so an event may become visible after one with a higher id.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from clinic.normalization import normalize_text
from staff_console import schema
from staff_console.transcript import Conversation, read_conversation

logger = logging.getLogger(__name__)

CURSOR_NAME = "events"
RESCAN_EVENTS = 500
BATCH_EVENTS = 5000
SENDERS_PER_QUERY = 200
SECONDS_PER_DAY = 86400
# What staff wrote or decided about a conversation, erased with it.
STAFF_TABLES = (schema.triage, schema.tags, schema.notes, schema.corrections, schema.takeovers, schema.reads)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _decoded(raw: str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def load_conversations(tracker: Connection, sender_ids: Sequence[str]) -> dict[str, tuple[Conversation, int]]:
    """Reads the full conversations of some senders from Rasa's events table.

    Args:
        tracker: A connection to the tracker store's database.
        sender_ids: The conversations to read.

    Returns:
        Each sender's conversation and the id of its newest event; senders without events are
        left out.
    """
    events = schema.rasa_events
    grouped: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for chunk in _chunks(sender_ids, SENDERS_PER_QUERY):
        query = sa.select(events.c.id, events.c.sender_id, events.c.data).where(events.c.sender_id.in_(chunk))
        for event_id, sender_id, data in tracker.execute(query.order_by(events.c.id)):
            grouped.setdefault(sender_id, []).append((event_id, _decoded(data)))
    return {sender_id: (read_conversation(rows), rows[-1][0]) for sender_id, rows in grouped.items()}


def _conversation_row(sender_id: str, conversation: Conversation, last_event_id: int) -> dict[str, Any]:
    summary = conversation.summary
    return {
        "sender_id": sender_id,
        "channel": summary.channel,
        "language": summary.language,
        "started_at": summary.started_at,
        "last_at": summary.last_at,
        "message_count": summary.message_count,
        "first_question": summary.first_question,
        "urgent": summary.urgent,
        "handoff": summary.handoff,
        "booking": summary.booking,
        "fallback": summary.fallback,
        "min_confidence": summary.min_confidence,
        "negative_feedback": summary.negative_feedback,
        "positive_feedback": summary.positive_feedback,
        "last_event_id": last_event_id,
    }


def _message_rows(sender_id: str, conversation: Conversation) -> list[dict[str, Any]]:
    return [
        {
            "event_id": message.event_id,
            "sender_id": sender_id,
            "at": message.at,
            "text": message.text,
            "search_text": normalize_text(message.text),
            "language": message.language,
            "intent": message.intent,
            "confidence": message.confidence,
            "typed": message.typed,
        }
        for message in conversation.patient_messages
        if not message.synthetic
    ]


class ConversationIndex:
    """The console's index of conversations, fed from the tracker store's database."""

    def __init__(self, tracker: Engine, console: Engine) -> None:
        """Binds the index to the two databases (they may be the same one)."""
        self.tracker = tracker
        self.console = console

    def _cursor(self, connection: Connection) -> int:
        value = connection.execute(
            sa.select(schema.sync_state.c.value).where(schema.sync_state.c.name == CURSOR_NAME)
        ).scalar()
        return int(value or 0)

    def _save_cursor(self, connection: Connection, value: int) -> None:
        table = schema.sync_state
        updated = connection.execute(table.update().where(table.c.name == CURSOR_NAME).values(value=value))
        if not updated.rowcount:
            connection.execute(table.insert().values(name=CURSOR_NAME, value=value))

    def _changed_senders(self, start: int) -> tuple[dict[str, int], int, bool]:
        """Reads the next batch of event ids after `start`.

        Returns:
            Each sender in the batch with its newest event id, the highest id read, and whether
            this was the last batch.
        """
        events = schema.rasa_events
        with self.tracker.connect() as tracker:
            ids = tracker.execute(
                sa.select(events.c.id, events.c.sender_id)
                .where(events.c.id > start)
                .order_by(events.c.id)
                .limit(BATCH_EVENTS)
            ).all()
        newest: dict[str, int] = {}
        for event_id, sender_id in ids:
            newest[sender_id] = max(newest.get(sender_id, 0), event_id)
        return newest, (ids[-1][0] if ids else start), len(ids) < BATCH_EVENTS

    def _stale(self, newest: dict[str, int]) -> list[str]:
        table = schema.conversations
        known: dict[str, int] = {}
        with self.console.connect() as console:
            for chunk in _chunks(list(newest), SENDERS_PER_QUERY):
                query = sa.select(table.c.sender_id, table.c.last_event_id).where(table.c.sender_id.in_(chunk))
                known.update({sender_id: last for sender_id, last in console.execute(query)})
        return [sender_id for sender_id, last in newest.items() if known.get(sender_id, -1) < last]

    def sync(self) -> int:
        """Brings the index up to date.

        Returns:
            How many conversations were (re)indexed.
        """
        with self.console.begin() as console:
            cursor = self._cursor(console)
        start = max(0, cursor - RESCAN_EVENTS)
        updated = 0
        while True:
            newest, highest, last_batch = self._changed_senders(start)
            stale = self._stale(newest)
            if stale:
                with self.tracker.connect() as tracker:
                    loaded = load_conversations(tracker, stale)
                updated += self._replace_all(loaded)
            cursor = max(cursor, highest)
            with self.console.begin() as console:
                self._save_cursor(console, cursor)
            if last_batch:
                break
            start = highest
        if updated:
            logger.info("conversation index: %d conversations updated", updated)
        return updated

    def _replace_all(self, loaded: dict[str, tuple[Conversation, int]]) -> int:
        """Indexes a batch in one transaction; if that fails, one conversation at a time.

        One conversation the database refuses must not hold back all the others: it is logged
        (by id, never by content) and left out.
        """
        try:
            with self.console.begin() as console:
                self._replace(console, loaded)
            return len(loaded)
        except (sa.exc.SQLAlchemyError, ValueError):
            logger.warning("conversation index: a batch failed; indexing its conversations one by one")
        indexed = 0
        for sender_id, conversation in loaded.items():
            try:
                with self.console.begin() as console:
                    self._replace(console, {sender_id: conversation})
                indexed += 1
            except (sa.exc.SQLAlchemyError, ValueError) as error:
                logger.error("conversation index: cannot index %s: %s", sender_id, type(error).__name__)
        return indexed

    def _replace(self, console: Connection, loaded: dict[str, tuple[Conversation, int]]) -> None:
        senders = list(loaded)
        self._delete_index_rows(console, senders)
        console.execute(
            schema.conversations.insert(),
            [_conversation_row(sender_id, *loaded[sender_id]) for sender_id in senders],
        )
        rows = [row for sender_id in senders for row in _message_rows(sender_id, loaded[sender_id][0])]
        if rows:
            console.execute(schema.messages.insert(), rows)
        callbacks = [
            {"sender_id": sender_id, "phone": summary.callback_phone, "at": summary.callback_at}
            for sender_id in senders
            if (summary := loaded[sender_id][0].summary).callback_phone
        ]
        if callbacks:
            console.execute(schema.callbacks.insert(), callbacks)

    @staticmethod
    def _delete_index_rows(console: Connection, senders: Sequence[str]) -> None:
        for chunk in _chunks(senders, SENDERS_PER_QUERY):
            console.execute(schema.messages.delete().where(schema.messages.c.sender_id.in_(chunk)))
            console.execute(schema.callbacks.delete().where(schema.callbacks.c.sender_id.in_(chunk)))
            console.execute(schema.conversations.delete().where(schema.conversations.c.sender_id.in_(chunk)))

    def erase(self, sender_ids: Iterable[str]) -> int:
        """Deletes conversations everywhere: Rasa's events and every console row about them.

        This is the one write the console makes to Rasa's table, for retention and for an
        admin's deletion on a patient's request; nothing else is inserted or updated there.

        Returns:
            How many conversations were erased.
        """
        senders = list(dict.fromkeys(sender_ids))
        for chunk in _chunks(senders, SENDERS_PER_QUERY):
            with self.tracker.begin() as tracker:
                tracker.execute(schema.rasa_events.delete().where(schema.rasa_events.c.sender_id.in_(chunk)))
            with self.console.begin() as console:
                self._delete_index_rows(console, chunk)
                for table in STAFF_TABLES:
                    console.execute(table.delete().where(table.c.sender_id.in_(chunk)))
        return len(senders)

    def erase_older_than(self, days: int, now: float) -> int:
        """Applies the retention period: erases conversations whose last event is older than `days`.

        Args:
            days: The retention period.
            now: The current time (Unix seconds).

        Returns:
            How many conversations were erased.
        """
        events = schema.rasa_events
        cutoff = now - days * SECONDS_PER_DAY
        with self.tracker.connect() as tracker:
            expired = (
                tracker.execute(
                    sa.select(events.c.sender_id)
                    .group_by(events.c.sender_id)
                    .having(sa.func.max(events.c.timestamp) < cutoff)
                )
                .scalars()
                .all()
            )
        erased = self.erase(expired)
        logger.info("retention: %d conversations older than %d days erased", erased, days)
        return erased
