"""Word analysis for Russian and Arabic: tokens, lemmas and matching keys.

spaCy's blank `ru` and `ar` pipelines split the text (their tokenizer rules know each
language's punctuation and clitic-free splitting). Russian lemmas come from pymorphy2's most
probable parse: spaCy's own `pymorphy2_lookup` lemmatizer, the only mode a blank pipeline
supports, leaves every ambiguous word (most inflected nouns: "мигрени", "детей") unchanged.
Arabic words are reduced with Tashaphyne's light stemmer, which strips the clitics and
affixes that make "بالبوتوكس" and "للأطفال" differ from their base words.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import pymorphy2
import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer as SpacyTokenizer
from tashaphyne.stemming import ArabicLightStemmer

from clinic.language import detect_language
from clinic.normalization import arabic_base_forms, blank_lone_surrogates, normalize_text
from clinic.romanized import shared_romanizer


@dataclass(frozen=True)
class Word:
    """One analysed word of a message.

    Attributes:
        text: Normalised surface form (what character n-gram features see).
        start: Offset of the word in the original message.
        end: End offset of the word in the original message.
        lemma: Dictionary form (Russian) or light stem (Arabic); the normalised form otherwise.
        keys: Forms under which the word can match a gazetteer entry.
    """

    text: str
    start: int
    end: int
    lemma: str
    keys: frozenset[str]


def _is_content(token_text: str) -> bool:
    return any(not unicodedata.category(char).startswith(("P", "Z", "C")) for char in token_text)


# "للblépharospasme", "بالBotox": an Arabic preposition glued to a Latin (French) word, in either case.
_SCRIPT_CHANGES = (r"(?<=[\u0600-\u06ff])(?=[a-zA-Zà-ÿÀ-Þ])", r"(?<=[a-zA-Zà-ÿÀ-Þ])(?=[\u0600-\u06ff])")


def _split_at_script_changes(pipeline: Language) -> SpacyTokenizer:
    """The pipeline's tokenizer, also splitting a word where Arabic letters meet Latin ones."""
    tokenizer = pipeline.tokenizer
    assert isinstance(tokenizer, SpacyTokenizer)
    infixes = [*(pipeline.Defaults.infixes or ()), *_SCRIPT_CHANGES]
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return tokenizer


class Morphology:
    """Analyses messages into words with lemmas, for both languages of the assistant."""

    def __init__(self) -> None:
        """Builds blank spaCy tokenizers and the morphological analysers (no downloads)."""
        self._tokenizers: dict[str, SpacyTokenizer] = {
            language: _split_at_script_changes(spacy.blank(language)) for language in ("ru", "ar")
        }
        self._russian = pymorphy2.MorphAnalyzer()
        self._arabic = ArabicLightStemmer()
        self._russian_forms = functools.lru_cache(maxsize=50_000)(self._analyse_russian)
        self._arabic_stem = functools.lru_cache(maxsize=50_000)(self._stem_arabic)

    def _analyse_russian(self, word: str) -> tuple[str, frozenset[str]]:
        parses = self._russian.parse(word)
        normal_forms = {parse.normal_form.replace("ё", "е") for parse in parses}
        return parses[0].normal_form.replace("ё", "е"), frozenset(normal_forms | {word})

    def _stem_arabic(self, word: str) -> str:
        self._arabic.light_stem(word)
        return str(self._arabic.get_stem()) or word

    def analyse_word(self, normalized: str) -> tuple[str, frozenset[str]]:
        """Returns the lemma and matching keys of one normalised word.

        Args:
            normalized: A word already passed through `normalize_text`.

        Returns:
            The lemma and the set of keys for gazetteer matching.
        """
        script = detect_language(normalized)
        if script == "ru":
            return self._russian_forms(normalized)
        if script == "ar":
            return self._arabic_stem(normalized), frozenset(arabic_base_forms(normalized))
        return normalized, frozenset({normalized})

    def analyse(self, text: str) -> list[Word]:
        """Splits a message into analysed words, skipping punctuation and spaces.

        Args:
            text: Raw message text.

        Returns:
            The words in order, with offsets into `text`; a Latin-letter Russian or Arabizi
            message is analysed as if written in its own script.
        """
        romanizer = shared_romanizer()
        romanized = romanizer.language(text)
        tokenizer = self._tokenizers["ar" if (romanized or detect_language(text)) == "ar" else "ru"]
        words = []
        for token in tokenizer(blank_lone_surrogates(text)):
            written = romanizer.render_word(token.text, romanized) if romanized else token.text
            normalized = normalize_text(written)
            if not normalized or not _is_content(normalized):
                continue
            lemma, keys = self.analyse_word(normalized)
            if written != token.text:
                # A Latin name inside Arabizi or Latin-letter Russian ("3la torticolis") is still its name.
                keys = keys | {normalize_text(token.text)}
            words.append(Word(normalized, token.idx, token.idx + len(token.text), lemma, keys))
        return words


@functools.cache
def shared_morphology() -> Morphology:
    """Returns the process-wide analyser, built on first use (it takes about a second)."""
    return Morphology()
