"""Removes phone numbers and e-mail addresses from patient text.

Used before conversations leave the clinic's systems (exports) and, when the setting is on,
before the tracker store writes them. Patients write numbers in many ways: Russian ones
(`+7 912 345-67-89`, `8 (912) 345 67 89`, `89123456789`), Gulf and Levantine ones with a country
code, and any of them in Arabic-Indic or Persian digits. Dates and short figures ("3-4 месяца",
"12.05.2024") are kept: they are what staff need to read a conversation.
"""

from __future__ import annotations

import re

PHONE_PLACEHOLDER = "[phone]"
EMAIL_PLACEHOLDER = "[email]"
# National numbers have at least 7 digits; E.164 allows 15 at most.
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15

# `\d` matches every Unicode decimal digit, so Arabic-Indic and Persian digits are included.
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-\u2010-\u2015]*\d(?!\w)")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_DIGIT = re.compile(r"\d")


def _redact_phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = len(_DIGIT.findall(candidate))
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS or _DATE.fullmatch(candidate.strip()):
        return candidate
    # The candidate may have swallowed trailing spaces; keep them so words stay apart.
    trailing = candidate[len(candidate.rstrip()) :]
    return PHONE_PLACEHOLDER + trailing


def redact_personal_data(text: str) -> str:
    """Replaces e-mail addresses and phone numbers with placeholders.

    Args:
        text: A patient message.

    Returns:
        The message with `[email]` and `[phone]` in place of the personal data.
    """
    text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    return _PHONE_CANDIDATE.sub(_redact_phone, text)
