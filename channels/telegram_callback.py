"""A callback in Telegram: the offer under a contact or urgent reply, and the number the patient shares.

Telegram's own "share my phone number" button asks the patient to confirm before it sends the
number, so pressing it is the patient's consent; the offer says what the number is used for.
Only the patient's own number is taken (a forwarded contact is someone else's).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from channels.callback import store_callback
from channels.telegram_api import BotApi, TelegramApiError
from channels.telegram_format import IncomingUpdate, chat_id_of, render_html
from channels.turns import ChannelTurns
from clinic.contract import TELEGRAM_CHANNEL
from clinic.knowledge import process_knowledge

logger = logging.getLogger(__name__)


def offer_payload(recipient_id: str, language: str) -> dict[str, Any]:
    """The sendMessage call that offers a callback, with a one-time "share my number" keyboard."""
    knowledge = process_knowledge()
    button = {"text": knowledge.say("callback_button", language), "request_contact": True}
    return {
        "chat_id": chat_id_of(recipient_id),
        "text": knowledge.say("callback_offer", language),
        "reply_markup": {"keyboard": [[button]], "one_time_keyboard": True, "resize_keyboard": True},
    }


async def take_shared_number(api: BotApi, turns: ChannelTurns, sender: str, update: IncomingUpdate) -> None:
    """Stores the number the patient shared for a callback and confirms it, removing the keyboard.

    Counts against the conversation's rate limit, as a message does.
    """
    app = turns.app
    if app is None or not await turns.limits.admit("", sender, None, time.monotonic()):
        return
    message = await store_callback(app, sender, update.text, update.language_hint, TELEGRAM_CHANNEL)
    if message is None:
        logger.info("Telegram callback request with an unusable number, ignored")
        return
    logger.info("Telegram callback request stored")
    payload = {
        "chat_id": chat_id_of(sender),
        "text": render_html(message["text"])[0],
        "parse_mode": "HTML",
        "reply_markup": {"remove_keyboard": True},
    }
    try:
        await api.call("sendMessage", payload)
    except TelegramApiError as error:
        logger.warning("callback confirmation not sent: %s", error)
