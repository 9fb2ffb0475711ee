"""Pure functions that decide what the assistant says in a turn.

Nothing here talks to Rasa: a `Turn` describes the patient's message and the conversation
state, and each function returns a `Reply` (messages plus slots to set). The thin action
classes in `actions.actions` only translate between the tracker and these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from actions.knowledge import Fact, FactBase
from actions.language import INTENT_PAYLOAD_PREFIX, OTHER_LANGUAGE, SUPPORTED_LANGUAGES
from actions.messages import Button, MessageCatalog, OutgoingMessage
from actions.normalization import strip_invisible
from actions.settings import Settings

FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_PAYLOAD = "/out_of_scope"
MAX_SUGGESTIONS = 3
# A greeting or thanks with a question glued on ("Здравствуйте, а цена какая?") may be classified
# as the greeting; past this many words, the likely topics are offered along with it.
SMALL_TALK_MAX_WORDS = 3
MIN_SUGGESTION_CONFIDENCE = 0.1
# Questions where a named condition changes the answer ("does it help with migraine?").
CONDITION_INTENTS = frozenset({"ask_indications", "ask_benefits"})
DRUG_INTENT = "ask_drugs"
INDICATIONS_INTENT = "ask_indications"
LIST_SEPARATORS = {"ru": "; ", "ar": "؛ "}


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

    def languages(self) -> tuple[str, ...]:
        """Languages to answer in: the patient's, or both when it is unknown or unsupported."""
        return (self.language,) if self.language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES

    def entity_values(self, entity: str) -> list[str]:
        """Distinct values of one entity type, in order of appearance."""
        return list(dict.fromkeys(value for kind, value in self.entities if kind == entity))


@dataclass(frozen=True)
class Knowledge:
    """Everything the replies are built from."""

    facts: FactBase
    catalog: MessageCatalog
    settings: Settings

    def say(self, key: str, language: str, **values: Any) -> str:
        """Renders a catalogue message with the clinic's contacts and guidance available as placeholders."""
        placeholders = {**self.settings.clinic.placeholders(language), **self.settings.guidance.placeholders(language)}
        return self.catalog.text(key, language, **placeholders, **values)


def _each_language(turn: Turn, render: Callable[[str], OutgoingMessage]) -> tuple[OutgoingMessage, ...]:
    return tuple(render(language) for language in turn.languages())


def _slots(turn: Turn, **values: Any) -> dict[str, Any]:
    known = turn.language if turn.language in (*SUPPORTED_LANGUAGES, OTHER_LANGUAGE) else None
    return {"language": known, **values} if known else dict(values)


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
            _slots(turn),
        )
    if turn.language not in SUPPORTED_LANGUAGES and not visible.startswith(INTENT_PAYLOAD_PREFIX):
        text = "\n".join(knowledge.say("languages_supported", lang) for lang in SUPPORTED_LANGUAGES)
        return Reply((OutgoingMessage(text),), _slots(turn))
    return None


def _sources_line(facts: Sequence[Fact], knowledge: Knowledge, language: str) -> str | None:
    doc_ids = list(dict.fromkeys(ref.doc for fact in facts for ref in fact.sources))
    if not doc_ids:
        return None
    titles = LIST_SEPARATORS[language].join(f"«{knowledge.facts.source_titles[doc][language]}»" for doc in doc_ids)
    return knowledge.say("sources_line", language, titles=titles)


def _unique(facts: Iterable[Fact]) -> list[Fact]:
    return list({fact.id: fact for fact in facts}.values())


def _condition_answer(conditions: list[str], knowledge: Knowledge, language: str) -> tuple[list[str], list[Fact]]:
    paragraphs: list[str] = []
    facts: list[Fact] = []
    for condition_id in conditions:
        topic = knowledge.facts.conditions[condition_id]
        label = topic.label[language]
        topic_facts = knowledge.facts.topic_facts(topic)
        if topic_facts:
            paragraphs.append(knowledge.say("condition_covered", language, label=label))
            paragraphs += [fact.text[language] for fact in topic_facts if fact not in facts]
            facts += topic_facts
        else:
            paragraphs.append(knowledge.say("condition_not_covered", language, label=label))
    if not facts:
        listing = knowledge.facts.facts_for_intent(INDICATIONS_INTENT)[:1]
        paragraphs += [fact.text[language] for fact in listing]
        facts += listing
    return paragraphs, _unique(facts)


def compose_answer(turn: Turn, intent: str, knowledge: Knowledge, language: str) -> tuple[list[str], list[Fact]]:
    """Builds the medical part of an FAQ answer: what the sources say, or that they are silent.

    Args:
        turn: The current turn (its entities select condition and drug facts).
        intent: The intent to answer (see `FactBase.intent_to_answer`).
        knowledge: Facts, messages and settings.
        language: The language to write in.

    Returns:
        The paragraphs of the answer and the facts they came from.
    """
    conditions = [c for c in turn.entity_values("condition") if c in knowledge.facts.conditions]
    drugs = [d for d in turn.entity_values("drug") if d in knowledge.facts.drugs]
    if intent in CONDITION_INTENTS and conditions:
        return _condition_answer(conditions, knowledge, language)
    if intent == DRUG_INTENT and drugs:
        facts = _unique(fact for drug in drugs for fact in knowledge.facts.topic_facts(knowledge.facts.drugs[drug]))
        return [fact.text[language] for fact in facts], facts
    facts = knowledge.facts.facts_for_intent(intent)
    paragraphs = [fact.text[language] for fact in facts]
    gap = knowledge.facts.gap(intent)
    if gap:
        paragraphs.append(gap[language])
    if intent == INDICATIONS_INTENT:
        paragraphs.append(knowledge.say("indications_hint", language))
    return paragraphs, facts


