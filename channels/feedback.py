"""A patient's rating of an answer (👍/👎), stored in the conversation for staff, from any channel.

The widget names the rated answer by its text; a Telegram button can carry only 64 bytes, so it
names the answer by a short digest of its text, and the latest answer with that digest is rated.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Mapping, Sequence

from rasa.shared.core.events import SlotSet
from sanic import Sanic

from clinic.contract import FEEDBACK_REASONS, FEEDBACK_SLOT, RATING_DOWN, RATINGS
from clinic.history import BOT_EVENT

RATING_PREFIX = "rate:"
DIGEST_CHARS = 12


def text_digest(text: str) -> str:
    """A short digest that names one answer's text in a button."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def rating_data(rating: str, text: str) -> str:
    """The callback data of a rating button for one answer."""
    return f"{RATING_PREFIX}{rating}:{text_digest(text)}"


def parse_rating_data(data: str) -> tuple[str, str] | None:
    """The rating and answer digest a rating button carries; None for any other button."""
    if not data.startswith(RATING_PREFIX):
        return None
    rating, _, digest = data.removeprefix(RATING_PREFIX).partition(":")
    return (rating, digest) if rating in RATINGS and len(digest) == DIGEST_CHARS else None


def rated_text(events: Sequence[Mapping[str, Any]], digest: str) -> str | None:
    """The text of the latest answer whose digest is `digest`."""
    for event in reversed(events):
        text = event.get("text")
        if event.get("event") == BOT_EVENT and isinstance(text, str) and text_digest(text) == digest:
            return text
    return None


def feedback_record(
    events: Iterable[Mapping[str, Any]], bot_text: object, rating: object, reason: object = None
) -> dict[str, Any] | None:
    """The value of the feedback slot for a rating of one of the assistant's messages.

    Args:
        events: Tracker events as dictionaries.
        bot_text: Text of the rated message, as the widget shows it.
        rating: "up" or "down".
        reason: For "down", what was wrong (one of `FEEDBACK_REASONS`), if the patient said.

    Returns:
        `{"rating", "bot_text", "bot_timestamp"}`, with `"reason"` when one was given, for the
        latest matching message; None when the rating or reason is invalid or the conversation
        has no such message.
    """
    if rating not in RATINGS or not isinstance(bot_text, str):
        return None
    if reason is not None and (rating != RATING_DOWN or reason not in FEEDBACK_REASONS):
        return None
    for event in reversed(list(events)):
        if event.get("event") == BOT_EVENT and event.get("text") == bot_text:
            record = {"rating": rating, "bot_text": bot_text, "bot_timestamp": event.get("timestamp")}
            return {**record, "reason": reason} if reason else record
    return None


async def store_rating(
    app: Sanic, sender_id: str, text: object, rating: object, reason: object = None, digest: str | None = None
) -> dict[str, Any] | None:
    """Stores a rating of one answer in the conversation's feedback slot.

    Args:
        app: The Sanic app that holds Rasa's agent.
        sender_id: The conversation.
        text: The rated answer's text (the widget), or None when `digest` names it (Telegram).
        rating: "up" or "down".
        reason: For "down", what was wrong, if the patient said.
        digest: The rated answer's `text_digest`, when the channel has no room for its text.

    Returns:
        The stored record, or None when the rating, reason or answer is not valid.
    """
    agent = app.ctx.agent
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.processor.get_tracker(sender_id)
        events = [event.as_dict() for event in tracker.events]
        rated = rated_text(events, digest) if digest else text
        record = feedback_record(events, rated, rating, reason)
        if record is None:
            return None
        tracker.update(SlotSet(FEEDBACK_SLOT, record))
        await agent.tracker_store.save(tracker)
    return record
