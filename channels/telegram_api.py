"""A small client of the Telegram Bot API (aiohttp), with Telegram's flood-control retries."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Mapping

import aiohttp

logger = logging.getLogger(__name__)

MAX_RETRIES = 3
# Telegram asks for waits of a few seconds; a much longer one is better reported than slept through.
MAX_RETRY_AFTER_SECONDS = 60.0


class TelegramApiError(RuntimeError):
    """The Bot API refused a call or could not be reached."""


class BotApi:
    """Calls Bot API methods on a configurable server (Telegram's, or a local emulator)."""

    def __init__(self, base_url: str, token: str, max_retries: int = MAX_RETRIES) -> None:
        """Prepares the client; the HTTP session is opened on first use, inside the event loop."""
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.max_retries = max_retries
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def call(self, method: str, payload: Mapping[str, Any] | None = None, timeout: float = 30) -> Any:
        """Calls one method and returns its `result`.

        A 429 answer is retried after the `retry_after` seconds Telegram names, up to
        `max_retries` times.

        Raises:
            TelegramApiError: if the call fails for good.
        """
        url = f"{self.base_url}/bot{self._token}/{method}"
        retries = 0
        while True:
            try:
                async with self._http().post(
                    url, json=dict(payload or {}), timeout=aiohttp.ClientTimeout(total=timeout)
                ) as response:
                    status = response.status
                    body = await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                raise TelegramApiError(f"{method}: {type(error).__name__}") from error
            body = body if isinstance(body, dict) else {}
            if body.get("ok"):
                return body.get("result")
            retry_after = (body.get("parameters") or {}).get("retry_after")
            if status == 429 and isinstance(retry_after, (int, float)) and retries < self.max_retries:
                retries += 1
                logger.warning("Telegram flood control on %s: retrying in %s s", method, retry_after)
                await asyncio.sleep(min(float(retry_after), MAX_RETRY_AFTER_SECONDS))
                continue
            raise TelegramApiError(f"{method}: HTTP {status}: {body.get('description', 'no description')}")

    async def close(self) -> None:
        """Closes the HTTP session."""
        if self._session is not None:
            await self._session.close()
