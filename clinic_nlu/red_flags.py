"""Overrides the classifier when a message names a red-flag symptom."""

from __future__ import annotations

from pathlib import Path
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

from actions.red_flags import RedFlagRules, load_rules

EMERGENCY_INTENT = "report_emergency"
RED_FLAGS = "red_flags"
CLASSIFIED_INTENT = "classified_intent"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RedFlagOverride(GraphComponent):
    """Sets the intent to `report_emergency` whenever a red-flag symptom is mentioned.

    It runs after the statistical classifier and the fallback classifier, so the urgent
    answer never depends on a confidence score. The classifier's own verdict is kept in
    `classified_intent` and the matched categories in `red_flags` for the staff review.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {"rules_file": "knowledge/red_flags.yml"}

    def __init__(self, rules: RedFlagRules) -> None:
        """Creates the component from compiled rules."""
        self._rules = rules

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagOverride:
        """Loads and compiles the rule file named in the config."""
        return cls(load_rules(Path(config["rules_file"])))

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent of every message that names a red-flag symptom."""
        for message in messages:
            flags = self._rules.find(message.get(TEXT) or "")
            if not flags:
                continue
            message.set(RED_FLAGS, flags, add_to_output=True)
            message.set(CLASSIFIED_INTENT, message.get(INTENT), add_to_output=True)
            emergency = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get(INTENT_NAME_KEY) != EMERGENCY_INTENT
            ]
            message.set(INTENT, emergency, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [emergency, *ranking], add_to_output=True)
        return messages
