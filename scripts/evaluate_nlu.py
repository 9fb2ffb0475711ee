"""NLU evaluation on the held-out set in tests/nlu_eval: per-language accuracy and errors.

"Confidently wrong" means the assistant would answer a different topic than the one asked
(a wrong intent above the fallback threshold); a fallback ("did you mean...?") is not
confidently wrong, but it does not count as correct either.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog

from actions.normalization import normalize_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = PROJECT_ROOT / "tests" / "nlu_eval"
TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
FALLBACK = "nlu_fallback"
MIN_ACCURACY = 0.90
MAX_CONFIDENTLY_WRONG = 0.05


@dataclass
class LanguageResult:
    """Evaluation counts for one language."""

    language: str
    total: int = 0
    correct: int = 0
    fallback: int = 0
    wrong: list[tuple[str, str, str, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of messages classified as their labelled intent."""
        return self.correct / self.total if self.total else 0.0

    @property
    def confidently_wrong(self) -> float:
        """Share of messages given a wrong intent above the fallback threshold."""
        return len(self.wrong) / self.total if self.total else 0.0


def examples(path: Path) -> list[tuple[str, str]]:
    """Reads (text, intent) pairs from a Rasa NLU YAML file or folder."""
    data = load_data(str(path))
    return [(message.get("text"), message.get("intent")) for message in data.intent_examples]


def overlap_with_training(evaluation: list[tuple[str, str]]) -> list[str]:
    """Returns held-out messages that also appear (normalised) in the training data."""
    training = {normalize_text(text) for text, _ in examples(TRAINING_DIR)}
    return [text for text, _ in evaluation if normalize_text(text) in training]


async def evaluate(agent: Agent, language: str, evaluation: list[tuple[str, str]]) -> LanguageResult:
    """Classifies every held-out message of one language and counts the outcomes."""
    result = LanguageResult(language)
    for text, gold in evaluation:
        parsed = await agent.parse_message(text)
        predicted = parsed["intent"]["name"]
        result.total += 1
        if predicted == gold:
            result.correct += 1
        elif predicted == FALLBACK:
            result.fallback += 1
        else:
            result.wrong.append((text, gold, predicted, float(parsed["intent"]["confidence"])))
    return result


def report(results: list[LanguageResult], verbose: bool) -> str:
    """Formats the results as a table, optionally with every confidently wrong message."""
    lines = [
        "| language | messages | accuracy | fallback (did you mean) | confidently wrong |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r.language} | {r.total} | {r.accuracy:.3f} | {r.fallback / r.total:.3f} | {r.confidently_wrong:.3f} |"
        )
    for r in results:
        confusions = Counter((gold, predicted) for _, gold, predicted, _ in r.wrong)
        if confusions:
            top = ", ".join(f"{gold}→{predicted} ×{n}" for (gold, predicted), n in confusions.most_common(5))
            lines.append(f"\n{r.language}: most frequent confusions: {top}")
        if verbose:
            lines += [f"  {gold:>24} → {predicted:<24} {conf:.2f}  {text}" for text, gold, predicted, conf in r.wrong]
    return "\n".join(lines)


async def run(model: Path, verbose: bool) -> list[LanguageResult]:
    """Loads the model once and evaluates both languages."""
    agent = Agent.load(str(model))
    return [await evaluate(agent, lang, examples(EVAL_DIR / f"{lang}.yml")) for lang in ("ru", "ar")]


def main() -> int:
    """Command line entry point; with --check, exits 1 when a threshold is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--check", action="store_true", help="fail below the accuracy/error thresholds")
    parser.add_argument("--verbose", action="store_true", help="list every confidently wrong message")
    args = parser.parse_args()
    # Rasa's structured logger prints every parsed message at debug level: keep patient-like
    # text out of the output and show only the report.
    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)

    leaked = [text for lang in ("ru", "ar") for text in overlap_with_training(examples(EVAL_DIR / f"{lang}.yml"))]
    if leaked:
        print(f"error: {len(leaked)} held-out messages are also in the training data: {leaked[:5]}")
        return 1
    results = asyncio.run(run(args.model, args.verbose))
    print(report(results, args.verbose))
    failures = [
        f"{r.language}: accuracy {r.accuracy:.3f} < {MIN_ACCURACY} or confidently wrong "
        f"{r.confidently_wrong:.3f} > {MAX_CONFIDENTLY_WRONG}"
        for r in results
        if r.accuracy < MIN_ACCURACY or r.confidently_wrong > MAX_CONFIDENTLY_WRONG
    ]
    if args.check and failures:
        print("NLU evaluation below threshold:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
