"""A Rasa tokenizer for Russian and Arabic that normalises words and adds lemmas."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_nlu.morphology import shared_morphology

MATCH_KEYS = "match_keys"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class BilingualTokenizer(Tokenizer):
    """Splits Russian and Arabic text into normalised tokens with lemmas.

    Token text is the normalised word (no diacritics, tatweel, ё or stretched letters), so
    character n-gram features see one spelling; the lemma (Russian dictionary form or Arabic
    light stem) feeds word features. Offsets always point into the original message.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {"intent_tokenization_flag": False, "intent_split_symbol": "_", "token_pattern": None}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BilingualTokenizer:
        """Creates the component (see parent class for the full docstring)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Tokenizes one attribute of a message.

        Args:
            message: The message.
            attribute: Which attribute to tokenize (user text, intent name, action name...).

        Returns:
            The tokens; a single token holding the whole text when nothing is left.
        """
        text = message.get(attribute) or ""
        if attribute != TEXT:
            return self._convert_words_to_tokens(text.split(), text) or [Token(text, 0)]
        tokens = [
            Token(word.text, word.start, word.end, data={MATCH_KEYS: word.keys}, lemma=word.lemma)
            for word in shared_morphology().analyse(text)
        ]
        return tokens or [Token(text, 0)]
