"""The action classes run against real rasa_sdk trackers and dispatchers."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerFaq,
    ActionClarify,
    ActionEmergency,
    ActionSmallTalk,
    earlier_patient_texts,
    previous_bot_action,
    read_turn,
    reply_to_picked_topic,
)
from clinic.knowledge import process_knowledge


def tracker(text, intent, slots=None, events=None, **parse_data):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [], **parse_data}
    history = [*(events or []), {"event": "user", "text": text, "parse_data": latest}]
    return Tracker("patient-1", slots or {}, latest, history, False, None, {}, "action_listen")


def run(action, current):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, current, {}))
    return dispatcher.messages, events


def test_faq_action_answers_in_arabic_and_sets_slots():
    messages, events = run(ActionAnswerFaq(), tracker("هل الحقن مؤلمة؟", "ask_pain"))
    assert "تخدير" in messages[-1]["text"]
    assert SlotSet("language", "ar") in events
    assert SlotSet("disclaimer_shown", True) in events


def test_language_switch_mid_conversation_follows_the_latest_message():
    messages, events = run(ActionAnswerFaq(), tracker("а это больно?", "ask_pain", slots={"language": "ar"}))
    assert "анестези" in messages[-1]["text"]
    assert SlotSet("language", "ru") in events


def test_a_slot_already_holding_the_value_is_not_set_again():
    known = {"language": "ru", "disclaimer_shown": True}
    _, events = run(ActionAnswerFaq(), tracker("а это больно?", "ask_pain", slots=known))
    names = [event["name"] for event in events]
    assert "language" not in names and "disclaimer_shown" not in names
    assert "answer_focus" in names


def test_emergency_action_sends_the_urgent_custom_payload():
    messages, events = run(ActionEmergency(), tracker("не могу глотать", "report_emergency", red_flags=["swallowing"]))
    assert messages[0]["custom"]["urgent"] is True
    assert SlotSet("urgent", True) in events


def test_button_payload_keeps_the_conversation_language():
    messages, _ = run(ActionAnswerFaq(), tracker("/ask_cost", "ask_cost", slots={"language": "ar"}))
    assert "تكلفة" in messages[-1]["text"]


def test_typed_intent_payload_with_markup_is_answered_and_never_echoed():
    messages, _ = run(ActionAnswerFaq(), tracker('/ask_cost{"x":"<script>"}', "ask_cost"))
    assert messages and all("<script>" not in m["text"] for m in messages)


def test_clarify_twice_in_a_row_falls_back_honestly():
    earlier = [
        {"event": "user", "text": "ммм"},
        {"event": "action", "name": "action_clarify"},
        {"event": "bot", "text": "Вы имели в виду"},
        {"event": "action", "name": "action_listen"},
    ]
    current = tracker(
        "ммм ну это", "nlu_fallback", events=earlier, intent_ranking=[{"name": "ask_pain", "confidence": 0.3}]
    )
    messages, _ = run(ActionClarify(), current)
    # No second "did you mean": the starter topics and "contact the clinic" instead.
    assert [button["payload"] for button in messages[0]["buttons"]][-1] == "/request_human"
    assert "/ask_pain" not in [button["payload"] for button in messages[0]["buttons"]][:1]
    assert previous_bot_action(current.events) == "action_clarify"


def test_small_talk_greets_in_the_patients_language():
    messages, _ = run(ActionSmallTalk(), tracker("مرحبا", "greet"))
    assert messages[0]["text"].startswith("مرحبا")


def test_a_question_in_advance_about_a_red_flag_ends_with_when_to_call_emergency_services():
    messages, events = run(
        ActionAnswerFaq(), tracker("может ли после укола опуститься веко?", "ask_side_effects", red_flags=["eyelid"])
    )
    assert "103" in messages[-1]["text"] and not messages[-1].get("custom", {}).get("urgent")
    assert SlotSet("urgent", True) not in events


def test_the_same_question_after_the_injection_was_given_is_taken_for_a_report():
    earlier = [{"event": "session_started"}, {"event": "user", "text": "вчера маме кололи диспорт в шею"}]
    current = tracker("а может ли быть трудно глотать?", "ask_side_effects", events=earlier, red_flags=["swallowing"])
    messages, events = run(ActionAnswerFaq(), current)
    assert messages[0]["custom"]["urgent"] is True
    assert SlotSet("urgent", True) in events


def test_after_the_injection_a_red_flag_among_several_questions_is_still_a_report():
    earlier = [{"event": "session_started"}, {"event": "user", "text": "вчера маме кололи диспорт в шею"}]
    pieces = [
        {"text": "сколько стоит?", "intent": "ask_cost", "asks": True},
        {
            "text": "и может ли быть трудно глотать?",
            "intent": "ask_side_effects",
            "asks": True,
            "red_flags": ["swallowing"],
        },
    ]
    text = "сколько стоит? и может ли быть трудно глотать?"
    for action in (ActionAnswerFaq(), ActionClarify()):
        current = tracker(text, "ask_side_effects", events=earlier, red_flags=["swallowing"], questions=pieces)
        messages, events = run(action, current)
        assert messages[0]["custom"]["urgent"] is True, action.name()
        assert SlotSet("urgent", True) in events


def test_only_the_current_sessions_earlier_messages_count():
    events = [
        {"event": "user", "text": "اتحقنت امبارح"},
        {"event": "session_started"},
        {"event": "user", "text": "مرحبا"},
        {"event": "user", "text": "هل ممكن صعوبة في البلع؟"},
    ]
    assert earlier_patient_texts(events) == ("مرحبا",)


def clarified(text, intent, buttons):
    earlier = [
        {"event": "user", "text": "ммм"},
        {"event": "action", "name": "action_clarify"},
        {"event": "bot", "text": "Вы имели в виду", "data": {"buttons": buttons}},
        {"event": "action", "name": "action_listen"},
    ]
    return tracker(text, intent, events=earlier)


OFFER = [{"title": "Больно ли это", "payload": "/ask_pain"}, {"title": "Стоимость", "payload": "/ask_cost"}]


def test_did_you_mean_answered_in_words_answers_the_picked_topic():
    messages, events = run(ActionClarify(), clarified("второе", "nlu_fallback", [*OFFER, {"payload": "/out_of_scope"}]))
    assert "стоимост" in messages[-1]["text"].lower() and SlotSet("answer_fact_ids", []) in events
    messages, _ = run(ActionSmallTalk(), clarified("да", "affirm", OFFER))
    assert "анестези" in messages[-1]["text"]


def test_did_you_mean_turned_down_in_words_asks_to_rephrase_with_a_way_on():
    messages, _ = run(ActionSmallTalk(), clarified("нет, другое", "deny", OFFER))
    assert messages[0]["buttons"][-1]["payload"] == "/request_human"
    assert "по-другому" in messages[0]["text"]


def test_a_red_flag_after_did_you_mean_is_never_taken_for_a_pick():
    current = clarified("да", "affirm", [{"title": "Срочно", "payload": "/report_emergency"}, *OFFER])
    current.latest_message["red_flags"] = ["swallowing"]
    messages, _ = run(ActionEmergency(), current)
    assert messages[0]["custom"]["urgent"] is True
    assert reply_to_picked_topic(read_turn(current), process_knowledge()) is None


def test_a_request_for_a_person_after_an_urgent_answer_from_any_action_stays_urgent():
    earlier = [
        {"event": "user", "text": "что делать?"},
        {"event": "action", "name": "action_clarify"},
        {"event": "bot", "text": "Звоните 103", "data": {"custom": {"urgent": True, "kind": "emergency"}}},
        {"event": "action", "name": "action_listen"},
    ]
    current = tracker("дайте поговорить с врачом сейчас", "request_human", events=earlier)
    assert read_turn(current).after_emergency
    messages, _ = run(ActionClarify(), current)
    assert messages[0]["custom"]["urgent"] is True
    answered = {"data": {"custom": {"kind": "answer"}}}
    calm = [{**event, **answered} if event["event"] == "bot" else event for event in earlier]
    assert not read_turn(tracker("дайте поговорить с врачом", "request_human", events=calm)).after_emergency


def test_asking_to_wait_right_after_the_urgent_answer_gets_it_again_whatever_the_topic():
    urgent = [
        {"event": "user", "text": "сын давится водой после укола"},
        {"event": "action", "name": "action_emergency"},
        {"event": "bot", "text": "Звоните 103", "data": {"custom": {"urgent": True, "kind": "emergency"}}},
        {"event": "action", "name": "action_listen"},
    ]
    for text, intent in [
        ("а завтра утром у нас приём, может дотерпим до него?", "book_appointment"),
        ("нашла у него таблетки от давления, дам и пусть полежит?", "ask_medications"),
        ("ممكن نستنى لبكرة الصبح؟", "ask_effect_duration"),
        # What to do now, and whether to take the patient to hospital, is part of the emergency too.
        ("так что теперь делать, самим везти его в больницу?", "ask_procedure"),
        ("طيب شو لازم نعمل هلق؟ ناخده على المستشفى؟", "ask_aftercare"),
    ]:
        messages, _ = run(ActionAnswerFaq(), tracker(text, intent, events=urgent))
        assert messages[0]["custom"]["urgent"] is True, text
    calm = [{**event, "data": {"custom": {"kind": "answer"}}} if event["event"] == "bot" else event for event in urgent]
    later = tracker("а завтра утром у нас приём, может дотерпим?", "ask_procedure", events=calm)
    messages, _ = run(ActionAnswerFaq(), later)
    assert not messages[0].get("custom", {}).get("urgent")


def test_for_a_child_already_injected_the_runner_up_topic_replaces_the_childrens_one():
    ranking = [{"name": "ask_children", "confidence": 0.5}, {"name": "ask_aftercare", "confidence": 0.3}]
    for text in [
        "сыну вчера кололи ботокс в ножки, можно ему в бассейн?",
        "بنتي اخدت الحقنه امبارح، ينفع تروح الحضانه؟",
    ]:
        messages, _ = run(ActionAnswerFaq(), tracker(text, "ask_children", intent_ranking=ranking))
        assert messages[-1]["custom"]["focus"]["intent"] == "ask_aftercare", text
        assert messages[-1]["custom"]["focus"]["child"] is True
    messages, _ = run(ActionAnswerFaq(), tracker("можно ли детям ботокс?", "ask_children", intent_ranking=ranking))
    assert messages[-1]["custom"]["focus"]["intent"] == "ask_children"
