"""Deterministic red-flag check: symptoms that always get the urgent answer.

The rules live in `knowledge/red_flags.yml` so clinicians can review them without reading
code; this module compiles them once and matches normalised text. Latin-letter Russian and
Arabizi are matched after they are written back in their own script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from clinic.normalization import normalize_text
from clinic.romanized import native_form

# A word start, allowing the Arabic conjunctions و/ف written together with the next word.
_WORD_START = r"(?<!\w)(?:[وف](?=\w))?"
# Sentences keep their final mark: "не опустится?" is a question, "не опустится." is not.
_SENTENCE_END = re.compile(r"(?<=[.!?؟\n])")
# "Now" belongs to the symptom only in its own clause: "..., а сейчас она боится" says nothing of it.
_CLAUSE_END = re.compile(r"(?<=[.!?؟\n,،;])")
_ASKING_END = re.compile(r"[?؟]\s*$")


@dataclass(frozen=True)
class RedFlagRules:
    """Compiled red-flag rules: regular expressions per symptom category, and question markers."""

    patterns: Mapping[str, tuple[re.Pattern[str], ...]]
    negation: re.Pattern[str]
    not_symptoms: re.Pattern[str]
    question: re.Pattern[str]
    report: re.Pattern[str]
    hypothetical: re.Pattern[str]
    planned: re.Pattern[str]
    hearsay: re.Pattern[str]
    others: re.Pattern[str]
    now: re.Pattern[str]
    injection_done: re.Pattern[str]
    in_advance: re.Pattern[str]
    after_injection: re.Pattern[str]
    waiting: re.Pattern[str]
    injected_part_weaker: re.Pattern[str]

    def _forms(self, text: str) -> list[str]:
        """The message normalised as written, and again in its own script if it was romanized."""
        forms = [normalize_text(text)]
        native = native_form(text)
        return forms if native == forms[0] else [*forms, native]

    def _categories(self, normalized: str) -> list[str]:
        affirmed = self.negation.sub(" ", self.not_symptoms.sub(" ", normalized))
        return [
            category
            for category, expressions in self.patterns.items()
            if any(expression.search(affirmed) for expression in expressions)
        ]

    def find(self, text: str) -> list[str]:
        """Finds the red-flag categories a message mentions.

        Args:
            text: Raw user text; it is normalised here.

        Returns:
            The matching categories (e.g. "swallowing"), in rule-file order; empty if none.
        """
        found = {category for form in self._forms(text) for category in self._categories(form)}
        return [category for category in self.patterns if category in found]

    def is_advance_question(self, text: str) -> bool:
        """Tells whether a message naming a red flag only asks whether it can happen.

        A message that says the injection was given is one only when each sentence naming a red
        flag asks, reports nothing and says it asks ahead ("заранее"); or when that injection was
        someone else's, told as hearsay, and the patient's own is still to come. Otherwise it is one when each
        sentence naming a red flag has a question marker ("может ли", "هل ممكن"; a "cannot" inside
        such a question, "هل ممكن ... ما اقدر", is no report) or tells of someone
        else's experience ("у подруги было"), and no sign that
        the symptom is happening (now, already, help, "cannot"), or when the message says the
        injection is still to come ("запись через две недели", "ما سويتها للحين"), asks something,
        and no clause naming the symptom says now or help.

        Args:
            text: Raw user text that names at least one red flag.

        Returns:
            True for a question asked in advance; False otherwise, including when no sentence
            names a red flag.
        """
        forms = self._forms(text)
        flagged = self._flagged_sentences(forms)
        if not flagged:
            return False
        # "And trouble swallowing? I heard some people get it": a symptom asked about beside hearsay.
        told_of_others = any(self.others.search(form) for form in forms)
        only_asked = all(self._only_asks(sentence, told_of_others) for sentence in flagged)
        planned = any(self.planned.search(form) for form in forms)
        # "Her sister had it and could not swallow; mine is next week": the injection done is
        # someone else's only when the patient's own is still to come and the story is hearsay.
        hearsay = planned and any(self.hearsay.search(form) for form in forms)
        if not hearsay and self._says_injection_done(forms):
            return self._asks_ahead(flagged)
        if only_asked:
            return True
        asks = any("?" in form or "؟" in form or self.question.search(form) for form in forms)
        return planned and asks and not any(self.now.search(clause) for clause in self._flagged_clauses(forms))

    def asks_ahead(self, text: str) -> bool:
        """Whether each sentence naming a red flag asks, reports nothing and says it asks ahead.

        "Может ли такое быть, что станет трудно глотать?" the day after the injection asks about
        what may come, not what is happening; a plain "может ли быть трудно глотать?" does not say so.
        """
        return self._asks_ahead(self._flagged_sentences(self._forms(text)))

    def _asks_ahead(self, flagged: list[str]) -> bool:
        return bool(flagged) and all(self._only_asks(s) and self.in_advance.search(s) for s in flagged)

    def _flagged_sentences(self, forms: list[str]) -> list[str]:
        return [sentence for form in forms for sentence in _SENTENCE_END.split(form) if self._categories(sentence)]

    def _only_asks(self, sentence: str, told_of_others: bool = False) -> bool:
        """Whether a sentence asks, or tells someone else's experience ("у подруги было"), and reports nothing.

        Beside a sentence of hearsay, a question mark alone makes a sentence ask.
        """
        asks = (
            self.question.search(sentence)
            or self.others.search(sentence)
            or (told_of_others and _ASKING_END.search(sentence))
        )
        return bool(asks) and not self.report.search(self.hypothetical.sub(" ", sentence))

    def _says_injection_done(self, forms: list[str]) -> bool:
        """Whether the message says the injection was given; "after the injection" in a "could...?" does not."""
        return any(self.injection_done.search(self._without_hypothetical_timing(form)) for form in forms)

    def _without_hypothetical_timing(self, form: str) -> str:
        return "".join(self._timing_supposed_away(sentence) for sentence in _SENTENCE_END.split(form))

    def _timing_supposed_away(self, sentence: str) -> str:
        """The sentence without "after the injection" where that is a supposition, not a date.

        A "cannot" inside a "could...?" supposes it all; otherwise, in a sentence that ends asking,
        so does each clause with a question marker and nothing reported ("واش ممكن من بعد الإبرة
        تطيح ...؟"), but not a clause that tells what happens ("من بعد الحقنة كل ما تشرب تشرق، لو ...؟").
        """
        if self.hypothetical.search(sentence):
            return self.after_injection.sub(" ", sentence)
        if not sentence.rstrip().endswith(("?", "؟")):
            return sentence
        return "".join(
            self.after_injection.sub(" ", clause)
            if self.question.search(clause) and not self.report.search(clause)
            else clause
            for clause in _CLAUSE_END.split(sentence)
        )

    def _flagged_clauses(self, forms: list[str]) -> list[str]:
        """The clauses (split at commas as well as sentence ends) that name a red flag."""
        return [clause for form in forms for clause in _CLAUSE_END.split(form) if self._categories(clause)]

    def mentions_injection_done(self, texts: Iterable[str]) -> bool:
        """Tells whether any of these messages says that the injection has been given.

        Args:
            texts: Earlier messages of the conversation, raw.

        Returns:
            True when one of them says so ("вчера кололи", "اتحقن امبارح").
        """
        return any(self.injection_done.search(form) for text in texts for form in self._forms(text))

    def injection_still_to_come(self, text: str) -> bool:
        """Tells whether a message says the injection is still to come and not that it was given."""
        forms = self._forms(text)
        planned = any(self.planned.search(form) for form in forms)
        return planned and not any(self.injection_done.search(form) for form in forms)

    def says_injected_part_weaker(self, text: str) -> bool:
        """Tells whether a message says the part that was injected got weaker ("рука, которую кололи, слабее")."""
        return any(self.injected_part_weaker.search(form) for form in self._forms(text))

    def asks_to_wait(self, text: str) -> bool:
        """Tells whether a message asks to wait or to manage at home ("может подождать до завтра?")."""
        return any(self.waiting.search(form) for form in self._forms(text))


def _near(cue: str, target: str, window: int) -> re.Pattern[str]:
    between = rf"\S*(?:\s+\S+){{0,{window - 1}}}\s+"
    cue_group = f"{_WORD_START}(?:{cue})"
    target_group = f"{_WORD_START}(?:{target})"
    return re.compile(f"{cue_group}{between}{target_group}|{target_group}{between}{cue_group}")


def compile_rules(document: Mapping[str, Any]) -> RedFlagRules:
    """Compiles the rule document (the parsed YAML file) into regular expressions.

    Args:
        document: Mapping with `window`, named `cues`, `red_flags` per category, the
            `advance_question` markers and the `waiting_after_alarm` pattern.

    Returns:
        The compiled rules.
    """
    window = int(document["window"])
    cues: Mapping[str, str] = document["cues"]
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for category, rule in document["red_flags"].items():
        expressions = [
            _near(cues.get(pair["cue"], pair["cue"]), pair["target"], int(pair.get("window", window)))
            for pair in rule.get("near", [])
        ]
        expressions += [re.compile(f"{_WORD_START}(?:{p})") for p in rule.get("patterns", [])]
        compiled[category] = tuple(expressions)
    markers = document["advance_question"]
    return RedFlagRules(
        patterns=compiled,
        negation=re.compile(document["negation"]),
        not_symptoms=re.compile(document["not_symptoms"]),
        question=re.compile(f"{_WORD_START}(?:{markers['question']})"),
        report=re.compile(f"{_WORD_START}(?:{markers['report']})"),
        hypothetical=re.compile(f"{_WORD_START}(?:{markers['hypothetical']})"),
        planned=re.compile(f"{_WORD_START}(?:{markers['planned']})"),
        hearsay=re.compile(f"{_WORD_START}(?:{markers['hearsay']})"),
        others=re.compile(f"{_WORD_START}(?:{markers['others']})"),
        now=re.compile(f"{_WORD_START}(?:{markers['now']})"),
        injection_done=re.compile(f"{_WORD_START}(?:{markers['injection_done']})"),
        in_advance=re.compile(f"{_WORD_START}(?:{markers['in_advance']})"),
        after_injection=re.compile(f"{_WORD_START}(?:{markers['after_injection']})"),
        waiting=re.compile(f"{_WORD_START}(?:{document['waiting_after_alarm']})"),
        injected_part_weaker=re.compile(f"{_WORD_START}(?:{document['injected_part_weaker']})"),
    )


def load_rules(path: Path) -> RedFlagRules:
    """Reads and compiles the red-flag rule file.

    Args:
        path: Path to `red_flags.yml`.

    Returns:
        The compiled rules.
    """
    with path.open(encoding="utf-8") as handle:
        return compile_rules(yaml.safe_load(handle))
