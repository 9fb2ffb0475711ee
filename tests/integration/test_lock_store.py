"""The atomic lock store against the real Redis: mutual exclusion, order, long actions, crashes."""

from __future__ import annotations

import asyncio
import multiprocessing
import time

import pytest
import redis
from rasa.core.lock_store import LockError

from runtime.lock_store import AtomicRedisLockStore


def store(redis_url: str, key_prefix: str, **options) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(url=redis_url, key_prefix=key_prefix, **options)


async def unsafe_increment(locks: AtomicRedisLockStore, client, key: str) -> None:
    """Read, pause, write: loses updates unless the lock really excludes everyone else."""
    async with locks.lock("patient-1"):
        value = int(await client.get(key) or 0)
        await asyncio.sleep(0.005)
        await client.set(key, value + 1)


def _process_increments(redis_url: str, key_prefix: str, key: str, count: int) -> None:
    async def run() -> None:
        locks = store(redis_url, key_prefix)
        await asyncio.gather(*(unsafe_increment(locks, locks.redis, key) for _ in range(count)))
        await locks.redis.close()

    asyncio.run(run())


def test_processes_never_hold_the_same_conversation_at_once(redis_url, key_prefix):
    key = f"{key_prefix}:counter"
    workers = [
        multiprocessing.get_context("spawn").Process(target=_process_increments, args=(redis_url, key_prefix, key, 15))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert int(redis.Redis.from_url(redis_url).get(key)) == 60


def test_turns_are_first_come_first_served(redis_url, key_prefix):
    async def run() -> list[int]:
        locks = store(redis_url, key_prefix)
        order: list[int] = []

        async def message(number: int) -> None:
            await asyncio.sleep(number * 0.02)  # arrive one after another
            async with locks.lock("patient-2"):
                order.append(number)
                await asyncio.sleep(0.05)

        await asyncio.gather(*(message(number) for number in range(8)))
        return order

    assert asyncio.run(run()) == list(range(8))


def test_a_long_action_keeps_its_lock_past_the_heartbeat_period(redis_url, key_prefix):
    async def run() -> tuple[float, float]:
        locks = store(redis_url, key_prefix, heartbeat_seconds=0.3)
        first_done = 0.0

        async def slow() -> None:
            nonlocal first_done
            async with locks.lock("patient-3"):
                await asyncio.sleep(1.5)  # five heartbeat periods
                first_done = time.monotonic()

        async def second() -> float:
            await asyncio.sleep(0.1)
            async with locks.lock("patient-3"):
                return time.monotonic()

        _, second_started = await asyncio.gather(slow(), second())
        return first_done, second_started

    first_done, second_started = asyncio.run(run())
    assert second_started >= first_done


def test_a_crashed_holder_is_skipped_after_its_heartbeat_expires(redis_url, key_prefix):
    client = redis.Redis.from_url(redis_url)
    queue = f"{key_prefix}:lock:queue:patient-4"
    client.rpush(queue, "token-of-a-dead-server")  # its heartbeat key never existed or has expired

    async def run() -> None:
        async with store(redis_url, key_prefix, wait_seconds=2).lock("patient-4"):
            pass

    asyncio.run(asyncio.wait_for(run(), timeout=5))
    assert client.llen(queue) == 0


def test_waiting_too_long_raises_and_leaves_the_queue(redis_url, key_prefix):
    async def run() -> None:
        locks = store(redis_url, key_prefix, wait_seconds=0.3)

        async def holder() -> None:
            async with locks.lock("patient-5"):
                await asyncio.sleep(1)

        async def impatient() -> None:
            await asyncio.sleep(0.05)
            with pytest.raises(LockError):
                async with locks.lock("patient-5"):
                    pass

        await asyncio.gather(holder(), impatient())

    asyncio.run(run())
    assert redis.Redis.from_url(redis_url).llen(f"{key_prefix}:lock:queue:patient-5") == 0
