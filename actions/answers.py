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

from actions.audience import mentions_child
from actions.knowledge import Fact
from actions.messages import OutgoingMessage
from actions.replies import Knowledge, Reply, Turn, contact_links, slots_for, starter_buttons

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


def compose_answer(turn: Turn, intent: str, knowledge: Knowledge, language: str) -> AnswerText:
    """Builds the medical part of an FAQ answer: what the sources say, or that they are silent.

    Args:
        turn: The current turn (its entities select condition and drug facts; its words, whether
            the patient speaks of a child).
        intent: The intent to answer (see `FactBase.intent_to_answer`).
        knowledge: Facts, messages and settings.
        language: The language to write in.

    Returns:
        The lead, the details and the facts they came from.
    """
    about_child = intent == CHILDREN_INTENT or mentions_child((*turn.earlier_texts, turn.text))
    conditions = [c for c in turn.entity_values("condition") if c in knowledge.facts.conditions]
    drugs = [d for d in turn.entity_values("drug") if d in knowledge.facts.drugs]
    if intent in CONDITION_INTENTS and conditions:
        return _condition_answer(conditions, knowledge, language, about_child)
    if intent == DRUG_INTENT and drugs:
        drug_facts = [fact for drug in drugs for fact in knowledge.facts.topic_facts(knowledge.facts.drugs[drug])]
        return _shaped(ordered_for_audience(drug_facts, knowledge, about_child), knowledge, language, [], [])
    facts = ordered_for_audience(knowledge.facts.facts_for_intent(intent), knowledge, about_child)
    gap = knowledge.facts.gap(intent)
    tail = [gap[language]] if gap else []
    if intent == INDICATIONS_INTENT:
        tail.append(knowledge.say("indications_hint", language))
    return _shaped(facts, knowledge, language, [], tail)


def sources_line(facts: Sequence[Fact], knowledge: Knowledge, language: str) -> str | None:
    """Names the source documents of the facts, for the muted line under an answer."""
    doc_ids = list(dict.fromkeys(ref.doc for fact in facts for ref in fact.sources))
    if not doc_ids:
        return None
    titles = LIST_SEPARATORS[language].join(f"«{knowledge.facts.source_titles[doc][language]}»" for doc in doc_ids)
    return knowledge.say("sources_line", language, titles=titles)


def faq_reply(turn: Turn, knowledge: Knowledge) -> Reply:
    """Answers a question about the treatment from the fact base.

    The first medical answer of a session comes after the disclaimer. After what the sources
    say comes the clinic's own advice, labelled as such; an answer that mentions urgent care
    ends with the emergency numbers, one about subjects the sources do not cover offers the
    clinic's contacts. The same answer twice in a row is replaced by a pointer to the first.
    """
    intent = knowledge.facts.intent_to_answer(turn.intent or "", turn.text)
    rendered = {language: compose_answer(turn, intent, knowledge, language) for language in turn.languages()}
    fact_ids = list(dict.fromkeys(fact.id for answer in rendered.values() for fact in answer.facts))
    if fact_ids and tuple(fact_ids) == turn.previous_fact_ids:
        return Reply(
            tuple(
                OutgoingMessage(knowledge.say("answered_above", language), starter_buttons(knowledge, language))
                for language in rendered
            ),
            slots_for(turn, answer_fact_ids=fact_ids),
        )
    messages: list[OutgoingMessage] = []
    for language, answer in rendered.items():
        lines = [answer.lead, *answer.details]
        advice = knowledge.settings.guidance.advice(intent, language)
        lines += [advice] if advice else []
        # A question in advance about a red-flag symptom also gets when to call emergency services.
        if turn.red_flags or any(fact.urgent for fact in answer.facts):
            lines.append(knowledge.say("urgent_numbers", language))
        # "answer" marks what a patient can rate in the widget.
        custom: dict[str, object] = {"kind": "answer", "fact_ids": [fact.id for fact in answer.facts]}
        source = sources_line(answer.facts, knowledge, language)
        if source:
            custom["source"] = source
        if knowledge.facts.gap(intent):
            custom["contacts"] = contact_links(knowledge, language)
        if not turn.disclaimer_shown:
            messages.append(OutgoingMessage(knowledge.say("disclaimer", language), custom={"kind": "disclaimer"}))
        messages.append(OutgoingMessage("\n".join(lines), custom=custom))
    return Reply(tuple(messages), slots_for(turn, disclaimer_shown=True, answer_fact_ids=fact_ids))
