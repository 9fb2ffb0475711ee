"""One turn of a channel, with the guarantees every channel gives.

- Patients are rate-limited (per conversation and per address); a red-flag message passes the
  limits, up to a per-address cap of its own.
- A conversation holds at most a few turns at once; past that the patient is asked to wait
  instead of waiting a minute for Rasa's lock.
- Typed "/..." text stays text (`channels.inbound`).
- While a member of staff holds the conversation (a live takeover pauses it), the assistant is
  silent: the message is stored for staff, and only a red flag still gets the urgent answer.
- Rasa logs and swallows a failed action (the action server down, say), so a turn can end
  without any reply; the patient then gets a localised "technical problem" notice, or, when the
  message names a red-flag symptom, the urgent answer with the emergency numbers, sent by the
  channel itself and stored in the conversation.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Mapping, Protocol, cast

import redis.asyncio as redis
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, SlotSet
from sanic import Sanic

from channels.inbound import as_patient_text, button_payloads
from channels.rate_limit import Buckets, TokenBuckets, TurnLimits
from channels.shared_limits import RedisTokenBuckets
from clinic.bidi import isolate_left_to_right
from clinic.contract import EMERGENCY_INTENT, SYNTHETIC_KEY
from clinic.knowledge import process_knowledge
from clinic.language import reply_language
from clinic.red_flags import RedFlagRules, load_rules
from clinic.replies import OUT_OF_SCOPE_PAYLOAD, Turn, emergency_reply
from clinic.settings import Settings

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class AnsweringOutput(Protocol):
    """What a turn needs of an output channel: to send, and to say how much it sent."""

    @property
    def sent(self) -> int:
        """Messages sent in the current turn."""

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Sends one message."""


