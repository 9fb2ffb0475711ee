"""A "did you mean...?" answered in words: "да", "второе", "нет, другое", "نعم", "الأول", "لا"."""

from __future__ import annotations

import re

from clinic.normalization import normalize_text

# The patient turned all the offered topics down: "something else".
NONE_OF_THEM = "none_of_them"
# A longer message is a question of its own, not a pick among the buttons.
MAX_WORDS = 4
_YES = r"да|ага|угу|верно|именно|точно|نعم|ايوه|ايوا|اه|ايه|اجل|صح|بالضبط"
_NO = "|".join(
    (
        r"нет|неа|не то|не это|другое|другой|иное|ни то ни другое",
        r"لا|لاء|مش هيك|مش هذا|غير ذلك|شي تاني|شيء اخر|شي اخر|حاجه تانيه",
    )
)
_ORDINALS = (
    r"1|перв\w*|الاول|اول|الاولي|الاولى",
    r"2|втор\w*|الثاني|ثاني|التاني|تاني|الثانيه",
    r"3|трет\w*|الثالث|ثالث|التالت|تالت|الثالثه",
)
_FILLER = r"(?:вариант|пункт|тема|الخيار|خيار|رقم|ну|а|و|يعني|пожалуйста|من فضلك)"


def _says(pattern: str, text: str) -> bool:
    return re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text) is not None


def _without(pattern: str, text: str) -> str:
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", " ", text)


def chosen_topic(text: str, offered: tuple[str, ...]) -> str | None:
    """Which of the offered topics a short reply picks, if it picks one.

    Args:
        text: The patient's message after "did you mean...?".
        offered: The topics the buttons offered, in their order.

    Returns:
        The topic; `NONE_OF_THEM` for "no, something else"; None when the message is not only
        an answer to the question ("через 2 недели?" is a question of its own).
    """
    normalized = normalize_text(text)
    if not offered or len(re.findall(r"\w+", normalized)) > MAX_WORDS:
        return None
    rest = normalized
    for pattern in (_NO, _YES, *_ORDINALS, _FILLER):
        rest = _without(pattern, rest)
    if re.search(r"\w", rest) or not re.search(r"\w", normalized):
        return None
    for index, pattern in enumerate(_ORDINALS[: len(offered)]):
        if _says(pattern, normalized):
            return offered[index]
    if _says(_NO, normalized):
        return NONE_OF_THEM
    return offered[0] if _says(_YES, normalized) else None
