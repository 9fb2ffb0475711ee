"""A press on 👍 or 👎 under an answer in Telegram: stored for staff, thanked with a short toast."""

from __future__ import annotations

import functools
import logging
import time

from channels.feedback import parse_rating_data, store_rating
from channels.telegram_api import BotApi, TelegramApiError
from channels.telegram_format import IncomingUpdate
from channels.turns import ChannelTurns
from clinic.language import SUPPORTED_LANGUAGES
from clinic.messages import MessageCatalog, load_catalog
from clinic.settings import process_settings

logger = logging.getLogger(__name__)

THANKS_KEY = "feedback_thanks"


@functools.cache
def _interface() -> MessageCatalog:
    return load_catalog(process_settings().knowledge_dir / "interface.yml")


def thanks_text(language_hint: str | None) -> str:
    """The widget's "thanks for your feedback", in the Telegram interface language or in both."""
    languages = (language_hint,) if language_hint in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES
    return "\n".join(_interface().text(THANKS_KEY, language) for language in languages)


async def rate_answer(api: BotApi, turns: ChannelTurns, sender: str, update: IncomingUpdate) -> None:
    """Stores the rating a button press carries and answers the press (Telegram requires it).

    Ratings count against the conversation's rate limit, as the widget's do.
    """
    parsed = parse_rating_data(update.text)
    admitted = await turns.limits.admit("", sender, None, time.monotonic())
    app = turns.app
    record = await store_rating(app, sender, None, parsed[0], digest=parsed[1]) if parsed and app and admitted else None
    if record:
        logger.info("Telegram feedback stored: %s", record["rating"])
    payload = {"callback_query_id": update.callback_id, "text": thanks_text(update.language_hint) if record else ""}
    try:
        await api.call("answerCallbackQuery", payload)
    except TelegramApiError as error:
        logger.warning("answerCallbackQuery failed: %s", error)
