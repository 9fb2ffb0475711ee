"""Overrides the classifier when a message names a red-flag symptom, and only then."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from clinic.contract import EMERGENCY_INTENT, FALLBACK_INTENT
from clinic.red_flags import RedFlagRules, load_rules
from clinic.settings import process_settings

SIDE_EFFECTS_INTENT = "ask_side_effects"
RED_FLAGS = "red_flags"
CLASSIFIED_INTENT = "classified_intent"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RedFlagOverride(GraphComponent):
    """Sets the intent to `report_emergency` whenever a red-flag symptom is reported.

    It runs after the statistical classifier and the fallback classifier, so the urgent
    answer never depends on a confidence score. A message that only asks in advance whether
    such a symptom can happen gets the side-effects answer instead (its `red_flags` tell the
    action to add when to call emergency services). The classifier alone raises the alarm only
    above `classifier_emergency_threshold`, and not for a message that says the injection is still
    to come or that the injected part got weaker; otherwise, with no rule matched, the patient is
    asked "did you mean...?". The classifier's own verdict is kept in `classified_intent` and the
    matched categories in `red_flags` for the staff review.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {"classifier_emergency_threshold": 0.5}

    def __init__(self, rules: RedFlagRules, classifier_emergency_threshold: float = 0.5) -> None:
        """Creates the component from compiled rules and the classifier's alarm threshold."""
        self._rules = rules
        self._classifier_threshold = classifier_emergency_threshold

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagOverride:
        """Loads and compiles the red-flag rules of the knowledge folder the settings name."""
        rules = load_rules(process_settings().knowledge_dir / "red_flags.yml")
        return cls(rules, float(config["classifier_emergency_threshold"]))

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets the intent of every message that names a red flag or was guessed an emergency."""
        for message in messages:
            text = message.get(TEXT) or ""
            flags = self._rules.find(text)
            intent = message.get(INTENT) or {}
            if flags:
                message.set(RED_FLAGS, flags, add_to_output=True)
                asked = SIDE_EFFECTS_INTENT if self._rules.is_advance_question(text) else EMERGENCY_INTENT
                _override(message, asked, 1.0)
            elif intent.get(INTENT_NAME_KEY) == EMERGENCY_INTENT and (
                float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self._classifier_threshold
                # No rule fired and the injection is still to come: a question asked in advance; or
                # the injected part got weaker, which is what the treatment does.
                or self._rules.injection_still_to_come(text)
                or self._rules.says_injected_part_weaker(text)
            ):
                _override(message, FALLBACK_INTENT, float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
        return messages


def _override(message: Message, intent_name: str, confidence: float) -> None:
    """Replaces the message's intent, keeping the classifier's verdict and ranking for review."""
    message.set(CLASSIFIED_INTENT, message.get(INTENT), add_to_output=True)
    chosen = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get(INTENT_NAME_KEY) != intent_name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
