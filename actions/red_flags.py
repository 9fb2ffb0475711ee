"""Deterministic red-flag check: symptoms that always get the urgent answer.

The rules live in `knowledge/red_flags.yml` so clinicians can review them without reading
code; this module compiles them once and matches normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from actions.normalization import normalize_text

# A word start, allowing the Arabic conjunctions و/ف written together with the next word.
_WORD_START = r"(?<!\w)(?:[وف](?=\w))?"


@dataclass(frozen=True)
class RedFlagRules:
    """Compiled red-flag rules: one list of regular expressions per symptom category."""

    patterns: Mapping[str, tuple[re.Pattern[str], ...]]

    def find(self, text: str) -> list[str]:
        """Finds the red-flag categories a message mentions.

        Args:
            text: Raw user text; it is normalised here.

        Returns:
            The matching categories (e.g. "swallowing"), in rule-file order; empty if none.
        """
        normalized = normalize_text(text)
        return [
            category
            for category, expressions in self.patterns.items()
            if any(expression.search(normalized) for expression in expressions)
        ]


def _near(cue: str, target: str, window: int) -> re.Pattern[str]:
    between = rf"\S*(?:\s+\S+){{0,{window - 1}}}\s+"
    cue_group = f"{_WORD_START}(?:{cue})"
    target_group = f"{_WORD_START}(?:{target})"
    return re.compile(f"{cue_group}{between}{target_group}|{target_group}{between}{cue_group}")


def compile_rules(document: Mapping[str, Any]) -> RedFlagRules:
    """Compiles the rule document (the parsed YAML file) into regular expressions.

    Args:
        document: Mapping with `window`, named `cues` and `red_flags` per category.

    Returns:
        The compiled rules.
    """
    window = int(document["window"])
    cues: Mapping[str, str] = document["cues"]
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for category, rule in document["red_flags"].items():
        expressions = [
            _near(cues.get(pair["cue"], pair["cue"]), pair["target"], window) for pair in rule.get("near", [])
        ]
        expressions += [re.compile(f"{_WORD_START}(?:{p})") for p in rule.get("patterns", [])]
        compiled[category] = tuple(expressions)
    return RedFlagRules(patterns=compiled)


def load_rules(path: Path) -> RedFlagRules:
    """Reads and compiles the red-flag rule file.

    Args:
        path: Path to `red_flags.yml`.

    Returns:
        The compiled rules.
    """
    with path.open(encoding="utf-8") as handle:
        return compile_rules(yaml.safe_load(handle))
