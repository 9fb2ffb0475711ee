"""Where one message holds several things: a greeting, a story, two or three questions.

"Здравствуйте! Какие препараты используете и сколько держится эффект?" is cut into the
greeting, "Какие препараты используете" and "и сколько держится эффект?", so that the NLU
pipeline classifies each piece on its own and the assistant answers every question in order.
Cuts are made only where a patient's wording leaves no doubt: after a sentence ends, after a
greeting or thanks that opens the message, and before a question word that follows a comma or
a joining word ("и", "а также", "و", "وكمان"). "Боль и скованность" or "يد ورجل" stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Where the parsed message lists its pieces and what each was found to be (`clinic_nlu.questions`).
QUESTIONS_KEY = "questions"
# Pieces past this many are joined to the first one: a long story before the question is
# context, and each piece costs a classification.
MAX_PIECES = 5
_MIN_PIECE_LETTERS = 2
_WORD = re.compile(r"\w+")
_PERMISSION_ONLY = re.compile(r"\W*(?:можно|нельзя|разве|ممكن|يمكن|ينفع|يصير|momken|mumkin|mozhno)\W*", re.IGNORECASE)

_RU_QUESTION_WORDS = (
    r"сколько|скольк\w*|скок[оа]?|когда|как(?:ой|ая|ое|ие|их|им|ую|ого|ова|ов|им)?|где|почему|зачем"
    r"|насколько|можно|нужно|надо|есть ли|будет ли|больно|долго|реально|правда ли|бывает|бывают|помогает"
    r"|что\s+лучше|чем\s+отлича\w*"
    r"|поможет|подходит|влияет|опасно|безопасно|вредно|skolko|kogda|kak|chto|mozhno|bolno|nado|nuzhno|skok|skoka|skoko"
)
# Arabic question words with their dialect forms, written as the normalised text spells them
# (hamza and alef variants folded in the pattern, since offsets must stay those of the raw text).
_AR_QUESTION_WORDS = (
    r"هل|كم|بكم|بكام|قديش|[اأ]ديش|شكد|[اإ]شكد|شقد|قداش|بقداش|بشحال|وقتيش|[اأإ]متا|قد[\s]?[اإ]يه|قديه|شحال|متى|متي|[اإأ]متى|[اإأ]متي|[اإأ]يمتى|وقتاش|كيف|كيفاش|[اإ]زاي|شلون"
    r"|ماذا|ما هي|ما هو|ماهي|ماهو|ما(?=\s+ال)|[اإأ]يش|وش|شو|شنو|شنهو|[اإ]شنو|واش|ليش|لماذا|ليه|علاش|فين|وين|[أا]ين"
    r"|مين|ممكن|يمكن|بيوجع|يوجع|مؤلم|مولم|بتوجع|تؤلم|ينفع|بينفع|ينفعش|بيصير|يصلح|يجوز|[اأ]قدر|نقدر|فيني|فينا|بقدر|يكدر|نكدر|عادي|لازم|مسموح"
    r"|يلزم(?:ها|ه|و|ني|نا)?"
    r"|kam|bkam|bikam|hal|emta|imta|mata|ezay|izay|keef|kif|kaif|shu|sho|esh|eish|wesh|leh|lesh|2adesh|adesh|b2adesh"
    r"|2ad eh|ad eh|ch7al|sh7al|bch7al|chhal|shhal|9addach|9ddach|9adech|9addech|9adeh|shgad|chgad|wach"
    r"|momken|mumkin|mmkn|shlon|shkad|wein|fein|feen"
)
QUESTION_WORD = rf"(?:{_RU_QUESTION_WORDS}|{_AR_QUESTION_WORDS})(?!\w)"
_QUESTION_WORD_PREFIX = r"(?:через|за|на|в|во|с|со|от|до|по|для|при|из|بعدها|بعدين)"
_WISH = (
    r"(?:хочу|хотим|хотел\w*\s+бы)\s+(?:записат\w*|узнать|спросить|поговорить)"
    r"|(?:[اأ]بي|[اأ]بغى|[اأ]بغي|بدي|عايز\w*|[اأ]ريد|حاب\w*|بغيت|ودي)\s+(?:[اأنت]?حجز|موعد|ميعاد|[اأ]كلم|[اأ]تكلم|[اأن]عرف)"
)
# A comma or a joining word, then a question word: the joint between two questions.
_JOINT = re.compile(
    r"(?:\s*[,;،؛]\s*(?:и\s+|а\s+|و\s*)?"
    r"|\s+(?:и|а|а также|также|и ещ[её]|а ещ[её]|плюс|i|a|w|wa|we|وكمان|وكذلك|وبرضو|وبرضه|و[اأ]يضا|كمان|و)\s+"
    r"|\s+(?=و))"
    # A question word may follow a preposition ("через сколько", "с какого") or "then" ("وبعدها اقدر");
    # a word with "ли" asks too ("и нужен ли наркоз"), and so does a wish ("...и хочу записаться").
    # So does a clause that asks "...or not" ("наркоз надо или нет"), and an Egyptian clause after "و" whose
    # question word comes last ("...وبيقعد قد ايه").
    rf"(?=(?:و\s*)?(?:{_QUESTION_WORD_PREFIX}\s+)?{QUESTION_WORD}|(?:не\s+)?\w+\s+ли(?!\w)|(?:و\s*)?(?:{_WISH})"
    r"|[^,،?؟]{1,40}?\s(?:или\s+нет|ولا\s+لا|ولا\s+لأ|[اأ]و\s+لا|لو\s+لا)(?!\w)"
    r"|و(?!(?:لا|قت|قتها|جع|جعه|جعها|ش|شه|شها|جه|جهه|جهها|رم|لد|لده|لدي|زن|حده|حدها|حدو|صل)(?!\w))\w+(?:\s+\w+){0,3}?\s+(?:[اإ]زاي|[اإأ]مت[اىي]|كام|بكام|قد\s?[اإ]يه|قديش|[اأ]ديش)\W*$)",
    re.IGNORECASE,
)
# Voice-typed text runs questions on without a joint ("скок стоит скок держится больно ли"): "how
# much", "هل" or a word with "ли" after a clause that asks with a question word of its own starts
# another question ("can one do it how many times a year" stays one).
_HOW_MUCH = r"сколько|скольк\w*|скок[оа]?|skolko|skok"
_RUN_ON_QUESTION = re.compile(rf"(?<=\w)\s+(?=(?:{_HOW_MUCH}|هل)(?!\w)|(?!или\b)\w+\s+ли(?!\w))", re.IGNORECASE)
_ASKS_STRONGLY = re.compile(
    rf"(?<!\w)(?:{_HOW_MUCH}|когда|где|почему|зачем|как(?:ой|ая|ое|ие)?|kogda"
    r"|هل|كم|متى|متي|كيف|قديش|ليش|لماذا)(?!\w)",
    re.IGNORECASE,
)
_RUN_ON_MIN_WORDS = 2
_SENTENCE_END = re.compile(r"(?<=[?!.؟？…])\s+|\s*\n+\s*")
_OPENING = re.compile(
    r"^\s*(?:здравствуй(?:те)?|привет(?:ствую)?|добр(?:ый|ое|ого)\s+(?:день|вечер|утро|утра|дня|вечера)|доброй ночи"
    r"|спасибо(?:\s+большое)?|благодарю|салам(?:\s+алейкум)?|hello|hi|zdravstvujte|zdravstvuyte|privet|spasibo"
    r"|ال?سلام عليكم(?:\s+ورحمه?\s+الله(?:\s+وبركاته)?)?|مرحبا|مرحبًا|[اأ]هلا(?:\s+وسهلا)?|صباح الخير|مساء الخير|هاي"
    r"|شكرا(?:\s+جزيلا)?|مشكور|يعطيك العافي[هة]|salam|marhaba|shukran|ahlan"
    # A polite "excuse me" opens a question the same way: "لو سمحت، ...", "سمح ليا، ...", "извините, ...".
    r"|извините|простите|будьте добры|لو سمحتي?|من فضلك(?:م)?|سمح(?:ي|و)?\s*ليا|[اإ]?سمح\s*لي|عافاك|عفاك"
    r"|بعد [اإ]ذنك)(?!\w)[\s,!.،]*",
    re.IGNORECASE,
)
# "...сколько держится? шоб понимать как часто платить": a purpose clause explains the question before it.
_PURPOSE = re.compile(r"^\W*(?:чтобы|чтоб|шоб|штоб|штобы|лишь\s+бы|لكي)(?!\w)", re.IGNORECASE)
_LEADING_JOINER = re.compile(r"^(?:и|а|ну|так|و|طب|طيب|i|a|w|wa)\s+", re.IGNORECASE)
# A question word among a piece's first words, a final question mark, "ли", or "...ولا لا" (or not).
# "Что", "кто" and "чем" also join clauses ("врач сказал, что..."): they mark a question only first.
_FIRST_WORDS = 3
# A story that ends in a question asks it: "...у меня кривошея, хочу узнать как проходит процедура",
# "...وعندي شد في رجلي هل ينفع معي".
_WANTS_TO_KNOW = (
    r"(?<!\w)(?:хочу|хотел\w*|хотим|хотелось\s+бы)\s+(?:бы\s+)?(?:узнать|спросить|уточнить)|(?<!\w)подскажите"
    r"|(?<!\w)скажите|(?<!\w)(?:[اأإ]ريد|عايز\w*|بدي|[اأ]بغى|[اأ]بغي|[اأ]بي|بغيت|حاب\w*|ودي|[اأ]ود)\s+"
    r"(?:[اأنت]?عرف|[اأ]ستفسر|الاستفسار|[اأن]س[اأ]ل|نسقسي)|(?<!\w)هل(?!\w)"
)
# Where a story turns into its question: the question is classified without the story.
_WANTS = re.compile(_WANTS_TO_KNOW, re.IGNORECASE)
_STORY_TURN = re.compile(rf"(?<=\w)[\s,.،]+(?={_WANTS_TO_KNOW})", re.IGNORECASE)
_STORY_WORDS = 4
# A voice-typed story running into its question: "...хочу попробовать уколы какие препараты у вас".
_QUESTION_TURN = re.compile(
    r"(?<=\w)[\s,.،]+(?=(?:какие|какой|какая|каким|сколько|почему|зачем|насколько"
    r"|كم|متى|امتى|[اإ]مت[اى]|ليش|ليه|[اإ]زاي|كيف|كيفاش|شو|[اإ]يش|وش|قديش|شحال|شكد|شلون|وقتاش)(?![\w-]))",
    re.IGNORECASE,
)
# "And also" joins two questions even without a question word after it ("هو بيوجع وبرضو بياخد وقت
# قد إيه؟"): in a sentence that asks, each side with a few words of its own is a question.
_ALSO_JOINT = re.compile(
    r"\s+(?:وبرضو|وبرضه|وكمان|وكذلك|و[اأ]يضا|а также|и также|и ещ[её]|а ещ[её]|w kaman|w barda|w barado)\s+",
    re.IGNORECASE,
)
_ALSO_SIDE_WORDS = 2
# Voice-typed text asks without a question mark: "...وكمان الجلسه الجايه بعد كام شهر".
_ASKS_ANYWHERE = re.compile(rf"(?<!\w)(?:{QUESTION_WORD}|كام(?!\w))", re.IGNORECASE)
_ASKING_END = re.compile(r"[?؟]\W*$")
_QUESTION_STORY_WORDS = 6
_QUESTION_TAIL_WORDS = 10
# Egyptian and Levantine put the question word last: "بتوجع ولا لا وبتاخد قد ايه وسعرها كام".
_AFTER_LAST_WORD_QUESTION = re.compile(
    r"(?:(?<=ولا لا)|(?<=ولا لأ)|(?<=لو لا)|(?<=او لا)|(?<=كام)|(?<=قد ايه)|(?<=قديش)|(?<=اديش)|(?<=امتى)|(?<=امتي)"
    r"|(?<=ازاي)|(?<=بكام)|(?<=2ad eh)|(?<= ad eh)|(?<=2adesh)|(?<=\bkam)|(?<=\bemta)|(?<=\bezay))"
    r"\s+(?=و\w|w(?:a|e)?\s)"
)
# Egyptian, Levantine and Gulf speech puts the question word last: "الحقن ده بيتعمل ازاي".
_LAST_WORD_QUESTION = (
    r"(?<!\w)(?:[اإ]زاي|[اإأ]مت[اىي]|كام|بكام|قد\s?[اإ]يه|قديش|[اأ]ديش|فين|وين|ليه|ليش|شلون|كيفاش|شنو|شحال|بشحال|شكد"
    r"|ezay|izay|emta|imta|bkam|bikam|adesh|2adesh|fein|feen|wein|shlon|ch7al|sh7al|kifach)\W*$"
)
_ASKS = re.compile(
    rf"[?؟]\s*$|{_LAST_WORD_QUESTION}|(?<!\w)ли(?!\w)|(?<!\w)(?:ولا|او|أو|لو)\s+(?:لا|لأ|لاء)(?!\w)|{_WANTS_TO_KNOW}"
    rf"|^\W*(?:\w+\W+){{0,{_FIRST_WORDS - 1}}}(?:و\s*)?{QUESTION_WORD}|^\W*(?:что|чем|чего|кто)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Piece:
    """One part of a patient's message.

    Attributes:
        text: The part's text, as written.
        asks: Whether it reads as a question (a question mark, a question word at its start, "ли").
        opening: Whether it is the greeting or thanks that opens the message.
    """

    text: str
    asks: bool
    opening: bool = False


def _asks(text: str) -> bool:
    stripped = _LEADING_JOINER.sub("", text.strip())
    if _PURPOSE.match(stripped) and not _ASKING_END.search(stripped):
        return False
    return _ASKS.search(stripped) is not None


def _has_letters(text: str) -> bool:
    return sum(char.isalpha() for char in text) >= _MIN_PIECE_LETTERS


def _cut(text: str, joint: re.Pattern[str]) -> list[str]:
    return [part for part in joint.split(text) if part and _has_letters(part)]


def _cut_run_on(clause: str) -> list[str]:
    """Cuts a clause where a run-on question starts, when what comes before asks with a question word."""
    pieces: list[str] = []
    start = 0
    for joint in _RUN_ON_QUESTION.finditer(clause):
        before = clause[start : joint.start()]
        if len(_WORD.findall(before)) >= _RUN_ON_MIN_WORDS and _ASKS_STRONGLY.search(before):
            pieces.append(before)
            start = joint.end()
    return [*pieces, clause[start:]]


def _cut_story(part: str) -> list[str]:
    """Cuts a story from the question it turns into, when the story is long enough to mislead."""
    turn = _STORY_TURN.search(part)
    if turn is not None and len(_WORD.findall(part[: turn.start()])) >= _STORY_WORDS:
        return [part[: turn.start()], part[turn.end() :]]
    for turn in _QUESTION_TURN.finditer(part):
        story, question = part[: turn.start()], part[turn.end() :]
        # A question word that ends the message asks about what comes before it ("...بيوم ازاي").
        question_words = len(_WORD.findall(question))
        if len(_WORD.findall(story)) >= _QUESTION_STORY_WORDS and 1 < question_words <= _QUESTION_TAIL_WORDS:
            return [story, question]
    return [part]


def _cut_also(part: str) -> list[str]:
    """Cuts a question at "and also" into the questions it joins, when it asks and each has words."""
    sides = [side for side in _ALSO_JOINT.split(part) if side]
    # "I'd like to know X, and also Y" asks both without a question mark.
    if not _ASKING_END.search(part) and not _ASKS_ANYWHERE.search(sides[-1]) and not _WANTS.search(sides[0]):
        return [part]
    if len(sides) < 2 or any(len(_WORD.findall(side)) < _ALSO_SIDE_WORDS for side in sides):
        return [part]
    return sides


def _parts(text: str) -> list[tuple[str, bool]]:
    """The message's parts after the opening, each with whether "and also" made it a question."""
    parts: list[tuple[str, bool]] = []
    for sentence in _cut(text, _SENTENCE_END):
        sides = _cut_also(sentence)
        for side in sides:
            found = [
                story
                for part in _join_permission(_cut(side, _JOINT))
                for clause in _cut(part, _AFTER_LAST_WORD_QUESTION)
                for run in _cut_run_on(clause)
                for story in _cut_story(run)
            ]
            parts += [(story, len(sides) > 1 and len(found) == 1) for story in found]
    return parts


