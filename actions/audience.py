"""Whom a message is about: a child, or no one in particular."""

from __future__ import annotations

import re
from typing import Iterable

from actions.normalization import normalize_text

# Matched on normalised text (ё as е, Arabic hamza and taa marbuta folded). Arabic words may carry
# the prefixes و ف ب ل and the article; Russian stems cover every case ending.
_CHILD_WORDS = re.compile(
    r"(?<!\w)(?:"
    r"ребен\w*|реб[её]нок|дет(?:и|ей|ям|ьми|ях|ск\w*)|сын\w*|доч(?:ь|ка|ки|ке|ку|кой|ер\w*)|малыш\w*|младен\w*"
    r"|микроцефал\w*|дцп"
    r"|[وفبل]?(?:ال|لل)?(?:طفل\w*|اطفال\w*|رضيع\w*|ابني|ابنتي|ابنى|بنتي|ولدي|عيالي|صغر الراس)"
    r")(?!\w)"
)


def mentions_child(texts: Iterable[str]) -> bool:
    """Whether any of the texts speaks of a child (or of microcephaly, a children's condition).

    Args:
        texts: Messages or fact texts in Russian or Arabic.

    Returns:
        True when a child is named in any of them.
    """
    return any(_CHILD_WORDS.search(normalize_text(text)) for text in texts)
