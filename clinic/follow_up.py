"""What an answer is about, and a short follow-up that changes only part of it.

After "когда начинает действовать?", "а у детей?" asks the same question about children;
"а ксеомин?" about one drug; "وبالنسبة للصداع؟" about one condition. A `Focus` says what an
answer was about and is kept in the conversation; a follow-up is a message that, once the
names it gives (an audience, a condition, a drug) and a few joining words are taken away, says
nothing else. It keeps the previous topic and changes what it names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from clinic.audience import ADULT_WORDS, AGE, CHILD_WORDS, names_adult, names_child
from clinic.normalization import normalize_text
from clinic.question_split import QUESTION_WORD, split_questions
from clinic.romanized import native_form

# A follow-up is short; past this many words a message is a question of its own.
MAX_WORDS = 7
# The words a follow-up may hold besides what it names: joiners, prepositions, "what about".
_FILLERS = (
    r"а|и|ну|ещ[её]|тоже|также|как|насчет|по поводу|про|при|для|у|в|во|с|со|о|об|если|это|тогда|же|вот|так|там"
    r"|от|против|столько|что|случае|вообще|значит|пожалуйста|ли|быть|то|нас|меня|мне|ему|ей|моего|моей|моему|моих|препарат\w*|лечени\w*|после"
    r"|такие|такой|такая|такое|такж\w*|одинаков\w*|самое|само|может|могут|ок|окей|ясно|понятно|хорошо|спасибо|ok|okay"
    # A comparison keeps the topic: "а у детей быстрее?", "а ксеомин дольше?", "وللكبار اسرع؟".
    r"|быстрее|дольше|медленнее|сильнее|больнее|дороже|дешевле|лучше|чаще|реже|раньше|позже|держится|быстро|медленно"
    r"|или|меньше|больше|будет|будут"
    # "And if he has X?", "and for patients with X?": who has it, not a question of its own.
    r"|него|нее|неё|них|его|её|ее|есть|человек\w*|пациент\w*|больн(?:ой|ого|ому|ым|ые|ых|ая|ую)|случа\w*"
    r"|and|what|about|for|with|in|калі|кали"
    # "Does the same apply to X?": "касается ли это X", "هل ينطبق الأمر ذاته على X".
    r"|касается|относится|распространяется|справедливо|[يت]نطبق|ذاته|ذاتها|على|علي"
    r"|[وف]?(?:ارخص|اغلي|طب|طيب|بالنسب[هة]|بالنسبه|عن|في|مع|ماذا|شو|[اإ]يش|وش|كيف|شلون|[اإ]زاي|كيفاش|ايضا|كمان|برضو|برضه|حق|مال|ديال|تاع|بتاع|اذا|لو"
    r"|يعني|حال[هة]?|الحال|ل|لل|هل|عند|وعند|فيما|يخص|بخصوص|دواء|ال|بعد|زين|تمام|ماشي|اوكي|نفس|الشي|الشيء|الكلام"
    r"|اسرع|اطول|اكتر|اكثر|اقل|اقصر|احسن|ابطا|بيطول|يطول|كان|كانت|اللي|الي|يلي|اللى|المده|مده|السرعه"
    r"|عنده|عندها|عندو|عندي|عندك|عندهم|حد|احد|واحد|الشخص|شخص|نفسه|نفسها|الامر|امر|الموضوع|موضوع|[لب]?(?:ال|ل)?(?:مريض|مرضي)|حالات|الحالات|مصاب|المصاب\w*"
    # "One more question: does that apply to...", Maghrebi "زادة" (too), "the same time?" after "when?".
    r"|ذلك|هذا|هذه|استفسار|اضافي|سوال|زاده|الوقت)|و|ف"
)
_FILLER_WORDS = re.compile(rf"(?<!\w)(?:{_FILLERS})(?!\w)")
# A message that opens with a joiner ("а", "и", "و" glued on, "طب") reads as a continuation.
_JOINER = re.compile(
    r"^\W*(?:а|и|ну|и ещ[её]|а ещ[её]|a|i|w|wa|and|what about|طب|طيب|وبالنسب[هة]|بالنسب[هة]|و(?=\w)|و\s)"
)
_WORD = re.compile(r"\w+")
# "What about X" asks the same question about X, even with a word or two more about X ("وماذا عن
# صرير الأسنان أثناء النوم؟"), as long as nothing after it asks something else.
_WHAT_ABOUT = re.compile(
    r"^\W*(?:[وف]?(?:ماذا|شو|[اإ]يش|وش|ايه)\s+عن|[وف]?بالنسب[هة]\s+ل\S*|а\s+(?:как|что)\s+(?:насч[её]т|по\s+поводу)"
    r"|(?:and\s+)?what\s+about)"
)
_WHAT_ABOUT_EXTRA_WORDS = 2
# A comparison names the topic it compares: "а диспорт дешевле?" asks the price, whatever came before.
_COMPARED_TOPICS = (
    (re.compile(r"(?<!\w)(?:дороже|дешевле|[اأ]رخص|[اأ]غل[يى])(?!\w)"), "ask_cost"),
    (re.compile(r"(?<!\w)(?:дольше|держится|[اأ]طول|بيطول|يطول)(?!\w)"), "ask_effect_duration"),
    (re.compile(r"(?<!\w)(?:быстрее|медленнее|[اأ]سرع|[اأ]بطا)(?!\w)"), "ask_onset"),
    (re.compile(r"(?<!\w)(?:больнее)(?!\w)"), "ask_pain"),
)
# "а при кривошее? у мамы тоже шея поворачивается": a follow-up, then a remark that asks nothing.
_FIRST_QUESTION = re.compile(r"^[^?؟]*[?؟]+")
_ASKS = re.compile(rf"[?؟]|(?<!\w){QUESTION_WORD}", re.IGNORECASE)
# Interrogatives that ask nothing without a subject: "и сколько?", "وكم؟".
_BARE_INTERROGATIVES = re.compile(
    r"(?<!\w)(?:сколько|скок[оа]?|когда|как|где|почему|зачем|что|каким|какой|какие|надолго|долго"
    r"|[وف]?(?:كم|كام|متى|متي|امتى|امتي|ايمتى|ايمتي|وقتاش|كيف|كيفاش|ازاي|شلون|وين|فين|ليش|ليه|علاش|شو|ايش|وش|شنو"
    r"|قديش|بقديش|اديش|قداش|بقداش|شحال|بشحال|شكد|اشكد|شقد|بكام|بدو|بده|بدها))(?!\w)"
)
# A topic that is about children by itself, and what it asks when a follow-up turns to adults.
_FOR_ADULTS = {"ask_children": "ask_indications"}
# Arabic words carry و ف ب ل and the article; a name's word is recognised by its first letters.
_ARABIC_PREFIX = re.compile(r"^(?:[وفبل]?(?:ال|لل))|^[وفبل](?=\w{4})")
_STEM_LETTERS = {"ru": 5, "ar": 4}
_NAME_PIECE_WORDS = 3


def _stem(word: str) -> str:
    arabic = _ARABIC_PREFIX.sub("", word)
    if arabic != word or not re.search(r"[а-я]", word):
        return arabic[: _STEM_LETTERS["ar"]]
    return word[: _STEM_LETTERS["ru"]]


@functools.lru_cache(maxsize=2)
def name_stems(names: tuple[str, ...]) -> frozenset[str]:
    """The stems of the words of condition and drug names ("кривошея" -> "криво"), to tell them in a follow-up."""
    return frozenset(_stem(word) for name in names for word in _WORD.findall(normalize_text(name)) if len(word) > 3)


@dataclass(frozen=True)
class Focus:
    """What an answer is about.

    Attributes:
        intent: The topic answered.
        child: True for a child, False for an adult, None when neither was named.
        conditions: The conditions it was asked for (`knowledge/facts.yml` ids).
        drugs: The drugs it was asked for.
        follow_up: Whether it came from a follow-up that inherited the topic.
        also: The topics answered before this one in the same reply ("больно и как проходит?"):
            a follow-up ("а детям?") asks each of them again.
    """

    intent: str
    child: bool | None = None
    conditions: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    follow_up: bool = False
    also: tuple[str, ...] = ()

    def as_slot(self) -> dict[str, Any]:
        """The focus as the conversation keeps it (the `answer_focus` slot)."""
        return {
            "intent": self.intent,
            "child": self.child,
            "conditions": list(self.conditions),
            "drugs": list(self.drugs),
            "also": list(self.also),
        }

    def as_custom(self) -> dict[str, Any]:
        """The focus as an answer's custom data carries it, for staff and tests."""
        slot = self.as_slot()
        del slot["also"]
        return {**slot, "follow_up": self.follow_up}

    def every_topic(self) -> list[Focus]:
        """One focus per topic the reply answered, in the order answered, each without `also`."""
        return [replace(self, intent=intent, also=()) for intent in (*self.also, self.intent)]

    def asked_again(self, named: Named) -> list[Focus]:
        """The topics a follow-up asks again, narrowed: of several, only the one its comparison names."""
        topics = self.every_topic()
        if named.compares:
            topics = [topic for topic in topics if topic.intent == named.compares] or [
                replace(self, intent=named.compares, also=())
            ]
        return [topic.narrowed(named) for topic in topics]

    def narrowed(self, named: Named) -> Focus:
        """The same topic with what a follow-up names in place of what it had.

        "And adults?" after "can children get it?" asks what it treats in adults.
        """
        return replace(
            self,
            intent=_FOR_ADULTS.get(self.intent, self.intent) if named.child is False else self.intent,
            child=self.child if named.child is None else named.child,
            conditions=named.conditions or self.conditions,
            drugs=named.drugs or self.drugs,
            follow_up=True,
        )


