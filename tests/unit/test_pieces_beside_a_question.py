"""What else a message holds beside its question: an unsure off-topic fragment, thanks with a farewell."""

import pytest

from clinic.conversation import pieces_to_answer, small_talk_intent
from clinic.question_split import ClassifiedPiece as Piece
from clinic.question_split import classified_pieces
from clinic.replies import Turn

QUESTION = Piece("واش الحقنة كتوجع الصغار؟", "ask_pain", confidence=0.88)


@pytest.mark.parametrize(("text", "confidence"), [("من قداش عمر؟", 0.41), ("بغيت نعرف", 0.49)])
def test_an_unsure_off_topic_fragment_beside_a_topic_is_not_answered(text, confidence):
    fragment = Piece(text, "out_of_scope", confidence=confidence)
    assert pieces_to_answer((QUESTION, fragment)) == [QUESTION]
    assert pieces_to_answer((fragment, QUESTION)) == [QUESTION]


def test_a_sure_off_topic_question_beside_a_topic_and_an_unsure_one_alone_are_answered():
    cosmetic = Piece("это как в косметологии?", "out_of_scope", confidence=0.97)
    assert pieces_to_answer((QUESTION, cosmetic)) == [QUESTION, cosmetic]
    alone = Piece("а парковка у вас есть?", "out_of_scope", confidence=0.45)
    contact = Piece("хочу записаться", "book_appointment", confidence=0.9)
    assert pieces_to_answer((contact, alone)) == [contact, alone]


def test_a_pieces_confidence_is_read_from_the_parsed_message():
    (piece,) = classified_pieces([{"text": "x", "intent": "out_of_scope", "confidence": 0.4, "asks": True}])
    assert piece.confidence == 0.4


@pytest.mark.parametrize(
    ("intent", "pieces", "expected"),
    [
        ("thank", (Piece("Благодарю.", "thank", opening=True), Piece("Всего доброго.", "goodbye")), "goodbye"),
        ("thank", (Piece("شكرا", "thank", opening=True), Piece("سؤال آخر", "out_of_scope")), "thank"),
        ("goodbye", (), "goodbye"),
        ("ask_pain", (), "greet"),
    ],
)
def test_thanks_with_a_farewell_says_goodbye(intent, pieces, expected):
    assert small_talk_intent(Turn(text="...", intent=intent, language="ru", pieces=pieces)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ابي اسأل عن ابر البوتوكس للرجل بعد الجلطة",
        "хотела спросить про уколы в ноги ребенку",
        "bghit nsewel 3la l botox",
    ],
)
def test_an_unsure_announcement_before_a_question_is_its_context(text):
    price = Piece("كم سعرها؟", "ask_cost", confidence=0.93, asks=True)
    announcement = Piece(text, "ask_indications", confidence=0.34, asks=True)
    assert pieces_to_answer((announcement, price)) == [price]
    sure = Piece(text, "ask_indications", confidence=0.9, asks=True)
    assert pieces_to_answer((sure, price)) == [sure, price]
    assert pieces_to_answer((price, announcement)) == [price, announcement]
