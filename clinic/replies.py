"""Pure functions that decide what the assistant says in a turn.

Nothing here talks to Rasa: a `Turn` describes the patient's message and the conversation
state, and each function returns a `Reply` (messages plus slots to set). The thin action
classes in `actions.actions` only translate between the tracker and these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from clinic.contract import (
    BOOK_LINK,
    BOOKING_INTENT,
    CALL_LINK,
    CALLBACK_KEY,
    CLARIFY_KIND,
    CONTACT_SLOTS,
    CONTACTS_KEY,
    EMERGENCY_CALLS_KEY,
    EMERGENCY_KIND,
    EMERGENCY_NUMBERS_KEY,
    FALLBACK_INTENT,
    GREETING_INTENT,
    HEADING_KEY,
    HUMAN_INTENT,
    KIND_KEY,
    LANGUAGE_SLOT,
    OUT_OF_SCOPE_INTENT,
    PHONE_KEY,
    URGENT_KEY,
    URGENT_SLOT,
)
from clinic.follow_up import Focus
from clinic.knowledge import Knowledge
from clinic.language import INTENT_PAYLOAD_PREFIX, OTHER_LANGUAGE, SUPPORTED_LANGUAGES
from clinic.messages import Button, OutgoingMessage
from clinic.normalization import strip_invisible
from clinic.question_split import ClassifiedPiece

OUT_OF_SCOPE_PAYLOAD = INTENT_PAYLOAD_PREFIX + OUT_OF_SCOPE_INTENT
CONTACT_PAYLOAD = INTENT_PAYLOAD_PREFIX + HUMAN_INTENT
MAX_SUGGESTIONS = 3
# A greeting or thanks with a question glued on ("Здравствуйте, а цена какая?") may be classified
# as the greeting; past this many words, the likely topics are offered along with it.
SMALL_TALK_MAX_WORDS = 3
MIN_SUGGESTION_CONFIDENCE = 0.1
GREETING_KEY = GREETING_INTENT
# The answer to a request for a person outside staff hours (knowledge/messages.yml).
HUMAN_CLOSED_KEY = "request_human_closed"


@dataclass(frozen=True)
class Reply:
    """What the assistant says in a turn and which slots it sets."""

    messages: tuple[OutgoingMessage, ...]
    slots: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Turn:
    """The patient's latest message with what the classifier and the conversation know.

    Attributes:
        text: Raw message text.
        intent: Predicted intent name.
        ranking: Other intents with their confidence, best first.
        entities: Extracted entities as (entity type, value) pairs.
        language: Reply language: "ru", "ar", "other", or None when unknown.
        disclaimer_shown: Whether this session already showed the disclaimer.
        after_clarification: Whether the previous bot turn asked "did you mean...?".
        red_flags: Red-flag categories found in the message.
        earlier_texts: The patient's earlier messages in this session, oldest first.
        media: What the patient sent instead of text (a channel's "voice", "photo"...), if anything.
        previous_fact_ids: The facts of the answer the assistant gave just before, if its last reply was one.
        offered_topics: The topics the last "did you mean...?" offered, in order (after one only).
        entity_spans: The entities as (entity type, value, start, end) in `text`.
        focus: What the conversation's latest answer was about, if there was one.
        pieces: The pieces of a message that holds several, each classified (none otherwise).
        after_emergency: Whether the assistant's previous reply was the urgent answer.
    """

    text: str
    intent: str | None
    ranking: tuple[tuple[str, float], ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    language: str | None = None
    disclaimer_shown: bool = False
    after_clarification: bool = False
    red_flags: tuple[str, ...] = ()
    earlier_texts: tuple[str, ...] = ()
    media: str | None = None
    previous_fact_ids: tuple[str, ...] = ()
    offered_topics: tuple[str, ...] = ()
    entity_spans: tuple[tuple[str, str, int, int], ...] = ()
    focus: Focus | None = None
    pieces: tuple[ClassifiedPiece, ...] = ()
    after_emergency: bool = False

    def languages(self) -> tuple[str, ...]:
        """Languages to answer in: the patient's, or both when it is unknown or unsupported."""
        return (self.language,) if self.language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES

    def entity_values(self, entity: str) -> list[str]:
        """Distinct values of one entity type, in order of appearance."""
        return list(dict.fromkeys(value for kind, value in self.entities if kind == entity))


def _each_language(turn: Turn, render: Callable[[str], OutgoingMessage]) -> tuple[OutgoingMessage, ...]:
    return tuple(render(language) for language in turn.languages())


def slots_for(turn: Turn, **values: Any) -> dict[str, Any]:
    """The slots a reply sets: the given ones, and the conversation's language when it is known."""
    known = turn.language if turn.language in (*SUPPORTED_LANGUAGES, OTHER_LANGUAGE) else None
    return {LANGUAGE_SLOT: known, **values} if known else dict(values)


def input_problem_reply(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """Answers messages that cannot be treated as a question at all.

    Args:
        turn: The current turn.
        knowledge: Facts, messages and settings.

    Returns:
        A reply for an empty, over-long or unsupported-language message; None otherwise.
    """
    visible = strip_invisible(turn.text).strip()
    limit = knowledge.settings.max_message_chars
    if not visible:
        key = "media_not_supported" if turn.media else "empty_message"
        return Reply(_each_language(turn, lambda lang: OutgoingMessage(knowledge.say(key, lang))))
    if len(turn.text) > limit:
        return Reply(
            _each_language(
                turn,
                lambda lang: OutgoingMessage(knowledge.say("too_long", lang, length=len(turn.text), limit=limit)),
            ),
            slots_for(turn),
        )
    if turn.language not in SUPPORTED_LANGUAGES and not visible.startswith(INTENT_PAYLOAD_PREFIX):
        text = "\n".join(knowledge.say("languages_supported", lang) for lang in SUPPORTED_LANGUAGES)
        return Reply((OutgoingMessage(text),), slots_for(turn))
    return None


def emergency_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """The urgent answer, action first: call now, then why; marked machine-readably.

    Its custom data gives the channels one heading and the call buttons: each emergency
    number labelled with its country, then the clinic's number as a secondary one.
    """
    clinic = knowledge.settings.clinic

    def render(language: str) -> OutgoingMessage:
        custom = {
            URGENT_KEY: True,
            KIND_KEY: EMERGENCY_KIND,
            "language": language,
            HEADING_KEY: knowledge.say("urgent_heading", language),
            CALLBACK_KEY: language,
            "red_flags": list(turn.red_flags),
            PHONE_KEY: clinic.phone,
            EMERGENCY_NUMBERS_KEY: clinic.emergency_numbers[language],
            EMERGENCY_CALLS_KEY: [
                {"label": call.label, "number": call.number} for call in clinic.emergency_calls[language]
            ],
        }
        return OutgoingMessage(knowledge.say("emergency", language), custom=custom)

    return Reply(_each_language(turn, render), slots_for(turn, **{URGENT_SLOT: True}))


def contact_links(knowledge: Knowledge, language: str) -> list[dict[str, str]]:
    """The clinic's "call" and "book" links, shown as buttons under a reply."""
    clinic = knowledge.settings.clinic
    dialable = ("+" if clinic.phone.strip().startswith("+") else "") + "".join(filter(str.isdigit, clinic.phone))
    return [
        {KIND_KEY: CALL_LINK, "title": knowledge.say("call_clinic", language), "href": f"tel:{dialable}"},
        {KIND_KEY: BOOK_LINK, "title": knowledge.say("book_online", language), "href": clinic.booking_url},
    ]


def starter_buttons(knowledge: Knowledge, language: str) -> tuple[Button, ...]:
    """Buttons for the topics a conversation starts with."""
    return tuple(
        Button(knowledge.catalog.topic(intent, language), INTENT_PAYLOAD_PREFIX + intent)
        for intent in knowledge.catalog.starter_topics
    )


def staff_available(knowledge: Knowledge, now: dt.datetime | None = None) -> bool:
    """Whether staff can answer the chat now (always, when clinic.yml gives no staff_hours)."""
    hours = knowledge.settings.clinic.staff_hours
    moment = now or dt.datetime.now(ZoneInfo(knowledge.settings.console.timezone))
    return hours is None or hours.is_open(moment)


def contact_reply(turn: Turn, knowledge: Knowledge, now: dt.datetime | None = None) -> Reply:
    """Gives the clinic's contacts for booking or for a human, and marks the conversation.

    A request for a person outside staff hours is told when staff are back instead of being
    promised a handoff nobody can make now.
    """
    key = BOOKING_INTENT if turn.intent == BOOKING_INTENT else HUMAN_INTENT
    text_key = HUMAN_CLOSED_KEY if key == HUMAN_INTENT and not staff_available(knowledge, now) else key
    messages = _each_language(
        turn,
        lambda lang: OutgoingMessage(knowledge.say(text_key, lang), custom={KIND_KEY: key, CALLBACK_KEY: lang}),
    )
    return Reply(messages, slots_for(turn, **{CONTACT_SLOTS[key]: True}))


def suggested_topics(turn: Turn, knowledge: Knowledge, min_confidence: float = 0.0) -> list[str]:
    """The most likely topics from the classifier's ranking, for "did you mean...?"."""
    topics = knowledge.catalog.topics
    ranked = [
        name
        for name, confidence in turn.ranking
        if name != FALLBACK_INTENT and name in topics and confidence >= min_confidence
    ]
    return list(dict.fromkeys(ranked))[:MAX_SUGGESTIONS]


def _topic_buttons(suggestions: list[str], knowledge: Knowledge, language: str) -> tuple[Button, ...]:
    buttons = [Button(knowledge.catalog.topic(intent, language), f"/{intent}") for intent in suggestions]
    buttons.append(Button(knowledge.say("something_else", language), OUT_OF_SCOPE_PAYLOAD))
    return tuple(buttons)


def clarify_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """Asks "did you mean...?" with topic buttons; after a second miss, the honest fallback and a way on."""
    suggestions = suggested_topics(turn, knowledge)
    if turn.after_clarification or not suggestions:
        return _way_on_reply(turn, knowledge, "fallback")

    def render(language: str) -> OutgoingMessage:
        buttons = _topic_buttons(suggestions, knowledge, language)
        return OutgoingMessage(knowledge.say("clarify", language), buttons, {KIND_KEY: CLARIFY_KIND})

    return Reply(_each_language(turn, render), slots_for(turn))


def rephrase_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """After "something else" under "did you mean...?": rephrase, pick a topic or contact the clinic."""
    return _way_on_reply(turn, knowledge, "rephrase")


def _way_on_reply(turn: Turn, knowledge: Knowledge, key: str) -> Reply:
    def render(language: str) -> OutgoingMessage:
        contact = Button(knowledge.say("contact_clinic", language), CONTACT_PAYLOAD)
        buttons = (*starter_buttons(knowledge, language), contact)
        custom = {KIND_KEY: CLARIFY_KIND, CONTACTS_KEY: contact_links(knowledge, language)}
        return OutgoingMessage(knowledge.say(key, language), buttons, custom)

    return Reply(_each_language(turn, render), slots_for(turn))


def small_talk_reply(turn: Turn, knowledge: Knowledge, key: str) -> Reply:
    """Greets, thanks or says goodbye; a longer message also gets "did you mean...?" topics.

    Args:
        turn: The current turn.
        knowledge: Facts, messages and settings.
        key: The catalogue message for the small-talk intent.

    Returns:
        The reply; with topic buttons when the message is more than a greeting and the
        classifier saw a topic in it, and a plain greeting with the starter topics.
    """
    words = len(strip_invisible(turn.text).split())
    suggestions = suggested_topics(turn, knowledge, MIN_SUGGESTION_CONFIDENCE) if words > SMALL_TALK_MAX_WORDS else []
    if not suggestions and key == GREETING_KEY:
        greeting = _each_language(
            turn,
            lambda lang: OutgoingMessage(knowledge.say(key, lang), starter_buttons(knowledge, lang), {KIND_KEY: key}),
        )
        return Reply(greeting, slots_for(turn))
    if not suggestions:
        return canned_reply(turn, knowledge, key)

    def render(language: str) -> OutgoingMessage:
        text = knowledge.say(key, language) + "\n" + knowledge.say("clarify", language)
        return OutgoingMessage(text, _topic_buttons(suggestions, knowledge, language), {KIND_KEY: CLARIFY_KIND})

    return Reply(_each_language(turn, render), slots_for(turn))


def canned_reply(turn: Turn, knowledge: Knowledge, key: str) -> Reply:
    """Replies with one catalogue message (greeting, thanks, out of scope...), marked with its key as its kind."""
    return Reply(
        _each_language(turn, lambda lang: OutgoingMessage(knowledge.say(key, lang), custom={KIND_KEY: key})),
        slots_for(turn),
    )
