from clinic.normalization import blank_lone_surrogates, normalize_arabic, normalize_text, strip_invisible


def test_arabic_diacritics_tatweel_and_letter_variants_fold_to_one_spelling():
    assert normalize_text("هَلْ الحُقَنُ مُؤْلِمَةٌ؟") == normalize_text("هل الحقن مؤلمه؟")
    assert normalize_text("بـــوتوكس") == "بوتوكس"
    assert normalize_arabic("أإآا") == "اااا"
    assert normalize_text("مستشفى") == normalize_text("مستشفي")
    assert normalize_text("الرؤية") == "الرويه"


def test_arabic_indic_and_persian_digits_become_ascii():
    assert normalize_text("بعد ٣ أيام و۴ ساعات") == "بعد 3 ايام و4 ساعات"


def test_russian_yo_case_and_stretched_letters():
    assert normalize_text("ЕЩЁ бооольно!!!") == "еще больно!!!"
    assert normalize_text("Мигреньююю") == "мигренью"


def test_numbers_are_not_shortened_like_stretched_letters():
    assert normalize_text("1000 рублей") == "1000 рублей"


def test_zero_width_and_bidi_override_characters_are_removed():
    text = "бо\u200bтокс \u202eопасен\u202c\ufeff?"
    assert strip_invisible(text) == "ботокс опасен?"
    assert normalize_text(text) == "ботокс опасен?"


def test_whitespace_is_collapsed_and_newlines_survive_as_spaces():
    assert normalize_text("  когда\n\tначнёт   действовать  ") == "когда начнет действовать"


def test_russian_words_typed_with_latin_lookalikes_become_cyrillic():
    assert normalize_text("бoтoкс пoмoгaет?") == "ботокс помогает?"
    assert normalize_text("Botox и ДЦП") == "botox и дцп"


def test_lone_surrogates_become_spaces_and_offsets_stay():
    text = "\ud800 привет 😀 \udfff"
    blanked = blank_lone_surrogates(text)
    assert blanked == "  привет 😀  " and len(blanked) == len(text)
    blanked.encode("utf-8")


def test_french_accents_and_persian_letters_fold_but_cyrillic_keeps_its_marks():
    assert normalize_text("Kiné séance blépharospasme") == "kine seance blepharospasme"
    assert normalize_text("ما اگدر") == "ما اكدر"
    assert normalize_text("Йод") == "йод"
