"""Reads a conversation out of Rasa's events: the turns staff see and the summary the list shows.

Pure functions over event dictionaries (the `data` column of Rasa's events table), so the
rules for "urgent", "fallback" or "first question" are unit-tested without a database.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from clinic.contract import (
    BOOKING_SLOT,
    CALLBACK_SLOT,
    CLARIFY_ACTION,
    EMERGENCY_ACTION,
    FACT_IDS_KEY,
    FALLBACK_INTENT,
    FOCUS_KEY,
    HANDOFF_SLOT,
    KIND_KEY,
    LANGUAGE_SLOT,
    SMALL_TALK_INTENTS,
    STAFF_ACCOUNT_KEY,
    STAFF_NOTICE_KIND,
    URGENT_SLOT,
)
from clinic.history import (
    ACTION_EVENT,
    BOT_EVENT,
    SLOT_EVENT,
    USER_EVENT,
    Feedback,
    bot_buttons,
    bot_custom,
    button_title,
    feedback_of,
    is_synthetic,
    is_urgent,
    typed_text,
)
from clinic.language import SUPPORTED_LANGUAGES, detect_language
from clinic.question_split import QUESTIONS_KEY

FLAG_SLOTS = {URGENT_SLOT: "urgent", HANDOFF_SLOT: "handoff", BOOKING_SLOT: "booking"}
MAX_FIRST_QUESTION_CHARS = 200
# Valid JSON in Rasa's events can still hold text no database or page should take: a lone
# surrogate (the escape "\ud800" alone) cannot be encoded, and PostgreSQL refuses NUL.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass
class PatientMessage:
    """One message from the patient, with what the NLU made of it."""

    event_id: int
    at: float
    text: str
    intent: str | None
    confidence: float | None
    entities: list[dict[str, Any]]
    language: str | None
    # Pressed a button ("/ask_pain" with its title) or sent by the channel itself (the greeting).
    button_title: str | None = None
    synthetic: bool = False
    # A message with several questions: the intent of each piece that asks one, in order.
    question_intents: list[str] = field(default_factory=list)

    @property
    def typed(self) -> bool:
        """Whether the patient typed this text (not a button, not a channel's own message)."""
        return not self.synthetic and self.button_title is None


@dataclass
class AssistantMessage:
    """One message from the assistant."""

    at: float
    text: str
    buttons: list[str] = field(default_factory=list)
    fact_ids: list[str] = field(default_factory=list)
    urgent: bool = False
    feedback: str | None = None
    feedback_reason: str | None = None
    language: str | None = None
    # A follow-up's answer ("а у детей?"): the topic it inherited and what it changed ("child", a condition...).
    follow_up_of: str | None = None
    follow_up_names: list[str] = field(default_factory=list)
    # Written by this staff account during a live takeover (not by the assistant).
    staff_account: str | None = None
    # The patient was told that a member of staff joined or left.
    staff_notice: bool = False


@dataclass
class Summary:
    """What the conversation list shows and filters on."""

    channel: str | None = None
    language: str | None = None
    started_at: float = 0.0
    last_at: float = 0.0
    message_count: int = 0
    first_question: str | None = None
    urgent: bool = False
    handoff: bool = False
    booking: bool = False
    fallback: bool = False
    min_confidence: float | None = None
    negative_feedback: bool = False
    positive_feedback: bool = False
    # The latest number the patient left for a callback, and when (staff-only: never logged).
    callback_phone: str | None = None
    callback_at: float | None = None


@dataclass
class Conversation:
    """A conversation in order, and its summary."""

    entries: list[PatientMessage | AssistantMessage]
    summary: Summary

    @property
    def patient_messages(self) -> list[PatientMessage]:
        """The patient's messages, in order."""
        return [entry for entry in self.entries if isinstance(entry, PatientMessage)]


def speaker(entry: PatientMessage | AssistantMessage) -> str:
    """Who wrote a turn, for exports: "patient", "assistant", or "staff:<account>" during a takeover."""
    if isinstance(entry, PatientMessage):
        return "patient"
    return f"staff:{entry.staff_account}" if entry.staff_account else "assistant"


def storable_text(value: object) -> str:
    """The text with what no database or page can take (a lone surrogate, NUL) as U+FFFD ("�")."""
    return _UNSTORABLE.sub("\ufffd", str(value or ""))


def _patient_message(event_id: int, data: Mapping[str, Any], language: str | None) -> PatientMessage:
    parse = data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    confidence = intent.get("confidence")
    if intent.get("name") == FALLBACK_INTENT:
        # The fallback's own confidence is the threshold; the classifier's best guess says more.
        ranked = [rank for rank in parse.get("intent_ranking") or [] if rank.get("name") != FALLBACK_INTENT]
        confidence = ranked[0].get("confidence") if ranked else confidence
    text = storable_text(typed_text(data))
    title = button_title(data)
    return PatientMessage(
        event_id=event_id,
        at=float(data.get("timestamp") or 0.0),
        text=text,
        intent=intent.get("name"),
        confidence=confidence,
        entities=[
            {"entity": entity.get("entity"), "value": storable_text(entity.get("value"))}
            for entity in parse.get("entities") or []
        ],
        language=detect_language(text) or language,
        button_title=storable_text(title) if title is not None else None,
        synthetic=is_synthetic(data),
        question_intents=[
            str(piece.get("intent"))
            for piece in parse.get(QUESTIONS_KEY) or []
            if isinstance(piece, dict) and piece.get("asks") and piece.get("intent")
        ],
    )


def _assistant_message(data: Mapping[str, Any]) -> AssistantMessage:
    custom = bot_custom(data)
    account = (data.get("metadata") or {}).get(STAFF_ACCOUNT_KEY)
    return AssistantMessage(
        at=float(data.get("timestamp") or 0.0),
        text=storable_text(data.get("text")),
        buttons=[storable_text(button.get("title")) for button in bot_buttons(data)],
        fact_ids=[str(fact) for fact in custom.get(FACT_IDS_KEY) or []],
        urgent=is_urgent(custom),
        language=detect_language(storable_text(data.get("text"))),
        staff_account=storable_text(account) if account else None,
        staff_notice=custom.get(KIND_KEY) == STAFF_NOTICE_KIND,
        **_follow_up(custom.get(FOCUS_KEY)),
    )


def _follow_up(focus: Any) -> dict[str, Any]:
    """What a follow-up's answer inherited and what it changed, from its custom data."""
    if not isinstance(focus, dict) or not focus.get("follow_up"):
        return {}
    names = ["child" if focus.get("child") else "adult"] if isinstance(focus.get("child"), bool) else []
    names += [str(name) for key in ("conditions", "drugs") for name in focus.get(key) or []]
    return {"follow_up_of": str(focus.get("intent")), "follow_up_names": names}


def _apply_feedback(entries: list[PatientMessage | AssistantMessage], feedback: Feedback, summary: Summary) -> None:
    summary.negative_feedback |= feedback.rating == "down"
    summary.positive_feedback |= feedback.rating == "up"
    for entry in reversed(entries):
        if isinstance(entry, AssistantMessage) and entry.text == feedback.bot_text:
            entry.feedback = feedback.rating
            entry.feedback_reason = feedback.reason
            return


def _apply_slot(name: str, value: Any, summary: Summary) -> None:
    if name == LANGUAGE_SLOT and value:
        summary.language = str(value)
    elif name in FLAG_SLOTS and value is True:
        setattr(summary, FLAG_SLOTS[name], True)
    elif name == CALLBACK_SLOT and isinstance(value, Mapping) and value.get("phone"):
        summary.callback_phone = storable_text(value["phone"])
        summary.callback_at = float(value.get("at") or 0.0) or None


def read_conversation(events: Iterable[tuple[int, Mapping[str, Any]]]) -> Conversation:
    """Builds the transcript and summary of one conversation.

    Args:
        events: `(event id, event dictionary)` pairs of one sender, oldest first.

    Returns:
        The conversation.
    """
    summary = Summary()
    entries: list[PatientMessage | AssistantMessage] = []
    # The patient message that raised the alarm, and a fallback not yet answered urgently.
    alarm: PatientMessage | None = None
    unanswered_fallback = False
    for event_id, data in events:
        at = float(data.get("timestamp") or 0.0)
        summary.started_at = summary.started_at or at
        summary.last_at = max(summary.last_at, at)
        kind = data.get("event")
        feedback = feedback_of(data)
        if kind == USER_EVENT:
            summary.fallback |= unanswered_fallback
            message = _patient_message(event_id, data, summary.language)
            entries.append(message)
            summary.channel = summary.channel or data.get("input_channel")
            _count_patient_message(message, summary)
            unanswered_fallback = not message.synthetic and message.intent == FALLBACK_INTENT
        elif kind == BOT_EVENT or (kind == ACTION_EVENT and data.get("name") in (CLARIFY_ACTION, EMERGENCY_ACTION)):
            reply = _assistant_message(data) if kind == BOT_EVENT else None
            if reply:
                entries.append(reply)
            urgent = reply.urgent if reply else data.get("name") == EMERGENCY_ACTION
            summary.fallback |= kind == ACTION_EVENT and data.get("name") == CLARIFY_ACTION
            # A red flag the classifier was unsure of is an urgent conversation, not a fallback one.
            unanswered_fallback &= not urgent
            if urgent and alarm is None:
                alarm = next((entry for entry in reversed(entries) if isinstance(entry, PatientMessage)), None)
            summary.urgent |= urgent
        elif feedback:
            _apply_feedback(entries, feedback, summary)
        elif kind == SLOT_EVENT:
            _apply_slot(str(data.get("name")), data.get("value"), summary)
    summary.fallback |= unanswered_fallback
    conversation = Conversation(entries, summary)
    summary.language = _main_language(conversation) or summary.language
    # For an urgent conversation, the list shows what raised the alarm.
    alarm_text = alarm.text.strip() if alarm and alarm.typed else ""
    summary.first_question = alarm_text[:MAX_FIRST_QUESTION_CHARS] or _first_question(conversation)
    return conversation


def _first_question(conversation: Conversation) -> str | None:
    typed = [message for message in conversation.patient_messages if message.typed and message.text.strip()]
    if not typed:
        return None
    chosen = next((message for message in typed if message.intent not in SMALL_TALK_INTENTS), typed[0])
    return chosen.text.strip()[:MAX_FIRST_QUESTION_CHARS]


def _main_language(conversation: Conversation) -> str | None:
    """The language most of the patient's typed messages are in (the first one on a tie)."""
    counts = Counter(
        message.language
        for message in conversation.patient_messages
        if message.typed and message.language in SUPPORTED_LANGUAGES
    )
    return counts.most_common(1)[0][0] if counts else None


def _count_patient_message(message: PatientMessage, summary: Summary) -> None:
    if message.synthetic:
        return
    summary.message_count += 1
    if message.typed and message.confidence is not None:
        current = summary.min_confidence
        summary.min_confidence = message.confidence if current is None else min(current, message.confidence)
