"""Bad input over REST gets a localised, sane reply; nothing is lost and the server keeps serving."""

import pytest
import requests

from clinic.language import detect_language


def user_texts(tracker):
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_messages_ask_for_a_question(chat, knowledge, text):
    chat.texts("привет")
    assert chat.texts(text) == [knowledge.say("empty_message", "ru")]


def test_huge_message_is_refused_politely_and_stored_whole(chat, knowledge):
    chat.texts("مرحبا")
    huge = " ".join(["ما هو البوتوكس"] * 600)  # past the polite limit, within the hard one
    (reply,) = chat.texts(huge)
    assert reply == knowledge.say("too_long", "ar", length=len(huge), limit=knowledge.settings.max_message_chars)
    assert huge in user_texts(chat.tracker())


def test_emoji_only_keeps_the_conversation_language(chat):
    chat.texts("هل الحقن مؤلمة؟")
    replies = chat.texts("👍👍")
    assert replies and all(detect_language(text) == "ar" for text in replies)


def test_emoji_as_first_message_gets_the_bilingual_language_notice(chat, knowledge):
    reply = chat.reply("🙂")
    assert knowledge.say("languages_supported", "ru") in reply
    assert knowledge.say("languages_supported", "ar") in reply


def test_zero_width_and_bidi_override_characters_do_not_hide_the_question(chat):
    assert "анестези" in chat.reply("боль\u200bно ли \u202eколоть\u202c ботокс?\ufeff")


def test_a_lone_surrogate_does_not_break_the_turn(chat):
    # JSON allows "\ud800" alone; UTF-8 (and spaCy) cannot encode it.
    assert "анестези" in chat.reply("\ud800 больно ли колоть ботокс?")
    assert any(text.startswith("\ud800") for text in user_texts(chat.tracker()))


def test_typed_intent_payload_with_script_is_handled_without_echo(chat):
    chat.texts("здравствуйте")
    replies = chat.say('/ask_cost{"x":"<script>alert(1)</script>"}')
    texts = [m["text"] for m in replies if "text" in m]
    assert texts and detect_language(texts[0]) == "ru"
    assert all("<script>" not in text for text in texts)


def test_latin_english_gets_the_language_notice_in_both_languages(chat, knowledge):
    reply = chat.reply("How long does the effect last?")
    assert knowledge.say("languages_supported", "ru") in reply and knowledge.say("languages_supported", "ar") in reply


def test_english_red_flag_still_gets_the_urgent_answer(chat):
    replies = chat.say("my son can't swallow after the botox injection")
    assert any(m.get("custom", {}).get("urgent") for m in replies)


def test_server_keeps_serving_after_bad_input(stack, chat):
    for text in ["", "x" * 9_000, "\u202e\u200b", "/restart", "/nonexistent_intent", '{"json": true}']:
        chat.say(text)
    assert requests.get(f"http://localhost:{stack.config.rasa_port}/", timeout=10).ok
    assert detect_language(chat.texts("сколько длится процедура?")[0]) == "ru"
