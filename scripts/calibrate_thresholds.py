"""Chooses the fallback threshold per language on a development set (by default blind set A).

For each language, the lowest threshold at which confidently wrong answers stay within the
target; prints the sweep so the trade against "did you mean...?" questions is visible. The
final figures are never taken from the set used here.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from rasa.core.agent import Agent
from rasa.utils.log_utils import configure_structlog

from scripts.evaluation_sets import LANGUAGES, load_set

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FALLBACK = "nlu_fallback"


async def predictions(model: Path, name: str, language: str) -> list[tuple[frozenset[str], str, float, bool]]:
    """(accepted intents, classifier's intent, its confidence, decided by a rule) per message."""
    agent = Agent.load(str(model))
    found = []
    for item in load_set(name, language):
        parsed = await agent.parse_message(item.text)
        ranking = [entry for entry in parsed["intent_ranking"] if entry["name"] != FALLBACK]
        top = ranking[0] if ranking else {"name": FALLBACK, "confidence": 0.0}
        by_rule = bool(parsed.get("red_flags"))
        chosen = parsed["intent"] if by_rule else top
        found.append((item.accept, str(chosen["name"]), float(str(chosen["confidence"])), by_rule))
    return found


def sweep(found: list[tuple[frozenset[str], str, float, bool]], threshold: float) -> tuple[float, float]:
    """Accuracy and confidently wrong share at one threshold."""
    correct = wrong = 0
    for accept, intent, confidence, by_rule in found:
        if by_rule or confidence >= threshold:
            correct += intent in accept
            wrong += intent not in accept
    return correct / len(found), wrong / len(found)


def main() -> int:
    """Prints the sweep and the chosen threshold per language."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--set", default="blind_a")
    parser.add_argument("--max-wrong", type=float, default=0.02)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    for language in LANGUAGES:
        found = asyncio.run(predictions(args.model, args.set, language))
        thresholds = [round(0.2 + 0.02 * step, 2) for step in range(31)]
        print(f"\n{language}: threshold accuracy confidently_wrong")
        chosen = None
        for threshold in thresholds:
            accuracy, wrong = sweep(found, threshold)
            print(f"  {threshold:.2f} {accuracy:.3f} {wrong:.3f}")
            if chosen is None and wrong <= args.max_wrong:
                chosen = threshold
        print(f"{language}: lowest threshold with confidently wrong <= {args.max_wrong}: {chosen}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
