import pytest

from actions.redaction import redact_personal_data


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