def _join_permission(parts: list[str]) -> list[str]:
    """Joins a lone "можно?" / "ممكن؟" back to the clause whose permission it asks."""
    joined: list[str] = []
    for part in parts:
        if joined and _PERMISSION_ONLY.fullmatch(part):
            joined[-1] = f"{joined[-1]}, {part.strip()}"
        else:
            joined.append(part)
    return joined


def split_questions(text: str) -> list[Piece]:
    """Cuts a message into its opening greeting, its sentences and its joined questions.

    Args:
        text: The patient's message (any script; a "/intent" payload is never cut).

    Returns:
        The pieces in their order; one piece when there is nothing to cut.
    """
    if text.lstrip().startswith("/"):
        return [Piece(text, _asks(text))]
    pieces: list[Piece] = []
    rest = text
    opening = _OPENING.match(text)
    if opening and _has_letters(text[opening.end() :]):
        pieces.append(Piece(opening.group().strip(), asks=False, opening=True))
        rest = text[opening.end() :]
    parts = _parts(rest)
    if len(parts) > MAX_PIECES - len(pieces):
        keep = MAX_PIECES - len(pieces) - 1
        head = parts[: len(parts) - keep]
        parts = [(" ".join(part for part, _ in head), any(asks for _, asks in head)), *parts[len(parts) - keep :]]
    pieces += [Piece(part.strip(), asks or _asks(part)) for part, asks in parts]
    return pieces or [Piece(text, _asks(text))]


