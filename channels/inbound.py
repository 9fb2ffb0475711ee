"""What a channel accepts from outside before Rasa sees it: conversation ids and typed payloads.

Rasa reads any message that starts with "/" as an intent payload: `/restart` resets the
conversation, `/ask_pain@1.0 ...` skips the classifier (and with it the red-flag override), and a
payload it cannot parse is logged whole. Only the payloads the assistant's own buttons send reach
Rasa as payloads; anything else a patient types that starts with "/" stays text.
"""

from __future__ import annotations

import re
from typing import Iterable

from clinic.contract import TYPED_SLASH_MARKER

# REST callers choose their conversation ids; these are the ids the other channels issue.
OTHER_CHANNEL_PREFIXES = ("tg-", "web-")
REST_SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
INTENT_PAYLOAD_PREFIX = "/"


def rest_sender_problem(sender: object) -> str | None:
    """Why a REST conversation id is refused, or None when it is acceptable.

    Args:
        sender: The `sender` field of a REST request.

    Returns:
        A short English reason for the API caller, or None.
    """
    if not isinstance(sender, str) or not REST_SENDER.fullmatch(sender):
        return "sender must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit"
    if sender.lower().startswith(OTHER_CHANNEL_PREFIXES):
        return "sender must not use another channel's prefix (tg-, web-)"
    return None


def button_payloads(intents: Iterable[str]) -> frozenset[str]:
    """The payloads the assistant's buttons send, one per intent."""
    return frozenset(INTENT_PAYLOAD_PREFIX + intent for intent in intents)


def as_patient_text(text: str, payloads: frozenset[str]) -> str:
    """The message as Rasa should read it: a known button payload as is, anything else as text.

    Args:
        text: What the patient sent (typed, or a button's payload).
        payloads: The payloads the assistant's buttons send.

    Returns:
        `text` itself, or with an invisible marker in front when Rasa would take it for a payload.
    """
    stripped = text.strip()
    if not stripped.startswith(INTENT_PAYLOAD_PREFIX) or stripped in payloads:
        return text
    # Rasa strips whitespace, so the marker is an invisible non-space character; the NLU's
    # normalisation removes it before classifying.
    return TYPED_SLASH_MARKER + stripped
