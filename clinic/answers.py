"""The medical answer: what the sources say, as a one-line lead, details, and where it comes from.

An answer is one message whose first line is the lead (the channels show it as the first
bubble, at most `LEAD_BUDGET` characters) and whose further lines are the details: other facts,
lists as bulleted lines, the clinic's labelled advice. Its source and, for subjects the sources
do not cover, the clinic's contact links travel in the message's custom data, so that each
channel can style them apart from the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from clinic.audience import mentions_adult, mentions_child
from clinic.contract import (
    ANSWER_KIND,
    DISCLAIMER_KIND,
    DISCLAIMER_SLOT,
    FACT_IDS_KEY,
    FACT_IDS_SLOT,
    FOCUS_KEY,
    FOCUS_SLOT,
    KIND_KEY,
    SOURCE_KEY,
)
from clinic.fact_base import Fact, Topic
from clinic.follow_up import Focus
from clinic.knowledge import Knowledge
from clinic.messages import OutgoingMessage
from clinic.replies import Reply, Turn, contact_links, slots_for, starter_buttons

LEAD_BUDGET = 300
BULLET = "• "
# Questions where a named condition changes the answer ("does it help with migraine?").
CONDITION_INTENTS = frozenset({"ask_indications", "ask_benefits"})
CHILDREN_INTENT = "ask_children"
DRUG_INTENT = "ask_drugs"
INDICATIONS_INTENT = "ask_indications"
LIST_SEPARATORS = {"ru": "; ", "ar": "؛ "}
# "Intro: first; second; third." A list the sources give inline, shown one item per line.
_INLINE_LIST = re.compile(r"^(?P<intro>[^:;؛]{3,160}):\s*(?P<items>.+)$")
_LIST_ITEM_SEPARATOR = re.compile(r"\s*[;؛]\s*")
MIN_LIST_ITEMS = 3


@dataclass(frozen=True)
class AnswerText:
    """The medical part of an answer in one language.

    Attributes:
        lead: The direct answer, one line.
        details: Further lines: facts, bulleted list items, what the sources do not cover.
        facts: The facts the answer came from.
    """

    lead: str
    details: tuple[str, ...]
    facts: tuple[Fact, ...]


def as_lines(text: str) -> list[str]:
    """A fact's text as lines: an inline list ("Intro: a; b; c.") becomes its intro and one bulleted line per item."""
    match = _INLINE_LIST.match(text)
    if not match:
        return [text]
    items = _LIST_ITEM_SEPARATOR.split(match["items"].rstrip("."))
    if len(items) < MIN_LIST_ITEMS:
        return [text]
    return [f"{match['intro']}:", *(BULLET + item for item in items)]


def ordered_for_audience(facts: Iterable[Fact], knowledge: Knowledge, about_child: bool) -> list[Fact]:
    """The facts in their written order, led by one that fits the patient.

    For a child, the facts from the children's source come first; otherwise the first fact that
    is not only about children leads. The rest keep their order, so that a fact comparing the
    sources still follows what it compares.
    """
    unique = list({fact.id: fact for fact in facts}.values())
    children = [fact for fact in unique if knowledge.facts.only_about_children(fact)]
    if about_child:
        return children + [fact for fact in unique if fact not in children]
    lead = next((fact for fact in unique if fact not in children), None)
    return [lead, *(fact for fact in unique if fact is not lead)] if lead else unique


def _fact_lines(fact: Fact, knowledge: Knowledge, language: str, lead: bool = False) -> list[str]:
    text = fact.lead[language] if lead and fact.lead else fact.text[language]
    lines = [text] if lead else as_lines(text)
    # A fact from the children's source says so, unless its own words already name a child.
    if knowledge.facts.only_about_children(fact) and not mentions_child([text]):
        lines[0] = knowledge.say("children_source_note", language, text=lines[0])
    return lines


def _shaped(
    facts: Sequence[Fact], knowledge: Knowledge, language: str, intro: list[str], tail: list[str]
) -> AnswerText:
    details: list[str] = [*intro]
    for fact in facts:
        if not details:
            details += _fact_lines(fact, knowledge, language, lead=True)
            if fact.lead:
                details += _fact_lines(fact, knowledge, language)
        else:
            details += _fact_lines(fact, knowledge, language)
    details += tail
    if not details:
        details = [knowledge.say("fallback", language)]
    return AnswerText(details[0], tuple(details[1:]), tuple(facts))


