"""Pure helpers of the web chat channel: session tokens, history and feedback records.

A session id is public inside the clinic (it is the conversation id staff see); the token that
lets a browser resume it is an HMAC of the id under a server secret, so knowing an id is not
enough to join someone else's conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Mapping

from clinic.history import (
    BOT_EVENT,
    USER_EVENT,
    bot_buttons,
    bot_custom,
    feedback_of,
    is_synthetic,
    shown_text,
)
from clinic.language import SUPPORTED_LANGUAGES
from clinic.messages import MessageCatalog
from clinic.settings import PROJECT_ROOT, Settings, development_secret

DEVELOPMENT_SECRET_FILE = PROJECT_ROOT / "var" / "widget-secret"

SESSION_PREFIX = "web-"
MAX_BUTTON_TITLE_CHARS = 200
MAX_HISTORY_MESSAGES = 500


@dataclass(frozen=True)
class SessionSigner:
    """Issues session ids with resume tokens and checks presented tokens."""

    secret: bytes

    def token_for(self, session_id: str) -> str:
        """The resume token of a session id."""
        return hmac.new(self.secret, session_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def issue(self) -> tuple[str, str]:
        """A new unguessable session id and its token."""
        session_id = SESSION_PREFIX + secrets.token_urlsafe(18)
        return session_id, self.token_for(session_id)

    def verify(self, session_id: object, token: object) -> bool:
        """Whether `token` is the resume token of `session_id` (constant-time comparison)."""
        if not isinstance(session_id, str) or not isinstance(token, str) or not session_id.startswith(SESSION_PREFIX):
            return False
        return hmac.compare_digest(self.token_for(session_id), token)


def supported_language(value: object) -> str | None:
    """The value if it is a supported language code, else None."""
    return value if isinstance(value, str) and value in SUPPORTED_LANGUAGES else None


def history_from_events(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as the widget shows it, from the tracker's events.

    Args:
        events: Tracker events as dictionaries, oldest first.

    Returns:
        Messages `{"sender", "text", "buttons", "custom", "rating"}`: what the patient typed (a
        button press shows the button's title) and what the assistant said, with the patient's
        rating of each answer. Synthetic turns are left out.
    """
    messages: list[dict[str, Any]] = []
    ratings: dict[str, str] = {}
    for event in events:
        feedback = feedback_of(event)
        if feedback:
            ratings[feedback.bot_text] = feedback.rating
        elif event.get("event") == USER_EVENT and not is_synthetic(event):
            messages.append({"sender": "user", "text": shown_text(event)})
        elif event.get("event") == BOT_EVENT:
            text = event.get("text") or ""
            messages.append({"sender": "bot", "text": text, "buttons": bot_buttons(event), "custom": bot_custom(event)})
    for message in messages:
        if message["sender"] == "bot" and message["text"] in ratings:
            message["rating"] = ratings[message["text"]]
    return messages[-MAX_HISTORY_MESSAGES:]


def widget_topics(catalog: MessageCatalog) -> Dict[str, list[Dict[str, str]]]:
    """The starter topics as buttons per language, for the widget's permanent "Topics" entry."""
    return {
        lang: [{"title": catalog.topic(intent, lang), "payload": f"/{intent}"} for intent in catalog.starter_topics]
        for lang in SUPPORTED_LANGUAGES
    }


def button_title(value: object) -> str | None:
    """A button title sent by the widget, if it is a plausible one."""
    if isinstance(value, str) and 0 < len(value) <= MAX_BUTTON_TITLE_CHARS:
        return value
    return None


def session_secret(settings: Settings, development_file: Path = DEVELOPMENT_SECRET_FILE) -> bytes:
    """The secret that signs session tokens.

    Production requires CLINIC_WIDGET_SECRET (the settings check it). In development a random
    secret is created once in an untracked file, so sessions survive a restart of `make run`.
    """
    return (settings.widget_secret or development_secret(development_file)).encode("utf-8")


def widget_texts(interface: MessageCatalog, catalog: MessageCatalog) -> Dict[str, Dict[str, str]]:
    """Interface texts per language, placeholders left for the widget to fill, plus the disclaimer."""
    texts: Dict[str, Dict[str, str]] = {
        lang: {key: str(value[lang]) for key, value in interface.texts.items()} for lang in SUPPORTED_LANGUAGES
    }
    for lang in SUPPORTED_LANGUAGES:
        texts[lang]["disclaimer"] = catalog.text("disclaimer", lang)
    return texts
