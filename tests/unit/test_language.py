import pytest

from clinic.language import detect_language, reply_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Здравствуйте, это больно?", "ru"),
        ("а botox долго держится?", "ru"),
        ("هل الحقن مؤلمة؟", "ar"),
        ("عايز اعرف عن Botox", "ar"),
        ("How long does it last?", "other"),
        ("Wie lange hält es?", "other"),
        ("这个疼吗", "other"),
        ("😀👍", None),
        ("12345", None),
        ("", None),
        ("/ask_cost", None),
        ('/ask_cost{"x":"<script>"}', None),
    ],
)
def test_detect_language_by_script(text, expected):
    assert detect_language(text) == expected


def test_mixed_message_takes_the_script_with_more_letters():
    assert detect_language("ботокс بوتوكس العلاج الطبيعي") == "ar"
    assert detect_language("ботулинотерапия при ДЦП بوتوكس") == "ru"


def test_reply_language_follows_latest_message_and_keeps_previous_without_letters():
    assert reply_language("هل هو آمن؟", "ru") == "ar"
    assert reply_language("а это безопасно?", "ar") == "ru"
    assert reply_language("👍", "ar") == "ar"
    assert reply_language("/ask_pain", "ru") == "ru"
    assert reply_language("👍", None) is None
    assert reply_language("hello", "ru") == "other"


@pytest.mark.parametrize(
    ("text", "previous", "hint", "expected"),
    [
        ("/greet", None, "ar", "ar"),
        ("/greet", "ru", "ar", "ar"),
        ("👍", "ar", None, "ar"),
        ("Здравствуйте", "ar", "ar", "ru"),
        ("/greet", None, "fr", None),
    ],
)
def test_a_channel_hint_outranks_the_conversation_but_not_the_message_itself(text, previous, hint, expected):
    assert reply_language(text, previous, hint) == expected
