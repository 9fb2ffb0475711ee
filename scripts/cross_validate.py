"""K-fold cross-validation of the NLU pipeline on the training data, reported per language.

The figures say how well the data is learnt, not how well the assistant understands patients:
that is what the blind sets in tests/nlu_eval measure (`make eval`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections import Counter
from pathlib import Path

from rasa.core.agent import Agent
from rasa.model_training import train_nlu
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.log_utils import configure_structlog
from sklearn.model_selection import StratifiedKFold

from clinic.language import detect_language

PROJECT_ROOT = Path(__file__).resolve().parent.parent


async def score_fold(model: str, test: TrainingData) -> Counter[tuple[str, bool]]:
    """Counts (language, correct) over the held-out fold."""
    agent = Agent.load(model)
    counts: Counter[tuple[str, bool]] = Counter()
    for message in test.intent_examples:
        parsed = await agent.parse_message(message.get("text"))
        language = detect_language(message.get("text")) or "other"
        counts[(language, parsed["intent"]["name"] == message.get("intent"))] += 1
    return counts


def main() -> int:
    """Trains one model per fold and prints accuracy per language."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    examples = data.intent_examples
    labels = [message.get("intent") for message in examples]
    totals: Counter[tuple[str, bool]] = Counter()
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)
    with tempfile.TemporaryDirectory() as workdir:
        for number, (train_index, test_index) in enumerate(folds.split(examples, labels), start=1):
            train_file = Path(workdir) / f"train-{number}.yml"
            train_file.write_text(TrainingData([examples[i] for i in train_index]).nlu_as_yaml(), encoding="utf-8")
            model = train_nlu(
                str(PROJECT_ROOT / "config.yml"), str(train_file), workdir, fixed_model_name=f"fold{number}"
            )
            if model is None:
                print(f"fold {number}: training failed")
                return 1
            totals += asyncio.run(score_fold(model, TrainingData([examples[i] for i in test_index])))
    print(f"\n{args.folds}-fold cross-validation on the training data")
    print("| language | messages | accuracy |\n| --- | ---: | ---: |")
    # "other": examples in Latin letters (Latin-letter Russian, Arabizi), by their script.
    for language in ("ru", "ar", "other"):
        total = totals[(language, True)] + totals[(language, False)]
        if total:
            print(f"| {language} | {total} | {totals[(language, True)] / total:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
