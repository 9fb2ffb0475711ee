"""The shape of an answer: a short lead, details and lists, facts for whom they concern, no repeats."""

import datetime as dt

import pytest

from clinic.answers import LEAD_BUDGET, as_lines, faq_reply
from clinic.audience import mentions_child
from clinic.clinic_info import parse_clinic
from clinic.fact_base import KnowledgeError
from clinic.replies import Turn, rephrase_reply

CHILD = {"ru": "у ребёнка", "ar": "عند طفلي"}


def answer_turn(intent, language, text="?", **kwargs):
    return Turn(text=text, intent=intent, language=language, disclaimer_shown=True, **kwargs)


def every_answer_turn(knowledge, faq_intents, language):
    for text in ("?", CHILD[language]):
        yield from (answer_turn(intent, language, text) for intent in faq_intents)
        for intent, entity, topics in [
            ("ask_indications", "condition", knowledge.facts.conditions),
            ("ask_drugs", "drug", knowledge.facts.drugs),
        ]:
            yield from (answer_turn(intent, language, text, entities=((entity, topic),)) for topic in topics)


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_every_answer_opens_with_a_lead_that_fits_the_first_bubble(knowledge, faq_intents, language):
    for turn in every_answer_turn(knowledge, faq_intents, language):
        (message,) = faq_reply(turn, knowledge).messages
        lead = message.text.split("\n")[0]
        assert 0 < len(lead) <= LEAD_BUDGET, (turn.intent, turn.entities, turn.text, len(lead))


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_an_adult_reads_the_general_source_first_and_the_childrens_facts_labelled(knowledge, language):
    (pain,) = faq_reply(answer_turn("ask_pain", language), knowledge).messages
    assert pain.text.split("\n")[0] == knowledge.facts.facts["anaesthesia_usually_not_needed"].text[language]
    (what_is,) = faq_reply(answer_turn("ask_what_is", language), knowledge).messages
    lines = what_is.text.split("\n")
    assert lines[0] == knowledge.facts.facts["what_is_botulinum_therapy"].text[language]
    origin = knowledge.facts.facts["botulinum_origin"].text[language]
    assert knowledge.say("children_source_note", language, text=origin) in lines[1:]


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_a_parent_reads_the_childrens_source_first(knowledge, language):
    (message,) = faq_reply(answer_turn("ask_pain", language, CHILD[language]), knowledge).messages
    assert knowledge.facts.facts["avoid_sedation"].text[language] in message.text.split("\n")[0]


@pytest.mark.parametrize(
    ("language", "general", "children"),
    [("ru", "3–7 дней", "24 часов"), ("ar", "3 إلى 7 أيام", "24 ساعة")],
)
def test_the_onset_lead_says_whom_each_figure_concerns(knowledge, language, general, children):
    (message,) = faq_reply(answer_turn("ask_onset", language), knowledge).messages
    lead = message.text.split("\n")[0]
    neurology = {"ru": "неврологии", "ar": "طب الأعصاب"}[language]
    microcephaly = {"ru": "микроцефалией", "ar": "صغر الرأس"}[language]
    assert lead.index(neurology) < lead.index(general) < lead.index(microcephaly) < lead.index(children)


def test_an_inline_list_becomes_one_bulleted_line_per_item():
    assert as_lines("Показания: мигрень; бруксизм; гипергидроз.") == [
        "Показания:",
        "• мигрень",
        "• бруксизм",
        "• гипергидроз",
    ]
    assert as_lines("دواعي الاستخدام: الصداع؛ صرير الأسنان؛ فرط التعرق.")[1:] == [
        "• الصداع",
        "• صرير الأسنان",
        "• فرط التعرق",
    ]
    plain = "Чаще всего: сонливость, слабость, боль."
    assert as_lines(plain) == [plain]


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_the_same_answer_twice_in_a_row_points_up_instead(knowledge, language):
    first = faq_reply(answer_turn("ask_effect_duration", language), knowledge)
    again = answer_turn("ask_effect_duration", language, previous_fact_ids=tuple(first.slots["answer_fact_ids"]))
    (message,) = faq_reply(again, knowledge).messages
    assert message.text == knowledge.say("answered_above", language) and "↑" in message.text
    assert message.buttons and message.custom["kind"] == "answered_above"
    other = answer_turn("ask_pain", language, previous_fact_ids=tuple(first.slots["answer_fact_ids"]))
    assert faq_reply(other, knowledge).messages[0].custom["kind"] == "answer"


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_something_else_asks_to_rephrase_and_offers_topics_and_the_clinic(knowledge, language):
    turn = Turn(text="/out_of_scope", intent="out_of_scope", language=language)
    (message,) = rephrase_reply(turn, knowledge).messages
    assert message.text == knowledge.say("rephrase", language)
    payloads = [button.payload for button in message.buttons]
    assert payloads[:-1] == [f"/{intent}" for intent in knowledge.catalog.starter_topics]
    assert payloads[-1] == "/request_human"


@pytest.mark.parametrize(
    ("text", "child"),
    [
        ("Моему сыну 4 года, это больно?", True),
        ("а детям делают?", True),
        ("у дочки ДЦП", True),
        ("هل الحقن آمن للأطفال؟", True),
        ("ابني عمره سنتين", True),
        ("وبالنسبة لطفلي؟", True),
        ("сколько держится эффект", False),
        ("детализация цены", False),
        ("كم يدوم المفعول؟", False),
    ],
)
def test_a_child_is_recognised_in_either_language(text, child):
    assert mentions_child([text]) is child


def clinic_document(ru_numbers: str = "103", ar_numbers: str = "123") -> dict:
    """A minimal clinic.yml whose call buttons offer one number per language."""
    return {
        "name": {"ru": "К", "ar": "ع"},
        "phone": "+7 1",
        "email": "a@b.c",
        "booking_url": "https://b.c",
        "hours": {"ru": "ч", "ar": "س"},
        "emergency_numbers": {"ru": ru_numbers, "ar": ar_numbers},
        "emergency_calls": {
            "ru": [{"label": "Скорая 103", "number": "103"}],
            "ar": [{"label": "مصر 123", "number": "123"}],
        },
    }


def test_call_buttons_that_name_other_numbers_than_the_text_stop_the_start():
    document = clinic_document("103 или 112", "مصر 123")
    with pytest.raises(KnowledgeError, match=r"emergency_calls\.ru"):
        parse_clinic(document)
    document["emergency_calls"]["ru"].append({"label": "112", "number": "112"})
    assert [call.number for call in parse_clinic(document).emergency_calls["ru"]] == ["103", "112"]


def test_staff_hours_are_optional_and_checked():
    document = clinic_document()
    assert parse_clinic(document).staff_hours is None
    for wrong in ({"days": [1], "from": "18:00", "to": "09:00"}, {"days": [0, 8], "from": "9:00"}, {"days": []}):
        with pytest.raises(KnowledgeError, match="staff_hours"):
            parse_clinic({**document, "staff_hours": wrong})
    hours = parse_clinic({**document, "staff_hours": {"days": [6, 7], "from": "10:00", "to": "14:00"}}).staff_hours
    assert hours is not None
    assert hours.is_open(dt.datetime(2026, 12, 5, 10, 0)) and not hours.is_open(dt.datetime(2026, 12, 5, 14, 0))
    assert not hours.is_open(dt.datetime(2026, 12, 4, 11, 0))
