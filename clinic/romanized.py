"""Russian typed in Latin letters and Arabizi, written back in Cyrillic or Arabic script.

Patients on a phone without a Cyrillic or Arabic keyboard write "skolko stoit botoks" or
"ibni msh 2ader yebla3". Each Latin word is transliterated both ways with a kept library
(cyrtranslit for Russian, arabizikit for Arabizi); the language whose renderings are real
words (pymorphy2's dictionary, or the vocabulary of the training data) wins. A message
that reads as neither, such as English, stays as it is.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import arabizikit
import cyrtranslit
import pymorphy2
import yaml

from clinic.latin_words import (
    ARABIZI_AND,
    ARABIZI_PARTICLES,
    arabizi_variants,
    longer_words,
    mostly_english,
    only_courtesy,
    russian_edits,
    short_vowel_spellings,
)
from clinic.normalization import LATIN_ACCENT_FOLDING, arabic_base_forms, normalize_text

VOCABULARY_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "vocabulary"
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*|[0-9]+[A-Za-z][A-Za-z0-9'’]*")
# Digits that stand for Arabic letters inside a Latin word (3=ع, 7=ح, 5=خ, 2=ء/ق, 9=ق/ص).
_ARABIZI_DIGIT = re.compile(r"(?<=[A-Za-z])[235679]|[235679](?=[A-Za-z])")
# Digits that stand for Russian letters in "4to", "horo6o".
_RUSSIAN_DIGITS = {"4": "ch", "6": "sh"}
_NATIVE_WORD = re.compile(r"[а-я]+|[\u0621-\u064A]+")
_NATIVE_LETTER = re.compile(r"[\u0400-\u04FF\u0600-\u06FF]")
# Drug names are written as the fact base writes them, not letter by letter ("xeomin" is not "كسومين").
_DRUG_RENDERINGS = {
    "ru": {"botox": "ботокс", "dysport": "диспорт", "xeomin": "ксеомин"},
    "ar": {"botox": "بوتوكس", "dysport": "ديسبورت", "xeomin": "زيومين"},
}
_DRUG_NAMES = frozenset(_DRUG_RENDERINGS["ru"])
_DEFINITE_ARTICLE = re.compile(r"(?<!\S)ال\s+(?=[\u0621-\u064A])")
_MIN_COUNTED_LENGTH = 3
# A present-tense verb's person prefix: "تالم" (she hurts) is known through "الم".
_VERB_PREFIXES = frozenset("يتنا")
_MIN_KNOWN_SHARE = 0.5
_ARABIZI_CANDIDATES = 12
_MAX_DROPPED_VOWELS = 2


@dataclass(frozen=True)
class Rendering:
    """One Latin word written in a native script, and whether it is a known word there."""

    text: str
    known: bool


class Romanizer:
    """Detects Latin-letter Russian and Arabizi and writes them in their own script."""

    def __init__(self, vocabulary_dir: Path = VOCABULARY_DIR) -> None:
        """Loads the word lists of both languages and the two transliterators."""
        self._russian = pymorphy2.MorphAnalyzer()
        self._arabizi = arabizikit.Transliterator()
        self._vocabulary = {
            language: frozenset((vocabulary_dir / f"{language}.txt").read_text(encoding="utf-8").split())
            for language in ("ru", "ar")
        }
        self._arabizi_words = arabizi_lexicon(vocabulary_dir / "arabizi.yml")
        # Patients repeat words: each is transliterated once per process.
        self.russian = functools.lru_cache(maxsize=20_000)(self._render_russian)
        self.arabic = functools.lru_cache(maxsize=20_000)(self._render_arabic)

    def _render_russian(self, word: str) -> Rendering:
        """Writes one Latin word in Cyrillic, repairing a lost soft sign or й when that makes a word."""
        latin = "".join(_RUSSIAN_DIGITS.get(char, char) for char in word.lower()).replace("'", "ь")
        cyrillic = cyrtranslit.to_cyrillic(latin, "ru").lower().replace("ё", "е")
        candidates = [cyrillic, *russian_edits(cyrillic)]
        # A dictionary word first: the training data holds typos on purpose ("сколко"), and "skolko"
        # is "сколько".
        for known in (self._in_dictionary, self._is_russian):
            found = next((candidate for candidate in candidates if known(candidate)), None)
            if found is not None:
                return Rendering(found, True)
        return Rendering(cyrillic, False)

    def _render_arabic(self, word: str) -> Rendering:
        """Writes one Arabizi word in Arabic script, preferring a spelling the assistant knows."""
        if word.lower() in self._arabizi_words:
            return Rendering(self._arabizi_words[word.lower()], True)
        per_variant = [
            [
                normalize_text(text)
                for text, _ in self._arabizi.transliterate(variant, top_k=_ARABIZI_CANDIDATES).candidates
            ]
            for variant in arabizi_variants(word)
        ]
        # Rank by rank across the readings, so one reading's tenth guess never beats another's first.
        candidates = [text for rank in itertools.zip_longest(*per_variant) for text in rank if text]
        # Fewest changes first, over all candidates: "sawto" is صوته, not ستّه.
        for level in range(_MAX_DROPPED_VOWELS + 1):
            for candidate in dict.fromkeys(candidates):
                for spelling in short_vowel_spellings(candidate, level):
                    if spelling in self._vocabulary["ar"]:
                        return Rendering(spelling, True)
        return Rendering(candidates[0] if candidates else word, False)

    def _in_dictionary(self, word: str) -> bool:
        return len(word) > 2 and self._russian.word_is_known(word)

    def _is_russian(self, word: str) -> bool:
        return word in self._vocabulary["ru"] or self._in_dictionary(word)

    def language(self, text: str) -> str | None:
        """Says whether a Latin-letter message is Russian ("ru") or Arabizi ("ar").

        Args:
            text: Raw user text.

        Returns:
            "ru" or "ar" when most of its words read as that language; None when the message
            has Cyrillic or Arabic letters, no Latin words, or reads as neither.
        """
        if _NATIVE_LETTER.search(text):
            return None
        latin_words = [word.lower() for word in LATIN_WORD.findall(text.translate(LATIN_ACCENT_FOLDING))]
        longer = longer_words(latin_words)
        if not longer or mostly_english(longer) or only_courtesy(longer):
            return None
        words = [word for word in latin_words if len(word) >= _MIN_COUNTED_LENGTH or word in ARABIZI_PARTICLES]
        if not words:
            return None
        scores = {
            "ru": sum(word not in ARABIZI_PARTICLES and self.russian(word).known for word in words),
            "ar": sum(
                word in ARABIZI_PARTICLES or self.arabic(word).known or bool(_ARABIZI_DIGIT.search(word))
                for word in words
            ),
        }
        best = max(scores, key=lambda language: scores[language])
        if scores[best] / len(words) < _MIN_KNOWN_SHARE or scores["ru"] == scores["ar"]:
            return None
        return best

    def language_in(self, text: str, conversation_language: str | None) -> str | None:
        """`language`, or for a message that reads as neither, the conversation's, unless it is English.

        Courtesy words every language borrows ("merci", "thanks bye") are answered in the
        conversation's language too, though they are not transliterated (`to_native`).
        """
        return (
            self.language(text)
            or self._read_in(text, conversation_language)
            or self._courtesy_in(text, conversation_language)
        )

    def _courtesy_in(self, text: str, language: str | None) -> str | None:
        courtesy = only_courtesy(longer_words(LATIN_WORD.findall(text)))
        return language if language in ("ru", "ar") and courtesy else None

    def _read_in(self, text: str, language: str | None) -> str | None:
        if language not in ("ru", "ar") or _NATIVE_LETTER.search(text):
            return None
        # Drug names are written alike in every language, too.
        words = [word for word in longer_words(LATIN_WORD.findall(text)) if word not in _DRUG_NAMES]
        if only_courtesy(words):
            return None
        return language if not mostly_english(words) or (not words and LATIN_WORD.search(text)) else None

    def knows_a_word(self, text: str) -> bool:
        """Whether any word of the message, in its own script, is one the assistant knows.

        A message made only of unknown letter strings ("фывапролдж") is keyboard noise, not an
        out-of-scope question: the caller asks what the patient meant.
        """
        words = _NATIVE_WORD.findall(normalize_text(self.to_native(text)))
        return not words or any(
            word in self._vocabulary["ru"] or self._is_russian(word) or self._is_known_arabic(word) for word in words
        )

    def _is_known_arabic(self, word: str) -> bool:
        """Whether an Arabic word, its clitics ("وللاطفال") or a verb prefix ("وتالم") taken away, is known."""
        known = self._vocabulary["ar"]
        return any(
            base in known or (base[0] in _VERB_PREFIXES and len(base) > _MIN_COUNTED_LENGTH and base[1:] in known)
            for base in arabic_base_forms(word)
        )

    def render_word(self, word: str, language: str) -> str:
        """Writes one Latin word in the script of `language`; other text is returned unchanged."""
        if not LATIN_WORD.fullmatch(word):
            return word
        if language == "ar" and word.lower() in ARABIZI_AND:
            return "و"
        if word.lower() in _DRUG_NAMES:
            return _DRUG_RENDERINGS[language][word.lower()]
        return self.russian(word).text if language == "ru" else self.arabic(word).text

    def to_native(self, text: str, conversation_language: str | None = None) -> str:
        """Rewrites a Latin-letter Russian or Arabizi message in its own script.

        Args:
            text: Raw user text.
            conversation_language: The language of the conversation so far, if known: a short
                message that reads as neither ("a detyam?") is read in it, unless it is English.

        Returns:
            The message with every Latin word transliterated, or the text unchanged when it
            is not romanized Russian or Arabic.
        """
        language = self.language(text) or self._read_in(text, conversation_language)
        if language is None:
            return text
        # French words in Maghrebi Arabizi keep their accents ("séance"): the words are read without.
        folded = text.translate(LATIN_ACCENT_FOLDING)
        native = LATIN_WORD.sub(lambda match: self.render_word(match.group(), language), folded)
        # Arabizi writes the article apart ("el botox"); Arabic joins it to its word.
        return _DEFINITE_ARTICLE.sub("ال", native) if language == "ar" else native


def arabizi_lexicon(path: Path) -> dict[str, str]:
    """The Arabizi words of the lexicon file, every dialect's in one table, with their Arabic spelling."""
    dialects = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(word).lower(): str(arabic) for words in dialects.values() for word, arabic in words.items()}


def native_form(text: str, conversation_language: str | None = None) -> str:
    """The text normalised, and written in its own script if it was typed in Latin letters ("u detej")."""
    return normalize_text(shared_romanizer().to_native(text, conversation_language))


@functools.cache
def shared_romanizer() -> Romanizer:
    """Returns the process-wide romanizer, built on first use."""
    return Romanizer()
