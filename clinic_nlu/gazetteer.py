"""Finds conditions and drugs from the fact base in a message, through inflection and clitics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.fact_base import FactBase, load_fact_base
from clinic.normalization import normalize_text
from clinic.settings import process_settings
from clinic_nlu.morphology import Morphology, Word, shared_morphology
from clinic_nlu.tokenizer import MATCH_KEYS

CONDITION = "condition"
DRUG = "drug"
# Drug names of at least this many letters are found one typing slip away ("дисопрт", "disport"):
# shorter words one slip from a name are too often other words.
MIN_MISSPELT_LENGTH = 6
# Prepositions and the dialects' possessive words ("مال", "تاع", "ديال", "حق"), as match keys.
LINKING_WORDS = frozenset(
    {"في", "فى", "ف", "ب", "على", "عند", "مال", "حق", "تاع", "ديال", "بتاع", "حقت", "متاع", "в", "во", "на", "у"}
)


@dataclass(frozen=True)
class NamePattern:
    """One way of writing an entity: a sequence of word key sets."""

    entity: str
    value: str
    words: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class EntityMatch:
    """An entity found in a message."""

    entity: str
    value: str
    start: int
    end: int
    text: str


def word_keys(word: Word) -> frozenset[str]:
    """Matching keys of a word: its lemmas and, for Arabic, its forms without clitics."""
    return word.keys


def build_patterns(
    fact_base: FactBase, morphology: Morphology, keys: Callable[[Word], frozenset[str]] = word_keys
) -> list[NamePattern]:
    """Analyses every name of every condition and drug of the fact base into word key sets.

    Args:
        fact_base: The fact base whose conditions and drugs are matched.
        morphology: The analyser used for messages too, so both sides match.
        keys: Which forms of a name's word may match (the evaluation compares alternatives).

    Returns:
        The patterns, longest first, so "детский церебральный паралич" wins over "паралич".
    """
    patterns = []
    for entity, topics in ((CONDITION, fact_base.conditions), (DRUG, fact_base.drugs)):
        for topic in topics.values():
            for names in topic.names.values():
                for name in names:
                    words = tuple(keys(word) for word in morphology.analyse(name))
                    if words:
                        patterns.append(NamePattern(entity, topic.id, words))
    return sorted(patterns, key=lambda pattern: -len(pattern.words))


def index_by_first_word(patterns: Sequence[NamePattern]) -> dict[str, list[int]]:
    """For each key, the positions of the patterns whose first word it can be."""
    index: dict[str, list[int]] = {}
    for position, pattern in enumerate(patterns):
        for key in pattern.words[0]:
            index.setdefault(key, []).append(position)
    return index


def find_entities(
    tokens: Sequence[Token],
    text: str,
    patterns: Sequence[NamePattern],
    first_words: Mapping[str, list[int]] | None = None,
) -> list[EntityMatch]:
    """Matches name patterns against consecutive tokens; matches never overlap.

    Args:
        tokens: Tokens of the message carrying match keys.
        text: The original message text.
        patterns: Patterns from `build_patterns`, longest first.
        first_words: `index_by_first_word(patterns)`, to try only patterns that can start at
            one of the message's words (the same matches, without trying all 1,000 patterns).

    Returns:
        The matches in order of appearance.
    """
    keys = [token.get(MATCH_KEYS) or frozenset({token.text}) for token in tokens]
    if first_words is not None:
        candidates = sorted({position for key_set in keys for key in key_set for position in first_words.get(key, ())})
        patterns = [patterns[position] for position in candidates]
    taken: set[int] = set()
    matches = []
    for pattern in patterns:
        for first in range(len(tokens) - len(pattern.words) + 1):
            last = _match_end(pattern, keys, first)
            if last is None or taken.intersection(range(first, last + 1)):
                continue
            start, end = tokens[first].start, tokens[last].end
            matches.append(EntityMatch(pattern.entity, pattern.value, start, end, text[start:end]))
            taken.update(range(first, last + 1))
    return sorted(matches, key=lambda match: match.start)


def _match_end(pattern: NamePattern, keys: Sequence[frozenset[str]], first: int) -> int | None:
    """The index of the last token of `pattern` matched from `first`, or None.

    One linking word may stand between two words of a name: "تشنج في الجفون" is "تشنج الجفون",
    "الرجفة مال الباركنسون" names Parkinson's, "скованность в мышцах" is "скованность мышц".
    """
    index = first
    for offset, word in enumerate(pattern.words):
        if index < len(keys) and word & keys[index]:
            index += 1
            continue
        linked = offset > 0 and index + 1 < len(keys) and keys[index] & LINKING_WORDS and word & keys[index + 1]
        if not linked:
            return None
        index += 2
    return index - 1


def drug_spellings(fact_base: FactBase) -> dict[str, str]:
    """Every one-word drug name of the fact base, in every script, normalised, with its drug id."""
    return {
        normalize_text(name): drug.id
        for drug in fact_base.drugs.values()
        for names in drug.names.values()
        for name in names
        if len(name.split()) == 1 and len(name) >= MIN_MISSPELT_LENGTH
    }


def find_misspelt_drugs(
    tokens: Sequence[Token], text: str, spellings: Mapping[str, str], found: Sequence[EntityMatch]
) -> list[EntityMatch]:
    """Drug names written one letter off (a letter missing, added, changed or two swapped).

    Args:
        tokens: Tokens of the message.
        text: The original message text.
        spellings: `drug_spellings` of the fact base.
        found: What exact matching found: those words are not looked at again.

    Returns:
        The misspelt drug names, in order of appearance.
    """
    matches = []
    names = list(spellings)
    for token in tokens:
        word = normalize_text(token.text)
        if len(word) < MIN_MISSPELT_LENGTH or any(m.start < token.end and token.start < m.end for m in found):
            continue
        # The tokenizer's match keys hold the forms without clitics: "وبوتكس" is "بوتكس", no slip.
        for form in token.get(MATCH_KEYS) or (word,):
            best = process.extractOne(form, names, scorer=DamerauLevenshtein.distance, score_cutoff=1)
            if best is not None:
                drug = spellings[best[0]]
                matches.append(EntityMatch(DRUG, drug, token.start, token.end, text[token.start : token.end]))
                break
    return matches


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class GazetteerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts `condition` and `drug` entities named in the fact base."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Returns the component's default config."""
        return {}

    def __init__(self, patterns: List[NamePattern], spellings: Mapping[str, str]) -> None:
        """Creates the extractor from compiled name patterns and the drug names' spellings."""
        self._patterns = patterns
        self._first_words = index_by_first_word(patterns)
        self._spellings = spellings

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GazetteerEntityExtractor:
        """Loads the fact base of the knowledge folder the settings name and compiles its names."""
        facts = load_fact_base(process_settings().knowledge_dir / "facts.yml")
        return cls(build_patterns(facts, shared_morphology()), drug_spellings(facts))

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the entities found in each message."""
        for message in messages:
            text = message.get(TEXT) or ""
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            exact = find_entities(tokens, text, self._patterns, self._first_words)
            matches = sorted(
                [*exact, *find_misspelt_drugs(tokens, text, self._spellings, exact)], key=lambda match: match.start
            )
            found = [
                {
                    "entity": match.entity,
                    "value": match.value,
                    "start": match.start,
                    "end": match.end,
                    "confidence_entity": 1.0,
                }
                for match in matches
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
        return messages
