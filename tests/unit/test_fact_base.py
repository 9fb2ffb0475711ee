"""Integrity of knowledge/facts.yml: coverage of every intent, both languages, real sources."""

import itertools
from pathlib import Path

import pytest
import yaml

from clinic.clinic_info import parse_guidance
from clinic.fact_base import KnowledgeError, parse_fact_base
from clinic.language import SUPPORTED_LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCES_DIR = PROJECT_ROOT.parent / "shared" / "sources"
FACTS_DOCUMENT = yaml.safe_load((PROJECT_ROOT / "knowledge" / "facts.yml").read_text(encoding="utf-8"))
GUIDANCE_DOCUMENT = yaml.safe_load((PROJECT_ROOT / "knowledge" / "clinic_guidance.yml").read_text(encoding="utf-8"))
FAQ_ACTION = "action_answer_faq"
# Named explicitly as well, so that its answer is held even while the domain and rules change.
MEDICATIONS = "ask_medications"


def faq_action_intents() -> set[str]:
    """Intents that a rule or story in data/ answers with action_answer_faq (the step just before it)."""
    intents = set()
    for path in (PROJECT_ROOT / "data").glob("*/*.yml"):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values():
            for flow in entry if isinstance(entry, list) else []:
                steps = flow.get("steps", []) if isinstance(flow, dict) else []
                for before, step in itertools.pairwise(steps):
                    if step.get("action") == FAQ_ACTION:
                        intents.update(step_intents(before))
    return intents


def step_intents(step: dict) -> list[str]:
    return [step["intent"]] if "intent" in step else [i for alt in step.get("or", []) for i in step_intents(alt)]


def test_every_faq_intent_has_an_answer_in_both_languages(knowledge, faq_intents):
    assert set(faq_intents) <= knowledge.facts.answered_intents()
    for intent in faq_intents:
        texts = [fact.text for fact in knowledge.facts.facts_for_intent(intent)]
        gap = knowledge.facts.gap(intent)
        texts += [gap] if gap else []
        for language in SUPPORTED_LANGUAGES:
            assert any(text[language].strip() for text in texts), (intent, language)


def test_every_intent_the_faq_action_answers_has_an_answer(knowledge, faq_intents):
    intents = faq_action_intents()
    assert "ask_pain" in intents, "the rules in data/ no longer send ask_* intents to action_answer_faq"
    missing = (intents | set(faq_intents) | {MEDICATIONS}) - knowledge.facts.answered_intents()
    assert not missing


def test_medicines_taken_alongside_get_the_not_covered_answer_and_the_clinics_advice(knowledge):
    gap = knowledge.facts.gap(MEDICATIONS)
    assert gap is not None
    assert all(word in gap["ru"] for word in ("не описывают", "антибиотик", "кровь", "противоэпилепт", "миорелаксант"))
    assert all(
        word in gap["ar"] for word in ("لا تتناول مصادرنا", "المضادات الحيوية", "مميعات الدم", "الصرع", "مرخيات")
    )
    advice = knowledge.settings.guidance.answers[MEDICATIONS]
    assert "обо всех лекарствах" in advice["ru"] and "не прекращайте" in advice["ru"]
    assert "بكل الأدوية" in advice["ar"] and "لا توقف" in advice["ar"]


def test_the_clinics_guidance_is_no_fact_base_text():
    """Advice beyond the sources lives in clinic_guidance.yml only, where a clinician signs it off."""
    guidance = {text for entry in GUIDANCE_DOCUMENT["answers"].values() for text in entry.values()}
    guidance |= set(GUIDANCE_DOCUMENT["urgent_signs"].values())
    texts = {text for fact in FACTS_DOCUMENT["facts"] for text in fact["text"].values()}
    texts |= {text for gap in FACTS_DOCUMENT["gaps"].values() for text in gap.values()}
    for phrase in ("не прекращайте", "لا توقف", "обязательно обсудите", "поперхив", "двоени", "الرؤية المزدوجة"):
        assert not any(phrase in text for text in texts), phrase
        assert any(phrase in text for text in guidance), phrase


def test_only_the_overdose_fact_is_urgent(knowledge):
    assert [fact.id for fact in knowledge.facts.facts.values() if fact.urgent] == ["overdose_symptoms"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Безопасен ли ботокс при беременности?", "ask_contraindications"),
        ("я кормлю грудью, можно колоть диспорт?", "ask_contraindications"),
        ("هل البوتوكس آمن للحامل؟", "ask_contraindications"),
        ("هل يمكن الحقن أثناء الرضاعة الطبيعية؟", "ask_contraindications"),
        ("أنا مرضعة، هل أستطيع أخذ الحقن؟", "ask_contraindications"),
        ("пью антибиотики, можно делать укол?", MEDICATIONS),
        ("принимаю препараты для разжижения крови", MEDICATIONS),
        ("ребёнок пьёт противоэпилептические, это помешает ботоксу?", MEDICATIONS),
        ("баклофен отменять перед уколом?", MEDICATIONS),
        ("أتناول مضادات حيوية، هل أؤجل الحقن؟", MEDICATIONS),
        ("باخد مميع للدم، ينفع البوتوكس؟", MEDICATIONS),
        ("ابني ياخذ ادوية الصرع", MEDICATIONS),
        ("هل أوقف مرخيات العضلات قبل الحقن؟", MEDICATIONS),
    ],
)
def test_pregnancy_and_medicines_are_answered_whatever_the_classifier_guessed(knowledge, text, intent):
    assert knowledge.facts.intent_to_answer("ask_safety", text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "после укола ребёнок плохо ест при кормлении",  # the child's feeding, not the mother's state
        "طفلي الرضيع عنده تشنج، هل ينفع البوتوكس؟",  # an infant
        "поможет ли ботокс при эпилепсии?",
        "هل البوتوكس علاج للصرع؟",
    ],
)
def test_other_questions_keep_their_intent(knowledge, text):
    assert knowledge.facts.intent_to_answer("ask_indications", text) == "ask_indications"


def test_a_question_the_classifier_gave_to_a_redirect_target_keeps_it(knowledge):
    text = "у меня аллергия на антибиотик, это противопоказание?"
    assert knowledge.facts.intent_to_answer("ask_contraindications", text) == "ask_contraindications"


def test_an_invalid_redirect_is_rejected():
    document = yaml.safe_load(yaml.safe_dump(FACTS_DOCUMENT, allow_unicode=True))
    document["redirects"]["ask_medications"]["ru"] = "антибиотик("
    with pytest.raises(KnowledgeError, match="redirect ask_medications"):
        parse_fact_base(document)


def test_guidance_without_a_translation_is_rejected():
    document = yaml.safe_load(yaml.safe_dump(GUIDANCE_DOCUMENT, allow_unicode=True))
    document["answers"][MEDICATIONS]["ar"] = ""
    with pytest.raises(KnowledgeError, match="missing text in ar"):
        parse_guidance(document)


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


@pytest.mark.parametrize(
    "intent", ["ask_cost", "ask_contraindications", "ask_aftercare", MEDICATIONS, "ask_combined_treatment"]
)
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
            rendered = knowledge.say(
                key, language, titles="T", label="L", length=1, limit=2, text="X", topic="P", subject="S", number="N"
            )
            assert rendered.strip() and "{" not in rendered, (key, language)
