"""Scoring one turn of a multi-turn evaluation dialogue against the assistant's REST reply."""

from scripts.dialogue_scoring import CLARIFIED, RIGHT, WRONG, reply_language, score_turn


def answer(intent, text="Ответ", **focus):
    return [{"text": text}, {"custom": {"kind": "answer", "focus": {"intent": intent, **focus}}}]


def test_an_answer_on_the_expected_topics_in_order_is_right():
    reply = answer("ask_drugs") + answer("ask_effect_duration")
    turn = {"expect": "answer", "topics": ["ask_drugs", "ask_onset|ask_effect_duration"]}
    assert score_turn(turn, "ru", reply).outcome == RIGHT
    assert score_turn({**turn, "topics": ["ask_effect_duration", "ask_drugs"]}, "ru", reply).outcome == WRONG
    assert score_turn({**turn, "topics": ["ask_drugs"]}, "ru", reply).outcome == WRONG


def test_audience_condition_and_drug_must_match_when_the_turn_names_them():
    reply = answer("ask_onset", child=True, conditions=["migraine"], drugs=[])
    assert score_turn({"expect": "answer", "topics": ["ask_onset"], "audience": "child"}, "ru", reply).outcome == RIGHT
    assert score_turn({"expect": "answer", "topics": ["ask_onset"], "audience": "adult"}, "ru", reply).outcome == WRONG
    turn = {"expect": "answer", "topics": ["ask_onset"], "condition": "migraine", "drug": "xeomin"}
    assert score_turn(turn, "ru", reply).why == "ask_onset without drug xeomin"


def test_did_you_mean_is_a_safe_miss_and_a_wrong_language_or_alarm_is_wrong():
    clarify = [{"text": "Вы имели в виду…?"}, {"custom": {"kind": "clarify"}}]
    assert score_turn({"expect": "answer", "topics": ["ask_pain"]}, "ru", clarify).outcome == CLARIFIED
    assert score_turn({"expect": "clarify"}, "ru", clarify).outcome == RIGHT
    assert score_turn({"expect": "answer", "topics": ["ask_pain"]}, "ar", answer("ask_pain")).why == "replied in ru"
    urgent = [{"text": "Звоните 103"}, {"custom": {"kind": "emergency", "urgent": True}}]
    assert score_turn({"expect": "urgent"}, "ru", urgent).outcome == RIGHT
    assert score_turn({"expect": "thanks"}, "ru", urgent).why == "urgent"
    assert score_turn({"expect": "urgent"}, "ru", answer("ask_pain")).why == "no alarm"


def test_the_reply_language_is_the_script_of_its_first_lettered_message():
    assert reply_language([{"text": "👍"}, {"text": "مرحبا"}]) == "ar"
    assert reply_language([{"custom": {}}]) is None


def test_contacts_for_a_booking_piece_count_in_their_place_among_the_answers():
    booking = [{"text": "Записаться: +7…"}, {"custom": {"kind": "book_appointment"}}]
    turn = {"expect": "answer", "topics": ["ask_cost", "book_appointment"], "condition": "migraine"}
    assert score_turn(turn, "ru", answer("ask_cost", conditions=["migraine"]) + booking).outcome == RIGHT
    assert score_turn(turn, "ru", answer("ask_cost", conditions=["migraine"])).outcome == WRONG
    assert score_turn({"expect": "answer", "topics": ["ask_cost"]}, "ru", booking).outcome == WRONG
