"""Reading a conversation back from Rasa's events: the rules the widget's history and the console share.

Events are the dictionaries Rasa stores (`{"event": "user", "text": ..., "metadata": ...}`). The
widget's history (`channels.web_session`) and the console's transcript (`staff_console.transcript`)
both read patient messages, the assistant's messages and the patient's ratings through here, so
that a channel's marker or a new payload key is read the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from clinic.contract import (
    BUTTON_TITLE_KEY,
    FEEDBACK_SLOT,
    RATINGS,
    SYNTHETIC_KEY,
    TYPED_SLASH_MARKER,
    URGENT_KEY,
)

USER_EVENT = "user"
BOT_EVENT = "bot"
SLOT_EVENT = "slot"
ACTION_EVENT = "action"


@dataclass(frozen=True)
class Feedback:
    """A patient's rating of one of the assistant's messages (the value of the feedback slot)."""

    rating: str
    bot_text: str
    reason: str | None = None


def is_synthetic(event: Mapping[str, Any]) -> bool:
    """Whether a user event was sent by the channel itself (a greeting, a language switch), not typed."""
    return bool((event.get("metadata") or {}).get(SYNTHETIC_KEY))


def typed_text(event: Mapping[str, Any]) -> str:
    """The text of a user event as the patient sent it, without the channel's typed-slash marker."""
    return str(event.get("text") or "").removeprefix(TYPED_SLASH_MARKER)


def button_title(event: Mapping[str, Any]) -> str | None:
    """The title of the button the patient pressed, when the user event is a button press."""
    title = (event.get("metadata") or {}).get(BUTTON_TITLE_KEY)
    return title if isinstance(title, str) else None


def shown_text(event: Mapping[str, Any]) -> str:
    """What the patient sees of their own message: a pressed button's title, else the typed text."""
    return button_title(event) or typed_text(event)


def bot_buttons(event: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The buttons of a bot event."""
    return list((event.get("data") or {}).get("buttons") or [])


def bot_custom(event: Mapping[str, Any]) -> dict[str, Any]:
    """The custom payload of a bot event (its kind, urgent marker, facts...)."""
    return dict((event.get("data") or {}).get("custom") or {})


def is_urgent(custom: Mapping[str, Any]) -> bool:
    """Whether a bot message's custom payload marks the urgent answer."""
    return bool(custom.get(URGENT_KEY))


def feedback_of(event: Mapping[str, Any]) -> Feedback | None:
    """The rating a slot event stores, or None for any other event or a malformed value."""
    if event.get("event") != SLOT_EVENT or event.get("name") != FEEDBACK_SLOT:
        return None
    value = event.get("value")
    if not isinstance(value, Mapping) or value.get("rating") not in RATINGS:
        return None
    reason = value.get("reason")
    return Feedback(str(value["rating"]), str(value.get("bot_text")), str(reason) if reason else None)
