"""Fixtures shared by every test: the real knowledge files and the real analyser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clinic.knowledge import Knowledge, process_knowledge

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return process_knowledge()


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def faq_intents(domain: dict) -> list[str]:
    return [intent for intent in domain["intents"] if intent.startswith("ask_")]
