import pytest

from channels.feedback import feedback_record
from channels.web_session import (
    SessionSigner,
    button_title,
    history_from_events,
    supported_language,
    widget_topics,
)

SIGNER = SessionSigner(b"k" * 32)


def test_issued_sessions_are_distinct_and_verify_only_with_their_own_token():
    first_id, first_token = SIGNER.issue()
    second_id, second_token = SIGNER.issue()
    assert first_id != second_id and first_id.startswith("web-") and len(first_id) > 20
    assert SIGNER.verify(first_id, first_token)
    assert not SIGNER.verify(first_id, second_token)
    assert not SIGNER.verify(second_id, first_token)


@pytest.mark.parametrize("token", [None, "", 42, "0" * 64])
def test_a_missing_or_forged_token_is_refused(token):
    session_id, _ = SIGNER.issue()
    assert not SIGNER.verify(session_id, token)


def test_tokens_depend_on_the_server_secret():
    session_id, token = SIGNER.issue()
    assert not SessionSigner(b"another secret of the same size!").verify(session_id, token)


def test_ids_not_issued_by_the_widget_channel_are_refused_even_with_their_token():
    assert not SIGNER.verify("rest-conversation", SIGNER.token_for("rest-conversation"))


EVENTS = [
    {"event": "action", "name": "action_session_start"},
    {"event": "user", "text": "/greet", "metadata": {"synthetic": "greeting", "language_hint": "ar"}},
    {"event": "bot", "text": "مرحبا", "data": {}},
    {"event": "user", "text": "هل الحقن مؤلمة؟", "metadata": {}},
    {
        "event": "bot",
        "text": "هل تقصد:",
        "timestamp": 10.0,
        "data": {"buttons": [{"title": "الألم", "payload": "/ask_pain"}]},
    },
    {"event": "user", "text": "/ask_pain", "metadata": {"button_title": "الألم"}},
    {"event": "bot", "text": "الإجابة", "timestamp": 11.0, "data": {"custom": {"urgent": False}}},
    {"event": "slot", "name": "feedback", "value": {"rating": "up", "bot_text": "الإجابة", "bot_timestamp": 11.0}},
]


def test_history_hides_synthetic_turns_and_shows_button_titles_and_ratings():
    history = history_from_events(EVENTS)
    assert [(m["sender"], m["text"]) for m in history] == [
        ("bot", "مرحبا"),
        ("user", "هل الحقن مؤلمة؟"),
        ("bot", "هل تقصد:"),
        ("user", "الألم"),
        ("bot", "الإجابة"),
    ]
    assert history[2]["buttons"] == [{"title": "الألم", "payload": "/ask_pain"}]
    assert history[4]["rating"] == "up" and "rating" not in history[2]


def test_feedback_names_the_latest_matching_answer():
    assert feedback_record(EVENTS, "هل تقصد:", "down") == {
        "rating": "down",
        "bot_text": "هل تقصد:",
        "bot_timestamp": 10.0,
    }


@pytest.mark.parametrize(("text", "rating"), [("never said", "up"), ("الإجابة", "meh"), (None, "up")])
def test_feedback_on_unknown_messages_or_with_bad_ratings_is_refused(text, rating):
    assert feedback_record(EVENTS, text, rating) is None


def test_a_thumbs_down_may_say_what_was_wrong_from_a_fixed_list():
    assert feedback_record(EVENTS, "هل تقصد:", "down", "too_long")["reason"] == "too_long"
    assert feedback_record(EVENTS, "هل تقصد:", "down", "<script>") is None
    assert feedback_record(EVENTS, "هل تقصد:", "up", "unclear") is None


def test_the_widget_offers_the_starter_topics_in_both_languages(knowledge):
    topics = widget_topics(knowledge.catalog)
    assert [topic["payload"] for topic in topics["ar"]] == [f"/{i}" for i in knowledge.catalog.starter_topics]
    assert topics["ru"][0]["title"] == knowledge.catalog.topic(knowledge.catalog.starter_topics[0], "ru")


def test_button_titles_and_languages_are_validated():
    assert button_title("Боль") == "Боль"
    assert button_title("x" * 201) is None and button_title(["x"]) is None and button_title("") is None
    assert supported_language("ar") == "ar" and supported_language("en") is None and supported_language(None) is None
