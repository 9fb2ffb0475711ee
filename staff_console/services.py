"""The services every console view uses: settings, databases, accounts and the conversation index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.engine import Engine

from clinic.messages import Localized, load_intent_names
from clinic.settings import PROJECT_ROOT, Settings
from staff_console import i18n
from staff_console.accounts import AccountStore
from staff_console.indexer import ConversationIndex


@dataclass
class Console:
    """The services every view uses."""

    settings: Settings
    console_db: Engine
    tracker_db: Engine
    accounts: AccountStore
    index: ConversationIndex
    zone: ZoneInfo

    @cached_property
    def intents(self) -> tuple[str, ...]:
        """The intents of the assistant's domain, for filters and corrections."""
        with (PROJECT_ROOT / "domain.yml").open(encoding="utf-8") as handle:
            return tuple(yaml.safe_load(handle)["intents"])

    @cached_property
    def intent_names(self) -> dict[str, Localized]:
        """Each intent's human name per language (`knowledge/intents.yml`)."""
        return load_intent_names(self.settings.knowledge_dir / "intents.yml")

    def intent_label(self, intent: str) -> str:
        """An intent's name in the page's language."""
        return i18n.intent_labeller(self.intent_names)(intent)

    def today(self) -> dt.date:
        """Today in the clinic's time zone."""
        return dt.datetime.now(self.zone).date()
