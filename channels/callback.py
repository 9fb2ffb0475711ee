"""A patient's callback request, from any channel: stored in the conversation for staff, confirmed to the patient.

The number is stored in the callback slot and echoed in the confirmation (so the patient can see
a typo); the console's exports redact it like any phone number unless an admin asks. Log lines
never carry it.
"""

from __future__ import annotations

import time
from typing import Any

from rasa.shared.core.events import BotUttered, SlotSet
from sanic import Sanic

from clinic.callback import callback_record, normalized_phone
from clinic.contract import CALLBACK_KIND, CALLBACK_SLOT, KIND_KEY
from clinic.knowledge import process_knowledge

CALLBACK_SAVED_KEY = "callback_saved"


def confirmation(phone: str, language: str | None) -> dict[str, Any]:
    """The bot message that confirms a callback request, in the patient's language (both when unknown)."""
    text = process_knowledge().say_in(CALLBACK_SAVED_KEY, language, number=phone)
    return {"text": text, "custom": {KIND_KEY: CALLBACK_KIND}}


async def store_callback(
    app: Sanic, sender_id: str, raw_phone: object, language: str | None, channel: str
) -> dict[str, Any] | None:
    """Keeps a callback request in the conversation and returns the confirmation to send.

    Args:
        app: The Sanic app that holds Rasa's agent.
        sender_id: The conversation.
        raw_phone: The number as the patient typed or shared it.
        language: The patient's language, if known.
        channel: The channel the request came from.

    Returns:
        The confirmation message (`text`, `custom`), or None when the number is not a phone number.
    """
    phone = normalized_phone(raw_phone)
    if phone is None:
        return None
    message = confirmation(phone, language)
    agent = app.ctx.agent
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.processor.get_tracker(sender_id)
        tracker.update(SlotSet(CALLBACK_SLOT, callback_record(phone, language, channel, time.time())))
        tracker.update(BotUttered(message["text"], {"custom": message["custom"]}))
        await agent.tracker_store.save(tracker)
    return message
