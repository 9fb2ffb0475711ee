"""What the replies are built from, loaded once per process: the fact base, the message catalogue, the settings.

The files themselves live in the knowledge folder the settings name (`knowledge/` by default).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from clinic.bidi import isolate_left_to_right
from clinic.fact_base import FactBase, load_fact_base
from clinic.language import SUPPORTED_LANGUAGES
from clinic.messages import MessageCatalog, load_catalog
from clinic.red_flags import RedFlagRules, load_rules
from clinic.settings import Settings, process_settings


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

    def say_in(self, key: str, language: str | None, **values: Any) -> str:
        """The message in `language`, or in every supported language when it is unknown.

        Phone numbers, hours, e-mails and links inside Arabic text are isolated left to right.
        """
        languages = (language,) if language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES
        return isolate_left_to_right("\n\n".join(self.say(key, each, **values) for each in languages))


@functools.cache
def process_knowledge() -> Knowledge:
    """The facts, messages and settings of this process, loaded on first use."""
    settings = process_settings()
    return Knowledge(
        facts=load_fact_base(settings.knowledge_dir / "facts.yml"),
        catalog=load_catalog(settings.knowledge_dir / "messages.yml", settings.knowledge_dir / "intents.yml"),
        settings=settings,
    )


@functools.cache
def process_red_flag_rules() -> RedFlagRules:
    """The red-flag rules of this process, from the knowledge folder the settings name."""
    return load_rules(process_settings().knowledge_dir / "red_flags.yml")
