"""The tracker store of the assistant: Rasa's SQL store on the database named in the settings.

`endpoints.yml` names this class, so the Rasa server and the staff console read the database
location from one setting (CLINIC_TRACKER_DB_URL). With CLINIC_REDACT_STORED_PII on, phone
numbers and e-mail addresses in patient messages are replaced before the events are written.
Recent conversations stay in memory (`runtime.kept_sessions`): a turn reads only the rows
stored since the last one, so it costs the same at message 50 as at message 5.

A database error is logged (its kind only: SQLAlchemy's messages quote the SQL parameters,
which hold patient text) and raised as `TrackerStoreUnavailable`, so the turn fails visibly;
`runtime.rasa_server` keeps Rasa from replacing the store with a forgetful in-memory one.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, ensure_schema_exists
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool

from clinic.redaction import redact_personal_data
from clinic.settings import Settings, process_settings
from runtime.kept_sessions import KeptSessions, StoredEvent, joined

logger = logging.getLogger(__name__)

# Conversations read but not saved (e.g. through the HTTP API) must not grow the memory forever.
MAX_REMEMBERED_COUNTS = 10_000


class TrackerStoreUnavailable(RuntimeError):
    """The tracker store's database did not answer; the conversation cannot be kept."""


def _unavailable(error: Exception) -> TrackerStoreUnavailable:
    logger.error("tracker store unavailable (%s): the turn fails instead of losing the message", type(error).__name__)
    return TrackerStoreUnavailable(f"tracker store unavailable ({type(error).__name__})")


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _stored(row_id: int, data: str) -> StoredEvent:
    event = Event.from_parameters(json.loads(data))
    if event is None:
        raise ValueError(f"stored event {row_id} is of no known kind")
    return StoredEvent(row_id, event)


def redacted_event(event: Event) -> Event:
    """A copy of a user message with personal data replaced; other events unchanged."""
    if not isinstance(event, UserUttered) or not event.text:
        return event
    data = event.as_dict()
    data["text"] = redact_personal_data(event.text)
    if isinstance(data.get("parse_data"), dict):
        data["parse_data"]["text"] = data["text"]
    return Event.from_parameters(data) or event


