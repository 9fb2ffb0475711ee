"""What the assistant says, per intent and language, built from the real knowledge files."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.answers import faq_reply
from clinic.language import reply_language
from clinic.replies import (
    Turn,
    clarify_reply,
    contact_reply,
    emergency_reply,
    input_problem_reply,
    small_talk_reply,
)


def faq(intent, language, **kwargs):
    return Turn(text="вопрос" if language == "ru" else "سؤال", intent=intent, language=language, **kwargs)


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_every_faq_intent_answers_in_the_patients_language(knowledge, faq_intents, language):
    other_script = "ar" if language == "ru" else "ru"
    for intent in faq_intents:
        reply = faq_reply(faq(intent, language, disclaimer_shown=True), knowledge)
        assert len(reply.messages) == 1
        text = reply.messages[0].text
        assert reply_language(text, None) == language, intent
        assert reply_language(text.replace("botulinum", ""), None) != other_script
        assert reply.slots["language"] == language


def test_answer_cites_its_facts_and_source(knowledge):
    reply = faq_reply(faq("ask_onset", "ru", disclaimer_shown=True), knowledge)
    assert reply.slots["answer_fact_ids"] == ["onset_comparison"]
    assert "3–7" in reply.messages[0].text
    assert reply.messages[0].custom == {
        "kind": "answer",
        "fact_ids": ["onset_comparison"],
        "source": "Источник: «Ботулинотерапия в неврологии»; «Ботокс при микроцефалии у детей».",
        "focus": {"intent": "ask_onset", "child": None, "conditions": [], "drugs": [], "follow_up": False},
    }


def test_first_medical_answer_carries_the_disclaimer_and_later_ones_do_not(knowledge):
    first = faq_reply(faq("ask_pain", "ar"), knowledge)
    later = faq_reply(faq("ask_pain", "ar", disclaimer_shown=True), knowledge)
    disclaimer = knowledge.say("disclaimer", "ar")
    assert first.messages[0].text.startswith(disclaimer)
    assert disclaimer not in later.messages[0].text
    assert first.slots["disclaimer_shown"] is True


@pytest.mark.parametrize("intent", ["ask_cost", "ask_contraindications"])
def test_uncovered_topics_point_to_the_clinic(knowledge, intent):
    (message,) = faq_reply(faq(intent, "ru", disclaimer_shown=True), knowledge).messages
    assert "источник" in message.text.lower()
    hrefs = [link["href"] for link in message.custom["contacts"]]
    assert hrefs == ["tel:+70000000000", knowledge.settings.clinic.booking_url]


def test_condition_in_the_sources_gets_a_specific_answer(knowledge):
    turn = faq("ask_indications", "ru", disclaimer_shown=True, entities=(("condition", "migraine"),))
    reply = faq_reply(turn, knowledge)
    assert "мигрен" in reply.messages[0].text.lower()
    assert "migraine_attacks" in reply.slots["answer_fact_ids"]


def test_condition_not_in_the_sources_is_said_honestly_with_the_indication_list(knowledge):
    turn = faq("ask_indications", "ar", disclaimer_shown=True, entities=(("condition", "epilepsy"),))
    text = faq_reply(turn, knowledge).messages[0].text
    assert "لا تذكر مصادرنا «الصرع»" in text
    assert "الصداع النصفي المزمن" in text  # the list of what the sources do cover


def test_drug_question_gets_what_the_sources_say_about_that_drug(knowledge):
    turn = faq("ask_drugs", "ru", disclaimer_shown=True, entities=(("drug", "dysport"), ("drug", "botox")))
    text = faq_reply(turn, knowledge).messages[0].text
    assert "Диспорт" in text and "не сравнивают" in text


def test_emergency_reply_is_urgent_and_machine_readable(knowledge):
    reply = emergency_reply(
        Turn(text="не могу глотать", intent="report_emergency", language="ru", red_flags=("swallowing",)), knowledge
    )
    (message,) = reply.messages
    assert message.custom["urgent"] is True
    assert message.custom["red_flags"] == ["swallowing"]
    assert knowledge.settings.clinic.emergency_numbers["ru"] in message.text
    assert knowledge.settings.clinic.phone in message.text
    assert reply.slots["urgent"] is True


def test_emergency_in_an_unsupported_language_is_given_in_both_languages(knowledge):
    reply = emergency_reply(Turn(text="I can't breathe", intent="report_emergency", language="other"), knowledge)
    assert [reply_language(m.text, None) for m in reply.messages] == ["ru", "ar"]
    assert all(m.custom["urgent"] for m in reply.messages)


def test_clarify_offers_top_three_topics_and_something_else(knowledge):
    turn = Turn(
        text="а это как",
        intent="nlu_fallback",
        language="ru",
        ranking=(
            ("nlu_fallback", 0.35),
            ("ask_pain", 0.3),
            ("greet", 0.2),
            ("ask_onset", 0.2),
            ("ask_cost", 0.1),
            ("ask_safety", 0.05),
        ),
    )
    (message,) = clarify_reply(turn, knowledge).messages
    payloads = [button.payload for button in message.buttons]
    assert payloads == ["/ask_pain", "/ask_onset", "/ask_cost", "/out_of_scope"]
    assert message.buttons[0].title == knowledge.catalog.topic("ask_pain", "ru")


def test_second_miss_in_a_row_gives_the_honest_fallback_with_contacts(knowledge):
    turn = Turn(
        text="ммм", intent="nlu_fallback", language="ar", after_clarification=True, ranking=(("ask_pain", 0.3),)
    )
    (message,) = clarify_reply(turn, knowledge).messages
    assert message.text == knowledge.say("fallback", "ar")
    assert [button.payload for button in message.buttons] == [
        *(f"/{intent}" for intent in knowledge.catalog.starter_topics),
        "/request_human",
    ]
    assert [link["kind"] for link in message.custom["contacts"]] == ["call", "book"]


@pytest.mark.parametrize(
    ("intent", "slot"), [("book_appointment", "booking_requested"), ("request_human", "handoff_requested")]
)
def test_booking_and_human_requests_give_contacts_and_mark_the_conversation(knowledge, intent, slot):
    reply = contact_reply(Turn(text="хочу записаться", intent=intent, language="ru"), knowledge, MONDAY_MORNING)
    assert reply.slots[slot] is True
    assert knowledge.settings.clinic.phone in reply.messages[0].text


@pytest.mark.parametrize(
    ("text", "language", "expected_key"),
    [("", "ru", "empty_message"), ("   \u200b ", "ar", "empty_message"), ("x" * 20_000, "ru", "too_long")],
)
def test_unusable_input_gets_a_localised_explanation(knowledge, text, language, expected_key):
    reply = input_problem_reply(Turn(text=text, intent="greet", language=language), knowledge)
    assert reply is not None
    expected = knowledge.say(expected_key, language, length=len(text), limit=knowledge.settings.max_message_chars)
    assert reply.messages[0].text == expected


def test_unsupported_language_gets_the_bilingual_language_notice(knowledge):
    reply = input_problem_reply(
        Turn(text="How long does it last?", intent="ask_effect_duration", language="other"), knowledge
    )
    text = reply.messages[0].text
    assert knowledge.say("languages_supported", "ru") in text and knowledge.say("languages_supported", "ar") in text


def test_ordinary_questions_and_payloads_pass_the_input_checks(knowledge):
    assert input_problem_reply(Turn(text="больно?", intent="ask_pain", language="ru"), knowledge) is None
    assert input_problem_reply(Turn(text="/ask_pain", intent="ask_pain", language=None), knowledge) is None


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), intent=st.sampled_from(["ask_pain", "nlu_fallback", "ask_indications", "greet"]))
def test_any_text_gets_a_nonempty_reply(knowledge, text, intent):
    turn = Turn(
        text=text,
        intent=intent,
        language=reply_language(text, None),
        ranking=(("ask_pain", 0.4),),
        entities=(("condition", "unknown_value"),),
    )
    reply = input_problem_reply(turn, knowledge) or (
        faq_reply(turn, knowledge) if intent.startswith("ask_") else clarify_reply(turn, knowledge)
    )
    assert reply.messages and all(message.text.strip() for message in reply.messages)


def test_greeting_with_a_question_glued_on_also_offers_the_likely_topics(knowledge):
    turn = Turn(
        text="مرحبا، الزيومين كم يدوم؟",
        intent="greet",
        language="ar",
        ranking=(("greet", 0.38), ("ask_effect_duration", 0.3), ("ask_drugs", 0.12), ("thank", 0.1)),
    )
    (message,) = small_talk_reply(turn, knowledge, "greet").messages
    assert message.text.startswith(knowledge.say("greet", "ar"))
    assert [b.payload for b in message.buttons] == ["/ask_effect_duration", "/ask_drugs", "/out_of_scope"]


def test_a_plain_greeting_offers_the_starter_topics_not_guesses(knowledge):
    turn = Turn(text="добрый день", intent="greet", language="ru", ranking=(("greet", 0.9), ("ask_cost", 0.05)))
    (message,) = small_talk_reply(turn, knowledge, "greet").messages
    assert message.text == knowledge.say("greet", "ru")
    assert [button.payload for button in message.buttons] == [f"/{i}" for i in knowledge.catalog.starter_topics]


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_a_voice_message_or_photo_is_asked_to_be_written_as_text(knowledge, language):
    reply = input_problem_reply(Turn(text="", intent="nlu_fallback", language=language, media="voice"), knowledge)
    assert reply is not None
    assert [m.text for m in reply.messages] == [knowledge.say("media_not_supported", language)]


MONDAY_MORNING = dt.datetime(2026, 11, 30, 10, 0)


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (MONDAY_MORNING, True),
        (dt.datetime(2026, 11, 30, 8, 59), False),
        (dt.datetime(2026, 11, 30, 18, 0), False),
        (dt.datetime(2026, 12, 5, 12, 0), False),  # a Saturday
    ],
)
def test_a_request_for_a_person_outside_staff_hours_is_told_when_staff_are_back(knowledge, moment, open_):
    for language in ("ru", "ar"):
        turn = Turn(text="хочу поговорить с человеком", intent="request_human", language=language)
        (message,) = contact_reply(turn, knowledge, moment).messages
        expected = "request_human" if open_ else "request_human_closed"
        assert message.text == knowledge.say(expected, language)
        assert message.custom["kind"] == "request_human"
    booking = Turn(text="хочу записаться", intent="book_appointment", language="ru")
    (message,) = contact_reply(booking, knowledge, moment).messages
    assert message.text == knowledge.say("book_appointment", "ru")


def test_outside_staff_hours_the_patient_still_gets_the_phone_hours_and_emergency_numbers(knowledge):
    for language in ("ru", "ar"):
        text = knowledge.say("request_human_closed", language)
        clinic = knowledge.settings.clinic
        assert clinic.phone in text and clinic.hours[language] in text
        assert clinic.emergency_numbers[language] in text
