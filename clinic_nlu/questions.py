"""Classifies each piece of a message that holds several (a greeting, two or three questions).

`QuestionSplitter` comes first in the pipeline: for a message that `split_questions` cuts, it
appends one message per piece to the batch, so that every later component (tokenizer,
featurizers, classifiers, fallback, entities, red flags) treats each piece exactly as it treats
a whole message. `QuestionCollector` comes last: it stores what each piece was found to be in
the whole message's `questions` and takes the pieces out of the batch again. The pipeline's
verdict on the whole message is unchanged; the actions decide what to do with the pieces.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.question_split import QUESTIONS_KEY, split_questions
from clinic_nlu.red_flag_override import RED_FLAGS

# Where a piece records the message it was cut from, and what the piece is.
_PIECE_OF = "piece_of"
_PIECE = "piece"


class _NoTraining(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Creates the component; it has nothing to train or load."""
        return cls()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionSplitter(_NoTraining):
    """Adds a message for each piece of a message that holds several (see the module docstring)."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Returns the messages followed by the pieces of those that hold several."""
        pieces: List[Message] = []
        for message in messages:
            split = split_questions(message.get(TEXT) or "")
            if len(split) < 2:
                continue
            for piece in split:
                pieces.append(Message(data={TEXT: piece.text, _PIECE_OF: id(message), _PIECE: piece}))
        return [*messages, *pieces]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionCollector(_NoTraining):
    """Stores the pieces' verdicts in their message's `questions` and drops the pieces."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Returns the whole messages only, each with its pieces' intents, entities and red flags."""
        wholes = [message for message in messages if message.get(_PIECE_OF) is None]
        by_id = {id(message): message for message in wholes}
        for message in messages:
            whole = by_id.get(message.get(_PIECE_OF))
            if whole is None:
                continue
            piece = message.get(_PIECE)
            intent = message.get(INTENT) or {}
            found = {
                "text": piece.text,
                "intent": intent.get(INTENT_NAME_KEY),
                "confidence": float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
                "asks": piece.asks,
                "opening": piece.opening,
                "entities": [
                    {"entity": entity["entity"], "value": entity.get("value")} for entity in message.get(ENTITIES) or []
                ],
                RED_FLAGS: list(message.get(RED_FLAGS) or []),
            }
            whole.set(QUESTIONS_KEY, [*(whole.get(QUESTIONS_KEY) or []), found], add_to_output=True)
        return wholes
