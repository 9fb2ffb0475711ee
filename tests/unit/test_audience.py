"""Whom a message is about: a child's or an adult's words, or an age."""

import pytest

from clinic.audience import mentions_adult, mentions_child


@pytest.mark.parametrize(
    "text",
    [
        "сыну шесть лет, ДЦП",
        "а если ребенку 2 года?",
        "عمره تسع شهور",
        "انا جدة لولد عمرو ست سنين",
        "2ebne 3ando cerebral palsy",
        "ebny 3ando shalal dema3y, el 7o2na btewga3?",
        "бабушка пишет, внучке годик",
    ],
)
def test_a_childs_word_or_age_names_a_child(text):
    assert mentions_child([text])
    assert not mentions_adult(text)


@pytest.mark.parametrize("text", ["мне 71 год, спазм лица", "ابوي عمره 60 سنه", "а взрослым?"])
def test_an_adults_age_or_word_names_an_adult(text):
    assert mentions_adult(text)
    assert not mentions_child([text])


@pytest.mark.parametrize("text", ["мне двадцать пять лет", "عمرها خمسه وعشرين سنه"])
def test_the_last_word_of_a_larger_number_is_no_childs_age(text):
    assert not mentions_child([text])