def focus_from_slot(value: Any) -> Focus | None:
    """The focus kept in the conversation, if there is a valid one."""
    if not isinstance(value, Mapping) or not isinstance(value.get("intent"), str):
        return None
    child = value.get("child")
    return Focus(
        intent=value["intent"],
        child=child if isinstance(child, bool) else None,
        conditions=tuple(str(c) for c in value.get("conditions") or ()),
        drugs=tuple(str(d) for d in value.get("drugs") or ()),
        also=tuple(str(intent) for intent in value.get("also") or () if isinstance(intent, str)),
    )


@dataclass(frozen=True)
class Named:
    """What a follow-up names: an audience, conditions, drugs.

    Attributes:
        child: True for a child, False for an adult, None when it names neither.
        conditions: Condition ids.
        drugs: Drug ids.
        joined: Whether it opens with a joining word ("а...", "و..."), so reads as a continuation.
        loose: Whether it says a word or two more after "what about" ("...أثناء النوم؟"): the
            classifier may still read those words as a question of their own.
        compares: The topic a comparison in it names ("дешевле": the price), if any.
    """

    child: bool | None
    conditions: tuple[str, ...]
    drugs: tuple[str, ...]
    joined: bool
    loose: bool = False
    compares: str | None = None


def follow_up_names(
    text: str,
    entities: Iterable[tuple[str, str, int, int]],
    known: Mapping[str, Iterable[str]],
    stems: frozenset[str] = frozenset(),
    language: str | None = None,
) -> Named | None:
    """What a message names, when it is a follow-up that says nothing else.

    Args:
        text: The patient's message.
        entities: (entity type, value, start, end) of the entities found in it.
        known: The condition and drug ids the fact base knows, by entity type.
        stems: Stems of the words of their names (`name_stems`): a word of a name the entity
            extractor left out ("вкл" of a longer name) says nothing new either.
        language: The conversation's language, to read a Latin-letter message in.

    Returns:
        The audience, conditions and drugs it names; None when it is not such a follow-up
        (it says more, it is long, or it names nothing). A joined follow-up question followed by
        a remark that asks nothing ("а при кривошее? у мамы тоже шея поворачивается") is one.
    """
    spans = list(entities)
    named = _names_only(text, spans, known, stems, language)
    first = _FIRST_QUESTION.match(text)
    if (named is not None and not named.loose) or first is None:
        return named
    remark = native_form(text[first.end() :], language)
    # "...? نفس الكلام؟" / "...? так же?" asks only whether the same holds: nothing of its own.
    # "у меня ещё и мигрень бывает" tells; only a remark that reads as a question asks something else.
    remark_asks = any(piece.asks for piece in split_questions(remark))
    if not remark_asks or not _unnamed_words(remark.replace("?", " ")):
        question = _names_only(first.group(0), [e for e in spans if e[3] <= first.end()], known, stems, language)
        # The question alone, when it is a follow-up, says more surely what it names than the whole.
        return question if question and question.joined else named
    return named