def faq_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """Answers a question about the treatment from the fact base.

    The first medical answer of a session starts with the disclaimer. After what the sources
    say comes the clinic's own advice, labelled as such; an answer that mentions urgent care
    ends with the emergency numbers, one about subjects the sources do not cover with the
    clinic's contacts.
    """
    intent = knowledge.facts.intent_to_answer(turn.intent or "", turn.text)

    def render(language: str) -> tuple[list[OutgoingMessage], list[Fact]]:
        paragraphs, facts = compose_answer(turn, intent, knowledge, language)
        advice = knowledge.settings.guidance.advice(intent, language)
        paragraphs += [text for text in (_sources_line(facts, knowledge, language), advice) if text]
        # A question in advance about a red-flag symptom also gets when to call emergency services.
        if turn.red_flags or any(fact.urgent for fact in facts):
            paragraphs.append(knowledge.say("urgent_numbers", language))
        elif knowledge.facts.gap(intent):
            paragraphs.append(knowledge.say("contacts", language))
        # One bubble for the answer (channels split texts at blank lines), the disclaimer apart.
        # "answer" marks what a patient can rate in the widget.
        answer = OutgoingMessage("\n".join(paragraphs), custom={"kind": "answer", "fact_ids": [f.id for f in facts]})
        messages = [answer]
        if not turn.disclaimer_shown:
            messages.insert(0, OutgoingMessage(knowledge.say("disclaimer", language)))
        return messages, facts

    rendered = [render(language) for language in turn.languages()]
    fact_ids = list(dict.fromkeys(fact.id for _, facts in rendered for fact in facts))
    messages = tuple(message for bubbles, _ in rendered for message in bubbles)
    return Reply(messages, _slots(turn, disclaimer_shown=True, answer_fact_ids=fact_ids))


def emergency_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """The urgent answer: emergency numbers and the clinic phone, marked machine-readably."""
    clinic = knowledge.settings.clinic

    def render(language: str) -> OutgoingMessage:
        custom = {
            "urgent": True,
            "kind": "emergency",
            "language": language,
            "red_flags": list(turn.red_flags),
            "phone": clinic.phone,
            "emergency_numbers": clinic.emergency_numbers[language],
        }
        return OutgoingMessage(knowledge.say("emergency", language), custom=custom)

    return Reply(_each_language(turn, render), _slots(turn, urgent=True))


def contact_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """Gives the clinic's contacts for booking or for a human, and marks the conversation."""
    booking = turn.intent == "book_appointment"
    key = "book_appointment" if booking else "request_human"
    slot = "booking_requested" if booking else "handoff_requested"
    messages = _each_language(turn, lambda lang: OutgoingMessage(knowledge.say(key, lang)))
    return Reply(messages, _slots(turn, **{slot: True}))


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
    """Asks "did you mean...?" with topic buttons; after a second miss, the honest fallback."""
    suggestions = suggested_topics(turn, knowledge)
    if turn.after_clarification or not suggestions:
        messages = _each_language(
            turn,
            lambda lang: OutgoingMessage(knowledge.say("fallback", lang) + "\n" + knowledge.say("contacts", lang)),
        )
        return Reply(messages, _slots(turn))

    def render(language: str) -> OutgoingMessage:
        return OutgoingMessage(knowledge.say("clarify", language), _topic_buttons(suggestions, knowledge, language))

    return Reply(_each_language(turn, render), _slots(turn))


def small_talk_reply(turn: Turn, knowledge: Knowledge, key: str) -> Reply:
    """Greets, thanks or says goodbye; a longer message also gets "did you mean...?" topics.

    Args:
        turn: The current turn.
        knowledge: Facts, messages and settings.
        key: The catalogue message for the small-talk intent.

    Returns:
        The reply; with topic buttons when the message is more than a greeting and the
        classifier saw a topic in it.
    """
    words = len(strip_invisible(turn.text).split())
    suggestions = suggested_topics(turn, knowledge, MIN_SUGGESTION_CONFIDENCE) if words > SMALL_TALK_MAX_WORDS else []
    if not suggestions:
        return canned_reply(turn, knowledge, key)

    def render(language: str) -> OutgoingMessage:
        text = knowledge.say(key, language) + "\n" + knowledge.say("clarify", language)
        return OutgoingMessage(text, _topic_buttons(suggestions, knowledge, language))

    return Reply(_each_language(turn, render), _slots(turn))


def canned_reply(turn: Turn, knowledge: Knowledge, key: str) -> Reply:
    """Replies with one catalogue message (greeting, thanks, out of scope...)."""
    return Reply(_each_language(turn, lambda lang: OutgoingMessage(knowledge.say(key, lang))), _slots(turn))
