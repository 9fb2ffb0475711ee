"""Replies that depend on more than one message or more than one question.

- A follow-up ("а у детей?", "وللكبار؟") answers the previous topic for what it names; with no
  previous topic it asks what the patient wants to know.
- A message with several questions gets each answered, in order, up to `MAX_ANSWERS`, with the
  disclaimer once; a greeting or thanks around a question gets the question answered (and, on
  the first message of a conversation, a short greeting first).
Red flags win over both: the urgent answer is given before any of this is looked at, and a
message right after the urgent answer that is neither thanks nor a clear question gets it again.
"""

from __future__ import annotations

import dataclasses
import re

from clinic.answers import CHILDREN_INTENT, answer_message, compose_answer, disclaimer_message, faq_reply, focus_of
from clinic.contract import (
    CLARIFY_KIND,
    CONTACT_SLOTS,
    DISCLAIMER_SLOT,
    EMERGENCY_INTENT,
    FACT_IDS_SLOT,
    FALLBACK_INTENT,
    FOCUS_SLOT,
    GREETING_INTENT,
    HUMAN_INTENT,
    KIND_KEY,
    OUT_OF_SCOPE_INTENT,
    SMALL_TALK_INTENTS,
)
from clinic.follow_up import Focus, follow_up_names, is_bare_question, name_stems, names_only
from clinic.knowledge import Knowledge, process_red_flag_rules
from clinic.messages import OutgoingMessage
from clinic.question_split import ClassifiedPiece
from clinic.replies import Reply, Turn, emergency_reply, slots_for, starter_buttons
from clinic.romanized import native_form

MAX_ANSWERS = 3
# A runner-up topic this sure replaces the children's topic for a child already injected.
MIN_RUNNER_UP = 0.1
# "شكرا لكم", "спасибо вам всем": what trails a greeting or thanks without asking is its courtesy, not
# an out-of-scope question, when it is this short.
MAX_COURTESY_TAIL_WORDS = 2
# A piece that asks, which the classifier could not place, is quoted back ("did not understand...")
# rather than dropped; shorter ones are fragments of the question beside them more often than not.
MIN_UNCLEAR_PIECE_WORDS = 3
# Beside a question on a topic, a piece the classifier calls off topic this unsurely is a fragment of
# that question ("...من قداش عمر؟", "بغيت نعرف"), not a neighbouring question of its own.
MIN_OFF_TOPIC_BESIDE_TOPIC = 0.6
MAX_QUOTED_CHARACTERS = 80
# "ابي اسأل عن ابر البوتكس للتعرق، كم سعرها؟": a piece that announces what the next one asks about,
# placed as unsurely as above, is that question's context (read in the normalised native form: no hamza).
_ANNOUNCES = re.compile(
    r"^\W*(?:я\s+)?(?:хоч\w*|хотел\w*|хотим)\s+(?:бы\s+)?(?:спросить|узнать|уточнить|поинтересоваться)\s+(?:про|об?|насч[её]т)(?!\w)"
    r"|^\W*(?:ابي|ابغي|ابغى|بدي|عايز\S*|عاوز\S*|حاب\S*|اريد|بغيت|حبيت|اود|ودي)\s+[ان]?(?:سال|سول|سقسي|ستفسر|الاستفسار)\S*"
    r"\s+(?:عن|على|علي|بخصوص|حول)(?!\w)",
    re.IGNORECASE,
)
# Besides the fact base's topics, a piece may ask for the clinic or be off topic: each gets the
# catalogue message of that name.
CANNED_PIECES = frozenset({*CONTACT_SLOTS, OUT_OF_SCOPE_INTENT})