@dataclass(frozen=True)
class ClassifiedPiece:
    """A piece of the patient's message with what the NLU pipeline found it to be.

    Attributes:
        text: The piece's text.
        intent: Its intent (`nlu_fallback` when unsure), or None.
        asks: Whether it reads as a question.
        opening: Whether it is the greeting or thanks that opens the message.
        entities: Its entities as (entity type, value) pairs.
        red_flags: The red-flag categories found in it.
        confidence: The classifier's confidence in its intent.
    """

    text: str
    intent: str | None
    asks: bool = True
    opening: bool = False
    entities: tuple[tuple[str, str], ...] = ()
    red_flags: tuple[str, ...] = ()
    confidence: float = 1.0


def classified_pieces(parsed: Any) -> tuple[ClassifiedPiece, ...]:
    """Reads the pieces a parsed message lists under `QUESTIONS_KEY` (none when it was not cut)."""
    if not isinstance(parsed, list):
        return ()
    return tuple(
        ClassifiedPiece(
            text=str(entry.get("text") or ""),
            intent=entry.get("intent"),
            asks=bool(entry.get("asks")),
            opening=bool(entry.get("opening")),
            entities=tuple((str(e.get("entity")), str(e.get("value"))) for e in entry.get("entities") or []),
            red_flags=tuple(str(flag) for flag in entry.get("red_flags") or []),
            confidence=float(entry.get("confidence", 1.0) or 0.0),
        )
        for entry in parsed
        if isinstance(entry, dict)
    )
