"""The frozen evaluation sets under tests/nlu_eval, read into one shape.

`own` is the team's first held-out set (Rasa NLU YAML, one intent per message). The blind sets
(`blind_a`, `public`, `final`) are lists of items with every acceptable intent, the kind of
message (question, out_of_scope, emergency, benign_symptom...) and the register; each folder's
README says who wrote it and how.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.loading import load_data

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "nlu_eval"
LANGUAGES = ("ru", "ar")
BLIND_SETS = (
    "blind_a",
    "public",
    "final",
    "final_b",
    "final_c",
    "final_d",
    "final_e",
    "public_b",
    "public_c",
    "safety_b",
    "safety_c",
    "safety_d",
    "safety_e",
    "safety_f",
)
EMERGENCY = "emergency"
BENIGN = "benign_symptom"


@dataclass(frozen=True)
class EvalItem:
    """One evaluation message and what would be a right answer to it."""

    text: str
    language: str
    accept: frozenset[str]
    kind: str
    register: str = ""


def own_set(language: str) -> list[EvalItem]:
    """Reads the team's first held-out set of one language."""
    data = load_data(str(EVAL_DIR / f"{language}.yml"))
    return [
        EvalItem(
            text=message.get("text"),
            language=language,
            accept=frozenset({message.get("intent")}),
            kind=EMERGENCY if message.get("intent") == "report_emergency" else "question",
        )
        for message in data.intent_examples
    ]


def blind_set(name: str, language: str) -> list[EvalItem]:
    """Reads every file of a blind set folder and keeps the items of one language."""
    items = []
    for path in sorted((EVAL_DIR / name).glob("*.yml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            if raw["lang"] == language:
                items.append(
                    EvalItem(
                        text=str(raw["text"]),
                        language=language,
                        accept=frozenset(raw["accept"]),
                        kind=raw["kind"],
                        register=raw.get("register", ""),
                    )
                )
    return items


def available_sets() -> list[str]:
    """The names of the sets present on disk, the team's own first."""
    return ["own", *(name for name in BLIND_SETS if any((EVAL_DIR / name).glob("*.yml")))]


def load_set(name: str, language: str) -> list[EvalItem]:
    """Reads one set of one language."""
    return own_set(language) if name == "own" else blind_set(name, language)
