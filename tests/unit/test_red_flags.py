from pathlib import Path

import pytest

from actions.red_flags import load_rules

RULES = load_rules(Path(__file__).resolve().parents[2] / "knowledge" / "red_flags.yml")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("после укола не могу глотать", "swallowing"),
        ("Глотать тяжело стало со вчера", "swallowing"),
        ("ребёнку трудно дышать после ботокса", "breathing"),
        ("задыхаюсь", "breathing"),
        ("постоянно давлюсь едой", "choking"),
        ("у мамы речь стала невнятная", "speech"),
        ("язык заплетается после инъекции", "speech"),
        ("слабость распространяется по всему телу", "spreading_weakness"),
        ("после укола веко опустилось", "eyelid"),
        ("двоится в глазах", "vision"),
        ("ابني بعد الحقنة مش قادر يبلع", "swallowing"),
        ("عندي صعوبة في البلع", "swallowing"),
        ("ما اقدر اتنفس", "breathing"),
        ("بنتي مخنوقة بعد الابرة", "breathing"),
        ("صار عندي ثقل في اللسان", "speech"),
        ("جفني نازل بعد البوتوكس", "eyelid"),
        ("بشوف الحاجات دبل", "vision"),
        ("صرت اشوف كل شي اثنين", "vision"),
        ("الضعف بينتشر في كل الجسم", "spreading_weakness"),
        ("I can't swallow since the injection", "swallowing"),
        ("عيني اليمين طايحة من امبارح", "eyelid"),
        ("عندي ازدواج في الرؤية", "vision"),
        ("ضعف وتدلي في الجفن", "eyelid"),
        ("ابني يشرق بالاكل", "breathing"),
        ("слабость уже в обеих руках и шее", "spreading_weakness"),
        ("дышать нечем!", "breathing"),
        ("بنتي مختنقة", "breathing"),
        ("عم شوف دبل من الصبح", "vision"),
        ("ابني ما ديقدر يبلع", "swallowing"),
    ],
)
def test_red_flags_are_found_in_both_languages(text, category):
    assert category in RULES.find(text)


@pytest.mark.parametrize(
    "text",
    [
        "сколько длится эффект",
        "можно ли дышать в бассейне после процедуры",
        "человек упал на улице",
        "в неделе сколько процедур",
        "больно ли делать уколы",
        "какие побочные эффекты бывают",
        "هل الحقن مؤلمة",
        "في نفس الوقت صعوبة المشي",
        "ما هي الآثار الجانبية",
        "كم يدوم مفعول البوتوكس",
        "how long does it last",
        "الشمس تشرق الساعة ٦",
    ],
)
def test_ordinary_questions_are_not_red_flags(text):
    assert RULES.find(text) == []


def test_diacritics_tatweel_and_zero_width_do_not_hide_a_red_flag():
    assert RULES.find("مَا أَقْدَرُ أَتَنَفَّس") == ["breathing"]
    assert RULES.find("مش قـــادر يبلع") == ["swallowing"]
    assert RULES.find("не могу гло\u200bтать") == ["swallowing"]
