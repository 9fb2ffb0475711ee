"""Rasa's fallback classifier with a confidence threshold per language."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import THRESHOLD_KEY, FallbackClassifier, _fallback_intent
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.language import reply_language
from clinic.romanized import shared_romanizer

THRESHOLDS_KEY = "thresholds"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PerLanguageFallbackClassifier(FallbackClassifier):
    """Predicts `nlu_fallback` below a threshold chosen for the message's language.

    The classifier's confidence is not equally reliable in both languages (Arabic dialects
    spread it thinner), so each language gets the threshold that keeps its confidently wrong
    answers rare (`scripts/calibrate_thresholds.py`); `threshold` serves any other language.
    A message none of whose words the assistant knows ("фывапролдж") falls back too: the
    classifier would otherwise call keyboard noise "out of scope" with confidence.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {**FallbackClassifier.get_default_config(), THRESHOLDS_KEY: {}}

    def threshold_for(self, text: str) -> float:
        """The fallback threshold for a message, by the language it is written in."""
        language = reply_language(text, None)
        return float(self.component_config[THRESHOLDS_KEY].get(language, self.component_config[THRESHOLD_KEY]))

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets the fallback intent on every message below its language's threshold."""
        for message in messages:
            threshold = self.threshold_for(message.get(TEXT) or "")
            confidence = message.data[INTENT].get(PREDICTED_CONFIDENCE_KEY)
            clear = confidence >= threshold and not self._nlu_prediction_ambiguous(message)[0]
            if clear and shared_romanizer().knows_a_word(message.get(TEXT) or ""):
                continue
            message.data[INTENT] = _fallback_intent(threshold)
            message.data.setdefault(INTENT_RANKING_KEY, [])
            message.data[INTENT_RANKING_KEY].insert(0, _fallback_intent(threshold))
        return messages
