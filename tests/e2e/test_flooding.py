"""A patient who floods the assistant is asked to slow down; others, and emergencies, are not."""

from __future__ import annotations

from tests.e2e.conftest import Chat

RATE_LIMITED = "Вы пишете очень часто"


def test_a_flood_gets_a_polite_answer_and_nobody_else_notices(stack):
    flooder, patient = Chat(stack), Chat(stack)
    replies = [flooder.reply(f"вопрос {number}: это больно?") for number in range(24)]
    limited = [reply for reply in replies if RATE_LIMITED in reply]
    assert 1 <= len(limited) <= 5 and RATE_LIMITED not in replies[0]
    assert "+7 000 000-00-00" in limited[0]  # with the clinic's phone, for anything urgent
    assert RATE_LIMITED not in patient.reply("это больно?")
    urgent = flooder.reply("после укола трудно глотать")
    assert RATE_LIMITED not in urgent and "103" in urgent
    arabic = flooder.reply("هل الحقن مؤلمة؟")
    assert "ترسل رسائل كثيرة" in arabic
