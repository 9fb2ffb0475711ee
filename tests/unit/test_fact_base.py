"""Integrity of knowledge/facts.yml: coverage of every intent, both languages, real sources."""

from pathlib import Path

import pytest
import yaml

from actions.knowledge import KnowledgeError, parse_fact_base
from actions.language import SUPPORTED_LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = PROJECT_ROOT.parent / "shared" / "sources"
FACTS_DOCUMENT = yaml.safe_load((PROJECT_ROOT / "knowledge" / "facts.yml").read_text(encoding="utf-8"))


def test_every_faq_intent_has_an_answer_in_both_languages(knowledge, faq_intents):
    assert set(faq_intents) <= knowledge.facts.answered_intents()
    for intent in faq_intents:
        texts = [fact.text for fact in knowledge.facts.facts_for_intent(intent)]
        gap = knowledge.facts.gap(intent)
        texts += [gap] if gap else []
        for language in SUPPORTED_LANGUAGES:
            assert any(text[language].strip() for text in texts), (intent, language)


def test_every_fact_is_reachable_through_an_intent_or_a_topic(knowledge):
    topics = [*knowledge.facts.conditions.values(), *knowledge.facts.drugs.values()]
    reachable = {fact_id for topic in topics for fact_id in topic.fact_ids}
    reachable |= {fact.id for fact in knowledge.facts.facts.values() if fact.intents}
    assert set(knowledge.facts.facts) == reachable


def test_facts_cite_only_the_two_source_documents_and_those_files_exist():
    sources = FACTS_DOCUMENT["sources"]
    assert len(sources) == 2
    assert SOURCES_DIR.is_dir(), f"{SOURCES_DIR} is missing: clone the project next to shared/"
    assert {source["file"] for source in sources.values()} == {path.name for path in SOURCES_DIR.iterdir()}
    for fact in FACTS_DOCUMENT["facts"]:
        assert fact["sources"], fact["id"]
        assert {ref["doc"] for ref in fact["sources"]} <= set(sources), fact["id"]


def test_source_sections_name_real_headings_or_passages(knowledge):
    """A section label should be findable in its document, except the labelled introduction."""
    texts = {
        doc: (SOURCES_DIR / source["file"]).read_text(encoding="utf-8")
        for doc, source in FACTS_DOCUMENT["sources"].items()
    }
    for fact in knowledge.facts.facts.values():
        for ref in fact.sources:
            assert ref.section == "مقدمة" or ref.section in texts[ref.doc], (fact.id, ref.section)


def test_where_the_sources_disagree_the_answer_gives_both_figures(knowledge):
    onset = " ".join(f.text["ru"] for f in knowledge.facts.facts_for_intent("ask_onset"))
    assert "3–7" in onset and "24" in onset
    duration_ar = " ".join(f.text["ar"] for f in knowledge.facts.facts_for_intent("ask_effect_duration"))
    assert "3 إلى 6" in duration_ar and "4 إلى 6" in duration_ar


@pytest.mark.parametrize("intent", ["ask_cost", "ask_contraindications", "ask_aftercare"])
def test_uncovered_subjects_have_an_honest_gap_answer(knowledge, intent):
    gap = knowledge.facts.gap(intent)
    assert gap is not None
    assert "источник" in gap["ru"].lower()
    assert "مصادر" in gap["ar"]


def test_a_missing_translation_is_rejected():
    document = yaml.safe_load(yaml.safe_dump(FACTS_DOCUMENT, allow_unicode=True))
    document["facts"][0]["text"]["ar"] = ""
    with pytest.raises(KnowledgeError, match="missing text in ar"):
        parse_fact_base(document)


def test_an_unknown_source_is_rejected():
    document = yaml.safe_load(yaml.safe_dump(FACTS_DOCUMENT, allow_unicode=True))
    document["facts"][0]["sources"] = [{"doc": "wikipedia", "section": "x"}]
    with pytest.raises(KnowledgeError, match="unknown source"):
        parse_fact_base(document)


def test_a_topic_pointing_to_an_unknown_fact_is_rejected():
    document = yaml.safe_load(yaml.safe_dump(FACTS_DOCUMENT, allow_unicode=True))
    document["conditions"][0]["facts"] = ["no_such_fact"]
    with pytest.raises(KnowledgeError, match="unknown facts"):
        parse_fact_base(document)


def test_catalogue_renders_every_message_in_both_languages(knowledge):
    for key in knowledge.catalog.texts:
        for language in SUPPORTED_LANGUAGES:
            rendered = knowledge.say(key, language, titles="T", label="L", length=1, limit=2)
            assert rendered.strip() and "{" not in rendered, (key, language)
