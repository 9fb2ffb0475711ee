"""Live takeover: a member of staff answers a patient in the same chat, then hands back to the assistant.

The console records who holds which conversation, one row each, so the database itself refuses a
second member of staff. The conversation changes only through the Rasa server's HTTP API. That
API pauses or resumes the conversation and stores each staff message as a bot event marked with
the staff account. It also sends the message at once through the patient's channel: the widget's
socket, or the Telegram bot. While the conversation is paused the assistant is silent, but a red
flag still gets the urgent answer (`channels.turns`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic.contract import (
    HEADING_KEY,
    KIND_KEY,
    STAFF_ACCOUNT_KEY,
    STAFF_KIND,
    STAFF_NOTICE_KIND,
    TELEGRAM_CHANNEL,
    WEB_CHANNEL,
)
from clinic.knowledge import process_knowledge
from staff_console import schema

logger = logging.getLogger(__name__)

# Channels that can bring the patient a message they did not ask for (REST answers only its caller).
TAKEOVER_CHANNELS = (WEB_CHANNEL, TELEGRAM_CHANNEL)
MAX_STAFF_MESSAGE_CHARS = 2000
BRIDGE_TIMEOUT_SECONDS = 20
PAUSE_EVENT = {"event": "pause"}
RESUME_EVENT = {"event": "resume"}


class TakeoverError(Exception):
    """A takeover step that could not be done; the console tells staff why."""


class HeldByOther(TakeoverError):
    """Another member of staff holds the conversation."""

    def __init__(self, username: str) -> None:
        """Names the holder."""
        super().__init__(username)
        self.username = username


class BridgeError(TakeoverError):
    """The Rasa server did not take the change (down, no API token, or the patient's channel failed)."""


@dataclass(frozen=True)
class Holder:
    """Who holds a conversation, since when, and when they last wrote."""

    username: str
    started_at: float
    last_at: float


class RasaBridge:
    """Changes a conversation through the Rasa server's HTTP API, sending its bot messages to the patient."""

    def __init__(self, rasa_url: str, token: str | None) -> None:
        """Binds the bridge to one Rasa server (or the nginx in front of several)."""
        self.rasa_url = rasa_url
        self.token = token

    @property
    def enabled(self) -> bool:
        """Whether the API can be reached at all: without RASA_AUTH_TOKEN the Rasa server has it off."""
        return bool(self.token)

    def append(self, sender_id: str, events: list[dict[str, Any]]) -> None:
        """Appends events to the conversation and sends its bot events through the patient's latest channel.

        Raises:
            BridgeError: if the server did not store and send them.
        """
        if not self.enabled:
            raise BridgeError("RASA_AUTH_TOKEN is not set")
        url = f"{self.rasa_url}/conversations/{quote(sender_id, safe='')}/tracker/events"
        params = {
            "token": self.token,
            "output_channel": "latest",
            "execute_side_effects": "true",
            "include_events": "NONE",
        }
        try:
            response = requests.post(url, params=params, json=events, timeout=BRIDGE_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise BridgeError(type(error).__name__) from error
        if response.status_code != 200:
            # The body may quote the message: only the status is kept.
            raise BridgeError(f"HTTP {response.status_code}")


def notice(key: str, language: str | None) -> str:
    """A message to the patient from `knowledge/messages.yml`, in both languages when theirs is unknown."""
    return process_knowledge().say_in(key, language)


def notice_event(key: str, language: str | None) -> dict[str, Any]:
    """The bot event telling the patient that a member of staff joined or left."""
    return {"event": "bot", "text": notice(key, language), "data": {"custom": {KIND_KEY: STAFF_NOTICE_KIND}}}


def staff_message_event(text: str, username: str, language: str | None) -> dict[str, Any]:
    """A staff message as a bot event: the patient sees the staff role, the record keeps the account."""
    custom = {KIND_KEY: STAFF_KIND, HEADING_KEY: notice("staff_label", language)}
    return {"event": "bot", "text": text, "data": {"custom": custom}, "metadata": {STAFF_ACCOUNT_KEY: username}}


class Takeovers:
    """Who holds which conversation, and the steps of a takeover."""

    def __init__(self, console_db: Engine, bridge: RasaBridge, idle_seconds: int) -> None:
        """Binds the takeovers to the console's database and the Rasa server."""
        self.console_db = console_db
        self.bridge = bridge
        self.idle_seconds = idle_seconds

    def holders(self, sender_ids: list[str] | None = None) -> dict[str, Holder]:
        """The conversations held now (all, or those of `sender_ids`), with their holders."""
        table = schema.takeovers
        query = sa.select(table)
        if sender_ids is not None:
            query = query.where(table.c.sender_id.in_(sender_ids))
        with self.console_db.connect() as connection:
            rows = connection.execute(query).all()
        return {row.sender_id: Holder(row.username, row.started_at, row.last_at) for row in rows}

    def take(self, sender_id: str, username: str, language: str | None, now: float) -> None:
        """Pauses the assistant and tells the patient that a member of staff joined.

        Raises:
            HeldByOther: if another member of staff holds it (taking one's own again is a no-op).
            BridgeError: if the Rasa server did not take the change; nothing is held then.
        """
        row = {"sender_id": sender_id, "username": username, "started_at": now, "last_at": now}
        try:
            with self.console_db.begin() as connection:
                connection.execute(schema.takeovers.insert().values(**row))
        except sa.exc.IntegrityError:
            holder = self.holders([sender_id]).get(sender_id)
            if holder is None or holder.username != username:
                raise HeldByOther(holder.username if holder else "?") from None
            return
        try:
            self.bridge.append(sender_id, [PAUSE_EVENT, notice_event("staff_joined", language)])
        except BridgeError:
            self._release(sender_id)
            raise

    def say(self, sender_id: str, username: str, text: str, language: str | None, now: float) -> None:
        """Sends a staff message to the patient and stores it in the conversation.

        Raises:
            HeldByOther: if `username` does not hold the conversation.
            BridgeError: if the Rasa server did not store and send it.
        """
        holder = self.holders([sender_id]).get(sender_id)
        if holder is None or holder.username != username:
            raise HeldByOther(holder.username if holder else "")
        self.bridge.append(sender_id, [staff_message_event(text, username, language)])
        with self.console_db.begin() as connection:
            connection.execute(
                schema.takeovers.update().where(schema.takeovers.c.sender_id == sender_id).values(last_at=now)
            )

    def hand_back(self, sender_id: str, language: str | None, idle: bool = False) -> None:
        """Resumes the assistant and tells the patient (that nobody answered for a while, when `idle`).

        Raises:
            BridgeError: if the Rasa server did not take the change; the conversation stays held.
        """
        key = "staff_left_idle" if idle else "staff_left"
        self.bridge.append(sender_id, [RESUME_EVENT, notice_event(key, language)])
        self._release(sender_id)

    def hand_back_idle(self, now: float) -> list[str]:
        """Hands back every takeover with no staff message for `idle_seconds`; returns their ids."""
        conversations = schema.conversations
        idle = [sender_id for sender_id, holder in self.holders().items() if now - holder.last_at >= self.idle_seconds]
        handed: list[str] = []
        for sender_id in idle:
            with self.console_db.connect() as connection:
                language = connection.execute(
                    sa.select(conversations.c.language).where(conversations.c.sender_id == sender_id)
                ).scalar()
            try:
                self.hand_back(sender_id, language, idle=True)
            except BridgeError as error:
                logger.warning("idle takeover not handed back yet: %s", error)
                continue
            handed.append(sender_id)
        return handed

    def _release(self, sender_id: str) -> None:
        with self.console_db.begin() as connection:
            connection.execute(schema.takeovers.delete().where(schema.takeovers.c.sender_id == sender_id))
