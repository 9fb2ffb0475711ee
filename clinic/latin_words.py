"""The words and spellings that tell Latin-letter Russian and Arabizi apart and repair them.

Pure helpers for `clinic.romanized`: which Latin words are English, courtesy words or Arabizi
particles, and which native spellings a transliteration may have lost.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterable

_DOUBLED_LETTER = re.compile(r"([a-z])\1")
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
# Common English words: a message made mostly of them is English, not transliteration,
# even where a word happens to spell a Russian or Arabic one ("how" -> هو).
# fmt: off
ENGLISH_WORDS = frozenset({
    "a", "about", "after", "and", "any", "are", "as", "at", "be", "before", "botox", "can", "cost", "could",
    "do", "does", "dysport", "for", "from", "have", "help", "hello", "hi", "how", "i", "if", "in", "injection",
    "injections", "is", "it", "long", "many", "me", "much", "my", "need", "no", "not", "of", "on", "or",
    "please", "price", "should", "so", "thank", "thanks", "that", "the", "there", "this", "to", "treatment",
    "under", "want", "was", "what", "when", "where", "which", "who", "why", "will", "with", "would", "xeomin",
    "yes", "you", "your", "bye",
})
# Arabizi function words that the Russian dictionary also happens to spell ("lel" -> "лел"):
# they count for Arabic only.
ARABIZI_PARTICLES = frozenset({
    "lel", "lil", "lal", "wel", "wal", "bel", "bil", "fel", "fil", "3al", "3ala", "3an", "ma3", "mesh", "msh",
    "mish", "mosh", "ezay", "izay", "leh", "lesh", "shu", "sho", "wesh", "kif", "keef", "kifash", "ana", "enta",
    "enti", "howa", "hiya", "heya", "e7na", "bas", "bass", "kaman", "kamen", "ya3ni", "tayeb", "tab", "khalas",
    "5alas", "yalla", "walla", "wallah", "wa", "w", "el", "al", "salam", "marhaba", "ahlan", "shukran", "shokran",
    "inshallah",
})
ARABIZI_AND = frozenset({"w", "wa", "we", "wi"})
# Courtesy words borrowed by every language ("merci", "ok", "bye"): read in the conversation's.
COURTESY_WORDS = frozenset({
    "merci", "mersi", "ok", "okay", "oki", "okey", "bye", "thanks", "thx", "thank", "you", "salut",
    "bravo", "super", "tamam", "much", "very",
})
# fmt: on


def longer_words(words: Iterable[str]) -> list[str]:
    """The words in lower case, without one-letter joiners ("a", "i", "w"), written alike in every language."""
    return [word.lower() for word in words if len(word) > 1]


def only_courtesy(words: Iterable[str]) -> bool:
    """Whether there are words and every one is a borrowed courtesy word."""
    found = set(words)
    return bool(found) and found <= COURTESY_WORDS


def mostly_english(words: list[str]) -> bool:
    """Whether more than half the words are common English ones (true of no words at all)."""
    return sum(word in ENGLISH_WORDS for word in words) * 2 > len(words) or not words


def russian_edits(word: str) -> Iterable[str]:
    """Spellings a transliteration may have lost: soft signs, й, э, ц."""
    for index in range(1, len(word) + 1):
        if word[index - 1] in _CONSONANTS:
            yield word[:index] + "ь" + word[index:]
    for index, char in enumerate(word):
        if char == "и" and index and word[index - 1] in "аеиоуыэюя":
            yield word[:index] + "й" + word[index + 1 :]
        if char == "к":
            yield word[:index] + "ц" + word[index + 1 :]
        if char == "ы":
            yield word[:index] + "и" + word[index + 1 :]
        if char == "и":
            yield word[:index] + "ы" + word[index + 1 :]
    if word.startswith("е"):
        yield "э" + word[1:]


def arabizi_variants(word: str) -> list[str]:
    """Readings of an Arabizi word that arabizikit should try.

    Doubled letters mark gemination ("atnaffas"), written once in Arabic; Egyptian and
    Levantine 2 often stands for ق, and Maghrebi 9 does ("n9der"); capital S and T are
    arabizikit's marks for ص and ط, which patients rarely type.
    """
    lower = word.lower()
    variants = [lower, _DOUBLED_LETTER.sub(r"\1", lower)]
    variants += [variant.replace("2", "q") for variant in variants if "2" in variant]
    variants += [variant.replace("9", "q") for variant in variants if "9" in variant]
    variants += [variant.replace("s", "S") for variant in variants if "s" in variant]
    variants += [variant.replace("t", "T") for variant in variants if "t" in variant]
    return list(dict.fromkeys(variants))


def short_vowel_spellings(candidate: str, dropped: int) -> list[str]:
    """The candidate with `dropped` inner long-vowel letters left out, final و as ه, initial ي as ا.

    Arabizi writes short vowels that Arabic leaves out ("btiqdar" for بتقدر), and a final -o
    for the pronoun ه ("sawto" for صوته).
    """
    bases = [candidate, candidate[:-1] + "ه"] if candidate.endswith("و") else [candidate]
    # A word-initial vowel is written with alef ("ithnain" is اثنين), which arabizikit may give as ي.
    bases += ["ا" + base[1:] for base in bases if base.startswith("ي")]
    forms = []
    for base in bases:
        inner = [index for index in range(1, len(base) - 1) if base[index] in "اوي"]
        for positions in itertools.combinations(inner, dropped):
            forms.append("".join(char for index, char in enumerate(base) if index not in positions))
    return forms
