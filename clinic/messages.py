"""The catalogue of non-medical texts (`knowledge/messages.yml`) and the messages the bot sends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from clinic.language import SUPPORTED_LANGUAGES

Localized = Mapping[str, str]


@dataclass(frozen=True)
class Button:
    """A quick-reply button: its title and the payload it sends back."""

    title: str
    payload: str


@dataclass(frozen=True)
class OutgoingMessage:
    """One bot message; `custom` carries machine-readable data (e.g. the urgent marker)."""

    text: str
    buttons: tuple[Button, ...] = ()
    custom: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class MessageCatalog:
    """Localised message templates, topic titles and the topics a conversation starts with."""

    texts: Mapping[str, Localized]
    topics: Mapping[str, Localized]
    starter_topics: tuple[str, ...] = ()

    def text(self, key: str, language: str, **values: Any) -> str:
        """Renders one message in one language.

        Args:
            key: Message key in the catalogue.
            language: "ru" or "ar".
            **values: Values for the placeholders of the template.

        Returns:
            The rendered text.
        """
        return self.texts[key][language].format(**values)

    def topic(self, intent: str, language: str) -> str:
        """Returns the short title of a topic (used on suggestion buttons)."""
        return self.topics[intent][language]


def parse_catalog(document: Mapping[str, Any], intent_names: Mapping[str, Localized] | None = None) -> MessageCatalog:
    """Builds the catalogue from its parsed YAML document, checking both languages exist.

    Args:
        document: The parsed `messages.yml` (or `interface.yml`, which has no topics).
        intent_names: The intents' names (`intents.yml`), the titles of the topics.

    Returns:
        The catalogue.

    Raises:
        ValueError: if a message or intent name lacks a language, or a topic has no name.
    """
    names = intent_names or {}
    entries = {key: value for key, value in document.items() if key not in ("topics", "starter_topics")}
    for key, value in [*entries.items(), *names.items()]:
        if any(not str(value.get(lang) or "").strip() for lang in SUPPORTED_LANGUAGES):
            raise ValueError(f"'{key}' needs a text in each of {SUPPORTED_LANGUAGES}")
    topics = {intent: names.get(intent) for intent in document.get("topics") or ()}
    starters = tuple(document.get("starter_topics") or ())
    unnamed = [intent for intent, name in topics.items() if not name] + [i for i in starters if i not in topics]
    if unnamed:
        raise ValueError(f"messages.yml: topics without a name in intents.yml: {unnamed}")
    return MessageCatalog(
        texts=entries, topics={intent: name for intent, name in topics.items() if name}, starter_topics=starters
    )


def load_intent_names(path: Path) -> dict[str, Localized]:
    """Reads `intents.yml`: each intent's human name per language."""
    with path.open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def load_catalog(path: Path, intent_names_path: Path | None = None) -> MessageCatalog:
    """Reads a catalogue (`messages.yml` with the topics named in `intents.yml`, or `interface.yml`)."""
    names = load_intent_names(intent_names_path) if intent_names_path else None
    with path.open(encoding="utf-8") as handle:
        return parse_catalog(yaml.safe_load(handle), names)
