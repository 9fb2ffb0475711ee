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
# National numbers have at least 7 digits; E.164 allows 15 at most, so a longer run of digits
# holds several numbers (or a card number) and is redacted whole, dates in it apart.
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15

# `\d` matches every Unicode decimal digit, so Arabic-Indic and Persian digits are included.
# Patients glue numbers to words ("тел89123456789", "رقمي0501234567"): only a digit or a "+"
# before the number, or a digit after it, makes it part of something else.
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_CANDIDATE = re.compile(r"(?<![\d+])\+?\(?\d[\d\s().\-\u2010-\u2015]*\d(?!\d)")
# Day and month first with a two- or four-digit year, or the ISO order; "001-01-00" is part of a number.
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"(\s+)")


def _is_date(text: str) -> bool:
    """Whether a figure is a plausible date: day and month in range, in either order."""
    if not _DATE.fullmatch(text):
        return False
    first, second, third = (int(part) for part in re.split(r"[./-]", text))
    day, month = (third, second) if first > 31 else (first, second)
    return 1 <= day <= 31 and 1 <= month <= 12


def _digits(text: str) -> int:
    return len(_DIGIT.findall(text))


def _redact_run(candidate: str) -> str:
    """A run of more digits than one number holds: dates kept, everything between them redacted."""
    pieces = _SPACES.split(candidate)
    kept: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        joined = "".join(pending)
        if _digits(joined) >= MIN_PHONE_DIGITS:
            body = joined.strip()
            start = joined.index(body)
            kept.append(joined[:start] + PHONE_PLACEHOLDER + joined[start + len(body) :])
        else:
            kept.extend(pending)
        pending.clear()

    for piece in pieces:
        if _is_date(piece):
            flush()
            kept.append(piece)
        else:
            pending.append(piece)
    flush()
    return "".join(kept)


def _redact_phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = _digits(candidate)
    if digits < MIN_PHONE_DIGITS or _is_date(candidate.strip()):
        return candidate
    if digits > MAX_PHONE_DIGITS:
        return _redact_run(candidate)
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
