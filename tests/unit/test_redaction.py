import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.redaction import PHONE_PLACEHOLDER, redact_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("позвоните +7 912 345-67-89 пожалуйста", "позвоните [phone] пожалуйста"),
        ("8 (912) 345-67-89", "[phone]"),
        ("мой номер 89123456789.", "мой номер [phone]."),
        ("тел: 8-912-345-67-89, почта: ivan.petrov@mail.ru", "тел: [phone], почта: [email]"),
        ("+7(912)3456789 и anna_k+clinic@yandex.ru", "[phone] и [email]"),
        ("رقمي ٠٥٠١٢٣٤٥٦٧ شكرا", "رقمي [phone] شكرا"),
        ("اتصلوا على +٩٧١٥٠١٢٣٤٥٦٧", "اتصلوا على [phone]"),
        ("+971 50 123 4567 واتساب", "[phone] واتساب"),
        ("ايميلي sara@clinic.ae", "ايميلي [email]"),
    ],
)
def test_phone_numbers_and_emails_are_redacted(text, expected):
    assert redact_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "эффект держится 3-4 месяца",
        "приём 12.05.2024 в 10:30",
        "укол сделали 2024-05-12",
        "الجرعة 100 وحدة",
        "بعد ٣ أيام",
        "",
    ],
)
def test_dates_doses_and_short_numbers_are_kept(text):
    assert redact_personal_data(text) == text


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
GLUED_PREFIXES = ["тел", "номер:", "رقمي", "واتساب", "جوال:", "tel"]
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def phone_numbers(draw) -> str:
    """A phone number as patients write it: Russian, Gulf or Levantine, spaced or not, any digits."""
    shape = draw(st.sampled_from(["8{3}{3}{2}{2}", "+7 {3} {3}-{2}-{2}", "05{1} {3} {4}", "+9665{1}{3}{4}", "0{2}{6}"]))
    number = ""
    for part in shape.replace("}", "{").split("{"):
        number += "".join(draw(DIGITS) for _ in range(int(part))) if part.isdigit() else part
    return number.translate(ARABIC_INDIC) if draw(st.booleans()) else number


@given(
    number=phone_numbers(), prefix=st.sampled_from(["", " ", *GLUED_PREFIXES]), suffix=st.sampled_from(["", " ok", "،"])
)
def test_generated_numbers_never_survive_whatever_is_glued_to_them(number, prefix, suffix):
    redacted = redact_personal_data(f"{prefix}{number}{suffix}")
    assert not re.search(r"\d{4}", redacted.replace(" ", "").replace("-", "")), redacted
    assert PHONE_PLACEHOLDER in redacted


@given(first=phone_numbers(), second=phone_numbers(), joiner=st.sampled_from([" ", ", ", " или ", " و "]))
def test_two_numbers_in_a_row_are_both_redacted(first, second, joiner):
    redacted = redact_personal_data(first + joiner + second)
    assert not re.search(r"\d{3}", redacted), redacted


def test_dates_around_a_run_of_numbers_are_kept():
    assert redact_personal_data("12.05.2024 89123456789 89031234567 13.05.2024") == "12.05.2024 [phone] 13.05.2024"


def test_a_group_that_looks_like_a_date_inside_a_long_run_is_still_redacted():
    redacted = redact_personal_data("+7 000 001-01-00 694047 369 8771")
    assert not re.search(r"\d{3}", redacted), redacted
    assert redact_personal_data("приём 12.05.2024, тел 89123456789") == "приём 12.05.2024, тел [phone]"
