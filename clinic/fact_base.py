"""The curated fact base: what the two source documents say, in both languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from clinic.language import SUPPORTED_LANGUAGES
from clinic.normalization import normalize_text

Localized = Mapping[str, str]


class KnowledgeError(ValueError):
    """A knowledge file is inconsistent (unknown reference, missing translation...)."""


@dataclass(frozen=True)
class SourceRef:
    """Where a fact comes from: a source document id and a section of it."""

    doc: str
    section: str


@dataclass(frozen=True)
class Fact:
    """One statement drawn from the sources, written in both languages.

    `urgent` marks a statement that urgent care is needed (its answer ends with the emergency numbers);
    `lead` is a one-line summary of a long fact that opens an answer in its place.
    """

    id: str
    intents: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    text: Localized
    urgent: bool = False
    lead: Localized | None = None


@dataclass(frozen=True)
class Topic:
    """A condition or a drug patients ask about, with the facts that mention it."""

    id: str
    label: Localized
    names: Mapping[str, tuple[str, ...]]
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class FactBase:
    """All facts, named topics, honest 'not in the sources' answers and subject redirects."""

    source_titles: Mapping[str, Localized]
    facts: Mapping[str, Fact]
    children_sources: frozenset[str]
    conditions: Mapping[str, Topic]
    drugs: Mapping[str, Topic]
    gaps: Mapping[str, Localized]
    redirects: Mapping[str, re.Pattern[str]]

    def only_about_children(self, fact: Fact) -> bool:
        """Whether every source of a fact is about children (the microcephaly document)."""
        return all(ref.doc in self.children_sources for ref in fact.sources)

    def facts_for_intent(self, intent: str) -> list[Fact]:
        """Returns the facts answering an intent, in file order."""
        return [fact for fact in self.facts.values() if intent in fact.intents]

    def topic_facts(self, topic: Topic) -> list[Fact]:
        """Returns the facts a condition or drug refers to."""
        return [self.facts[fact_id] for fact_id in topic.fact_ids]

    def gap(self, key: str) -> Localized | None:
        """Returns the honest answer for a subject the sources do not cover, if any."""
        return self.gaps.get(key)

    def answered_intents(self) -> set[str]:
        """Returns every intent that has at least one fact or a gap answer."""
        covered = {intent for fact in self.facts.values() for intent in fact.intents}
        return covered | set(self.gaps)

    def intent_to_answer(self, intent: str, text: str) -> str:
        """Returns the intent whose answer a message gets: a redirect subject it names wins.

        "Is it safe in pregnancy?" gets the contraindications answer rather than the safety one;
        a question the classifier already gave to a redirect target keeps that intent.
        """
        if intent in self.redirects:
            return intent
        normalized = normalize_text(text)
        return next((target for target, pattern in self.redirects.items() if pattern.search(normalized)), intent)


def localized(value: Any, where: str) -> Localized:
    """Reads a text given in both languages; `where` names it in the error."""
    if not isinstance(value, Mapping):
        raise KnowledgeError(f"{where}: expected a mapping with ru and ar texts")
    missing = [lang for lang in SUPPORTED_LANGUAGES if not str(value.get(lang) or "").strip()]
    if missing:
        raise KnowledgeError(f"{where}: missing text in {', '.join(missing)}")
    return {lang: str(value[lang]).strip() for lang in SUPPORTED_LANGUAGES}


def _redirect(patterns: Any, intent: str) -> re.Pattern[str]:
    texts = localized(patterns, f"redirect {intent}")
    try:
        return re.compile("|".join(rf"(?<!\w)(?:{texts[lang]})" for lang in SUPPORTED_LANGUAGES))
    except re.error as error:
        raise KnowledgeError(f"redirect {intent}: {error}") from error


def _topics(entries: list[Mapping[str, Any]], facts: Mapping[str, Fact], kind: str) -> dict[str, Topic]:
    topics = {}
    for entry in entries:
        where = f"{kind} {entry.get('id')}"
        unknown = [fact_id for fact_id in entry.get("facts", []) if fact_id not in facts]
        if unknown:
            raise KnowledgeError(f"{where}: unknown facts {unknown}")
        names = {script: tuple(values) for script, values in entry["names"].items()}
        topics[entry["id"]] = Topic(
            id=entry["id"],
            label=localized(entry["label"], where),
            names=names,
            fact_ids=tuple(entry.get("facts", [])),
        )
    return topics


def parse_fact_base(document: Mapping[str, Any]) -> FactBase:
    """Builds and validates the fact base from its parsed YAML document.

    Args:
        document: The parsed `facts.yml`.

    Returns:
        The fact base.

    Raises:
        KnowledgeError: if a fact cites an unknown source, a text is missing in one
            language, an id is repeated, a topic refers to an unknown fact, or a redirect
            is not a valid regular expression.
    """
    source_titles = {
        source_id: localized(source["title"], f"source {source_id}")
        for source_id, source in document["sources"].items()
    }
    facts: dict[str, Fact] = {}
    for entry in document["facts"]:
        fact_id = entry["id"]
        if fact_id in facts:
            raise KnowledgeError(f"fact {fact_id}: duplicate id")
        refs = tuple(SourceRef(ref["doc"], str(ref["section"])) for ref in entry["sources"])
        if not refs or any(ref.doc not in source_titles for ref in refs):
            raise KnowledgeError(f"fact {fact_id}: cites no source or an unknown source")
        facts[fact_id] = Fact(
            id=fact_id,
            intents=tuple(entry.get("intents") or ()),
            sources=refs,
            text=localized(entry["text"], f"fact {fact_id}"),
            urgent=entry.get("urgent") is True,
            lead=localized(entry["lead"], f"fact {fact_id} lead") if "lead" in entry else None,
        )
    return FactBase(
        source_titles=source_titles,
        facts=facts,
        children_sources=frozenset(key for key, source in document["sources"].items() if source.get("about_children")),
        conditions=_topics(document.get("conditions", []), facts, "condition"),
        drugs=_topics(document.get("drugs", []), facts, "drug"),
        gaps={key: localized(text, f"gap {key}") for key, text in document.get("gaps", {}).items()},
        redirects={intent: _redirect(patterns, intent) for intent, patterns in document.get("redirects", {}).items()},
    )


def load_fact_base(path: Path) -> FactBase:
    """Reads and validates `facts.yml`.

    Args:
        path: Path to the fact base file.

    Returns:
        The fact base.
    """
    with path.open(encoding="utf-8") as handle:
        return parse_fact_base(yaml.safe_load(handle))
