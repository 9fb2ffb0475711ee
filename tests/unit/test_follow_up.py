"""Follow-ups that only name an audience, a condition or a drug, and the focus they change."""

import pytest

from clinic.follow_up import Focus, Named, focus_from_slot, follow_up_names, is_bare_question

KNOWN = {"condition": ["migraine", "torticollis"], "drug": ["xeomin", "dysport"]}


def named_in(text, name, value, stems=frozenset()):
    """What `text` names as a follow-up, its one entity being `name` with the id `value`."""
    start = text.index(name)
    kind = "drug" if value in KNOWN["drug"] else "condition"
    return follow_up_names(text, [(kind, value, start, start + len(name))], KNOWN, stems)


@pytest.mark.parametrize(
    ("text", "child", "joined"),
    [
        ("а у детей?", True, True),
        ("А детям?", True, True),
        ("а взрослым?", False, True),
        ("детям?", True, False),
        ("وللأطفال؟", True, True),
        ("طب والكبار؟", False, True),
        ("وبالنسبة للأطفال؟", True, True),
        ("w el atfal?", True, True),
        ("a u detei?", True, True),
    ],
)
def test_an_audience_follow_up_names_whom_it_is_about(text, child, joined):
    assert follow_up_names(text, [], KNOWN) == Named(child=child, conditions=(), drugs=(), joined=joined)


def test_a_condition_or_drug_follow_up_names_it_by_its_entity():
    text = "а при кривошее?"
    start = text.index("кривошее")
    named = follow_up_names(text, [("condition", "torticollis", start, start + len("кривошее"))], KNOWN)
    assert named == Named(child=None, conditions=("torticollis",), drugs=(), joined=True)
    text = "وديسبورت؟"
    assert follow_up_names(text, [("drug", "dysport", 1, 8)], KNOWN).drugs == ("dysport",)


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("а детям можно?", []),
        ("а сколько стоит для детей?", []),
        ("сколько держится эффект?", []),
        ("а ещё?", []),
        ("а при эпилепсии?", [("condition", "epilepsy", 6, 15)]),
        ("и что будет если ребенку сделать укол в руку и ногу сразу", []),
    ],
)
def test_a_message_that_says_more_or_names_nothing_known_is_no_follow_up(text, entities):
    assert follow_up_names(text, entities, KNOWN) is None


def test_a_follow_up_keeps_the_topic_and_changes_only_what_it_names():
    before = Focus("ask_onset", child=None, conditions=("migraine",))
    after = before.narrowed(Named(child=True, conditions=(), drugs=(), joined=True))
    assert after == Focus("ask_onset", child=True, conditions=("migraine",), follow_up=True)
    assert after.narrowed(Named(None, (), ("xeomin",), True)).drugs == ("xeomin",)


def test_and_adults_after_the_childrens_topic_asks_what_it_treats():
    adults = Named(child=False, conditions=(), drugs=(), joined=True)
    assert Focus("ask_children").narrowed(adults).intent == "ask_indications"
    assert Focus("ask_onset", child=True).narrowed(adults) == Focus("ask_onset", child=False, follow_up=True)
    assert Focus("ask_children").narrowed(Named(None, ("migraine",), (), True)).intent == "ask_children"


def test_a_follow_up_then_a_remark_that_tells_names_what_the_question_names():
    assert named_in("а при мигрени? у меня ещё и мигрень бывает", "мигрени", "migraine").conditions == ("migraine",)
    assert named_in("а при мигрени? а сколько стоит укол?", "мигрени", "migraine") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وهل ينطبق الشيء ذاته على الصعر التشنجي عند الكبار؟", "الصعر التشنجي"),
        ("طب ولو واحد عنده الشقيقة؟", "الشقيقة"),
        ("а касается ли это и кривошеи?", "кривошеи"),
    ],
)
def test_does_the_same_apply_to_a_condition_is_a_follow_up(text, name):
    value = "migraine" if name == "الشقيقة" else "torticollis"
    assert named_in(text, name, value).conditions == (value,)


