"""Messages a channel sends on its own when the assistant could not answer a turn."""

from __future__ import annotations

from actions.actions import shared_knowledge
from actions.language import SUPPORTED_LANGUAGES, reply_language


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
