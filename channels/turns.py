"""One turn of a channel: run it, and tell the patient when the assistant could not answer.

Rasa logs and swallows a failed action (the action server down, say), so a turn can end
without any reply; both channels notice that and send a localised "technical problem" message.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import OutputChannel, UserMessage

from actions.actions import shared_knowledge
from actions.language import SUPPORTED_LANGUAGES, reply_language

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class CountingOutput(OutputChannel):
    """An output channel that counts the messages it sent in the current turn."""

    def __init__(self) -> None:
        """Starts the count at zero; subclasses add one per message in `send_response`."""
        self.sent = 0

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Sends a plain text message through `send_response`."""
        await self.send_response(recipient_id, {"text": text})


def technical_problem_text(patient_text: str, language_hint: str | None) -> str:
    """The localised "technical problem" message, with the clinic's phone.

    Args:
        patient_text: What the patient sent (its script decides the language).
        language_hint: The conversation's language as the channel knows it, if at all.

    Returns:
        The message in the patient's language, or in both languages when that is unknown.
    """
    language = reply_language(patient_text, None, language_hint)
    languages = (language,) if language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES
    knowledge = shared_knowledge()
    return "\n\n".join(knowledge.say("technical_problem", lang) for lang in languages)


async def answer_or_apologise(
    on_new_message: OnNewMessage,
    text: str,
    output: CountingOutput,
    sender_id: str,
    input_channel: str,
    metadata: Dict[str, Any],
    language_hint: str | None,
) -> bool:
    """Passes one message to the assistant; if nothing was sent back, sends the notice.

    Returns:
        Whether the assistant answered.
    """
    message = UserMessage(text, output, sender_id, input_channel=input_channel, metadata=metadata)
    try:
        await on_new_message(message)
    except Exception:
        logger.exception("%s turn failed", input_channel)
    if output.sent:
        return True
    logger.error("%s turn ended without an answer; sending the technical-problem notice", input_channel)
    try:
        await output.send_response(sender_id, {"text": technical_problem_text(text, language_hint)})
    except Exception:
        logger.exception("could not send the technical-problem notice")
    return False
