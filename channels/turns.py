"""One turn of a channel: run it, and tell the patient when the assistant could not answer.

Rasa logs and swallows a failed action (the action server down, say), so a turn can end
without any reply; both channels notice that and send a localised "technical problem" message.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Protocol, cast

from rasa.core.channels.channel import OutputChannel, UserMessage

from actions.actions import shared_knowledge
from actions.language import SUPPORTED_LANGUAGES, reply_language
from actions.red_flags import load_rules
from actions.settings import Settings
from channels.rate_limit import TokenBuckets, TurnLimits

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
    language = reply_language(patient_text, None, language_hint)
    languages = (language,) if language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES
    knowledge = shared_knowledge()
    return "\n\n".join(knowledge.say(key, lang) for lang in languages)


def turn_limits(settings: Settings) -> TurnLimits:
    """The per-patient and per-address limits from the settings."""
    return TurnLimits(
        senders=TokenBuckets(settings.sender_messages_per_minute),
        addresses=TokenBuckets(settings.address_messages_per_minute),
        red_flags=load_rules(settings.knowledge_dir / "red_flags.yml"),
    )


async def answer_or_apologise(
    on_new_message: OnNewMessage,
    text: str,
    output: AnsweringOutput,
    sender_id: str,
    input_channel: str,
    metadata: Dict[str, Any],
    language_hint: str | None,
) -> bool:
    """Passes one message to the assistant; if it failed or sent nothing back, sends the notice.

    A turn that raised is reported even when answers went out: its conversation could not be
    stored (the tracker store failed), and the patient should know it will not be remembered.

    Returns:
        Whether the assistant answered and the turn completed.
    """
    # Every AnsweringOutput of this project is also one of Rasa's output channels.
    message = UserMessage(text, cast(OutputChannel, output), sender_id, input_channel=input_channel, metadata=metadata)
    failed = False
    try:
        await on_new_message(message)
    except Exception as error:
        # The kind of error only: some messages (SQL errors) quote the patient's text.
        logger.error("%s turn failed: %s", input_channel, type(error).__name__)
        failed = True
    if output.sent and not failed:
        return True
    logger.error("%s turn ended without a complete answer; sending the technical-problem notice", input_channel)
    try:
        await output.send_response(sender_id, {"text": notice_text("technical_problem", text, language_hint)})
    except Exception:
        logger.exception("could not send the technical-problem notice")
    return False
