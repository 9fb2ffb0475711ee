"""The latest session of recently active conversations, kept in the Rasa server's memory.

Rebuilding a conversation from the database on every turn cost more the longer it grew (at
message 40 the read took half the turn: rows, JSON, event objects). The tracker store keeps
each recent conversation's latest-session events with their database ids and reads only the
rows stored since; the lock store keeps every other server out of the conversation during a
turn, so a row another server wrote shows up as a newer id at the next read.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

from rasa.shared.core.events import Event, SessionStarted


@dataclass(frozen=True)
class StoredEvent:
    """An event as read back from the database, with its row id."""

    row_id: int
    event: Event


def latest_session(events: Sequence[StoredEvent]) -> list[StoredEvent]:
    """The events of the latest session, chosen as Rasa's SQL store chooses them.

    Rasa's query keeps the events whose timestamp is at least the latest `session_started`'s
    (not those after it by position), so a kept conversation is cut the same way.
    """
    starts = [stored.event.timestamp for stored in events if type(stored.event) is SessionStarted]
    if not starts:
        return list(events)
    start = max(starts)
    return [stored for stored in events if stored.event.timestamp >= start]


class KeptSessions:
    """Recently used conversations' latest sessions, least recently used dropped first.

    Bounded by the number of events kept in all, since a long conversation costs as much
    memory as many short ones. A budget of 0 keeps nothing.
    """

    def __init__(self, max_events: int) -> None:
        """Keeps at most `max_events` events across all conversations."""
        self.max_events = max_events
        self._sessions: OrderedDict[str, list[StoredEvent]] = OrderedDict()
        self._event_count = 0

    @property
    def event_count(self) -> int:
        """Events kept across all conversations."""
        return self._event_count

    def get(self, sender_id: str) -> list[StoredEvent] | None:
        """The kept latest session of a conversation, or None."""
        session = self._sessions.get(sender_id)
        if session is not None:
            self._sessions.move_to_end(sender_id)
        return session

    def keep(self, sender_id: str, session: list[StoredEvent]) -> None:
        """Remembers a conversation's latest session (replacing what was kept); empty forgets it."""
        self.forget(sender_id)
        if not session or len(session) > self.max_events:
            return
        self._sessions[sender_id] = session
        self._event_count += len(session)
        while self._event_count > self.max_events:
            _, dropped = self._sessions.popitem(last=False)
            self._event_count -= len(dropped)

    def extend(self, sender_id: str, stored: Sequence[StoredEvent]) -> None:
        """Adds the rows just written to a kept conversation; one not kept stays unknown."""
        session = self._sessions.get(sender_id)
        if session is not None and stored:
            self.keep(sender_id, joined(session, stored))

    def forget(self, sender_id: str) -> None:
        """Drops what is kept of a conversation."""
        dropped = self._sessions.pop(sender_id, None)
        if dropped is not None:
            self._event_count -= len(dropped)


def joined(kept: list[StoredEvent], added: Sequence[StoredEvent]) -> list[StoredEvent]:
    """A kept latest session with the rows stored after it; a new session among them cuts it."""
    if any(type(stored.event) is SessionStarted for stored in added):
        return latest_session([*kept, *added])
    return [*kept, *added]
