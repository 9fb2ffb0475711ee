"""Ratings of answers: the digest a Telegram button carries, and the answer it names."""

from channels.feedback import DIGEST_CHARS, parse_rating_data, rated_text, rating_data, text_digest
from channels.telegram_format import MAX_CALLBACK_DATA_BYTES, inline_keyboard, parse_update

ANSWER = "Эффект держится 3–4 месяца.\n• по данным источника на русском"


def test_a_rating_button_names_its_answer_within_telegrams_64_bytes():
    data = rating_data("down", ANSWER)
    assert len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    assert parse_rating_data(data) == ("down", text_digest(ANSWER))
    assert len(text_digest(ANSWER)) == DIGEST_CHARS


def test_other_buttons_and_forged_ratings_are_not_ratings():
    assert parse_rating_data("/ask_pain") is None
    assert parse_rating_data("rate:meh:" + "0" * DIGEST_CHARS) is None
    assert parse_rating_data("rate:up:short") is None


def test_the_latest_answer_with_that_text_is_the_one_rated():
    events = [
        {"event": "bot", "text": "Другой ответ"},
        {"event": "user", "text": ANSWER},
        {"event": "bot", "text": ANSWER, "timestamp": 2},
    ]
    assert rated_text(events, text_digest(ANSWER)) == ANSWER
    assert rated_text(events[:2], text_digest(ANSWER)) is None


def test_only_answers_get_the_rating_row():
    answer = inline_keyboard([], {"kind": "answer"}, ANSWER)
    assert answer is not None
    assert [button["text"] for button in answer["inline_keyboard"][-1]] == ["👍", "👎"]
    assert inline_keyboard([], {"kind": "clarify"}, "Вы имели в виду...?") is None


def test_a_press_on_a_rating_button_is_a_rating_update():
    data = rating_data("up", ANSWER)
    update = parse_update(
        {
            "update_id": 5,
            "callback_query": {"id": "q1", "data": data, "from": {"id": 7}, "message": {"chat": {"id": 7}}},
        }
    )
    assert (update.kind, update.text, update.callback_id, update.chat_id) == ("rating", data, "q1", 7)
