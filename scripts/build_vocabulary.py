"""Writes the word lists that tell Latin-letter Russian and Arabizi apart (knowledge/vocabulary).

Every normalised Cyrillic or Arabic word of the training data, one per line, sorted. With
--check, exits 1 when the committed lists differ from what the training data gives.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from clinic.normalization import normalize_text
from clinic.romanized import VOCABULARY_DIR

TRAINING_DIR = Path(__file__).resolve().parent.parent / "data" / "nlu"
NATIVE_WORD = {"ru": re.compile(r"[а-я]+"), "ar": re.compile(r"[\u0621-\u064A]+")}


def vocabulary(language: str) -> str:
    """Returns the word list of one language as file text."""
    words: set[str] = set()
    for path in sorted((TRAINING_DIR / language).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block.get("examples", "").splitlines():
                words.update(NATIVE_WORD[language].findall(normalize_text(line.removeprefix("- "))))
    return "\n".join(sorted(words)) + "\n"


def main() -> int:
    """Writes (or with --check, compares) both word lists."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when a committed list is out of date")
    args = parser.parse_args()
    stale = []
    for language in ("ru", "ar"):
        path = VOCABULARY_DIR / f"{language}.txt"
        text = vocabulary(language)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run `make vocabulary`): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
