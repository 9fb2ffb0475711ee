from rasa.shared.nlu.training_data.message import Message

from clinic_nlu.fallback import PerLanguageFallbackClassifier


def classifier() -> PerLanguageFallbackClassifier:
    config = {**PerLanguageFallbackClassifier.get_default_config(), "threshold": 0.3}
    return PerLanguageFallbackClassifier({**config, "thresholds": {"ru": 0.4, "ar": 0.5}})


def message(text: str, confidence: float) -> Message:
    ranking = [{"name": "ask_pain", "confidence": confidence}, {"name": "ask_cost", "confidence": 0.01}]
    return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})


def test_each_language_has_its_own_threshold():
    fallback = classifier()
    assert fallback.threshold_for("больно?") == 0.4
    assert fallback.threshold_for("هل يؤلم؟") == 0.5
    assert fallback.threshold_for("bolno li?") == 0.4
    assert fallback.threshold_for("does it hurt?") == 0.3


def test_a_message_below_its_languages_threshold_falls_back():
    processed = classifier().process([message("هل يؤلم؟", 0.45), message("больно?", 0.45)])
    assert [m.get("intent")["name"] for m in processed] == ["nlu_fallback", "ask_pain"]
    assert processed[0].get("intent_ranking")[1]["name"] == "ask_pain"