class ClinicTrackerStore(SQLTrackerStore):
    """SQL tracker store configured from the clinic settings."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        settings: Settings | None = None,
        **kwargs: Any,
    ) -> None:
        """Connects to CLINIC_TRACKER_DB_URL (SQLite under var/ by default).

        Args:
            domain: The assistant's domain.
            host: Ignored: the URL comes from the settings, so that one value serves every process.
            event_broker: Optional broker, as in Rasa.
            settings: The settings to follow; the process's settings by default.
            kwargs: Further options of Rasa's SQL tracker store.
        """
        settings = settings or process_settings()
        url = make_url(settings.tracker_url)
        sqlite = url.get_backend_name() == "sqlite"
        if sqlite and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        self.redacts_personal_data = settings.redact_stored_personal_data
        # Per conversation, how many events of its latest session the database held when the turn
        # read it. The lock store keeps every other process out of the conversation until the
        # turn is saved, so saving needs no `count(*)` query to know which events are new.
        self._stored_counts: OrderedDict[str, int] = OrderedDict()
        self._kept = KeptSessions(settings.kept_events)
        super().__init__(domain=domain, host=settings.tracker_url, event_broker=event_broker, **kwargs)
        if sqlite:
            self._use_pooled_wal_connections(settings.tracker_url)

    def _use_pooled_wal_connections(self, url: str) -> None:
        """Reuses SQLite connections and writes in WAL mode.

        SQLAlchemy 1.4 opens a new connection for every session on an SQLite file (NullPool),
        and the default rollback journal syncs twice per commit. A small pool and WAL with
        `synchronous=NORMAL` (durable across a process crash; a power cut may lose the last
        turns) made the Rasa server faster, and let the console read while Rasa writes.
        """
        self.engine.dispose()
        self.engine: sa.engine.Engine = sa.create_engine(
            url, poolclass=QueuePool, pool_size=4, connect_args={"check_same_thread": False, "timeout": 30}
        )
        sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    @contextlib.contextmanager
    def session_scope(self) -> Iterator[sa.orm.Session]:
        """Rasa's session scope, with a driver's refusal raised as `TrackerStoreUnavailable`.

        Rasa's own scope takes any `ValueError` for a missing PostgreSQL schema and exits the
        process; a NUL or a lone surrogate in a conversation id raises one too (psycopg2, sqlite3).
        """
        session = self.sessionmaker()
        try:
            ensure_schema_exists(session)
            yield session
        except ValueError as error:
            raise _unavailable(error) from None
        finally:
            session.close()

    def _new_events(self, session: Any, tracker: DialogueStateTracker, read_count: int | None) -> Iterator[Event]:
        """The tracker's events not stored yet, redacted when the setting asks."""
        if read_count is None:
            events: Iterator[Event] = super()._additional_events(session, tracker)
        else:
            events = itertools.islice(tracker.events, read_count, len(tracker.events))
        if not self.redacts_personal_data:
            return events
        return (redacted_event(event) for event in events)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:
            try:
                return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
            except SQLAlchemyError as error:
                raise _unavailable(error) from None
        try:
            with self.session_scope() as session:
                stored = self._latest_session(session, sender_id)
        except SQLAlchemyError as error:
            raise _unavailable(error) from None
        self._kept.keep(sender_id, stored)
        self._stored_counts[sender_id] = len(stored)
        self._stored_counts.move_to_end(sender_id)
        if len(self._stored_counts) > MAX_REMEMBERED_COUNTS:
            self._stored_counts.popitem(last=False)
        if not stored or not self.domain:
            return None
        return DialogueStateTracker.from_events(sender_id, [row.event for row in stored], self.domain.slots)

    def _latest_session(self, session: sa.orm.Session, sender_id: str) -> list[StoredEvent]:
        """The conversation's latest session: what is kept plus the rows since, or all of it read."""
        kept = self._kept.get(sender_id)
        if kept:
            first, last = kept[0].row_id, kept[-1].row_id
            rows = (
                session.query(self.SQLEvent.id, self.SQLEvent.data)
                .filter(
                    self.SQLEvent.sender_id == sender_id,
                    sa.or_(self.SQLEvent.id == first, self.SQLEvent.id >= last),
                )
                .order_by(self.SQLEvent.id)
                .all()
            )
            # The first and last kept rows are still there: nothing was erased, and whatever
            # another server added since comes after them.
            if [row.id for row in rows[:2]] == ([first] if first == last else [first, last]):
                added = rows[1:] if first == last else rows[2:]
                return joined(kept, [_stored(row.id, row.data) for row in added])
        rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
        return [_stored(row.id, row.data) for row in rows.with_entities(self.SQLEvent.id, self.SQLEvent.data)]

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Appends the tracker's new events; raises `TrackerStoreUnavailable` on a database error.

        As Rasa's own save, but the rows' ids and texts are kept, so the next turn reads only
        what was stored after them.
        """
        await self.stream_events(tracker)
        read_count = self._stored_counts.pop(tracker.sender_id, None)
        try:
            with self.session_scope() as session:
                new_events = self._new_events(session, tracker, read_count)
                rows = [self._row(tracker.sender_id, event) for event in new_events]
                session.add_all(rows)
                session.flush()
                written = [(row.id, row.data) for row in rows]
                session.commit()
        except SQLAlchemyError as error:
            self._kept.forget(tracker.sender_id)
            raise _unavailable(error) from None
        if read_count is None:
            # Saved without this turn's read: what is kept may miss rows written meanwhile.
            self._kept.forget(tracker.sender_id)
        else:
            self._kept.extend(tracker.sender_id, [_stored(row_id, data) for row_id, data in written])

    def _row(self, sender_id: str, event: Event) -> Any:
        data = event.as_dict()
        intent = data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY)
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=intent,
            action_name=data.get("name"),
            data=json.dumps(data),
        )
