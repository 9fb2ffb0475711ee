"""A Redis lock store for several Rasa servers: atomic, first come first served, and crash-safe.

Rasa 3.6's `RedisLockStore` reads a ticket lock, changes it in Python and writes it back, so
two servers taking a ticket at the same moment can both win; and its lock lives 60 seconds
while an action may run for 300, after which a second message of the same conversation is
processed alongside the first. This store keeps, per conversation, a Redis list of waiting
tokens that only Lua scripts change (so every step is atomic). The token at the head holds the
lock. Each token has a heartbeat key its owner refreshes while it waits or works: a long action
keeps its lock, and the token of a crashed server expires and is skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from typing import Any, AsyncGenerator

import redis.asyncio as redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from clinic.settings import process_settings

logger = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_SECONDS = 10.0
DEFAULT_WAIT_SECONDS = 60.0
POLL_SECONDS = 0.01

# Drops dead tokens (no heartbeat) from the head; 1 when the caller's token is at the head.
_IS_MY_TURN = """
local head = redis.call('LINDEX', KEYS[1], 0)
while head and head ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. head) == 0 do
  redis.call('LPOP', KEYS[1])
  head = redis.call('LINDEX', KEYS[1], 0)
end
if head == ARGV[1] then return 1 end
return 0
"""
# Leaves the queue, from the head (done) or from the middle (gave up waiting).
_LEAVE = """
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  redis.call('LPOP', KEYS[1])
else
  redis.call('LREM', KEYS[1], 1, ARGV[1])
end
redis.call('DEL', ARGV[2] .. ARGV[1])
return 1
"""


class AtomicRedisLockStore(LockStore):
    """Per-conversation FIFO locks in Redis, safe across processes and machines."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        url: str | None = None,
        key_prefix: str = "clinic",
        heartbeat_seconds: float = DEFAULT_HEARTBEAT_SECONDS,
        wait_seconds: float = DEFAULT_WAIT_SECONDS,
    ) -> None:
        """Prepares the connection (made on first use).

        Rasa passes the `lock_store` section of endpoints.yml as `endpoint_config`; its `url`
        and its other keys win over the arguments.

        Args:
            endpoint_config: The endpoints.yml section, when Rasa creates the store.
            url: Redis URL; default CLINIC_REDIS_URL from the settings.
            key_prefix: Prefix of every key this store writes.
            heartbeat_seconds: How long a token outlives its owner's last heartbeat.
            wait_seconds: How long a message waits for its turn before failing with LockError.
        """
        super().__init__()
        options: dict[str, Any] = dict(endpoint_config.kwargs) if endpoint_config else {}
        url = (endpoint_config.url if endpoint_config else None) or url or process_settings().redis_url
        self.redis = redis.Redis.from_url(url)
        self.prefix = f"{options.get('key_prefix', key_prefix)}:lock"
        self.heartbeat_seconds = float(options.get("heartbeat_seconds", heartbeat_seconds))
        self.wait_seconds = float(options.get("wait_seconds", wait_seconds))
        self._is_my_turn = self.redis.register_script(_IS_MY_TURN)
        self._leave = self.redis.register_script(_LEAVE)

    def _queue(self, conversation_id: str) -> str:
        return f"{self.prefix}:queue:{conversation_id}"

    @property
    def _heartbeat_prefix(self) -> str:
        return f"{self.prefix}:alive:"

    async def _beat(self, token: str) -> None:
        await self.redis.set(self._heartbeat_prefix + token, 1, px=int(self.heartbeat_seconds * 1000))

    async def _keep_alive(self, token: str) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds / 3)
            await self._beat(token)

    @contextlib.asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = 0, wait_time_in_seconds: float = 0
    ) -> AsyncGenerator[TicketLock, None]:
        """Waits for the conversation's turn and holds it for the block.

        Args:
            conversation_id: The conversation.
            lock_lifetime: Ignored: the heartbeat keeps the lock as long as its holder lives.
            wait_time_in_seconds: Ignored: turns are checked every 10 ms.

        Yields:
            A ticket lock object, as Rasa's lock stores yield (callers do not use it).

        Raises:
            LockError: when the turn does not come within `wait_seconds`.
        """
        token = secrets.token_hex(12)
        queue = self._queue(conversation_id)
        await self._beat(token)
        await self.redis.rpush(queue, token)
        keep_alive = asyncio.ensure_future(self._keep_alive(token))
        try:
            deadline = asyncio.get_running_loop().time() + self.wait_seconds
            while not await self._is_my_turn(keys=[queue], args=[token, self._heartbeat_prefix]):
                if asyncio.get_running_loop().time() > deadline:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                await asyncio.sleep(POLL_SECONDS)
            yield TicketLock(conversation_id)
        finally:
            keep_alive.cancel()
            await self._leave(keys=[queue], args=[token, self._heartbeat_prefix])

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """Not used: this store has no ticket objects to fetch."""
        return None

    def delete_lock(self, conversation_id: str) -> None:
        """Not used: a queue disappears with its last token."""

    def save_lock(self, lock: TicketLock) -> None:
        """Not used: the queue lives in Redis only."""
