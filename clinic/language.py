"""Which language a patient wrote in, decided by script (and for Latin letters, by transliteration).

Script is a reliable signal for this pair: Russian is written in Cyrillic and Arabic in
Arabic script, including every dialect, so no statistical model is needed and short
messages ("да", "نعم") are as clear as long ones.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from clinic.romanized import shared_romanizer

Language = Literal["ru", "ar"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = ("ru", "ar")
OTHER_LANGUAGE = "other"
INTENT_PAYLOAD_PREFIX = "/"


def _script_of(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("CYRILLIC"):
        return "ru"
    if name.startswith("ARABIC"):
        return "ar"
    return OTHER_LANGUAGE


def detect_language(text: str) -> str | None:
    """Detects the language of a message from its letters.

    Args:
        text: Raw user text.

    Returns:
        "ru" or "ar" when the message has Cyrillic or Arabic letters (whichever has more),
        "other" when it has only letters of other scripts, and None when it has no letters
        at all (emoji, digits, an intent payload) so the caller keeps the previous language.
    """
    if text.lstrip().startswith(INTENT_PAYLOAD_PREFIX):
        return None
    counts = {"ru": 0, "ar": 0, OTHER_LANGUAGE: 0}
    for char in text:
        script = _script_of(char)
        if script:
            counts[script] += 1
    if counts["ru"] == counts["ar"] == 0:
        return OTHER_LANGUAGE if counts[OTHER_LANGUAGE] else None
    return "ar" if counts["ar"] > counts["ru"] else "ru"


def reply_language(text: str, previous: str | None, hint: str | None = None) -> str | None:
    """Chooses the language to answer in.

    Args:
        text: The patient's latest message.
        previous: The language of the conversation so far, if known.
        hint: A language the channel knows for this message (the widget's language switch,
            Telegram's interface language on /start); it outranks `previous`.

    Returns:
        The language of the latest message (Latin-letter Russian and Arabizi count as Russian
        and Arabic; Latin letters that read as neither, but not as English, as the conversation's
        language); else the hint, else the previous language when the message has no letters;
        None when none is known (the caller answers in both).
    """
    detected = detect_language(text)
    if detected == OTHER_LANGUAGE:
        known = next((candidate for candidate in (hint, previous) if candidate in SUPPORTED_LANGUAGES), None)
        return shared_romanizer().language_in(text, known) or detected
    if detected is not None:
        return detected
    for candidate in (hint, previous):
        if candidate in SUPPORTED_LANGUAGES:
            return candidate
    return None
