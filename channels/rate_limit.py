"""Rate limits per patient and per network address that never hold back an emergency.

A token bucket per key: up to N messages at once, refilled at N per minute. One patient who
floods the chat (or a script behind one address) is told politely to wait; other patients are
not affected. A message that mentions a red-flag symptom goes through the limits, up to a cap of
its own per address: a flood of "red flags" is not a free pass. The buckets live in this
process's memory, or in Redis for a cluster (`channels.shared_limits`), so that a flood spread
over several servers meets one limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from clinic.red_flags import RedFlagRules
from clinic.settings import DEFAULT_MAX_MESSAGE_CHARS

SECONDS_PER_MINUTE = 60.0
# As much of an over-limit message as is searched for a red flag: the default message limit.
RED_FLAG_CHECKED_CHARS = DEFAULT_MAX_MESSAGE_CHARS
# Buckets that have refilled completely hold no information; past this many keys they go.
MAX_KEYS = 50_000


class Buckets(Protocol):
    """Token buckets by key, wherever they are kept."""

    async def take(self, key: str, now: float) -> bool:
        """Takes one token for `key`; False when its bucket is empty."""


@dataclass
class TokenBuckets:
    """One token bucket per key, `per_minute` tokens each, in this process's memory."""

    per_minute: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    async def take(self, key: str, now: float) -> bool:
        """Takes one token for `key`; False when its bucket is empty.

        Args:
            key: Whose bucket (a sender id or an address).
            now: The current time in seconds (monotonic).
        """
        tokens, last = self._buckets.get(key, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / SECONDS_PER_MINUTE)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > MAX_KEYS:
            self._forget_full(now)
        return allowed

    def _forget_full(self, now: float) -> None:
        refill_seconds = SECONDS_PER_MINUTE
        self._buckets = {key: value for key, value in self._buckets.items() if now - value[1] < refill_seconds}


@dataclass
class TurnLimits:
    """Decides whether a message may reach the assistant now."""

    senders: Buckets
    addresses: Buckets
    red_flag_messages: Buckets
    red_flags: RedFlagRules

    async def admit(self, text: str, sender: str, address: str | None, now: float) -> bool:
        """Whether to pass the message on; an emergency passes up to its own cap.

        Args:
            text: The patient's message.
            sender: The conversation id.
            address: The client's network address, when the channel knows it.
            now: The current time in seconds (monotonic).
        """
        sender_ok = await self.senders.take(sender, now)
        address_ok = address is None or await self.addresses.take(address, now)
        if sender_ok and address_ok:
            return True
        # The red-flag rules run only when a limit is reached: the NLU checks them on every turn anyway.
        # Only the message's beginning is read here: a flood of huge messages must not hold the
        # event loop (and refill the buckets) while each one is matched in full.
        head = text[:RED_FLAG_CHECKED_CHARS]
        return bool(self.red_flags.find(head)) and await self.red_flag_messages.take(address or sender, now)
