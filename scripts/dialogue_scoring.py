"""Scores one turn of a multi-turn evaluation dialogue against what the assistant replied.

A turn's expectation (`tests/dialogue_eval/brief.md`) says what a right reply is: an answer on
given topics (in order, for several questions; for a child or an adult; for a condition or a
drug), the urgent answer, a clarifying question, small talk, the clinic's contacts, or the
honest "out of scope". The assistant's REST reply says what it did in each message's custom
data (`kind`, `focus`, `urgent`). A turn is right, a "did you mean...?" (a safe miss), or wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from clinic.contract import FOCUS_KEY, KIND_KEY
from clinic.history import is_urgent

RIGHT = "right"
CLARIFIED = "clarified"
WRONG = "wrong"
# What each non-answer expectation accepts as the reply's kind.
KINDS = {
    "clarify": {"clarify"},
    "greeting": {"greet"},
    "thanks": {"thank"},
    "goodbye": {"goodbye"},
    "bot": {"bot_challenge"},
    "out_of_scope": {"out_of_scope"},
    "contact": {"book_appointment", "request_human"},
}
ANSWER_KINDS = ("answer", "answered_above")
# A piece that asks to book, for a person, or off topic gets its catalogue message in the same reply,
# in its place among the answers ("сколько стоит и можно ли записаться?").
CANNED_KINDS = ("book_appointment", "request_human", "out_of_scope")
_ARABIC = range(0x0600, 0x0700)
_CYRILLIC = range(0x0400, 0x0500)


@dataclass(frozen=True)
class Verdict:
    """How one turn went.

    Attributes:
        outcome: `RIGHT`, `CLARIFIED` or `WRONG`.
        why: What was wrong, for the failure list ("" when right).
    """

    outcome: str
    why: str = ""


def reply_language(messages: Sequence[Mapping[str, Any]]) -> str | None:
    """The language of a reply: the script its first lettered message is written in."""
    for message in messages:
        text = str(message.get("text") or "")
        arabic = sum(ord(char) in _ARABIC for char in text)
        cyrillic = sum(ord(char) in _CYRILLIC for char in text)
        if arabic or cyrillic:
            return "ar" if arabic > cyrillic else "ru"
    return None


def _customs(messages: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [message.get("custom") or {} for message in messages]


def _answer_matches(focus: Mapping[str, Any], expected: str, turn: Mapping[str, Any]) -> str:
    """Why one answer does not match one expected topic ("" when it does)."""
    if focus.get("intent") not in expected.split("|"):
        return f"answered {focus.get('intent')}, expected {expected}"
    if focus.get("canned"):
        return ""
    audience = turn.get("audience")
    if audience and bool(focus.get("child")) != (audience == "child"):
        return f"{focus.get('intent')} for {'a child' if focus.get('child') else 'no child'}, expected {audience}"
    for key, plural in (("condition", "conditions"), ("drug", "drugs")):
        if turn.get(key) and turn[key] not in (focus.get(plural) or []):
            return f"{focus.get('intent')} without {key} {turn[key]}"
    return ""


def score_turn(turn: Mapping[str, Any], language: str, messages: Sequence[Mapping[str, Any]]) -> Verdict:
    """Scores the assistant's reply to one turn.

    Args:
        turn: The turn as written in the set (`expect`, `topics`, `audience`, `condition`, `drug`).
        language: The language the turn is written in.
        messages: The REST reply's messages.

    Returns:
        The verdict.
    """
    customs = _customs(messages)
    kinds = [str(custom.get(KIND_KEY) or "") for custom in customs]
    urgent = any(is_urgent(custom) for custom in customs)
    expect = turn["expect"]
    if expect == "urgent" or urgent:
        return Verdict(RIGHT) if expect == "urgent" and urgent else Verdict(WRONG, "urgent" if urgent else "no alarm")
    spoken = reply_language(messages)
    if spoken != language:
        return Verdict(WRONG, f"replied in {spoken}")
    if expect != "answer":
        if set(kinds) & KINDS[expect]:
            return Verdict(RIGHT)
        return Verdict(CLARIFIED if "clarify" in kinds else WRONG, f"replied {kinds}")
    # "I answered this just above" answers the same topic again.
    foci = [
        custom.get(FOCUS_KEY) or {} if kind in ANSWER_KINDS else {"intent": kind, "canned": True}
        for custom, kind in zip(customs, kinds, strict=True)
        if kind in ANSWER_KINDS + CANNED_KINDS
    ]
    expected = list(turn.get("topics") or [])
    if not any(not focus.get("canned") for focus in foci):
        return Verdict(CLARIFIED if "clarify" in kinds else WRONG, f"replied {kinds}")
    if len(foci) != len(expected):
        return Verdict(WRONG, f"answered {[f.get('intent') for f in foci]}, expected {expected}")
    why = next((w for w in (_answer_matches(f, e, turn) for f, e in zip(foci, expected, strict=True)) if w), "")
    return Verdict(WRONG, why) if why else Verdict(RIGHT)
