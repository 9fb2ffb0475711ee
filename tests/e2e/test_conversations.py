"""Short conversations in each language over the REST channel, against the real servers."""

import pytest

from clinic.language import detect_language


def test_russian_conversation(chat, knowledge):
    greeting = chat.texts("Здравствуйте!")
    assert detect_language(greeting[0]) == "ru"

    answer = chat.reply("скажите, а долго держится эффект от уколов?")
    assert answer.startswith(knowledge.say("disclaimer", "ru"))
    assert "3–6" in answer and "4–6" in answer

    follow_up = chat.reply("а больно колоть?")
    assert "анестези" in follow_up
    assert knowledge.say("disclaimer", "ru") not in follow_up

    assert "Диспорт" in chat.reply("чем диспорт отличается от ботокса?")
    assert detect_language(chat.texts("спасибо большое")[0]) == "ru"


def test_arabic_conversation_with_dialect_and_entity(chat):
    assert detect_language(chat.texts("السلام عليكم")[0]) == "ar"
    answer = chat.reply("ابني عنده شلل دماغي، البوتوكس بيفيد معاه؟")
    assert detect_language(answer) == "ar"
    assert "الشلل الدماغي" in answer
    # Rasa's REST channel sends a message's text and its custom data as two entries.
    cost = chat.say("بكام الجلسة؟")
    (custom,) = [m["custom"] for m in cost if m.get("custom", {}).get("kind") == "answer"]
    assert any("مصادرنا" in m.get("text", "") for m in cost)
    assert custom["contacts"][0]["href"] == "tel:+70000000000"


def test_language_switch_mid_conversation(chat):
    assert detect_language(chat.texts("сколько длится процедура?")[0]) == "ru"
    assert detect_language(chat.texts("وهل هي مؤلمة؟")[0]) == "ar"
    assert detect_language(chat.texts("а когда начнёт действовать?")[0]) == "ru"


def test_emergency_message_gets_the_urgent_marker_in_each_language(chat, knowledge):
    ru = chat.say("после укола ребёнок не может глотать, что делать")
    urgent = [m["custom"] for m in ru if "custom" in m]
    assert urgent and urgent[0]["urgent"] is True and urgent[0]["language"] == "ru"
    assert knowledge.settings.clinic.emergency_numbers["ru"] in ru[0]["text"]

    ar = chat.say("أمي بعد الحقن عندها صعوبة في التنفس")
    assert any(m.get("custom", {}).get("urgent") for m in ar)
    assert detect_language(ar[0]["text"]) == "ar"


def test_emergency_wins_inside_an_faq_question(chat):
    replies = chat.say("сколько держится эффект? и ещё у меня после укола двоится в глазах")
    assert any(m.get("custom", {}).get("urgent") for m in replies)


def test_unclear_message_offers_topics_then_honest_fallback(chat, knowledge):
    first = chat.say("абырвалг")
    buttons = [b for m in first for b in m.get("buttons", [])]
    assert 2 <= len(buttons) <= 4 and buttons[-1]["payload"] == "/out_of_scope"
    text, custom = chat.say("фывапролдж")
    assert text["text"] == knowledge.say("fallback", "ru") and text["buttons"][-1]["payload"] == "/request_human"
    assert [link["kind"] for link in custom["custom"]["contacts"]] == ["call", "book"]
    picked = chat.texts(buttons[0]["payload"])
    assert detect_language(picked[0]) == "ru"


def test_booking_marks_the_conversation_for_staff(chat):
    chat.say("хочу записаться на приём к неврологу")
    slots = chat.tracker()["slots"]
    assert slots["booking_requested"] is True


def test_latin_letter_russian_and_arabizi_are_answered_in_their_own_language(chat, new_chat):
    russian = chat.reply("skolko derzhitsya effekt ot botoksa?")
    assert detect_language(russian) == "ru" and "3–6" in russian
    arabic = new_chat().reply("kam yedoom mafoul el botox?")
    assert detect_language(arabic) == "ar" and "6" in arabic


def test_a_question_in_advance_gets_the_side_effects_answer_not_the_alarm(chat):
    replies = chat.say("может ли после уколов в шею стать трудно глотать?")
    assert not any(m.get("custom", {}).get("urgent") for m in replies)
    assert "103" in "\n".join(m.get("text", "") for m in replies)


@pytest.mark.parametrize(
    ("hello", "unclear", "pick", "index"),
    [("Здравствуйте", "абырвалг", "второе", 1), ("مرحبا", "سيبلاتنمك", "الأول", 0)],
)
def test_did_you_mean_can_be_answered_in_words(chat, new_chat, hello, unclear, pick, index):
    chat.say(hello)
    buttons = [b for m in chat.say(unclear) for b in m.get("buttons", [])]
    assert len(buttons) > index + 1 and buttons[-1]["payload"] == "/out_of_scope"
    in_words = chat.texts(pick)
    by_button = new_chat()
    by_button.say(hello)
    by_button.say(unclear)
    assert in_words and in_words == by_button.texts(buttons[index]["payload"])