# Right after the urgent answer, a message the classifier cannot place ("что делать?"), a "yes" or
# "no", "the doctor does not answer the phone", "is it dangerous? I'm alone" or "what may I do now?"
# is part of the same emergency; thanks, goodbye or another question about the treatment are not.
STILL_URGENT_INTENTS = frozenset(
    {FALLBACK_INTENT, OUT_OF_SCOPE_INTENT, EMERGENCY_INTENT, HUMAN_INTENT, "affirm", "deny"}
    | {"ask_safety", "ask_side_effects", "ask_overdose", "ask_aftercare"}
)


AFTER_ALARM_MIN_CONFIDENCE = 0.5
COURTESY_INTENTS = frozenset({"thank", "goodbye", GREETING_INTENT})


def still_urgent_reply(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The urgent answer again for a message right after it that is not thanks or a clear question."""
    if not turn.after_emergency:
        return None
    # "والله خايفين كتير، شو لازم نعمل هلأ؟" read as a topic at 0.29 is no clear question: in doubt,
    # right after the alarm, the alarm wins.
    unsure = dict(turn.ranking).get(turn.intent or "", 0.0) < AFTER_ALARM_MIN_CONFIDENCE
    if turn.intent not in STILL_URGENT_INTENTS and (turn.intent in COURTESY_INTENTS or not unsure):
        return None
    urgent = emergency_reply(turn, knowledge)
    # Staff still see that the patient asked for a person.
    asked_for_staff = {CONTACT_SLOTS["request_human"]: True} if turn.intent == "request_human" else {}
    return Reply(urgent.messages, {**urgent.slots, **asked_for_staff})


def follow_up_reply(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The reply to a follow-up that only names an audience, a condition or a drug, if the message is one."""
    if turn.red_flags:
        return None
    known = {"condition": knowledge.facts.conditions, "drug": knowledge.facts.drugs}
    named = follow_up_names(turn.text, turn.entity_spans, known, _name_stems(knowledge), turn.language)
    if named is None:
        bare = turn.focus is None and not turn.earlier_texts and is_bare_question(turn.text, turn.language)
        return _unclear_follow_up(turn, knowledge, None) if bare else None
    if turn.focus is None:
        return _unclear_follow_up(turn, knowledge, named.child) if named.joined else None
    if named.loose and turn.intent not in {FALLBACK_INTENT, OUT_OF_SCOPE_INTENT, turn.focus.intent}:
        return None
    return _answers(turn, knowledge, turn.focus.asked_again(named), greet=False)


def _name_stems(knowledge: Knowledge) -> frozenset[str]:
    topics = [*knowledge.facts.conditions.values(), *knowledge.facts.drugs.values()]
    return name_stems(tuple(name for topic in topics for names in topic.names.values() for name in names))


def _unclear_follow_up(turn: Turn, knowledge: Knowledge, child: bool | None) -> Reply:
    def render(language: str) -> OutgoingMessage:
        subject = knowledge.say("about_children" if child else "about_adults", language) if child is not None else "…"
        text = knowledge.say("follow_up_unclear", language, subject=subject)
        return OutgoingMessage(text, starter_buttons(knowledge, language), {KIND_KEY: CLARIFY_KIND})

    return Reply(tuple(render(language) for language in turn.languages()), slots_for(turn))


def pieces_to_answer(pieces: tuple[ClassifiedPiece, ...]) -> list[ClassifiedPiece]:
    """The pieces of a message that ask something, one per topic, in order, at most `MAX_ANSWERS`.

    A piece the classifier was unsure of, small talk and the opening greeting are left out, and so
    is a piece it called off topic unsurely when another asks about a topic, and an unsure piece
    that announces the question after it ("хочу спросить про ..., сколько стоит?");
    where some pieces read as questions, the others (a story before them) are left out too; where
    none does, a single remaining piece is the request ("Здравствуйте, хочу записаться").
    """
    parts = [
        p
        for p in pieces
        if not p.opening and p.intent not in SMALL_TALK_INTENTS | {FALLBACK_INTENT, None} and not _courtesy_tail(p)
    ]
    asking = [piece for piece in parts if piece.asks] or (parts if len(parts) == 1 else [])
    if any(piece.intent not in CANNED_PIECES for piece in asking):
        asking = [piece for piece in asking if not _unsure_off_topic(piece)]
    asking = [piece for piece in asking[:-1] if not _unsure_announcement(piece)] + asking[-1:]
    by_topic = {piece.intent: piece for piece in reversed(asking)}
    return sorted(by_topic.values(), key=asking.index)[:MAX_ANSWERS]


def small_talk_intent(turn: Turn) -> str:
    """The small talk to reply with: a farewell after thanks ("Спасибо, до свидания") ends the chat."""
    if turn.intent == "thank" and any(piece.intent == "goodbye" for piece in turn.pieces):
        return "goodbye"
    return turn.intent if turn.intent in SMALL_TALK_INTENTS else GREETING_INTENT


def _unsure_off_topic(piece: ClassifiedPiece) -> bool:
    return piece.intent == OUT_OF_SCOPE_INTENT and piece.confidence < MIN_OFF_TOPIC_BESIDE_TOPIC


def _unsure_announcement(piece: ClassifiedPiece) -> bool:
    return piece.confidence < MIN_OFF_TOPIC_BESIDE_TOPIC and _ANNOUNCES.search(native_form(piece.text)) is not None


def _courtesy_tail(piece: ClassifiedPiece) -> bool:
    """Thanks' short courtesy ("شكرا لكم"), or one word that asks nothing by itself ("Скажите, ...")."""
    if piece.intent != OUT_OF_SCOPE_INTENT:
        return False
    words = len(piece.text.split())
    return (words <= MAX_COURTESY_TAIL_WORDS and not piece.asks) or (words == 1 and not re.search(r"[?؟]", piece.text))


def several_questions_reply(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The reply to a message with several questions, or with a greeting or thanks around one.

    Returns:
        None when the message holds one question and nothing else, so that the action answers
        it as usual.
    """
    if len(turn.pieces) < 2:
        return None
    # A rule's red flag in any piece raises the alarm; the classifier's guess on a piece alone does
    # not ("мама плохо говорит по-русски"): the whole message's verdict already had its say. Nor
    # does a piece of a message the rules read whole as asked in advance ("запись через две недели.
    # Подруга рассказала, что у неё веко опустилось. Часто бывает?").
    asked_in_advance = bool(turn.red_flags) and turn.intent != EMERGENCY_INTENT
    alarm = [
        piece for piece in turn.pieces if piece.intent == EMERGENCY_INTENT and piece.red_flags and not asked_in_advance
    ]
    if alarm:
        flags = tuple(dict.fromkeys(flag for piece in alarm for flag in piece.red_flags))
        return emergency_reply(dataclasses.replace(turn, red_flags=turn.red_flags or flags), knowledge)
    chosen = pieces_to_answer(turn.pieces)
    stems = _name_stems(knowledge) if len(chosen) > 1 else frozenset()
    naming = [piece for piece in chosen if stems and names_only(piece.text, stems, turn.language)]
    chosen = [piece for piece in chosen if piece not in naming] or chosen
    greet = any(p.opening and p.intent == GREETING_INTENT for p in turn.pieces) and not turn.earlier_texts
    unclear = _unclear_questions(turn.pieces) if chosen else []
    # Around one question there may be small talk or a story ("сыну 4 года, вчера укололи. В бассейн
    # можно?"): the sentence that asks says what is asked; the rest says for whom.
    around = (
        turn.intent in SMALL_TALK_INTENTS | {FALLBACK_INTENT}
        or any(p.opening or not p.asks for p in turn.pieces)
        or bool(naming)
        or bool(unclear)
    )
    if not chosen or (len(chosen) == 1 and not around):
        return None
    if len(chosen) == 1 and chosen[0].intent == turn.intent and not greet and not unclear:
        return None
    # Whom and what the message is about may be said in another piece ("сыну 4 года, ДЦП. Больно?").
    whole = focus_of(turn, "")
    foci = [_piece_focus(turn, piece, whole, knowledge) for piece in chosen]
    return _answers(turn, knowledge, foci, greet, unclear)


def _unclear_questions(pieces: tuple[ClassifiedPiece, ...]) -> list[str]:
    """The texts of the pieces that ask something the classifier could not place, shortened to quote."""
    return [
        _shortened(piece.text)
        for piece in pieces
        if piece.intent == FALLBACK_INTENT
        and piece.asks
        and not piece.opening
        and len(piece.text.split()) >= MIN_UNCLEAR_PIECE_WORDS
    ]


def _shortened(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_QUOTED_CHARACTERS else text[: MAX_QUOTED_CHARACTERS - 1].rstrip() + "…"


def _piece_focus(turn: Turn, piece: ClassifiedPiece, whole: Focus, knowledge: Knowledge) -> Focus:
    piece_turn = dataclasses.replace(turn, text=piece.text, intent=piece.intent, entities=piece.entities)
    focus = focus_of(piece_turn, knowledge.facts.intent_to_answer(piece.intent or "", piece.text))
    return dataclasses.replace(
        focus,
        child=focus.child if focus.child is not None else whole.child,
        conditions=focus.conditions or whole.conditions,
        drugs=focus.drugs or whole.drugs,
    )


def _answers(
    turn: Turn, knowledge: Knowledge, foci: list[Focus], greet: bool, unclear: list[str] | None = None
) -> Reply:
    """One reply: a greeting, the disclaimer once, each focus's answer, then each question not understood."""
    messages: list[OutgoingMessage] = []
    slots = slots_for(turn)
    headed = len(foci) > 1
    answers_any = any(focus.intent not in CANNED_PIECES for focus in foci)
    for language in turn.languages():
        messages += (
            [OutgoingMessage(knowledge.say("hello_short", language), custom={KIND_KEY: "greeting"})] if greet else []
        )
        if answers_any and not turn.disclaimer_shown:
            messages.append(disclaimer_message(knowledge, language))
        for focus in foci:
            if focus.intent in CANNED_PIECES:
                messages.append(OutgoingMessage(knowledge.say(focus.intent, language), custom={KIND_KEY: focus.intent}))
                continue
            answer = compose_answer(focus, knowledge, language)
            heading = knowledge.catalog.topic(focus.intent, language) + ":" if headed else None
            messages.append(answer_message(turn, focus, answer, knowledge, language, heading))
        messages += [
            OutgoingMessage(
                knowledge.say("piece_unclear", language, text=question),
                starter_buttons(knowledge, language),
                {KIND_KEY: CLARIFY_KIND},
            )
            for question in unclear or ()
        ]
    answered: list[str] = []
    for focus in foci:
        if focus.intent in CONTACT_SLOTS:
            slots[CONTACT_SLOTS[focus.intent]] = True
        elif focus.intent not in CANNED_PIECES:
            kept = dataclasses.replace(focus, also=tuple(answered))
            slots.update({DISCLAIMER_SLOT: True, FOCUS_SLOT: kept.as_slot(), FACT_IDS_SLOT: []})
            answered.append(focus.intent)
    return Reply(tuple(messages), slots)


def injected_child_reply(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The runner-up topic when "can children get it?" was the guess for a child already injected.

    "ولدي خد الحقنة امبارح، ينفع نحميه؟" names a child, so the classifier leans to the children's
    topic; once the child has had the injection, the question is about what follows it.
    """
    if turn.intent != CHILDREN_INTENT or len(turn.pieces) > 1:
        return None
    if not process_red_flag_rules().mentions_injection_done([turn.text]):
        return None
    runner_up = next(((intent, score) for intent, score in turn.ranking[1:] if intent.startswith("ask_")), None)
    if runner_up is None or runner_up[1] < MIN_RUNNER_UP:
        return None
    return faq_reply(dataclasses.replace(turn, intent=runner_up[0]), knowledge)
