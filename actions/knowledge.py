"""The curated fact base: loading, validation and lookup by intent, condition and drug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from actions.language import SUPPORTED_LANGUAGES

Localized = Mapping[str, str]


class KnowledgeError(ValueError):
    """The fact base file is inconsistent (unknown reference, missing translation...)."""


@dataclass(frozen=True)
class SourceRef:
    """Where a fact comes from: a source document id and a section of it."""

    doc: str
    section: str


@dataclass(frozen=True)
class Fact:
    """One statement drawn from the sources, written in both languages."""

    id: str
    intents: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    text: Localized


@dataclass(frozen=True)
class Topic:
    """A condition or a drug patients ask about, with the facts that mention it."""

    id: str
    label: Localized
    names: Mapping[str, tuple[str, ...]]
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class FactBase:
    """All facts, named topics and honest 'not in the sources' answers."""

    source_titles: Mapping[str, Localized]
    facts: Mapping[str, Fact]
    conditions: Mapping[str, Topic]
    drugs: Mapping[str, Topic]
    gaps: Mapping[str, Localized]

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


def _localized(value: Any, where: str) -> Localized:
    if not isinstance(value, Mapping):
        raise KnowledgeError(f"{where}: expected a mapping with ru and ar texts")
    missing = [lang for lang in SUPPORTED_LANGUAGES if not str(value.get(lang) or "").strip()]
    if missing:
        raise KnowledgeError(f"{where}: missing text in {', '.join(missing)}")
    return {lang: str(value[lang]).strip() for lang in SUPPORTED_LANGUAGES}


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
            label=_localized(entry["label"], where),
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
            language, an id is repeated, or a topic refers to an unknown fact.
    """
    source_titles = {
        source_id: _localized(source["title"], f"source {source_id}")
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
            text=_localized(entry["text"], f"fact {fact_id}"),
        )
    return FactBase(
        source_titles=source_titles,
        facts=facts,
        conditions=_topics(document.get("conditions", []), facts, "condition"),
        drugs=_topics(document.get("drugs", []), facts, "drug"),
        gaps={key: _localized(text, f"gap {key}") for key, text in document.get("gaps", {}).items()},
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