class CountingOutput(OutputChannel):
    """An output channel that counts the messages it sent in the current turn."""

    def __init__(self) -> None:
        """Starts the count at zero; subclasses add one per message in `send_response`."""
        self.sent = 0

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Sends a plain text message through `send_response`."""
        await self.send_response(recipient_id, {"text": text})


def notice_text(key: str, patient_text: str, language_hint: str | None) -> str:
    """A localised notice from the channel ("technical problem", "please slow down").

    Args:
        key: The message in knowledge/messages.yml.
        patient_text: What the patient sent (its script decides the language).
        language_hint: The conversation's language as the channel knows it, if at all.

    Returns:
        The message in the patient's language, or in both languages when that is unknown.
    """
    return process_knowledge().say_in(key, reply_language(patient_text, None, language_hint))


def turn_limits(settings: Settings, channel: str) -> TurnLimits:
    """The per-patient, per-address and red-flag limits from the settings: in Redis for a cluster."""
    limits = settings.limits
    rates = (limits.sender_messages_per_minute, limits.address_messages_per_minute, limits.red_flag_messages_per_minute)
    buckets: list[Buckets]
    if settings.cluster:
        client = redis.Redis.from_url(settings.redis_url)
        names = ("sender", "address", "red_flag")
        prefixes = [f"clinic:limit:{channel}:{name}:" for name in names]
        buckets = [RedisTokenBuckets(client, rate, prefix) for rate, prefix in zip(rates, prefixes, strict=True)]
    else:
        buckets = [TokenBuckets(rate) for rate in rates]
    senders, addresses, red_flags = buckets
    rules = load_rules(settings.knowledge_dir / "red_flags.yml")
    return TurnLimits(senders=senders, addresses=addresses, red_flag_messages=red_flags, red_flags=rules)


@dataclass(frozen=True)
class Message:
    """One message for the assistant, as a channel received it."""

    text: str
    sender_id: str
    metadata: Dict[str, Any]
    language_hint: str | None = None
    address: str | None = None


class ChannelTurns:
    """Runs the turns of one channel (see the module docstring)."""

    def __init__(self, settings: Settings, channel: str) -> None:
        """Loads the limits, the red-flag rules and the buttons' payloads.

        Args:
            settings: The project settings.
            channel: The channel's name, stored with each message.
        """
        self.channel = channel
        self.limits = turn_limits(settings, channel)
        self.payloads = button_payloads(process_knowledge().catalog.topics) | {OUT_OF_SCOPE_PAYLOAD}
        self.max_turns = settings.limits.turns_per_conversation
        self.app: Sanic | None = None
        self._running: Dict[str, int] = {}

    @property
    def red_flags(self) -> RedFlagRules:
        """The red-flag rules the channel applies on its own."""
        return self.limits.red_flags

    async def run(self, on_new_message: OnNewMessage, message: Message, output: AnsweringOutput) -> bool:
        """Passes one message to the assistant, or answers for it (see the module docstring).

        Returns:
            Whether the assistant answered and the turn completed.
        """
        synthetic = bool(message.metadata.get(SYNTHETIC_KEY))
        text = message.text if synthetic else as_patient_text(message.text, self.payloads)
        if not await self.limits.admit(text, message.sender_id, message.address, time.monotonic()):
            logger.info("%s message refused by the rate limit", self.channel)
            await self._notice(output, "rate_limited", message)
            return False
        running = self._running.get(message.sender_id, 0)
        if running >= self.max_turns and not synthetic:
            logger.info("%s message refused: %d turns of its conversation still running", self.channel, running)
            if not await self._answer_urgently(message, output, store=False):
                await self._notice(output, "busy", message)
                return False
        self._running[message.sender_id] = running + 1
        try:
            return await self._turn(on_new_message, message, text, output)
        finally:
            self._running[message.sender_id] -= 1
            if not self._running[message.sender_id]:
                del self._running[message.sender_id]

    async def _turn(self, on_new_message: OnNewMessage, message: Message, text: str, output: AnsweringOutput) -> bool:
        # Every AnsweringOutput of this project is also one of Rasa's output channels.
        user_message = UserMessage(
            text,
            cast(OutputChannel, output),
            message.sender_id,
            input_channel=self.channel,
            metadata=message.metadata,
        )
        failed = False
        try:
            await on_new_message(user_message)
        except (Exception, SystemExit) as error:
            # The kind of error only: some messages (SQL errors) quote the patient's text.
            # SystemExit too: no request may stop the server.
            logger.error("%s turn failed: %s", self.channel, type(error).__name__)
            failed = True
        if output.sent and not failed:
            return True
        if not failed:
            paused, classified_urgent = await self._paused(message.sender_id)
            if paused:
                await self._answer_urgently(message, output, store=True, classified_urgent=classified_urgent)
                return True
        logger.error("%s turn ended without a complete answer", self.channel)
        if not await self._answer_urgently(message, output, store=True):
            await self._notice(output, "technical_problem", message)
        return False

    async def _notice(self, output: AnsweringOutput, key: str, message: Message) -> None:
        try:
            await output.send_response(
                message.sender_id, {"text": notice_text(key, message.text, message.language_hint)}
            )
        except Exception as error:
            logger.error("could not send the %s notice: %s", key, type(error).__name__)

    async def _paused(self, sender_id: str) -> tuple[bool, bool]:
        """Whether staff hold the conversation, and whether its latest message was classified urgent."""
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is None:
            return False, False
        try:
            tracker = await agent.tracker_store.retrieve(sender_id)
        except Exception as error:
            logger.error("could not read whether the conversation is paused: %s", type(error).__name__)
            return False, False
        if tracker is None or not tracker.is_paused():
            return False, False
        latest = tracker.latest_message
        return True, bool(latest and latest.intent.get("name") == EMERGENCY_INTENT)

    async def _answer_urgently(
        self, message: Message, output: AnsweringOutput, store: bool, classified_urgent: bool = False
    ) -> bool:
        """Sends the urgent answer when the message names a red flag (or was classified urgent); whether it did."""
        categories = self.red_flags.find(message.text)
        urgent = bool(categories) and not self.red_flags.is_advance_question(message.text)
        if not (urgent or classified_urgent):
            return False
        language = reply_language(message.text, None, message.language_hint)
        turn = Turn(message.text, intent=None, language=language, red_flags=tuple(categories))
        reply = emergency_reply(turn, process_knowledge())
        sent = [
            {"text": isolate_left_to_right(outgoing.text), "custom": outgoing.custom} for outgoing in reply.messages
        ]
        logger.warning("%s: the channel sends the urgent answer itself", self.channel)
        try:
            for outgoing in sent:
                # A copy: Rasa's output channels pop the keys of the message they are given.
                await output.send_response(message.sender_id, dict(outgoing))
        except Exception as error:
            logger.error("could not send the urgent answer: %s", type(error).__name__)
        if store:
            await self._store_urgent(message.sender_id, sent, reply.slots)
        return True

    async def _store_urgent(self, sender_id: str, sent: list[Dict[str, Any]], slots: Mapping[str, Any]) -> None:
        """Adds the channel's urgent answer and the slots it sets (`urgent`) to the conversation."""
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is None:
            return
        try:
            async with agent.lock_store.lock(sender_id):
                tracker = await agent.processor.get_tracker(sender_id)
                for outgoing in sent:
                    tracker.update(BotUttered(outgoing["text"], {"custom": outgoing["custom"]}))
                for slot, value in slots.items():
                    tracker.update(SlotSet(slot, value))
                await agent.tracker_store.save(tracker)
        except Exception as error:
            logger.error("could not store the channel's urgent answer: %s", type(error).__name__)
