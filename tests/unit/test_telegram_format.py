import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels.telegram_format import (
    RecentIds,
    chat_id_of,
    inline_keyboard,
    parse_update,
    render_html,
    sender_id,
    split_text,
)

USER = {"id": 7, "first_name": "A", "is_bot": False, "language_code": "ar-EG"}
CHAT = {"id": 7, "type": "private"}


def message(**fields):
    return {"update_id": 10, "message": {"message_id": 1, "from": USER, "chat": CHAT, "date": 0, **fields}}


def test_text_start_and_media_updates_are_told_apart():
    text = parse_update(message(text="هل الحقن مؤلمة؟"))
    assert (text.kind, text.chat_id, text.text, text.language_hint) == ("text", 7, "هل الحقن مؤلمة؟", "ar")
    assert parse_update(message(text="/start")).kind == "start"
    assert parse_update(message(text="/start@ClinicBot payload")).kind == "start"
    assert parse_update(message(text="/started")).kind == "text"
    voice = parse_update(message(voice={"file_id": "x", "duration": 2}))
    assert (voice.kind, voice.media, voice.text) == ("media", "voice", "")
    assert parse_update(message(location={"latitude": 1, "longitude": 2})).media == "location"
    assert parse_update(message(new_chat_title="x")).media == "other"


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 1, "edited_message": {"chat": CHAT, "text": "edited"}},
        {"update_id": 2, "channel_post": {"chat": CHAT, "text": "post"}},
        {"update_id": 3, "message": {"text": "no chat"}},
        {"update_id": "x"},
        {},
    ],
)
def test_edits_posts_and_malformed_updates_are_ignored(update):
    assert parse_update(update).kind == "ignored"


def test_a_button_press_carries_its_payload_and_title():
    markup = {"inline_keyboard": [[{"text": "Боль", "callback_data": "/ask_pain"}]]}
    update = {
        "update_id": 11,
        "callback_query": {
            "id": "99",
            "from": USER,
            "data": "/ask_pain",
            "message": {"chat": CHAT, "reply_markup": markup},
        },
    }
    parsed = parse_update(update)
    assert (parsed.kind, parsed.chat_id, parsed.text, parsed.button_title, parsed.callback_id) == (
        "button",
        7,
        "/ask_pain",
        "Боль",
        "99",
    )


def test_languages_other_than_russian_and_arabic_give_no_hint():
    assert parse_update(message(text="/start", **{"from": {**USER, "language_code": "en"}})).language_hint is None
    assert parse_update(message(text="/start", **{"from": {**USER, "language_code": "ru"}})).language_hint == "ru"


def test_conversation_ids_round_trip_chat_ids():
    assert chat_id_of(sender_id(-100123)) == -100123 and sender_id(5) == "tg-5"


def test_long_texts_are_split_at_sentence_ends():
    sentence = "Эффект наступает через несколько дней. "
    text = sentence * 300
    parts = split_text(text)
    assert len(parts) > 1 and all(len(part) <= 4096 for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text.strip()


@given(st.text(alphabet=st.sampled_from("аб .!?\nمر؟&<"), max_size=3000), st.integers(min_value=20, max_value=500))
def test_split_parts_fit_and_keep_every_word(text, limit):
    parts = split_text(text, limit)
    assert all(len(part) <= limit for part in parts)
    assert "".join(text.split()) == "".join("".join(parts).split())


def test_html_is_escaped_and_the_urgent_answer_is_bold_with_the_numbers():
    assert render_html("1 < 2 & <script>") == ["1 &lt; 2 &amp; &lt;script&gt;"]
    urgent = render_html("Звоните <сейчас>", {"urgent": True, "phone": "+7 000", "emergency_numbers": "103 или 112"})
    assert urgent == ["<b>Звоните &lt;сейчас&gt;</b>\n\n<b>☎️ 103 или 112 · ☎️ +7 000</b>"]


def test_a_staff_message_opens_with_who_wrote_it_and_is_escaped():
    (text,) = render_html("Приходите <завтра>", {"kind": "staff", "heading": "Сотрудник клиники"})
    assert text == "<b>Сотрудник клиники</b>\nПриходите &lt;завтра&gt;"


def test_the_urgent_answer_opens_with_one_heading_then_the_call_and_ends_with_labelled_numbers():
    custom = {
        "urgent": True,
        "heading": "⚠️ СРОЧНО",
        "phone": "+7 000",
        "emergency_numbers": "103 или 112",
        "emergency_calls": [{"label": "Скорая 103", "number": "103"}, {"label": "Единый номер 112", "number": "112"}],
    }
    (text,) = render_html("Звоните 103 сейчас.\nНе ждите.", custom)
    assert text == (
        "<b>⚠️ СРОЧНО</b>\n<b>Звоните 103 сейчас.</b>\nНе ждите.\n\n<b>☎️ Скорая 103 · ☎️ Единый номер 112 · ☎️ +7 000</b>"
    )


def test_an_answer_has_a_bold_lead_its_source_in_italics_and_a_booking_button():
    custom = {
        "kind": "answer",
        "source": "Источник: «Ботулинотерапия в неврологии».",
        "contacts": [
            {"kind": "call", "title": "📞 Позвонить", "href": "tel:+70000000000"},
            {"kind": "book", "title": "📅 Записаться", "href": "https://clinic.example/booking"},
        ],
    }
    (text,) = render_html("Коротко.\n• подробно", custom)
    assert text == (
        "<b>Коротко.</b>\n• подробно\n\n<i>Источник: «Ботулинотерапия в неврологии».</i>\n\n📞 Позвонить: +70000000000"
    )
    arabic_call = {"kind": "call", "title": "📞 اتصل", "href": "tel:+7000"}
    (arabic,) = render_html("باختصار.", {**custom, "contacts": [arabic_call]})
    assert arabic.endswith("\u2066+7000\u2069")
    keyboard = inline_keyboard([{"title": "Боль", "payload": "/ask_pain"}], custom)
    assert keyboard == {
        "inline_keyboard": [
            [{"text": "📅 Записаться", "url": "https://clinic.example/booking"}],
            [{"text": "Боль", "callback_data": "/ask_pain"}],
        ]
    }


def test_topics_and_help_commands_open_like_start():
    for command in ("/topics", "/help", "/start"):
        assert parse_update(message(text=command)).kind == "start"


def test_the_clinics_number_after_arabic_emergency_numbers_is_isolated_left_to_right():
    custom = {"urgent": True, "phone": "+7 000 000-00-00", "emergency_numbers": "السعودية 997، أو 112"}
    (text,) = render_html("اتصل الآن", custom)
    assert "\u2066+7 000 000-00-00\u2069" in text


def test_escaping_never_pushes_a_part_over_the_limit():
    parts = render_html("&" * 5000)
    assert len(parts) > 1 and all(len(part) <= 4096 for part in parts)
    assert "".join(parts) == "&amp;" * 5000


def test_buttons_become_an_inline_keyboard_without_oversized_payloads():
    keyboard = inline_keyboard([{"title": "Боль", "payload": "/ask_pain"}, {"title": "x", "payload": "/" + "a" * 80}])
    assert keyboard == {"inline_keyboard": [[{"text": "Боль", "callback_data": "/ask_pain"}]]}
    assert inline_keyboard([]) is None


def test_recent_ids_let_each_update_through_once():
    recent = RecentIds(capacity=2)
    assert recent.first_time(1) and not recent.first_time(1)
    assert recent.first_time(2) and recent.first_time(3)
    assert recent.first_time(1)  # forgotten beyond the capacity
    assert recent.first_time(None) and recent.first_time(None)