def _names_only(
    text: str,
    entities: Iterable[tuple[str, str, int, int]],
    known: Mapping[str, Iterable[str]],
    stems: frozenset[str],
    language: str | None,
) -> Named | None:
    """What a text names when, the names and joining words taken away, it says nothing else."""
    found = [entity for entity in entities if entity[1] in set(known.get(entity[0], ()))]
    rest = text
    for _, _, start, end in sorted(found, key=lambda entity: -entity[2]):
        # A comma keeps an Arabizi article left behind ("el dysport") from joining the next word.
        rest = rest[:start] + " , " + rest[end:]
    native = native_form(rest, language)
    child, adult = names_child(native), names_adult(native)
    native = AGE.sub(" ", native)
    unknown = [word for word in _unnamed_words(native) if _stem(word) not in stems]
    # A long name ("التشنج النصفي للوجه") does not make a follow-up long: the words besides names count.
    if len(unknown) > _extra_words_allowed(native) or len(_WORD.findall(rest)) > MAX_WORDS:
        return None
    named = Named(
        child=True if child else (False if adult else None),
        conditions=tuple(dict.fromkeys(value for kind, value, _, _ in found if kind == "condition")),
        drugs=tuple(dict.fromkeys(value for kind, value, _, _ in found if kind == "drug")),
        joined=_JOINER.search(native_form(text, language)) is not None,
        loose=bool(unknown),
        compares=next((topic for pattern, topic in _COMPARED_TOPICS if pattern.search(native)), None),
    )
    return named if named.child is not None or named.conditions or named.drugs else None


