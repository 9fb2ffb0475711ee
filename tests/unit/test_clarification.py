"""A "did you mean...?" answered in words, in both languages."""

import pytest

from clinic.clarification import NONE_OF_THEM, chosen_topic

OFFERED = ("ask_pain", "ask_cost", "ask_onset")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("да", "ask_pain"),
        ("Да, первое", "ask_pain"),
        ("второе", "ask_cost"),
        ("третий вариант", "ask_onset"),
        ("2", "ask_cost"),
        ("нет, другое", NONE_OF_THEM),
        ("не то", NONE_OF_THEM),
        ("نعم", "ask_pain"),
        ("الأول", "ask_pain"),
        ("الخيار الثاني", "ask_cost"),
        ("ايوه الثالث", "ask_onset"),
        ("لا", NONE_OF_THEM),
        ("لأ مش هيك", NONE_OF_THEM),
    ],
)
def test_a_pick_in_words_names_the_topic_or_none_of_them(text, topic):
    assert chosen_topic(text, OFFERED) == topic


@pytest.mark.parametrize("text", ["через 2 недели?", "а сколько стоит?", "كم السعر؟", "🙂", "да, а это больно детям?"])
def test_a_question_of_its_own_is_not_a_pick(text):
    assert chosen_topic(text, OFFERED) is None


def test_an_ordinal_past_the_offered_topics_picks_nothing():
    assert chosen_topic("третье", OFFERED[:2]) is None
    assert chosen_topic("да", ()) is None
