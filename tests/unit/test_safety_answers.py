"""The answers the bilingual review of knowledge/ asked for (issue 13), in both languages: which
source says what, what the sources do not cover, the clinic's labelled guidance, urgent endings."""

import re

import pytest

from clinic.answers import faq_reply
from clinic.replies import Turn, emergency_reply


def faq(intent, language, text="?"):
    return Turn(text=text, intent=intent, language=language, disclaimer_shown=True)


def answer(knowledge, intent, language, text="?"):
    (message,) = faq_reply(faq(intent, language, text), knowledge).messages
    return message.text


@pytest.mark.parametrize(
    ("language", "neurology_source", "microcephaly_source", "no_anaesthesia", "local", "differ"),
    [
        (
            "ru",
            "источнике о ботулинотерапии в неврологии",
            "источнике о детях с микроцефалией",
            "без анестезии и седации",
            "применяют местную анестезию",
            "Источники расходятся",
        ),
        (
            "ar",
            "مصدرنا عن العلاج بالبوتولينوم في طب الأعصاب",
            "مصدرنا عن الأطفال المصابين بصغر الرأس",
            "دون تخدير أو مهدئات",
            "وأن التخدير الموضعي يستخدم",
            "تختلف مصادرنا",
        ),
    ],
)
def test_the_pain_answer_says_which_source_says_what_about_anaesthesia_and_that_they_differ(
    knowledge, language, neurology_source, microcephaly_source, no_anaesthesia, local, differ
):
    lines = answer(knowledge, "ask_pain", language).splitlines()
    (local_line,) = [line for line in lines if local in line]
    (sedation_line,) = [line for line in lines if no_anaesthesia in line]
    (differ_line,) = [line for line in lines if differ in line]
    assert neurology_source in local_line and microcephaly_source not in local_line
    assert microcephaly_source in sedation_line and neurology_source not in sedation_line
    assert lines.index(differ_line) > max(lines.index(local_line), lines.index(sedation_line))
    assert [ref.doc for ref in knowledge.facts.facts["avoid_sedation"].sources] == ["ar_microcephaly"]
    assert [ref.doc for ref in knowledge.facts.facts["anaesthesia_usually_not_needed"].sources] == ["ru_neurology"]


@pytest.mark.parametrize(
    ("language", "heading", "instruction"),
    [
        ("ru", "⚠️ СРОЧНО", "Звоните в скорую сейчас: 103 или 112, если у вас или вашего ребёнка затруднено глотание"),
        ("ar", "⚠️ عاجل", "اتصل بالإسعاف الآن: مصر 123"),
    ],
)
def test_the_urgent_answer_opens_with_the_call_to_make(knowledge, language, heading, instruction):
    """Action first: the call and its numbers, then at most three lines: wait not, the clinic's signs, the clinic."""
    (message,) = emergency_reply(Turn(text="x", intent="report_emergency", language=language), knowledge).messages
    first, *why = message.text.splitlines()
    label = knowledge.settings.guidance.label[language]
    assert first.startswith(instruction) and knowledge.settings.clinic.emergency_numbers[language] in first
    assert len(why) <= 3 and why[1].startswith(label) and knowledge.settings.clinic.phone in why[2]
    # One heading, given to the channels apart from the text, which therefore holds none.
    assert message.custom["heading"] == heading and heading.split()[-1] not in message.text


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_urgent_answers_call_buttons_name_each_number_by_its_country(knowledge, language):
    (message,) = emergency_reply(Turn(text="x", intent="report_emergency", language=language), knowledge).messages
    calls = message.custom["emergency_calls"]
    numbers = knowledge.settings.clinic.emergency_numbers[language]
    assert [call["number"] for call in calls] == re.findall(r"\d{3}", numbers)
    assert all(call["label"].endswith(call["number"]) and len(call["label"]) > len(call["number"]) for call in calls)
    if language == "ar":
        assert {"مصر 123", "السعودية 997", "الإمارات 998"} <= {call["label"] for call in calls}


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_medicines_taken_alongside_get_not_covered_the_clinics_advice_and_contacts(knowledge, language):
    turn = Turn(text="?", intent="ask_medications", language=language, disclaimer_shown=True)
    (message,) = faq_reply(turn, knowledge).messages
    gap, advice = message.text.splitlines()
    assert gap == knowledge.facts.gap("ask_medications")[language]
    assert advice.startswith(knowledge.settings.guidance.label[language])
    hrefs = [link["href"] for link in message.custom["contacts"]]
    assert hrefs == ["tel:+70000000000", knowledge.settings.clinic.booking_url]


