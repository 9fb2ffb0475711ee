"""Token buckets in Redis, shared by the servers of a cluster: a flood spread over servers meets one limit.

Each take runs one Lua script, so concurrent servers never both spend the last token, and reads
Redis's own clock, so servers whose clocks differ still refill at one rate. Buckets expire a
minute after their last use. When Redis cannot be reached the message is let through (and
logged): a patient is never refused because the limiter is down.
"""

from __future__ import annotations

import logging

import redis.asyncio as redis
from redis.exceptions import RedisError

from channels.rate_limit import SECONDS_PER_MINUTE

logger = logging.getLogger(__name__)

_TAKE = """
local rate = tonumber(ARGV[1])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(kept[1]) or rate
local at = tonumber(kept[2]) or now
tokens = math.min(rate, tokens + (now - at) * rate / tonumber(ARGV[2]))
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])) + 1)
return allowed
"""


class RedisTokenBuckets:
    """One token bucket per key in Redis, `per_minute` tokens each, under `prefix`."""

    def __init__(self, client: redis.Redis, per_minute: int, prefix: str) -> None:
        """Binds the buckets to a Redis client (shared by the limits of one process)."""
        self.per_minute = per_minute
        self.prefix = prefix
        self._take = client.register_script(_TAKE)

    async def take(self, key: str, now: float) -> bool:
        """Takes one token for `key`; False when its bucket is empty (`now` is unused: Redis keeps time)."""
        try:
            allowed = await self._take(keys=[self.prefix + key], args=[self.per_minute, SECONDS_PER_MINUTE])
        except RedisError as error:
            logger.warning("shared rate limit unavailable, message let through: %s", type(error).__name__)
            return True
        return bool(allowed)
