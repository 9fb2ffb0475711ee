"""One Telegram long-poller for a whole cluster, and another one within seconds when it dies.

Telegram lets one client call getUpdates per bot. Each Rasa server of a cluster tries to hold a
Redis key that expires unless renewed; the holder polls and renews it every few seconds. When
its server dies, the key expires and another server takes it at its next try.
"""

from __future__ import annotations

import os
import socket
import uuid

import redis.asyncio as redis

LEASE_KEY = "clinic:telegram:poller"
LEASE_SECONDS = 10.0
# A holder renews three times per lease, so one slow round does not lose it.
RENEW_SECONDS = LEASE_SECONDS / 3

# Renews the lease only for its holder (another server may have taken an expired one).
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def holder_name() -> str:
    """This server's name in the lease: host and process, plus a random part for restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class PollLease:
    """The Redis lease that makes one server the cluster's Telegram long-poller."""

    def __init__(self, redis_url: str, lease_seconds: float = LEASE_SECONDS, key: str = LEASE_KEY) -> None:
        """Connects lazily to Redis; nothing is held until `hold` succeeds."""
        self.redis = redis.Redis.from_url(redis_url)
        self.key = key
        self.name = holder_name()
        self.lease_ms = int(lease_seconds * 1000)
        self._renew = self.redis.register_script(_RENEW)
        self._release = self.redis.register_script(_RELEASE)

    async def hold(self) -> bool:
        """Takes the lease if it is free or renews it if this server holds it; whether this server holds it."""
        if await self.redis.set(self.key, self.name, nx=True, px=self.lease_ms):
            return True
        return bool(await self._renew(keys=[self.key], args=[self.name, self.lease_ms]))

    async def release(self) -> None:
        """Gives the lease up (on a clean stop), so another server polls at once."""
        await self._release(keys=[self.key], args=[self.name])
        await self.redis.close()