@pytest.mark.parametrize(
    ("language", "not_any_medicine", "massage"),
    [
        ("ru", "не значит, что её можно сочетать с любым лекарством", "О массаже наши источники ничего не говорят"),
        ("ar", "ولا يعني ذلك أنه يمكن الجمع بينه وبين أي دواء", "لا تذكر مصادرنا التدليك"),
    ],
)
def test_combined_treatment_never_reads_as_compatible_with_any_medicine(knowledge, language, not_any_medicine, massage):
    text = answer(knowledge, "ask_combined_treatment", language)
    assert not_any_medicine in text and massage in text


@pytest.mark.parametrize(
    ("language", "question", "silent"),
    [
        ("ru", "а при беременности это безопасно?", "о беременности и кормлении грудью в них ничего не сказано"),
        ("ar", "هل هو آمن أثناء الحمل؟", "ولا تقول شيئا عن الحمل أو الرضاعة الطبيعية"),
    ],
)
def test_pregnancy_questions_get_the_contraindications_answer_saying_the_sources_are_silent(
    knowledge, language, question, silent
):
    text = answer(knowledge, "ask_safety", language, text=question)
    assert silent in text and knowledge.facts.gap("ask_contraindications")[language] in text
    assert knowledge.facts.facts["safety_conditions"].text[language] not in text
    assert silent in answer(knowledge, "ask_contraindications", language)


@pytest.mark.parametrize("intent", ["ask_overdose", "ask_side_effects"])
@pytest.mark.parametrize("language", ["ru", "ar"])
def test_answers_that_mention_urgent_care_end_with_the_emergency_numbers(knowledge, intent, language):
    text = answer(knowledge, intent, language)
    assert text.endswith(knowledge.settings.clinic.emergency_numbers[language] + ".")
    assert knowledge.settings.clinic.booking_url not in text and knowledge.settings.clinic.hours[language] not in text


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_clinics_guidance_is_always_labelled_as_the_clinics(knowledge, language, faq_intents):
    guidance = knowledge.settings.guidance
    label = guidance.label[language]
    urgent = emergency_reply(Turn(text="x", intent="report_emergency", language=language), knowledge).messages[0].text
    assert f"{label} {guidance.urgent_signs[language]}" in urgent
    for intent in {*faq_intents, *guidance.answers}:
        text = answer(knowledge, intent, language)
        advice = guidance.answers.get(intent)
        assert (f"{label} {advice[language]}" in text) if advice else (label not in text), intent


@pytest.mark.parametrize(
    ("language", "common", "urgent"),
    [
        ("ru", "слабость только в той мышце, куда сделали укол", "распространяется за пределы места укола"),
        ("ar", "الضعف في العضلة التي حُقنت وحدها", "انتشر إلى ما بعد موضع الحقن"),
    ],
)
def test_the_side_effects_answer_tells_common_weakness_from_urgent_weakness(knowledge, language, common, urgent):
    text = answer(knowledge, "ask_side_effects", language)
    assert common in text and urgent in text


def test_arabic_emergency_numbers_give_each_countrys_ambulance_before_112(knowledge):
    numbers = knowledge.settings.clinic.emergency_numbers["ar"]
    for country, number in [
        ("مصر", "123"),
        ("السعودية", "997"),
        ("الإمارات", "998"),
        ("الأردن", "911"),
        ("لبنان", "140"),
        ("سوريا", "110"),
        ("فلسطين", "101"),
    ]:
        assert f"{country} {number}" in numbers
    assert numbers.endswith("112") and numbers.count("112") == 1
    assert knowledge.settings.clinic.emergency_numbers["ru"].startswith("103")
