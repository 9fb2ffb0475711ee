"""The tracker store of the assistant: Rasa's SQL store on the database named in the settings.

`endpoints.yml` names this class, so the Rasa server and the staff console read the database
location from one setting (CLINIC_TRACKER_DB_URL). With CLINIC_REDACT_STORED_PII on, phone
numbers and e-mail addresses in patient messages are replaced before the events are written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from actions.redaction import redact_personal_data
from actions.settings import load_settings


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
        **kwargs: Any,
    ) -> None:
        """Connects to CLINIC_TRACKER_DB_URL (SQLite under var/ by default).

        Args:
            domain: The assistant's domain.
            host: Ignored: the URL comes from the settings, so that one value serves every process.
            event_broker: Optional broker, as in Rasa.
            kwargs: Further options of Rasa's SQL tracker store.
        """
        settings = load_settings()
        url = make_url(settings.tracker_url)
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        self.redacts_personal_data = settings.redact_stored_personal_data
        super().__init__(domain=domain, host=settings.tracker_url, event_broker=event_broker, **kwargs)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        events: Iterator[Event] = super()._additional_events(session, tracker)
        if not self.redacts_personal_data:
            return events
        return (redacted_event(event) for event in events)
