"""Rate limits per patient and per network address, in memory, that never hold back an emergency.

A token bucket per key: up to N messages at once, refilled at N per minute. One patient who
floods the chat (or a script behind one address) is told politely to wait; other patients are
not affected. A message that mentions a red-flag symptom goes through the limits, up to a cap of
its own per address: a flood of "red flags" is not a free pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinic.red_flags import RedFlagRules

SECONDS_PER_MINUTE = 60.0
# Buckets that have refilled completely hold no information; past this many keys they go.
MAX_KEYS = 50_000


@dataclass
class TokenBuckets:
    """One token bucket per key, `per_minute` tokens each."""

    per_minute: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: str, now: float) -> bool:
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

    senders: TokenBuckets
    addresses: TokenBuckets
    red_flag_messages: TokenBuckets
    red_flags: RedFlagRules

    def admit(self, text: str, sender: str, address: str | None, now: float) -> bool:
        """Whether to pass the message on; an emergency passes up to its own cap.

        Args:
            text: The patient's message.
            sender: The conversation id.
            address: The client's network address, when the channel knows it.
            now: The current time in seconds (monotonic).
        """
        sender_ok = self.senders.take(sender, now)
        address_ok = address is None or self.addresses.take(address, now)
        if sender_ok and address_ok:
            return True
        # The red-flag rules run only when a limit is reached: the NLU checks them on every turn anyway.
        return bool(self.red_flags.find(text)) and self.red_flag_messages.take(address or sender, now)
