"""Entity evaluation on tests/nlu_eval/entities.yml: conditions and drugs, per language.

Compares the gazetteer as the assistant runs it (keys from pymorphy2 lemmas and Arabic
clitic stripping) with the same names matched on normalised surface forms only, which is
what a plain lookup table would do. Matches are compared by (entity, value) per message.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from clinic.knowledge import process_knowledge
from clinic.language import detect_language
from clinic_nlu.gazetteer import build_patterns, find_entities, word_keys
from clinic_nlu.morphology import Word, shared_morphology
from clinic_nlu.tokenizer import MATCH_KEYS, BilingualTokenizer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENTITY_FILE = PROJECT_ROOT / "tests" / "nlu_eval" / "entities.yml"
MIN_RECALL = 0.85
MIN_PRECISION = 0.90


@dataclass
class Score:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of found entities that are right."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of annotated entities that were found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def surface_keys(word: Word) -> frozenset[str]:
    """Only the normalised surface form: what a plain lookup table would match."""
    return frozenset({word.text})


def _tokens(tokenizer: BilingualTokenizer, text: str, morphological: bool) -> list[Token]:
    tokens = tokenizer.tokenize(Message({TEXT: text}), TEXT)
    if not morphological:
        for token in tokens:
            token.set(MATCH_KEYS, frozenset({token.text}))
    return tokens


def evaluate(morphological: bool) -> dict[str, Score]:
    """Scores the gazetteer on the annotated file, with or without morphological keys."""
    keys = word_keys if morphological else surface_keys
    patterns = build_patterns(process_knowledge().facts, shared_morphology(), keys)
    tokenizer = BilingualTokenizer(BilingualTokenizer.get_default_config())
    scores = {"ru": Score(), "ar": Score()}
    for message in load_data(str(ENTITY_FILE)).training_examples:
        text = message.get(TEXT)
        gold = Counter((e["entity"], e["value"]) for e in message.get("entities") or [])
        tokens = _tokens(tokenizer, text, morphological)
        found = Counter((m.entity, m.value) for m in find_entities(tokens, text, patterns))
        score = scores[detect_language(text) or "ru"]
        score.tp += sum((gold & found).values())
        score.fp += sum((found - gold).values())
        score.fn += sum((gold - found).values())
    return scores


def main() -> int:
    """Prints both variants; with --check, fails when the assistant's variant is below target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail below the precision/recall thresholds")
    args = parser.parse_args()
    lines = ["| entities | language | precision | recall |", "| --- | --- | --- | --- |"]
    results = {variant: evaluate(variant == "lemmas") for variant in ("lemmas", "surface")}
    for variant, scores in results.items():
        label = "lemmas + clitics (assistant)" if variant == "lemmas" else "surface forms only"
        lines += [f"| {label} | {lang} | {s.precision:.3f} | {s.recall:.3f} |" for lang, s in scores.items()]
    print("\n".join(lines))
    failing = [
        lang
        for lang, score in results["lemmas"].items()
        if score.recall < MIN_RECALL or score.precision < MIN_PRECISION
    ]
    if args.check and failing:
        print(f"entity evaluation below precision {MIN_PRECISION} / recall {MIN_RECALL} for: {failing}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
