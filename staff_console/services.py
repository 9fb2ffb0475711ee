"""The services every console view uses: settings, databases, accounts and the conversation index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine

from clinic.messages import Localized, load_intent_names
from clinic.settings import PROJECT_ROOT, Settings
from staff_console import i18n, schema
from staff_console.accounts import AccountStore
from staff_console.indexer import ConversationIndex
from staff_console.takeover import TAKEOVER_CHANNELS, Takeovers


@dataclass
class Console:
    """The services every view uses."""

    settings: Settings
    console_db: Engine
    tracker_db: Engine
    accounts: AccountStore
    index: ConversationIndex
    zone: ZoneInfo
    takeovers: Takeovers

    @cached_property
    def intents(self) -> tuple[str, ...]:
        """The intents of the assistant's domain, for filters and corrections."""
        with (PROJECT_ROOT / "domain.yml").open(encoding="utf-8") as handle:
            return tuple(yaml.safe_load(handle)["intents"])

    @cached_property
    def intent_names(self) -> dict[str, Localized]:
        """Each intent's human name per language (`knowledge/intents.yml`)."""
        return load_intent_names(self.settings.knowledge_dir / "intents.yml")

    def intent_label(self, intent: str) -> str:
        """An intent's name in the page's language."""
        return i18n.intent_labeller(self.intent_names)(intent)

    def today(self) -> dt.date:
        """Today in the clinic's time zone."""
        return dt.datetime.now(self.zone).date()

    def takeover_possible(self, channel: str | None) -> bool:
        """Whether staff can take over a conversation of this channel (and the Rasa API is on)."""
        return channel in TAKEOVER_CHANNELS and self.takeovers.bridge.enabled

    def save_triage(self, sender_id: str, username: str, now: float, **values: bool) -> None:
        """Sets a conversation's triage flags (`reviewed`, `follow_up`), recording who changed them."""
        table = schema.triage
        values_with_author = {**values, "updated_by": username, "updated_at": now}
        with self.console_db.begin() as connection:
            changed = connection.execute(
                table.update().where(table.c.sender_id == sender_id).values(**values_with_author)
            ).rowcount
            if not changed:
                connection.execute(table.insert().values(sender_id=sender_id, **values_with_author))

    def mark_read(self, sender_id: str, username: str, last_event_id: int) -> None:
        """Records that `username` has seen the conversation up to `last_event_id`."""
        table = schema.reads
        mine = (table.c.sender_id == sender_id) & (table.c.username == username)
        with self.console_db.begin() as connection:
            changed = connection.execute(
                table.update().where(mine, table.c.last_event_id < last_event_id).values(last_event_id=last_event_id)
            ).rowcount
            if not changed and connection.execute(sa.select(table.c.sender_id).where(mine)).first() is None:
                connection.execute(
                    table.insert().values(sender_id=sender_id, username=username, last_event_id=last_event_id)
                )
