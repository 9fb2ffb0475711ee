from clinic.romanized import VOCABULARY_DIR
from scripts.build_vocabulary import vocabulary


def test_the_committed_word_lists_match_the_training_data():
    for language in ("ru", "ar"):
        committed = (VOCABULARY_DIR / f"{language}.txt").read_text(encoding="utf-8")
        assert committed == vocabulary(language), f"run `make vocabulary` ({language})"
