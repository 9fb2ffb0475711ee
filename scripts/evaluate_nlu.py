"""NLU evaluation per set and language: accuracy, confidently wrong, emergencies, false alarms.

"Confidently wrong" means the assistant would answer a different topic than the one asked
(an intent outside the accepted ones, above the fallback threshold); a fallback ("did you
mean...?") is not confidently wrong, but it does not count as correct either. Emergency
recall counts emergencies classified `report_emergency`; a false alarm is a benign symptom
mention classified so. The REST end-to-end check of both is tests/e2e/test_emergency_recall.py.
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

from clinic.contract import EMERGENCY_INTENT
from clinic.normalization import normalize_text
from scripts.evaluation_sets import BENIGN, EMERGENCY, LANGUAGES, EvalItem, available_sets, load_set

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
FALLBACK = "nlu_fallback"
# (minimum accuracy, maximum confidently wrong) per set: `make test` fails below them. The floors sit
# a little under what the sets measure today (README, "Evaluation"); the public sets, mostly article
# headings and consultations about a disease itself, are far from the 0.93 / 0.03 target and are
# held where they stand (2026-12-01, round 12: its Russian data written by register, which lifted
# every dialogue set and final sets B, D and E in Russian, and the Russian threshold cost public set A
# one Russian message, public set B three Russian and three Arabic ones, public set C one Russian
# one; 2026-12-01, round 15: its data cost public set B one Arabic message; round 16: public set C one
# Arabic message, while it gained two Russian ones; round 17: public set A one Arabic message, a
# three-question message whose whole-message guess became the drugs topic, while it gained two
# Arabic and one Russian). The safety sets hold only
# emergencies and benign symptom mentions: recall and false alarms count there.
THRESHOLDS = {
    "own": (0.90, 0.05),
    "blind_a": (0.93, 0.03),
    "public": (0.78, 0.085),
    "final": (0.93, 0.03),
    "final_b": (0.91, 0.04),
    "final_c": (0.88, 0.05),
    "final_d": (0.90, 0.05),
    "final_e": (0.93, 0.03),
    "public_b": (0.49, 0.24),
    "public_c": (0.65, 0.24),
    "safety_b": (0.0, 1.0),
    "safety_c": (0.0, 1.0),
    "safety_d": (0.0, 1.0),
    "safety_e": (0.0, 1.0),
    "safety_f": (0.0, 1.0),
}
MIN_EMERGENCY_RECALL = 1.0
MAX_FALSE_ALARMS = 0.02


@dataclass
class SetResult:
    """Evaluation counts for one set in one language."""

    name: str
    language: str
    total: int = 0
    correct: int = 0
    fallback: int = 0
    wrong: list[tuple[str, str, str, float]] = field(default_factory=list)
    emergencies: int = 0
    emergencies_found: int = 0
    benign: int = 0
    false_alarms: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of messages given an accepted intent."""
        return self.correct / self.total if self.total else 0.0

    @property
    def confidently_wrong(self) -> float:
        """Share of messages given a wrong intent above the fallback threshold."""
        return len(self.wrong) / self.total if self.total else 0.0

    @property
    def emergency_recall(self) -> float:
        """Share of emergencies classified as such (1.0 when the set has none)."""
        return self.emergencies_found / self.emergencies if self.emergencies else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of benign symptom mentions classified as emergencies."""
        return self.false_alarms / self.benign if self.benign else 0.0

    def add(self, item: EvalItem, predicted: str, confidence: float) -> None:
        """Counts one classified message."""
        self.total += 1
        if predicted in item.accept:
            self.correct += 1
        elif predicted == FALLBACK:
            self.fallback += 1
        else:
            self.wrong.append((item.text, "/".join(sorted(item.accept)), predicted, confidence))
        if item.kind == EMERGENCY:
            self.emergencies += 1
            self.emergencies_found += predicted == EMERGENCY_INTENT
            if predicted != EMERGENCY_INTENT:
                self.missed.append(item.text)
        elif item.kind == BENIGN:
            self.benign += 1
            self.false_alarms += predicted == EMERGENCY_INTENT


def training_texts() -> set[str]:
    """Every training example, normalised."""
    data = load_data(str(TRAINING_DIR))
    return {normalize_text(message.get("text")) for message in data.intent_examples}


async def evaluate(agent: Agent, name: str, language: str, items: list[EvalItem]) -> SetResult:
    """Classifies every message of one set and language and counts the outcomes."""
    result = SetResult(name, language)
    for item in items:
        parsed = await agent.parse_message(item.text)
        result.add(item, parsed["intent"]["name"], float(parsed["intent"]["confidence"]))
    return result


def report(results: list[SetResult], verbose: bool) -> str:
    """Formats the results as a table, optionally with every error."""
    lines = [
        "| set | language | messages | accuracy | fallback | confidently wrong | emergency recall | false alarms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.language} | {r.total} | {r.accuracy:.3f} | {r.fallback / r.total:.3f} | "
            f"{r.confidently_wrong:.3f} | {r.emergencies_found}/{r.emergencies} | {r.false_alarms}/{r.benign} |"
        )
    for r in results:
        confusions = Counter((gold, predicted) for _, gold, predicted, _ in r.wrong)
        if confusions:
            top = ", ".join(f"{gold}→{predicted} ×{n}" for (gold, predicted), n in confusions.most_common(6))
            lines.append(f"\n{r.name} {r.language}: most frequent confusions: {top}")
        if verbose:
            lines += [f"  {gold:>24} → {predicted:<24} {conf:.2f}  {text}" for text, gold, predicted, conf in r.wrong]
            lines += [f"  MISSED EMERGENCY  {text}" for text in r.missed]
    return "\n".join(lines)


def failures(results: list[SetResult]) -> list[str]:
    """Every threshold a result misses, as readable lines."""
    found = []
    for r in results:
        min_accuracy, max_wrong = THRESHOLDS[r.name]
        if r.accuracy < min_accuracy or r.confidently_wrong > max_wrong:
            found.append(
                f"{r.name} {r.language}: accuracy {r.accuracy:.3f} (min {min_accuracy}), "
                f"confidently wrong {r.confidently_wrong:.3f} (max {max_wrong})"
            )
        if r.emergency_recall < MIN_EMERGENCY_RECALL or r.false_alarm_rate > MAX_FALSE_ALARMS:
            recall, alarms = r.emergency_recall, r.false_alarm_rate
            found.append(f"{r.name} {r.language}: emergency recall {recall:.3f}, false alarms {alarms:.3f}")
    return found


async def run(model: Path, sets: list[str], verbose: bool) -> list[SetResult]:
    """Loads the model once and evaluates every set in both languages.

    A message that is also a training example (independent writers do meet on "да" or
    "Больно?") measures memory, not understanding: it is left out, and the count is printed.
    """
    agent = Agent.load(str(model))
    training = training_texts()
    results = []
    for name in sets:
        for lang in LANGUAGES:
            items = load_set(name, lang)
            unseen = [item for item in items if normalize_text(item.text) not in training]
            if len(unseen) < len(items):
                print(f"{name} {lang}: {len(items) - len(unseen)} messages also in the training data, left out")
            results.append(await evaluate(agent, name, lang, unseen))
    return results


def main() -> int:
    """Command line entry point; with --check, exits 1 when a threshold is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--sets", nargs="*", help="set names (default: every set on disk)")
    parser.add_argument("--check", action="store_true", help="fail below the thresholds")
    parser.add_argument("--verbose", action="store_true", help="list every error")
    args = parser.parse_args()
    # Rasa's structured logger prints every parsed message at debug level: keep patient-like
    # text out of the output and show only the report.
    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)

    results = asyncio.run(run(args.model, args.sets or available_sets(), args.verbose))
    print(report(results, args.verbose))
    missed = failures(results)
    if args.check and missed:
        print("NLU evaluation below threshold:\n  " + "\n  ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
