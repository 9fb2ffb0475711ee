"""The Telegram long-poll lease against the real Redis: one holder, renewed, taken over when it lapses."""

from __future__ import annotations

import asyncio

from channels.poll_lease import PollLease

LEASE_SECONDS = 0.5


def test_one_server_holds_the_lease_until_it_lapses_or_is_released(redis_url, key_prefix):
    async def scenario() -> None:
        first, second = (PollLease(redis_url, LEASE_SECONDS, key=f"{key_prefix}:poller") for _ in range(2))
        assert await first.hold()
        assert not await second.hold()
        for _ in range(3):  # renewed in time, the lease outlives its first period
            await asyncio.sleep(LEASE_SECONDS / 3)
            assert await first.hold()
            assert not await second.hold()
        await asyncio.sleep(LEASE_SECONDS * 1.5)  # the holder died: nobody renewed
        assert await second.hold()
        assert not await first.hold()
        await second.release()
        assert await first.hold()
        await first.release()

    asyncio.run(scenario())
