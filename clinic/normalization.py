"""Text normalisation shared by the NLU pipeline, the red-flag check and the actions.

The same functions run at training time (inside the tokenizer) and at run time, so a
patient who types without diacritics, with tatweel, with ё or with stretched letters
("бооольно", "مرحبااا") reaches the same features as the training examples.
"""

from __future__ import annotations

import re
import unicodedata

import pyarabic.araby as araby

ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Variants patients use interchangeably; folding them is the usual practice for Arabic
# search (hamza carriers, alef maqsura, taa marbuta, Persian yeh and kaf).
# Iraqi and Gulf writers use Persian letters: گ for the g of "اگدر" (اقدر), ڤ for v, پ for p.
ARABIC_LETTER_FOLDING = str.maketrans(
    {"ى": "ي", "ئ": "ي", "ی": "ي", "ؤ": "و", "ة": "ه", "ک": "ك", "ٱ": "ا", "گ": "ك", "ڤ": "ف", "پ": "ب"}
)
RUSSIAN_FOLDING = str.maketrans({"ё": "е", "Ё": "Е"})
# French words in Maghrebi messages come with or without accents ("blépharospasme", "kiné").
LATIN_ACCENT_FOLDING = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿ", "aaaaaaceeeeiiiinooooouuuuyy")

# Latin letters that look like Cyrillic ones: a Russian word typed with a few of them (a
# keyboard switch, a phone's autocorrect) becomes one spelling again.
LATIN_TO_CYRILLIC_LOOKALIKES = str.maketrans("aceopxykmthbABCEHKMOPTXY", "асеорхукмтнвАВСЕНКМОРТХУ")
_CYRILLIC_AND_LATIN_WORD = re.compile(r"\b(?=\w*[а-яё])(?=\w*[a-z])\w+\b", re.IGNORECASE)

_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Co", "Cs", "Cn"}
_KEPT_CONTROLS = {"\n", "\t"}
_STRETCHED_LETTERS = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")
# Python strings hold astral characters (emoji) as single code points, so any surrogate code
# point is a lone one, e.g. from the JSON escape \ud800 alone; UTF-8 cannot encode it.
_SURROGATES = re.compile("[\ud800-\udfff]")


def blank_lone_surrogates(text: str) -> str:
    """Replaces lone surrogate code points with spaces, keeping every other offset in place."""
    return _SURROGATES.sub(" ", text)


def strip_invisible(text: str) -> str:
    """Removes zero-width, bidi-override and other control or unassigned characters.

    Args:
        text: Raw user text.

    Returns:
        The text without format/control characters; newlines and tabs become spaces later.
    """
    return "".join(
        char for char in text if char in _KEPT_CONTROLS or unicodedata.category(char) not in _INVISIBLE_CATEGORIES
    )


def normalize_arabic(text: str) -> str:
    """Folds Arabic spelling variants: diacritics, tatweel, hamza/alef/yaa/taa marbuta.

    Args:
        text: Text that may contain Arabic script.

    Returns:
        The text with Arabic letters folded to one canonical spelling.
    """
    text = araby.strip_tashkeel(araby.strip_tatweel(text)).translate(ARABIC_LETTER_FOLDING)
    # After the folding: pyarabic would otherwise turn a final ى into ا, not ي.
    return str(araby.normalize_alef(text))


def fold_mixed_script_words(text: str) -> str:
    """Turns Latin look-alike letters into Cyrillic inside words that mix both scripts.

    Args:
        text: Text that may contain words like "бoтoкс" (with Latin o).

    Returns:
        The text with such words written in Cyrillic only; pure Latin words are untouched.
    """
    return _CYRILLIC_AND_LATIN_WORD.sub(lambda match: match.group().translate(LATIN_TO_CYRILLIC_LOOKALIKES), text)


def normalize_text(text: str) -> str:
    """Normalises a whole message for classification, matching and red-flag checks.

    Args:
        text: Raw user text in any script.

    Returns:
        Lower-cased text without invisible characters, with Arabic and Russian spelling
        variants folded, Latin accents dropped, Arabic-Indic digits as ASCII, mixed-script Russian words in Cyrillic,
        stretched letters shortened and whitespace collapsed.
    """
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    text = fold_mixed_script_words(text.translate(ARABIC_INDIC_DIGITS)).translate(RUSSIAN_FOLDING).lower()
    text = text.translate(LATIN_ACCENT_FOLDING)
    text = normalize_arabic(text)
    text = _STRETCHED_LETTERS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


ARABIC_CLITIC_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_MIN_ARABIC_BASE = 3


def arabic_base_forms(word: str) -> set[str]:
    """Returns the word and its variants with leading clitics (و، ف، ب، ل، ك، ال) removed.

    Args:
        word: A normalised Arabic word.

    Returns:
        The word itself and every variant whose base keeps at least three letters.
    """
    forms = {word}
    frontier = [word]
    while frontier:
        current = frontier.pop()
        for prefix in ARABIC_CLITIC_PREFIXES:
            base = current[len(prefix) :]
            if current.startswith(prefix) and len(base) >= _MIN_ARABIC_BASE and base not in forms:
                forms.add(base)
                frontier.append(base)
    return forms
