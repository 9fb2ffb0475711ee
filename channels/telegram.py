"""The Telegram channel: long polling by default, or a webhook authenticated by its secret token.

Replaces Rasa 3.6's Telegram connector, which does not authenticate webhook calls, calls getMe on
every update, re-raises errors (so Telegram redelivers the update), never de-duplicates updates,
cannot long-poll and cannot use another Bot API server.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any, Dict

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from channels.endpoint import health_route
from channels.poll_lease import PollLease
from channels.telegram_api import BotApi, TelegramApiError
from channels.telegram_callback import offer_payload, take_shared_number
from channels.telegram_format import (
    IncomingUpdate,
    RecentIds,
    chat_id_of,
    inline_keyboard,
    message_for,
    parse_update,
    render_html,
    sender_id,
)
from channels.telegram_inbox import TelegramInbox
from channels.telegram_polling import ALLOWED_UPDATES, LongPoller
from channels.telegram_rating import rate_answer
from channels.turns import ChannelTurns, CountingOutput, Message, OnNewMessage
from clinic.contract import CALLBACK_KEY, TELEGRAM_CHANNEL
from clinic.settings import TelegramSettings, process_settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramOutput(CountingOutput):
    """Sends bot messages to a chat as HTML, split to Telegram's size limit, buttons inline."""

    def __init__(self, api: BotApi) -> None:
        """Wraps the Bot API client."""
        super().__init__()
        self.api = api

    @classmethod
    def name(cls) -> str:
        """The channel name stored with the conversation."""
        return TELEGRAM_CHANNEL

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Sends one bot message (in several parts if it is too long)."""
        text = message.get("text") or ""
        if not text.strip():
            return
        parts = render_html(text, message.get("custom"))
        keyboard = inline_keyboard(message.get("buttons") or [], message.get("custom"), text)
        for index, part in enumerate(parts):
            payload: Dict[str, Any] = {
                "chat_id": chat_id_of(recipient_id),
                "text": part,
                "parse_mode": "HTML",
                "disable_web_page_preview": True,
            }
            if keyboard and index == len(parts) - 1:
                payload["reply_markup"] = keyboard
            await self.api.call("sendMessage", payload)
        self.sent += 1
        offer_language = (message.get("custom") or {}).get(CALLBACK_KEY)
        if offer_language:
            await self.api.call("sendMessage", offer_payload(recipient_id, offer_language))


class TelegramBot:
    """Receives updates (webhook or polling), passes them to the assistant, one chat at a time."""

    def __init__(
        self,
        settings: TelegramSettings,
        on_new_message: OnNewMessage,
        turns: ChannelTurns,
        inbox: TelegramInbox,
        lease: PollLease | None = None,
    ) -> None:
        """Binds the bot to its settings, Rasa's handler, its unanswered updates and (in a cluster) the poll lease."""
        self.settings = settings
        self.api = BotApi(settings.api_url, settings.token)
        self.on_new_message = on_new_message
        self.turns = turns
        self.inbox = inbox
        self.recent = RecentIds()
        # Per chat: its lock and how many updates hold or wait for it (both go when that is 0).
        self._chat_locks: Dict[int, asyncio.Lock] = {}
        self._chat_users: Dict[int, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.poller = LongPoller(self.api, self.accept, lease)

    async def start(self) -> None:
        """Answers the updates a crashed server left, then registers the webhook or starts polling."""
        try:
            left = self.inbox.take_over()
        except SQLAlchemyError as error:
            logger.error("unanswered Telegram updates could not be read (%s)", type(error).__name__)
            left = []
        if left:
            logger.warning("answering %d Telegram updates left unanswered by a stopped server", len(left))
        for update in left:
            parsed = parse_update(update)
            self.recent.first_time(parsed.update_id)
            self._schedule(parsed)
        if self.settings.webhook_url:
            await self.api.call(
                "setWebhook",
                {
                    "url": self.settings.webhook_url,
                    "secret_token": self.settings.webhook_secret,
                    "allowed_updates": ALLOWED_UPDATES,
                },
            )
        else:
            # getUpdates is refused while a webhook is set.
            await self.api.call("deleteWebhook", {"drop_pending_updates": False})
            self.poller.start()
        logger.info("Telegram channel started in %s mode", self.settings.mode)

    async def stop(self) -> None:
        """Stops polling and closes the HTTP session."""
        await self.poller.stop()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.api.close()
        self.inbox.close()

    def secret_matches(self, presented: str | None) -> bool:
        """Whether a webhook call carries the configured secret (constant-time comparison)."""
        expected = self.settings.webhook_secret or ""
        return bool(expected) and hmac.compare_digest((presented or "").encode(), expected.encode())

    def accept(self, update: Any) -> bool:
        """Keeps an update and schedules it; False if it is a duplicate or not an update.

        Kept before it is acknowledged (the webhook's 200, the next getUpdates offset), so that a
        crash does not lose it (`channels.telegram_inbox`).
        """
        if not isinstance(update, dict):
            return False
        parsed = parse_update(update)
        if not self.recent.first_time(parsed.update_id):
            logger.info("Telegram update %s already processed, skipped", parsed.update_id)
            return False
        if parsed.update_id is not None and not self.inbox.add(parsed.update_id, update):
            logger.info("Telegram update %s already taken, skipped", parsed.update_id)
            return False
        self._schedule(parsed)
        return True

    def _schedule(self, update: IncomingUpdate) -> None:
        task = asyncio.ensure_future(self._handle_and_forget(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle_and_forget(self, update: IncomingUpdate) -> None:
        try:
            await self._handle(update)
        finally:
            if update.update_id is not None:
                self.inbox.done(update.update_id)

    async def _handle(self, update: IncomingUpdate) -> None:
        if update.kind == "ignored" or update.chat_id is None:
            logger.info("Telegram update of a kind the assistant does not answer, ignored")
            return
        chat = update.chat_id
        lock = self._chat_locks.setdefault(chat, asyncio.Lock())
        self._chat_users[chat] = self._chat_users.get(chat, 0) + 1
        try:
            async with lock:
                await self._turn(update, chat)
        finally:
            self._chat_users[chat] -= 1
            if not self._chat_users[chat]:
                del self._chat_users[chat], self._chat_locks[chat]

    async def _turn(self, update: IncomingUpdate, chat: int) -> None:
        if update.kind == "rating":
            return await rate_answer(self.api, self.turns, sender_id(chat), update)
        if update.kind == "contact":
            return await take_shared_number(self.api, self.turns, sender_id(chat), update)
        if update.callback_id:
            await self._answer_button(update.callback_id)
        text, metadata = message_for(update)
        message = Message(text, sender_id(chat), {**metadata, "telegram_chat_id": chat}, update.language_hint)
        await self.turns.run(self.on_new_message, message, TelegramOutput(self.api))

    async def _answer_button(self, callback_id: str) -> None:
        try:
            await self.api.call("answerCallbackQuery", {"callback_query_id": callback_id})
        except TelegramApiError as error:
            logger.warning("answerCallbackQuery failed: %s", error)


class TelegramInput(InputChannel):
    """The Telegram channel; configured in credentials.yml as `channels.telegram.TelegramInput`.

    Disabled (its health route says so) when TELEGRAM_BOT_TOKEN is not set.
    """

    @classmethod
    def name(cls) -> str:
        """The channel name, also the URL prefix: /webhooks/telegram/."""
        return TELEGRAM_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        """Builds the channel from the settings (the token and secret never live in files)."""
        settings = process_settings()
        lease_url = settings.redis_url if settings.cluster else None
        return cls(settings.telegram, ChannelTurns(settings, TELEGRAM_CHANNEL), settings.tracker_url, lease_url)

    def __init__(
        self, settings: TelegramSettings | None, turns: ChannelTurns, database_url: str, lease_url: str | None = None
    ) -> None:
        """Keeps the settings; None disables the channel.

        Args:
            settings: The bot's settings, or None.
            turns: Runs the turns.
            database_url: Where unanswered updates are kept (the tracker store's database).
            lease_url: In a cluster, the Redis that holds the long-poll lease.
        """
        self.settings = settings
        self.turns = turns
        self.database_url = database_url
        self.lease_url = lease_url
        self.bot: TelegramBot | None = None

    def get_output_channel(self) -> OutputChannel | None:
        """The output channel for messages the server sends on its own."""
        return TelegramOutput(self.bot.api) if self.bot else None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The webhook and health routes, and the polling task's start and stop."""
        blueprint = Blueprint("clinic_telegram", __name__)
        settings = self.settings

        blueprint.add_route(health_route(mode=settings.mode if settings else "disabled"), "/", methods=["GET"])

        if settings is None:
            logger.info("Telegram channel disabled: TELEGRAM_BOT_TOKEN is not set")
            return blueprint
        inbox = TelegramInbox(self.database_url, settings.token)
        lease = PollLease(self.lease_url) if self.lease_url and settings.mode == "polling" else None
        bot = self.bot = TelegramBot(settings, on_new_message, self.turns, inbox, lease)

        @blueprint.listener("after_server_start")
        async def start(app: Sanic, __: Any) -> None:
            self.turns.app = app
            await bot.start()

        @blueprint.listener("before_server_stop")
        async def stop(_: Sanic, __: Any) -> None:
            await bot.stop()

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if settings.mode != "webhook":
                return response.json({"ok": False}, status=404)
            if not bot.secret_matches(request.headers.get(SECRET_HEADER)):
                return response.json({"ok": False}, status=403)
            try:
                update = request.json
            except Exception:
                return response.json({"ok": False}, status=400)
            bot.accept(update)
            return response.json({"ok": True})

        return blueprint
