"""Reading a conversation back from Rasa's events, as the widget's history and the console both do."""

from channels.web_session import history_from_events
from clinic.contract import TYPED_SLASH_MARKER, URGENT_KEY
from clinic.history import (
    Feedback,
    bot_custom,
    events_for_actions,
    feedback_of,
    is_synthetic,
    is_urgent,
    shown_text,
)
from staff_console.transcript import read_conversation

BUTTON = {"event": "user", "text": "/ask_pain", "metadata": {"button_title": "Больно ли?"}}
TYPED = {"event": "user", "text": TYPED_SLASH_MARKER + "/restart", "metadata": {}}
GREETING = {"event": "user", "text": "/greet", "metadata": {"synthetic": True}}
URGENT = {"event": "bot", "text": "Звоните 103", "data": {"custom": {"urgent": True, "kind": "emergency"}}}
ANSWER = {"event": "bot", "text": "Ответ", "data": {"custom": {"kind": "answer"}, "buttons": [{"title": "Ещё"}]}}
RATED = {"event": "slot", "name": "feedback", "value": {"rating": "down", "bot_text": "Ответ", "reason": "unclear"}}


def test_a_pressed_button_shows_its_title_and_a_typed_slash_its_text():
    assert shown_text(BUTTON) == "Больно ли?"
    assert shown_text(TYPED) == "/restart"


def test_synthetic_turns_and_urgent_answers_are_recognised():
    assert is_synthetic(GREETING) and not is_synthetic(TYPED)
    assert is_urgent(bot_custom(URGENT)) and not is_urgent(bot_custom(ANSWER))


def test_only_a_valid_rating_in_the_feedback_slot_is_feedback():
    assert feedback_of(RATED) == Feedback("down", "Ответ", "unclear")
    assert feedback_of({**RATED, "value": {"rating": "meh", "bot_text": "Ответ"}}) is None
    assert feedback_of({**RATED, "name": "language"}) is None
    assert feedback_of(ANSWER) is None


def test_the_widget_and_the_console_read_the_same_conversation_alike():
    events = [GREETING, BUTTON, ANSWER, TYPED, URGENT, RATED]
    widget = history_from_events(events)
    console = read_conversation(list(enumerate(events)))
    shown = [getattr(entry, "button_title", None) or entry.text for entry in console.entries]
    assert shown[1:] == [message["text"] for message in widget] == ["Больно ли?", "Ответ", "/restart", "Звоните 103"]
    assert console.entries[0].synthetic
    assert widget[1]["rating"] == "down"
    rated = next(entry for entry in console.entries if getattr(entry, "feedback", None))
    assert (rated.text, rated.feedback, rated.feedback_reason) == ("Ответ", "down", "unclear")
    assert console.summary.urgent and console.summary.negative_feedback


def _exchange(text: str, action: str, bot: dict) -> list[dict]:
    return [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask"}}},
        {"event": "action", "name": action},
        {"event": "bot", "text": "…", "data": bot},
        {"event": "slot", "name": "answer_focus", "value": text},
    ]


def test_the_action_server_gets_what_its_readers_need_and_no_older_turns():
    from actions.actions import earlier_patient_texts, offered_topics, previous_bot_action, previous_reply_was_urgent

    urgent = {"custom": {URGENT_KEY: True}}
    offered = {"buttons": [{"title": "Дети", "payload": "/ask_children"}]}
    events = [
        *_exchange("старая сессия", "action_answer_faq", {}),
        {"event": "session_started"},
        *_exchange("укол был вчера", "action_answer_faq", {}),
        *_exchange("ребёнок плохо глотает", "action_emergency", urgent),
        *_exchange("что делать", "action_clarify", offered),
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "первое"},
    ]
    sent = events_for_actions(events)
    assert len(sent) < len(events) - 10
    for reader in (earlier_patient_texts, offered_topics, previous_bot_action, previous_reply_was_urgent):
        assert reader(sent) == reader(events), reader.__name__
    assert earlier_patient_texts(sent) == ("укол был вчера", "ребёнок плохо глотает", "что делать")
    assert offered_topics(sent) == ("ask_children",)
    assert events_for_actions(events[:7]) == events[:7]
