"""Whom a message is about: a child, an adult, or no one in particular."""

from __future__ import annotations

import re
from typing import Iterable

from clinic.romanized import native_form

# Matched on normalised text (ё as е, Arabic hamza and taa marbuta folded). Arabic words may carry
# the prefixes و ف ب ل and the article; Russian stems cover every case ending.
CHILD_WORDS = re.compile(
    r"(?<!\w)(?:"
    r"ребен\w*|реб[её]нок|дет(?:и|ей|ям|ьми|ях|ск\w*|к\w*|иш\w*)|сын\w*|доч(?:ь|ка|ки|ке|ку|кой|ер\w*)|малыш\w*|младен\w*"
    r"|внук\w*|внучк\w*|мальчик\w*|девочк\w*|подрост\w*|школьни\w*|близнец\w*|двойняш\w*|двойн[яюие]\b"
    r"|микроцефал\w*|дцп"
    r"|[وفبل]?(?:ال|لل)?(?:طفل\w*|اطفال\w*|رضيع\w*|ابني|ابنتي|ابنى|بنتي|ولدي|عيالي|عيال|صغار|دراري|ولاد|اولاد"
    # "my son" said of someone else's child or in Arabizi ("ibnha", "2ebne" read as ابن).
    r"|ابن|ابنه|ابنها|ابنو|ابنك|بنته|بنتها|بنتو|بنتك|ولد|ولده|ولدها|ولدو|ولدك"
    r"|حفيد\w*|وليدي|بنيتي|دري|الدري|جهال|يهال|بزارين|بزران|شفع|الشفع|بزر"
    r"|توام\w*|التوام\w*|توايم|مراهق\w*)"
    r"|صغر\s+(?:في\s+)?(?:حجم\s+)?(?:ال)?(?:راس|دماغ)\w*"
    r")(?!\w)"
)

ADULT_WORDS = re.compile(
    r"(?<!\w)(?:взросл\w*|пожил\w*"
    r"|[وفبل]?(?:ال|لل)?(?:كبار|بالغين|البالغين|بالغ|راشدين|الكبير|كبير السن|adults?))(?!\w)"
)


# "ребенку 2 года", "мне 45 лет", "عمره 4 سنين", "بنتي سنتين": an age says whom a message is about.
AGE = re.compile(
    r"(?<!\w)(?:(?:[وفبل]?عمر\w*|возраст\w*)\s+)?(?:(?P<number>\d{1,3})\s*(?:-?(?:х|ти|и|ми)\s*)?"
    r"(?:(?P<years>год\w*|лет|[وفبل]?(?:سن\w*|عام\w*))|(?P<months>мес\w*|[وفبل]?(?:شهر|شهور|اشهر)))"
    r"|(?P<small>годик\w*|полгода|полтора\s+года|[وفبل]?(?:سنتين|سنتان|شهرين)"
    # A child's age in words: up to ten, not the last word of "двадцать пять", "خمسه وعشرين".
    r"|(?<!дцать\s)(?<!десят\s)(?<!сорок\s)(?:один|одного|два|двух|три|тр[её]х|четыре|четыр[её]х|пять|пяти|шесть|шести"
    r"|семь|семи|восемь|восьми|девять|девяти|десять|десяти)\s+(?:год\w*|лет|мес\w*)"
    r"|(?:تلات|ثلاث|اربع|ربع|خمس|ست|سبع|تمن|ثمان|تسع|عشر)\S?\s+(?:سن\w*|شهور|اشهر)))(?!\w)"
)
ADULT_AGE = 18


def age_audience(native: str) -> bool | None:
    """True when a message gives a child's age, False an adult's, None when it gives none.

    Args:
        native: The message, normalised and in its own script.
    """
    found = AGE.search(native)
    if found is None:
        return None
    return bool(found["small"] or found["months"]) or int(found["number"]) < ADULT_AGE


def names_child(native: str) -> bool:
    """Whether a normalised text in its own script names a child, by a word or by an age."""
    return CHILD_WORDS.search(native) is not None or age_audience(native) is True


def names_adult(native: str) -> bool:
    """Whether a normalised text in its own script names an adult, by a word or by an age."""
    return ADULT_WORDS.search(native) is not None or age_audience(native) is False


def mentions_adult(text: str) -> bool:
    """Whether a message speaks of adults ("а взрослым?", "وللكبار؟", "мне 71 год")."""
    return names_adult(native_form(text))


def mentions_child(texts: Iterable[str]) -> bool:
    """Whether any of the texts speaks of a child (or of microcephaly, a children's condition).

    Args:
        texts: Messages or fact texts in Russian or Arabic.

    Returns:
        True when a child is named in any of them.
    """
    return any(names_child(native_form(text)) for text in texts)
