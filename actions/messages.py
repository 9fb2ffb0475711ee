"""The catalogue of non-medical texts (`knowledge/messages.yml`) and the messages the bot sends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from actions.language import SUPPORTED_LANGUAGES

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


def parse_catalog(document: Mapping[str, Any]) -> MessageCatalog:
    """Builds the catalogue from its parsed YAML document, checking both languages exist.

    Args:
        document: The parsed `messages.yml`.

    Returns:
        The catalogue.

    Raises:
        ValueError: if a message or topic lacks a language, or a starter topic has no title.
    """
    entries = {key: value for key, value in document.items() if key not in ("topics", "starter_topics")}
    for key, value in [*entries.items(), *document.get("topics", {}).items()]:
        if any(not str(value.get(lang) or "").strip() for lang in SUPPORTED_LANGUAGES):
            raise ValueError(f"messages.yml: '{key}' needs a text in each of {SUPPORTED_LANGUAGES}")
    starters = tuple(document.get("starter_topics") or ())
    unknown = [intent for intent in starters if intent not in document.get("topics", {})]
    if unknown:
        raise ValueError(f"messages.yml: starter topics without a title: {unknown}")
    return MessageCatalog(texts=entries, topics=document.get("topics", {}), starter_topics=starters)


def load_catalog(path: Path) -> MessageCatalog:
    """Reads `messages.yml`."""
    with path.open(encoding="utf-8") as handle:
        return parse_catalog(yaml.safe_load(handle))