def test_a_belarusian_if_before_a_drug_is_a_follow_up():
    assert named_in("а калі ксеомин?", "ксеомин", "xeomin").drugs == ("xeomin",)


def test_the_focus_survives_the_slot_and_a_broken_slot_is_none():
    focus = Focus("ask_pain", child=False, conditions=("migraine",), drugs=("xeomin",))
    assert focus_from_slot(focus.as_slot()) == focus
    assert focus_from_slot({"child": True}) is None
    assert focus_from_slot("ask_pain") is None


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("и сколько?", True),
        ("وكم؟", True),
        ("a kogda?", True),
        ("وشحال؟", True),
        ("и скока?", True),
        ("وقديش بدها؟", True),
        ("а сколько стоит?", False),
        ("а больно?", False),
        ("сколько?", False),
    ],
)
def test_a_joiner_and_interrogatives_alone_ask_nothing_yet(text, bare):
    assert is_bare_question(text, "ru" if text.isascii() else None) is bare


def test_a_follow_up_question_followed_by_a_remark_is_still_a_follow_up():
    text = "а при кривошее? у папы тоже голову тянет вбок"
    start = text.index("кривошее")
    named = follow_up_names(text, [("condition", "torticollis", start, start + len("кривошее"))], KNOWN)
    assert named is not None and named.conditions == ("torticollis",)
    assert follow_up_names("وللصغار؟ بنت اختي عندها نفس الحالة", [], KNOWN) == Named(
        child=True, conditions=(), drugs=(), joined=True
    )


@pytest.mark.parametrize(
    "text",
    [
        "а детям? и сколько это стоит",
        "а детям? когда можно начинать",
        "детям? у нас мальчик плохо ходит",
        "وللأطفال؟ وكم سعرها؟",
    ],
)
def test_a_remark_that_asks_something_or_an_unjoined_start_is_no_follow_up(text):
    assert follow_up_names(text, [], KNOWN) is None


@pytest.mark.parametrize(
    ("text", "language", "child"),
    [
        ("а если ребенку 2 года?", "ru", True),
        ("а если мне 45 лет?", "ru", False),
        ("وإذا عمره 4 سنين؟", "ar", True),
        ("a esli rebenku 2 goda?", "ru", True),
    ],
)
def test_an_age_names_the_audience(text, language, child):
    named = follow_up_names(text, [], KNOWN, language=language)
    assert named is not None and named.child is child and named.joined


@pytest.mark.parametrize(
    ("text", "child", "compares"),
    [
        ("а у детей быстрее?", True, "ask_onset"),
        ("وللكبار اسرع؟", False, "ask_onset"),
        ("а у взрослых так же быстро?", False, None),
        ("وللكبار نفس المده؟", False, None),
        ("وهل الموضوع نفسه للكبار؟", False, None),
        ("а детям дешевле?", True, "ask_cost"),
    ],
)
def test_a_comparison_keeps_the_topic_and_names_the_one_it_compares(text, child, compares):
    named = Named(child=child, conditions=(), drugs=(), joined=True, compares=compares)
    assert follow_up_names(text, [], KNOWN) == named


def test_of_several_topics_a_comparison_asks_again_only_the_one_it_names():
    before = Focus(intent="ask_effect_duration", also=("ask_onset",))
    dysport = named_in("а диспорт дольше держится", "диспорт", "dysport")
    assert [(focus.intent, focus.drugs) for focus in before.asked_again(dysport)] == [
        ("ask_effect_duration", ("dysport",))
    ]
    cheaper = named_in("а диспорт дешевле?", "диспорт", "dysport")
    assert [focus.intent for focus in before.asked_again(cheaper)] == ["ask_cost"]
    same = named_in("а диспорт?", "диспорт", "dysport")
    assert [focus.intent for focus in before.asked_again(same)] == ["ask_onset", "ask_effect_duration"]


