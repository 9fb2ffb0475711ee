import pytest

from clinic.bidi import LEFT_TO_RIGHT_ISOLATE as LRI
from clinic.bidi import POP_DIRECTIONAL_ISOLATE as PDI
from clinic.bidi import isolate_left_to_right
from staff_console.display import reveal_answer


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("اتصل بالعيادة على الرقم +7 000 000-00-00 الآن", ["+7 000 000-00-00"]),
        ("من 9:00 إلى 20:00، رقمنا 8 (912) 345-67-89", ["9:00", "20:00", "8 (912) 345-67-89"]),
        ("البوتوكس (Botox) أو Dysport أو BOTOX®", ["Botox", "Dysport", "BOTOX®"]),
        (
            "راسلنا info@clinic.example أو https://clinic.example/booking.",
            ["info@clinic.example", "https://clinic.example/booking"],
        ),
        ("يستمر المفعول 3–6 أشهر", ["3–6"]),
    ],
)
def test_left_to_right_runs_in_arabic_text_are_isolated(text, runs):
    isolated = isolate_left_to_right(text)
    assert [part.split(PDI)[0] for part in isolated.split(LRI)[1:]] == runs
    assert isolated.replace(LRI, "").replace(PDI, "") == text  # nothing else changes


@pytest.mark.parametrize("text", ["Позвоните +7 000 000-00-00", "مصر 123، السعودية 997، أو 112", ""])
def test_text_without_arabic_or_without_a_left_to_right_run_is_unchanged(text):
    assert isolate_left_to_right(text) == text


def test_isolating_twice_changes_nothing():
    once = isolate_left_to_right("الرقم +7 000 000-00-00")
    assert isolate_left_to_right(once) == once


def test_the_console_shows_the_assistants_isolates_as_left_to_right_bdi():
    html = reveal_answer(isolate_left_to_right("الرقم +7 000 000-00-00 <b>"))
    assert '<bdi dir="ltr">+7 000 000-00-00</bdi>' in html and "&lt;b&gt;" in html and "U+2066" not in html
