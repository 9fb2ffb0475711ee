"""Reading a conversation back from Rasa's events: the rules the widget's history and the console share.

Events are the dictionaries Rasa stores (`{"event": "user", "text": ..., "metadata": ...}`). The
widget's history (`channels.web_session`) and the console's transcript (`staff_console.transcript`)
both read patient messages, the assistant's messages and the patient's ratings through here, so
that a channel's marker or a new payload key is read the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

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


# Events that start a conversation over: the patient's earlier messages before them do not count.
_RESETS = frozenset({"session_started", "restart"})
# What is kept of the events before the last exchange: the classification is not needed again.
_EARLIER_KEYS = ("event", "timestamp", "text", "metadata")


def events_for_actions(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """What the action server is sent of a conversation: the last exchange and earlier patient messages.

    The actions read the patient's earlier messages (what was said before: an injection, a
    child) and the assistant's reply before the latest message (what was offered, whether it
    was the urgent answer); sending every older event made each turn cost more the longer the
    conversation grew.

    Args:
        events: The conversation's events, oldest first, as Rasa serialises them.

    Returns:
        The events from the patient's previous message on, after the earlier patient messages
        (text and metadata) and session starts.
    """
    user_positions = [index for index, event in enumerate(events) if event.get("event") == USER_EVENT]
    if len(user_positions) < 2:
        return list(events)
    start = user_positions[-2]
    earlier = [
        {key: event[key] for key in _EARLIER_KEYS if key in event}
        for event in events[:start]
        if event.get("event") == USER_EVENT or event.get("event") in _RESETS
    ]
    return [*earlier, *events[start:]]
