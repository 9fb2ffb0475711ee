"""The knowledge files: the curated fact base, the clinic's contacts and its safety guidance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from actions.language import SUPPORTED_LANGUAGES
from actions.normalization import normalize_text

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

    `urgent` marks a statement that urgent care is needed (its answer ends with the emergency numbers).
    """

    id: str
    intents: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    text: Localized
    urgent: bool = False


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
    conditions: Mapping[str, Topic]
    drugs: Mapping[str, Topic]
    gaps: Mapping[str, Localized]
    redirects: Mapping[str, re.Pattern[str]]

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


@dataclass(frozen=True)
class ClinicGuidance:
    """The clinic's own safety advice beyond the sources, always shown after its label.

    Attributes:
        confirmed: Whether a clinician of the clinic has signed the texts off.
        label: Introduces every such text ("The clinic's guidance, not in our sources:").
        urgent_signs: Warning signs for the urgent answer besides those the sources name.
        answers: Advice added to the answer of an intent, by intent.
    """

    confirmed: bool
    label: Localized
    urgent_signs: Localized
    answers: Mapping[str, Localized]

    def advice(self, intent: str, language: str) -> str | None:
        """Returns the labelled advice for an intent's answer, if the clinic gives any."""
        text = self.answers.get(intent)
        return f"{self.label[language]} {text[language]}" if text else None

    def placeholders(self, language: str) -> dict[str, str]:
        """Returns the values message templates may use, in one language."""
        return {"guidance_label": self.label[language], "urgent_signs": self.urgent_signs[language]}


@dataclass(frozen=True)
class ClinicInfo:
    """Contacts and emergency numbers shown to patients (`clinic.yml`)."""

    name: Localized
    phone: str
    email: str
    booking_url: str
    hours: Localized
    emergency_numbers: Localized

    def placeholders(self, language: str) -> dict[str, str]:
        """Returns the values message templates may use, in one language."""
        return {
            "clinic_name": self.name[language],
            "phone": self.phone,
            "email": self.email,
            "booking_url": self.booking_url,
            "hours": self.hours[language],
            "emergency_numbers": self.emergency_numbers[language],
        }


def _localized(value: Any, where: str) -> Localized:
    if not isinstance(value, Mapping):
        raise KnowledgeError(f"{where}: expected a mapping with ru and ar texts")
    missing = [lang for lang in SUPPORTED_LANGUAGES if not str(value.get(lang) or "").strip()]
    if missing:
        raise KnowledgeError(f"{where}: missing text in {', '.join(missing)}")
    return {lang: str(value[lang]).strip() for lang in SUPPORTED_LANGUAGES}


def _redirect(patterns: Any, intent: str) -> re.Pattern[str]:
    texts = _localized(patterns, f"redirect {intent}")
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
            language, an id is repeated, a topic refers to an unknown fact, or a redirect
            is not a valid regular expression.
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
            urgent=entry.get("urgent") is True,
        )
    return FactBase(
        source_titles=source_titles,
        facts=facts,
        conditions=_topics(document.get("conditions", []), facts, "condition"),
        drugs=_topics(document.get("drugs", []), facts, "drug"),
        gaps={key: _localized(text, f"gap {key}") for key, text in document.get("gaps", {}).items()},
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


def parse_clinic(document: Mapping[str, Any]) -> ClinicInfo:
    """Validates the parsed `clinic.yml`.

    Args:
        document: The parsed YAML mapping.

    Returns:
        The clinic information.

    Raises:
        KnowledgeError: if a field is missing or lacks a language.
    """
    for key in ("phone", "email", "booking_url"):
        if not str(document.get(key) or "").strip():
            raise KnowledgeError(f"clinic.yml: '{key}' is required")
    return ClinicInfo(
        name=_localized(document.get("name"), "clinic.yml name"),
        phone=str(document["phone"]),
        email=str(document["email"]),
        booking_url=str(document["booking_url"]),
        hours=_localized(document.get("hours"), "clinic.yml hours"),
        emergency_numbers=_localized(document.get("emergency_numbers"), "clinic.yml emergency_numbers"),
    )


def parse_guidance(document: Mapping[str, Any]) -> ClinicGuidance:
    """Builds and validates the clinic's safety guidance from its parsed YAML document.

    Args:
        document: The parsed `clinic_guidance.yml`.

    Returns:
        The guidance; `confirmed` only when it is set to true and names who signed it off.

    Raises:
        KnowledgeError: if a text lacks a language, or it is confirmed without a signatory.
    """
    confirmed = document.get("confirmed") is True
    if confirmed and not str(document.get("signed_off_by") or "").strip():
        raise KnowledgeError("clinic guidance: `confirmed: true` needs `signed_off_by`")
    answers = document.get("answers") or {}
    return ClinicGuidance(
        confirmed=confirmed,
        label=_localized(document.get("label"), "guidance label"),
        urgent_signs=_localized(document.get("urgent_signs"), "guidance urgent_signs"),
        answers={intent: _localized(text, f"guidance answer {intent}") for intent, text in answers.items()},
    )