def _condition_answer(conditions: list[str], knowledge: Knowledge, language: str, about_child: bool) -> AnswerText:
    intro: list[str] = []
    facts: list[Fact] = []
    for condition_id in conditions:
        topic = knowledge.facts.conditions[condition_id]
        topic_facts = knowledge.facts.topic_facts(topic)
        key = "condition_covered" if topic_facts else "condition_not_covered"
        intro.append(knowledge.say(key, language, label=topic.label[language]))
        facts += topic_facts
    if not facts:
        facts = knowledge.facts.facts_for_intent(INDICATIONS_INTENT)[:1]
    return _shaped(ordered_for_audience(facts, knowledge, about_child), knowledge, language, intro, [])


def focus_of(turn: Turn, intent: str) -> Focus:
    """What a question is about, from its own words and the conversation before it.

    Whom it is about comes from the message itself first ("а у взрослых сколько держится?"
    after talk of a child is about adults), then from the patient's earlier messages.
    """
    if intent == CHILDREN_INTENT or mentions_child([turn.text]):
        child: bool | None = True
    elif mentions_adult(turn.text):
        child = False
    else:
        child = True if mentions_child(turn.earlier_texts) else None
    return Focus(
        intent=intent,
        child=child,
        conditions=tuple(turn.entity_values("condition")),
        drugs=tuple(turn.entity_values("drug")),
    )


def _narrowed_to(
    facts: list[Fact], named: list[Topic], knowledge: Knowledge, language: str
) -> tuple[list[Fact], list[str]]:
    """The facts a follow-up's condition or drug has among those of the topic; else all, saying so."""
    own = {fact_id for topic in named for fact_id in topic.fact_ids}
    specific = [fact for fact in facts if fact.id in own]
    if specific or not named:
        return specific or facts, []
    labels = LIST_SEPARATORS[language].join(topic.label[language] for topic in named)
    return facts, [knowledge.say("not_specific", language, label=labels)]


def compose_answer(focus: Focus, knowledge: Knowledge, language: str) -> AnswerText:
    """Builds the medical part of an FAQ answer: what the sources say, or that they are silent.

    Args:
        focus: The topic to answer (see `FactBase.intent_to_answer`), for whom, and the
            conditions and drugs named.
        knowledge: Facts, messages and settings.
        language: The language to write in.

    Returns:
        The lead, the details and the facts they came from.
    """
    intent, about_child = focus.intent, focus.child is True
    conditions = [knowledge.facts.conditions[c] for c in focus.conditions if c in knowledge.facts.conditions]
    drugs = [knowledge.facts.drugs[d] for d in focus.drugs if d in knowledge.facts.drugs]
    if intent in CONDITION_INTENTS and conditions:
        return _condition_answer([c.id for c in conditions], knowledge, language, about_child)
    if intent == DRUG_INTENT and drugs:
        drug_facts = [fact for drug in drugs for fact in knowledge.facts.topic_facts(drug)]
        return _shaped(ordered_for_audience(drug_facts, knowledge, about_child), knowledge, language, [], [])
    facts, intro = knowledge.facts.facts_for_intent(intent), list[str]()
    if focus.follow_up:
        facts, intro = _narrowed_to(facts, conditions + drugs, knowledge, language)
    gap = knowledge.facts.gap(intent)
    tail = [gap[language]] if gap else []
    if intent == INDICATIONS_INTENT:
        tail.append(knowledge.say("indications_hint", language))
    return _shaped(ordered_for_audience(facts, knowledge, about_child), knowledge, language, intro, tail)


def sources_line(facts: Sequence[Fact], knowledge: Knowledge, language: str) -> str | None:
    """Names the source documents of the facts, for the muted line under an answer."""
    doc_ids = list(dict.fromkeys(ref.doc for fact in facts for ref in fact.sources))
    if not doc_ids:
        return None
    titles = LIST_SEPARATORS[language].join(f"«{knowledge.facts.source_titles[doc][language]}»" for doc in doc_ids)
    return knowledge.say("sources_line", language, titles=titles)


