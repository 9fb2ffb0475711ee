"""Long polling of the Bot API: getUpdates in a loop, each update handed to the bot.

In a cluster every server runs a poller, but only the one holding the Redis lease
(`channels.poll_lease`) calls getUpdates; the others wait and take over when the lease expires.
Updates the old poller took but had not confirmed come again, and the bot's inbox drops them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from redis.exceptions import RedisError

from channels.poll_lease import RENEW_SECONDS, PollLease
from channels.telegram_api import BotApi, TelegramApiError

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
POLL_TIMEOUT_SECONDS = 25
# A Bot API server that answers getUpdates at once when it has nothing (an emulator does) would
# otherwise be polled in a tight loop.
EMPTY_POLL_PAUSE_SECONDS = 0.3
MAX_POLL_BACKOFF_SECONDS = 30.0
NOT_LEASED_PAUSE_SECONDS = 0.5


class LongPoller:
    """Polls for updates, alone or, with a lease, only while this server holds it."""

    def __init__(self, api: BotApi, accept: Callable[[Any], bool], lease: PollLease | None = None) -> None:
        """Prepares the poller; `accept` keeps and schedules one update."""
        self.api = api
        self.accept = accept
        self.lease = lease
        self.leased = lease is None
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Starts polling (and, with a lease, keeping it)."""
        self._tasks.append(asyncio.ensure_future(self._poll()))
        if self.lease is not None:
            self._tasks.append(asyncio.ensure_future(self._keep_lease(self.lease)))

    async def stop(self) -> None:
        """Stops polling and gives the lease up, so that another server polls at once."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.lease is not None:
            try:
                await self.lease.release()
            except RedisError as error:
                logger.warning("Telegram poll lease not released: %s", type(error).__name__)

    async def _keep_lease(self, lease: PollLease) -> None:
        while True:
            try:
                held = await lease.hold()
            except RedisError as error:
                logger.warning("Telegram poll lease unreachable: %s", type(error).__name__)
                held = False
            if held != self.leased:
                logger.info("Telegram long polling %s on this server", "starts" if held else "stops")
            self.leased = held
            await asyncio.sleep(RENEW_SECONDS)

    async def _poll(self) -> None:
        offset: int | None = None
        backoff = 1.0
        while True:
            if not self.leased:
                offset = None
                await asyncio.sleep(NOT_LEASED_PAUSE_SECONDS)
                continue
            try:
                updates = await self.api.call(
                    "getUpdates",
                    {"offset": offset, "timeout": POLL_TIMEOUT_SECONDS, "allowed_updates": ALLOWED_UPDATES},
                    timeout=POLL_TIMEOUT_SECONDS + 10,
                )
                backoff = 1.0
            except TelegramApiError as error:
                logger.warning("Telegram getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_POLL_BACKOFF_SECONDS)
                continue
            for update in updates or []:
                if isinstance(update, dict) and isinstance(update.get("update_id"), int):
                    offset = max(offset or 0, update["update_id"] + 1)
                self.accept(update)
            if not updates:
                await asyncio.sleep(EMPTY_POLL_PAUSE_SECONDS)
