"""Plays the blind multi-turn dialogues (tests/dialogue_eval) over REST and scores every turn.

    python -m scripts.evaluate_dialogues               # starts the assistant as `make run` does
    python -m scripts.evaluate_dialogues --url URL     # against a running one (raise its per-address limit)

Each dialogue is one new conversation. Reported per set and language: right turns, "did you
mean...?" instead of an answer, wrong turns, and the urgent turns answered urgently; with
`--failures`, what went wrong in each failing turn.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import requests
import yaml

from ops.local_stack import UNLIMITED_ADDRESS, isolated_config
from ops.stack import PROJECT_ROOT, Stack
from scripts.dialogue_scoring import CLARIFIED, RIGHT, Verdict, score_turn

SETS_DIR = PROJECT_ROOT / "tests" / "dialogue_eval"
# The bar: at least this share of turns right in each language.
MIN_RIGHT = 0.90
RASA_PORT, ACTION_PORT = 5915, 5965


@dataclass
class Tally:
    """Counts for one set in one language."""

    turns: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    urgent: int = 0
    urgent_found: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, turn: dict[str, Any], verdict: Verdict, where: str) -> None:
        """Counts one scored turn."""
        self.turns += 1
        self.outcomes[verdict.outcome] += 1
        if turn["expect"] == "urgent":
            self.urgent += 1
            self.urgent_found += verdict.outcome == RIGHT
        if verdict.outcome != RIGHT:
            self.failures.append(f"{where} [{verdict.outcome}] {turn['text']!r}: {verdict.why}")

    def share(self, outcome: str) -> float:
        """The share of turns with this outcome."""
        return self.outcomes[outcome] / self.turns if self.turns else 0.0


def dialogues(path: Path) -> list[dict[str, Any]]:
    """The dialogues of one set file."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["dialogues"])


def play(url: str, dialogue: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, list[dict[str, Any]]]]:
    """Sends a dialogue's turns as one new conversation; yields each turn, its language and the reply."""
    sender = f"eval-{dialogue['id']}-{uuid.uuid4().hex[:8]}"
    for turn in dialogue["turns"]:
        response = requests.post(url, json={"sender": sender, "message": turn["text"]}, timeout=60)
        response.raise_for_status()
        yield turn, turn.get("lang") or dialogue["lang"], response.json()


def evaluate(url: str, paths: list[Path]) -> dict[tuple[str, str], Tally]:
    """Plays every dialogue of the sets; counts per (set, language of the turn)."""
    tallies: dict[tuple[str, str], Tally] = {}
    for path in paths:
        for dialogue in dialogues(path):
            for number, (turn, language, reply) in enumerate(play(url, dialogue), start=1):
                tally = tallies.setdefault((path.stem, language), Tally())
                tally.add(turn, score_turn(turn, language, reply), f"{dialogue['id']}#{number}")
    return tallies


def per_language(tallies: dict[tuple[str, str], Tally]) -> dict[str, Tally]:
    """The counts of every set added up per language."""
    totals: dict[str, Tally] = {}
    for (_, language), tally in sorted(tallies.items()):
        total = totals.setdefault(language, Tally())
        total.turns += tally.turns
        total.outcomes.update(tally.outcomes)
        total.urgent += tally.urgent
        total.urgent_found += tally.urgent_found
    return totals


def report(tallies: dict[tuple[str, str], Tally], failures: bool) -> bool:
    """Prints the table (and the failures); returns whether each language reaches `MIN_RIGHT`."""
    print("| set | language | turns | right | did you mean | wrong | urgent answered |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for (name, language), tally in sorted(tallies.items()):
        _row(name, language, tally)
    totals = per_language(tallies)
    for language, total in sorted(totals.items()):
        _row("**all**", language, total)
    if failures:
        for (name, language), tally in sorted(tallies.items()):
            print(f"\n{name} / {language}:", *tally.failures, sep="\n  ")
    below = [
        f"{language} ({total.share(RIGHT):.3f})" for language, total in totals.items() if total.share(RIGHT) < MIN_RIGHT
    ]
    if below:
        print(f"\nBelow {MIN_RIGHT:.0%} of turns right: {', '.join(below)}")
    return not below


def _row(name: str, language: str, tally: Tally) -> None:
    print(
        f"| {name} | {language} | {tally.turns} | {tally.share(RIGHT):.3f} | {tally.share(CLARIFIED):.3f} "
        f"| {1 - tally.share(RIGHT) - tally.share(CLARIFIED):.3f} | {tally.urgent_found}/{tally.urgent} |"
    )


def main() -> int:
    """Runs the evaluation; exit status 1 below the bar in either language."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running assistant's REST webhook; by default one is started")
    parser.add_argument("--failures", action="store_true", help="list what went wrong in each failing turn")
    parser.add_argument("sets", nargs="*", type=Path, default=sorted(SETS_DIR.glob("*.yml")))
    args = parser.parse_args()
    if args.url:
        return 0 if report(evaluate(args.url, args.sets), args.failures) else 1
    with tempfile.TemporaryDirectory() as workdir:
        config = isolated_config(Path(workdir), RASA_PORT, ACTION_PORT, extra_env=UNLIMITED_ADDRESS, site_port=None)
        with Stack(config) as stack:
            passed = report(evaluate(stack.config.rest_url, args.sets), args.failures)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
