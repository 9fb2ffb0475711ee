"""Rate limits in the real Redis: one bucket per key for every server, and a limiter that is down refuses nobody."""

from __future__ import annotations

import asyncio

import redis.asyncio as redis

from channels.shared_limits import RedisTokenBuckets

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_two_servers_spend_one_bucket_and_other_keys_are_untouched(redis_url, key_prefix):
    async def scenario() -> tuple[list[bool], bool]:
        first, second = redis.Redis.from_url(redis_url), redis.Redis.from_url(redis_url)
        servers = [RedisTokenBuckets(client, 3, f"{key_prefix}:sender:") for client in (first, second)]
        taken = [await servers[n % 2].take("flooder", 0.0) for n in range(5)]
        other = await servers[1].take("calm-patient", 0.0)
        await first.close()
        await second.close()
        return taken, other

    taken, other = asyncio.run(scenario())
    assert taken == [True, True, True, False, False]
    assert other


def test_a_limiter_that_cannot_reach_redis_lets_the_message_through():
    async def scenario() -> bool:
        client = redis.Redis.from_url(UNREACHABLE_REDIS, socket_connect_timeout=1)
        allowed = await RedisTokenBuckets(client, 1, "unreachable:").take("patient", 0.0)
        await client.close()
        return allowed

    assert asyncio.run(scenario())
