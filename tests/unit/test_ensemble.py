import numpy as np
from rasa.shared.nlu.training_data.message import Message

from clinic_nlu.ensemble import SentenceEmbeddingEnsemble, _bounded, embed


def test_invisible_characters_and_lone_surrogates_are_embedded_like_the_rest():
    vectors = embed(["\ud800 больно ли колоть ботокс?\u0000", "больно ли колоть ботокс?"])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[1]) > 0.99


def test_a_long_story_keeps_its_beginning_and_its_question():
    story = "Здравствуйте. " + "Маме после инсульта тяжело. " * 100 + "Сколько держится эффект?"
    bounded = _bounded(story)
    assert len(bounded) < 500 and bounded.startswith("Здравствуйте") and bounded.endswith("эффект?")
    assert _bounded("Больно?") == "Больно?"


def test_only_messages_the_word_classifier_is_unsure_of_are_blended():
    # An embedding classifier that always prefers ask_cost.
    weights = {
        "coef": np.zeros((2, 384)),
        "intercept": np.array([5.0, -5.0]),
        "classes": np.array(["ask_cost", "ask_pain"]),
    }
    ensemble = SentenceEmbeddingEnsemble({**SentenceEmbeddingEnsemble.get_default_config()}, None, None, weights)

    def message(confidence: float) -> Message:
        ranking = [{"name": "ask_pain", "confidence": confidence}, {"name": "ask_cost", "confidence": 1 - confidence}]
        return Message(data={"text": "больно ли колоть?", "intent": ranking[0], "intent_ranking": ranking})

    sure, unsure = ensemble.process([message(0.95), message(0.6)])
    assert sure.get("intent") == {"name": "ask_pain", "confidence": 0.95}
    assert unsure.get("intent")["name"] == "ask_cost"