def _extra_words_allowed(native: str) -> int:
    """How many words besides names a follow-up may hold: a few after "what about", if they ask nothing."""
    opener = _WHAT_ABOUT.match(native)
    if opener is None or _ASKS.search(native[opener.end() :].replace("?", "").replace("؟", "")):
        return 0
    return _WHAT_ABOUT_EXTRA_WORDS


def names_only(text: str, stems: frozenset[str], language: str | None = None) -> bool:
    """Whether a short piece only names a drug, a condition or an audience ("والديسبور؟", "а у взрослых?").

    Next to a question in the same message ("والديسبور؟ حتى هو كيبقى نفس المدة؟") such a piece
    says what the question is about; it is not a question about the drug or the audience itself.
    """
    native = native_form(text, language)
    words = _unnamed_words(native)
    audience = CHILD_WORDS.search(native) or ADULT_WORDS.search(native)
    short = len(_WORD.findall(native)) <= _NAME_PIECE_WORDS
    return short and (bool(words) or audience is not None) and all(_stem(w) in stems for w in words)


def _unnamed_words(native: str) -> list[str]:
    """The words of a message besides its audience words and a follow-up's joining words."""
    return _WORD.findall(_FILLER_WORDS.sub(" ", ADULT_WORDS.sub(" ", CHILD_WORDS.sub(" ", native))))


def is_bare_question(text: str, language: str | None = None) -> bool:
    """Whether a message is a joining word and question words only ("и сколько?", "وكم؟", "a kogda?").

    With nothing before it in the conversation, such a message cannot be answered: it continues a
    question nobody asked.
    """
    native = native_form(text, language)
    rest = _FILLER_WORDS.sub(" ", _BARE_INTERROGATIVES.sub(" ", native))
    return _JOINER.search(native) is not None and _WORD.search(rest) is None and len(_WORD.findall(native)) <= 3
