"""A patient's request to be called back: the phone number they typed or shared, checked, and the record kept.

The number is kept only with the patient's explicit consent (the widget's checkbox, or Telegram's
own "share my number" button, which the patient presses and confirms). It is stored in the
conversation for staff and never logged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from clinic.redaction import MAX_PHONE_DIGITS, MIN_PHONE_DIGITS

MAX_PHONE_CHARS = 40
# What people type around the digits of a phone number.
_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().\-\u2010-\u2015]+")


def normalized_phone(raw: object) -> str | None:
    """The number as digits with a leading "+" when it had one, or None when it is not a phone number.

    Arabic-Indic and Persian digits count as digits; 7 to 15 of them (E.164's limit) make a number.
    """
    if not isinstance(raw, str) or len(raw) > MAX_PHONE_CHARS:
        return None
    text = raw.strip()
    if not _PHONE_CHARACTERS.fullmatch(text):
        return None
    digits = "".join(str(unicodedata.digit(character)) for character in text if character.isdigit())
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
        return None
    return ("+" if text.startswith("+") else "") + digits


def callback_record(phone: str, language: str | None, channel: str, now: float) -> dict[str, Any]:
    """The value of the callback slot: who to call, in which language, asked when and where."""
    return {"phone": phone, "language": language, "channel": channel, "at": now}
