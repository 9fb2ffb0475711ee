import pytest

from clinic.language import reply_language
from clinic.normalization import normalize_text
from clinic.romanized import LATIN_WORD, VOCABULARY_DIR, arabizi_lexicon, native_form, shared_romanizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skolko stoit ukol botoksa", "сколько стоит укол ботокса"),
        ("zdravstvuyte, kak dolgo derzhitsya effekt?", "здравствуйте, как долго держится эффект?"),
        ("bolno li delat' botoks rebenku", "больно ли делать ботокс ребенку"),
        ("4to takoe botulinoterapiya", "что такое ботулинотерапия"),
    ],
)
def test_latin_letter_russian_is_written_in_cyrillic(text, expected):
    assert shared_romanizer().language(text) == "ru"
    assert shared_romanizer().to_native(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ana msh 2ader atnaffas", ["مش", "قادر", "اتنفس"]),
        ("kam yedoom el botox", ["يدوم", "البوتوكس"]),
        ("3ayez a7gez maw3ed", ["عايز", "احجز", "موعد"]),
        ("sawto sar da3eef", ["صوته", "صار", "ضعيف"]),
        # Borrowed English and French terms become the Arabic words they stand for.
        ("eh el side effects bta3et el 7o2na", ["الاعراض", "جانبيه"]),
        ("binti 3andha cerebral palsy", ["شلل", "دماغي"]),
        ("3andi rides kteer 3al jbin", ["تجاعيد"]),
        ("shokran gedan ya doctor", ["شكرا", "جدا"]),
        # Maghrebi 9 is ق where ص makes no word; Eastern 9 stays ص.
        ("mama ma t9derch tbla3", ["تقدرش"]),
        ("9addech yb9a", ["قداش"]),
        ("sar 9a3b", ["صار"]),
    ],
)
def test_arabizi_is_written_in_arabic_script_with_known_spellings(text, words):
    romanizer = shared_romanizer()
    assert romanizer.language(text) == "ar"
    native = romanizer.to_native(text).split()
    assert all(word in native for word in words)


@pytest.mark.parametrize(
    "text",
    ["how much does botox cost?", "is botox safe for kids", "hello", "ok", "Здравствуйте", "مرحبا", "🙂", ""],
)
def test_english_native_script_and_empty_messages_are_left_alone(text):
    assert shared_romanizer().language(text) is None
    assert shared_romanizer().to_native(text) == text


def test_the_reply_language_of_romanized_messages_is_their_own():
    assert reply_language("skolko dlitsya effekt", None) == "ru"
    assert reply_language("kam yedoom el botox", "ru") == "ar"
    assert reply_language("what is botox", None) == "other"


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("фывапролдж", False),
        ("ыфвапролд ячсмить", False),
        ("ققققق", False),
        ("погода сегодня", True),
        ("كم يدوم", True),
        ("وللكبار؟", True),
        ("وبتوجع؟", True),
        ("ضظثقغ", False),
        ("skolko stoit", True),
        ("🙂", True),
    ],
)
def test_keyboard_noise_is_told_from_words(text, known):
    assert shared_romanizer().knows_a_word(text) is known


def test_one_letter_joiners_do_not_make_a_short_follow_up_english():
    assert shared_romanizer().language("a detyam?") == "ru"
    assert shared_romanizer().language("i want the price") is None


@pytest.mark.parametrize(
    ("text", "language", "native"),
    [("w lel kbar?", "ar", "و لل كبار?"), ("a pri depressii?", "ru", "а при депрессии?")],
)
def test_a_message_that_reads_as_neither_is_read_in_the_conversations_language(text, language, native):
    assert shared_romanizer().to_native(text, language) == native
    assert shared_romanizer().to_native("thanks bye", language) == "thanks bye"
    assert reply_language(text, language) == language


@pytest.mark.parametrize(("text", "language"), [("merci", "ar"), ("thanks bye", "ar"), ("ok merci", "ru")])
def test_borrowed_courtesy_words_are_answered_in_the_conversations_language_untouched(text, language):
    assert reply_language(text, language) == language
    assert shared_romanizer().to_native(text, language) == text


@pytest.mark.parametrize(
    ("text", "language", "native"),
    [("wa dysport?", "ar", "و ديسبورت?"), ("w lal kbar?", "ar", "و لل كبار?"), ("do svidaniya", "ru", "до свидания")],
)
def test_arabizi_joiners_and_a_russian_goodbye_tell_the_language_of_a_first_message(text, language, native):
    assert shared_romanizer().language(text) == language
    assert shared_romanizer().to_native(text) == native


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ezay beyshta3'al?", ["ازاي", "بيشتغل"]),
        ("w 3and drari sghar?", ["دراري", "صغار"]),
        ("emta nshuf natije", ["امتي", "نتيجه"]),
        ("momken w ana bard3a?", ["برضع"]),
        ("b ch7al la séance?", ["شحال"]),
        ("w lil jahal?", ["جهال"]),
        ("rasha kat7i7", ["راسها"]),
    ],
)
def test_the_dialect_lexicon_spells_words_a_letter_by_letter_reading_gets_wrong(text, words):
    native = native_form(text).split()
    assert all(word in " ".join(native) for word in words)
    assert not any(char.isascii() and char.isalpha() for char in "".join(native))


def test_every_lexicon_entry_is_one_latin_word_and_an_arabic_spelling():
    lexicon = arabizi_lexicon(VOCABULARY_DIR / "arabizi.yml")
    assert len(lexicon) > 50
    for word, arabic in lexicon.items():
        assert LATIN_WORD.fullmatch(word), word
        assert arabic == normalize_text(arabic) and all("\u0621" <= char <= "\u064a" for char in arabic), arabic
