"""Condition and drug entities through Russian inflection and Arabic clitics."""

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.normalization import arabic_base_forms
from clinic_nlu.gazetteer import build_patterns, drug_spellings, find_entities, find_misspelt_drugs, index_by_first_word
from clinic_nlu.morphology import shared_morphology
from clinic_nlu.tokenizer import BilingualTokenizer


@pytest.fixture(scope="module")
def patterns(knowledge):
    return build_patterns(knowledge.facts, shared_morphology())


@pytest.fixture(scope="module")
def tokenizer():
    return BilingualTokenizer(BilingualTokenizer.get_default_config())


def entities(text, tokenizer, patterns):
    """The matches, checked to be the same with and without the first-word index."""
    message = Message({TEXT: text})
    tokens = tokenizer.tokenize(message, TEXT)
    message.set(TOKENS_NAMES[TEXT], tokens)
    every_pattern = find_entities(tokens, text, patterns)
    assert find_entities(tokens, text, patterns, index_by_first_word(patterns)) == every_pattern
    return [(m.entity, m.value) for m in every_pattern]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("помогает ли при мигрени?", [("condition", "migraine")]),
        ("а с мигренью можно?", [("condition", "migraine")]),
        ("сыну с детским церебральным параличом", [("condition", "cerebral_palsy")]),
        ("у ребенка ДЦП", [("condition", "cerebral_palsy")]),
        ("чем диспорт отличается от ботокса", [("drug", "dysport"), ("drug", "botox")]),
        ("колют Диспортом или Ксеомином?", [("drug", "dysport"), ("drug", "xeomin")]),
        ("сильно потею", [("condition", "hyperhidrosis")]),
        ("после инсульта рука не разгибается", [("condition", "post_stroke_spasticity")]),
        ("هل يفيد في الشلل الدماغي؟", [("condition", "cerebral_palsy")]),
        ("هل يفيد بالشلل الدماغي", [("condition", "cerebral_palsy")]),
        ("ينفع للصداع النصفي؟", [("condition", "migraine")]),
        ("شو الفرق بين البوتوكس والديسبورت", [("drug", "botox"), ("drug", "dysport")]),
        ("علاج بالبوتوكس لصغر الرأس", [("drug", "botox"), ("condition", "microcephaly")]),
        ("ابني عنده صَرَع", [("condition", "epilepsy")]),
        ("is botox the same as dysport", [("drug", "botox"), ("drug", "dysport")]),
    ],
)
def test_entities_are_found_in_inflected_and_cliticised_forms(text, expected, tokenizer, patterns):
    assert entities(text, tokenizer, patterns) == expected


@pytest.mark.parametrize("text", ["сколько длится эффект", "هل الحقن مؤلمة", "голова кружится", ""])
def test_no_entities_in_questions_without_a_condition_or_drug(text, tokenizer, patterns):
    assert entities(text, tokenizer, patterns) == []


def test_arabic_base_forms_strip_clitics_but_keep_short_words():
    assert {"بوتوكس", "البوتوكس"} <= arabic_base_forms("بالبوتوكس")
    assert arabic_base_forms("الم") == {"الم"}


def test_tokens_keep_offsets_into_the_original_text_and_carry_lemmas(tokenizer):
    text = "Мигренью  стра\u200bдаю"
    tokens = tokenizer.tokenize(Message({TEXT: text}), TEXT)
    assert (tokens[0].text, tokens[0].lemma) == ("мигренью", "мигрень")
    assert all(text[t.start : t.end].replace("\u200b", "").lower() == t.text for t in tokens)


def test_empty_and_emoji_messages_still_get_one_token(tokenizer):
    assert len(tokenizer.tokenize(Message({TEXT: ""}), TEXT)) == 1
    assert len(tokenizer.tokenize(Message({TEXT: "\u200b\u202e"}), TEXT)) == 1
    assert tokenizer.tokenize(Message({TEXT: "👍"}), TEXT)[0].text == "👍"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وبالنسبة للblépharospasme؟", [("condition", "blepharospasm")]),
        ("وتزيار السنان؟", [("condition", "bruxism")]),
    ],
)
def test_a_french_name_glued_to_an_arabic_preposition_is_found(text, expected, tokenizer, patterns):
    assert entities(text, tokenizer, patterns) == expected


@pytest.mark.parametrize(("text", "words"), [("للXeomin", ["لل", "xeomin"]), ("بالBotox", ["بال", "botox"])])
def test_a_capitalised_latin_name_glued_to_an_arabic_preposition_is_a_word_of_its_own(text, words, tokenizer):
    assert [token.text for token in tokenizer.tokenize(Message({TEXT: text}), TEXT)] == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("а дипсорт дольше?", ["dysport"]),
        ("ксиомин лучше?", ["xeomin"]),
        ("and dyspotr?", ["dysport"]),
        ("وبوتكس؟", ["botox"]),
        ("ходит на спорт и в бассейн", []),
        ("а диспорт?", []),
    ],
)
def test_a_drug_name_one_slip_off_is_still_the_drug(text, expected, tokenizer, patterns, knowledge):
    message = Message({TEXT: text})
    tokens = tokenizer.tokenize(message, TEXT)
    exact = find_entities(tokens, text, patterns)
    misspelt = find_misspelt_drugs(tokens, text, drug_spellings(knowledge.facts), exact)
    assert [match.value for match in misspelt] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اخوي عنده تشنج في الجفون", [("condition", "blepharospasm")]),
        ("عنده تشنج بالجفون من سنة", [("condition", "blepharospasm")]),
        ("ابني عنده صرير في الاسنان بالليل", [("condition", "bruxism")]),
        ("ضعف مال العصب الوجهي", [("condition", "facial_nerve_neuropathy")]),
        ("у мамы скованность в мышцах", [("condition", "limb_spasticity")]),
    ],
)
def test_one_linking_word_may_stand_inside_a_name(text, expected, tokenizer, patterns):
    assert entities(text, tokenizer, patterns) == expected


@pytest.mark.parametrize("text", ["تشنج في", "في الجفون", "скованность в"])
def test_a_linking_word_does_not_complete_half_a_name(text, tokenizer, patterns):
    assert entities(text, tokenizer, patterns) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3amalt botox fi rgbti 3la torticolis", [("drug", "botox"), ("condition", "torticollis")]),
        ("darouli l botox 3la dystonie", [("drug", "botox"), ("condition", "dystonia")]),
        ("binti 3andha cerebral palsy", [("condition", "cerebral_palsy")]),
    ],
)
def test_a_latin_name_inside_arabizi_is_found_as_written(text, expected, tokenizer, patterns):
    assert entities(text, tokenizer, patterns) == expected