def follow_up_heading(focus: Focus, knowledge: Knowledge, language: str) -> str:
    """The line that says what a follow-up's answer is about: "Когда наступает эффект — у детей:"."""
    subjects = (
        [knowledge.say("about_children" if focus.child else "about_adults", language)]
        if focus.child is not None
        else []
    )
    for ids, topics in ((focus.conditions, knowledge.facts.conditions), (focus.drugs, knowledge.facts.drugs)):
        subjects += [topics[i].label[language] for i in ids if i in topics]
    topic = knowledge.catalog.topic(focus.intent, language)
    return knowledge.say("follow_up_heading", language, topic=topic, subject=LIST_SEPARATORS[language].join(subjects))


def answer_message(
    turn: Turn, focus: Focus, answer: AnswerText, knowledge: Knowledge, language: str, heading: str | None = None
) -> OutgoingMessage:
    """One language's answer to one question: a heading if given, lead, details, the clinic's advice, custom data.

    A follow-up's answer is headed by what it answers ("Когда наступает эффект — у детей:").
    """
    heading = heading or (follow_up_heading(focus, knowledge, language) if focus.follow_up else None)
    lines = [heading] if heading else []
    lines += [answer.lead, *answer.details]
    advice = knowledge.settings.guidance.advice(focus.intent, language)
    lines += [advice] if advice else []
    # A question in advance about a red-flag symptom also gets when to call emergency services.
    if turn.red_flags or any(fact.urgent for fact in answer.facts):
        lines.append(knowledge.say("urgent_numbers", language))
    # "answer" marks what a patient can rate in the widget; "focus", what it answered, for staff and tests.
    custom: dict[str, object] = {
        KIND_KEY: ANSWER_KIND,
        FACT_IDS_KEY: [fact.id for fact in answer.facts],
        FOCUS_KEY: focus.as_custom(),
    }
    source = sources_line(answer.facts, knowledge, language)
    if source:
        custom[SOURCE_KEY] = source
    if knowledge.facts.gap(focus.intent):
        custom["contacts"] = contact_links(knowledge, language)
    return OutgoingMessage("\n".join(lines), custom=custom)


def disclaimer_message(knowledge: Knowledge, language: str) -> OutgoingMessage:
    """The reminder that the assistant does not replace a doctor, shown before the first answer."""
    return OutgoingMessage(knowledge.say("disclaimer", language), custom={KIND_KEY: DISCLAIMER_KIND})


def faq_reply(turn: Turn, knowledge: Knowledge, focus: Focus | None = None) -> Reply:
    """Answers a question about the treatment from the fact base.

    The first medical answer of a session comes after the disclaimer. After what the sources
    say comes the clinic's own advice, labelled as such; an answer that mentions urgent care
    ends with the emergency numbers, one about subjects the sources do not cover offers the
    clinic's contacts. The same answer twice in a row is replaced by a pointer to the first.

    Args:
        turn: The current turn.
        knowledge: Facts, messages and settings.
        focus: What to answer; by default the turn's own question (`focus_of`).
    """
    focus = focus or focus_of(turn, knowledge.facts.intent_to_answer(turn.intent or "", turn.text))
    answers = {language: compose_answer(focus, knowledge, language) for language in turn.languages()}
    fact_ids = list(dict.fromkeys(fact.id for answer in answers.values() for fact in answer.facts))
    slots = slots_for(turn, **{DISCLAIMER_SLOT: True, FACT_IDS_SLOT: fact_ids, FOCUS_SLOT: focus.as_slot()})
    if fact_ids and tuple(fact_ids) == turn.previous_fact_ids and not focus.follow_up:
        return Reply(
            tuple(
                OutgoingMessage(
                    knowledge.say("answered_above", language),
                    starter_buttons(knowledge, language),
                    {KIND_KEY: "answered_above", FOCUS_KEY: focus.as_custom()},
                )
                for language in answers
            ),
            slots,
        )
    shown: list[OutgoingMessage] = []
    for language, answer in answers.items():
        shown += [] if turn.disclaimer_shown else [disclaimer_message(knowledge, language)]
        shown.append(answer_message(turn, focus, answer, knowledge, language))
    return Reply(tuple(shown), slots)