@pytest.mark.parametrize(
    ("text", "word", "value"),
    [
        ("а от кривошеи?", "кривошеи", "torticollis"),
        ("а если кривошея, тоже столько же?", "кривошея", "torticollis"),
        ("وإذا كان صداع نصفي؟", "صداع نصفي", "migraine"),
        ("وللصداع اللي بعد الجلطة؟", "صداع", "migraine"),
        ("وللصداع النصفي مال الكبار؟", "صداع النصفي", "migraine"),
    ],
)
def test_prepositions_comparisons_and_relative_words_leave_a_condition_follow_up(text, word, value):
    named = named_in(text, word, value, frozenset({"جلطه"}))
    assert named is not None and named.conditions == (value,)


def test_teenagers_and_twins_are_children():
    assert follow_up_names("а у подростков?", [], KNOWN).child is True
    assert follow_up_names("وللتوأم؟", [], KNOWN).child is True


@pytest.mark.parametrize(
    ("text", "bare"),
    [("tayeb w adesh?", True), ("وقداش؟", True), ("وشلون؟", True), ("tab w kam?", True), ("وقداش السعر؟", False)],
)
def test_every_dialects_interrogatives_and_arabizi_joiners_alone_ask_nothing_yet(text, bare):
    assert is_bare_question(text, "ar") is bare


@pytest.mark.parametrize("text", ["وللجهال؟", "والشفع؟", "وللبزارين؟", "وللصغار شلون؟", "وللاطفال كيف؟"])
def test_gulf_and_sudanese_words_for_children_and_a_how_make_an_audience_follow_up(text):
    assert follow_up_names(text, [], KNOWN) == Named(child=True, conditions=(), drugs=(), joined=True)


def test_the_topics_answered_together_survive_the_slot():
    focus = Focus("ask_procedure", child=True, also=("ask_pain",))
    assert focus_from_slot(focus.as_slot()) == focus
    assert [f.intent for f in focus.every_topic()] == ["ask_pain", "ask_procedure"]
    assert all(f.also == () and f.child for f in focus.every_topic())


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("وماذا عن الشقيقة أثناء الحمل؟", "الشقيقة", "migraine"),
        ("а что насчёт кривошеи у подростков?", "кривошеи", "torticollis"),
        ("а ксеомин тоже может так?", "ксеомин", "xeomin"),
    ],
)
def test_what_about_a_name_with_a_word_or_two_more_is_a_follow_up(text, name, value):
    named = named_in(text, name, value)
    assert named is not None and value in named.conditions + named.drugs


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("وماذا عن الشقيقة، هل تؤلم الحقنة؟", "الشقيقة", "migraine"),
        ("а что насчёт кривошеи, сколько стоит укол?", "кривошеи", "torticollis"),
    ],
)
def test_what_about_a_name_followed_by_another_question_is_no_follow_up(text, name, value):
    assert named_in(text, name, value) is None


@pytest.mark.parametrize(
    ("text", "word", "value"),
    [
        ("а если у него мигрень?", "мигрень", "migraine"),
        ("а для пациентов с кривошеей?", "кривошеей", "torticollis"),
        ("ولو الشخص عنده صداع نصفي؟", "صداع نصفي", "migraine"),
        ("وبالنسبة لمرضى الصداع النصفي؟ امي عندها هيدا", "الصداع النصفي", "migraine"),
        ("а при кривошее? так же?", "кривошее", "torticollis"),
        ("وفي حالات الصداع النصفي عند الكبار؟ نفس الكلام؟", "الصداع النصفي", "migraine"),
    ],
)
def test_who_has_the_condition_and_a_same_question_leave_a_condition_follow_up(text, word, value):
    named = named_in(text, word, value)
    assert named is not None and named.conditions == (value,) and not named.loose


def test_an_arabizi_article_left_by_a_drug_name_does_not_join_the_next_word():
    named = named_in("tab el dysport nafs el kalam?", "dysport", "dysport")
    assert named == Named(child=None, conditions=(), drugs=("dysport",), joined=True)


@pytest.mark.parametrize(("text", "joined"), [("سؤال اضافي: هل ينطبق هذا على الكبار؟", False), ("وللكبار زادة؟", True)])
def test_one_more_question_or_a_maghrebi_too_leaves_an_audience_follow_up(text, joined):
    assert follow_up_names(text, [], KNOWN) == Named(child=False, conditions=(), drugs=(), joined=joined)
