from clinic_nlu.ensemble import _bounded, embed


def test_invisible_characters_and_lone_surrogates_are_embedded_like_the_rest():
    vectors = embed(["\ud800 больно ли колоть ботокс?\u0000", "больно ли колоть ботокс?"])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[1]) > 0.99


def test_a_long_story_keeps_its_beginning_and_its_question():
    story = "Здравствуйте. " + "Маме после инсульта тяжело. " * 100 + "Сколько держится эффект?"
    bounded = _bounded(story)
    assert len(bounded) < 500 and bounded.startswith("Здравствуйте") and bounded.endswith("эффект?")
    assert _bounded("Больно?") == "Больно?"
