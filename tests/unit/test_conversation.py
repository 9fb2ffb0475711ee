"""Follow-ups, several questions in one message, a greeting with a question: the replies they get."""

import dataclasses

import pytest

from clinic.conversation import (
    MAX_ANSWERS,
    follow_up_reply,
    pieces_to_answer,
    several_questions_reply,
    still_urgent_reply,
)
from clinic.follow_up import Focus
from clinic.question_split import ClassifiedPiece as Piece
from clinic.replies import Turn

ONSET = Focus("ask_onset")


def kinds(reply):
    return [(message.custom or {}).get("kind") for message in reply.messages]


def foci(reply):
    return [message.custom["focus"] for message in reply.messages if (message.custom or {}).get("kind") == "answer"]


@pytest.mark.parametrize(
    ("language", "text", "heading"), [("ru", "а у детей?", "у детей"), ("ar", "وللأطفال؟", "عند الأطفال")]
)
def test_an_audience_follow_up_answers_the_previous_topic_for_a_child(knowledge, language, text, heading):
    turn = Turn(text=text, intent="ask_children", language=language, disclaimer_shown=True, focus=ONSET)
    reply = follow_up_reply(turn, knowledge)
    assert kinds(reply) == ["answer"]
    ((focus),) = foci(reply)
    assert (focus["intent"], focus["child"], focus["follow_up"]) == ("ask_onset", True, True)
    assert heading in reply.messages[0].text.splitlines()[0]
    assert reply.slots["answer_focus"]["child"] is True


def test_a_condition_follow_up_without_facts_of_its_own_says_so_and_answers_in_general(knowledge):
    text = "а при кривошее?"
    start = text.index("кривошее")
    turn = Turn(
        text=text,
        intent="ask_indications",
        language="ru",
        disclaimer_shown=True,
        entities=(("condition", "torticollis"),),
        entity_spans=(("condition", "torticollis", start, start + 8),),
        focus=ONSET,
    )
    (message,) = follow_up_reply(turn, knowledge).messages
    assert message.custom["focus"]["conditions"] == ["torticollis"]
    assert "Отдельно для «спастическая кривошея»" in message.text


def test_a_joined_follow_up_with_nothing_to_follow_asks_what_the_patient_wants_to_know(knowledge):
    reply = follow_up_reply(Turn(text="а детям?", intent="ask_children", language="ru"), knowledge)
    assert kinds(reply) == ["clarify"]
    assert "у детей" in reply.messages[0].text and reply.messages[0].buttons
    assert follow_up_reply(Turn(text="детям?", intent="ask_children", language="ru"), knowledge) is None


def test_a_follow_up_that_names_a_red_flag_is_left_to_the_alarm(knowledge):
    turn = Turn(text="а у детей?", intent="report_emergency", language="ru", red_flags=("breathing",), focus=ONSET)
    assert follow_up_reply(turn, knowledge) is None


def test_two_questions_are_answered_in_order_after_one_disclaimer(knowledge):
    pieces = (
        Piece("какие препараты используете", "ask_drugs"),
        Piece("и сколько держится эффект?", "ask_effect_duration"),
    )
    turn = Turn(
        text="какие препараты используете и сколько держится эффект?", intent="ask_drugs", language="ru", pieces=pieces
    )
    reply = several_questions_reply(turn, knowledge)
    assert kinds(reply) == ["disclaimer", "answer", "answer"]
    assert [focus["intent"] for focus in foci(reply)] == ["ask_drugs", "ask_effect_duration"]
    assert reply.messages[1].text.startswith("Какие препараты применяют:")
    assert reply.slots["disclaimer_shown"] is True and reply.slots["answer_focus"]["intent"] == "ask_effect_duration"


@pytest.mark.parametrize(("earlier", "greeted"), [((), True), (("привет",), False)])
def test_a_greeting_with_a_question_gets_the_answer_and_a_short_greeting_only_first(knowledge, earlier, greeted):
    pieces = (Piece("Здравствуйте!", "greet", asks=False, opening=True), Piece("сколько стоит?", "ask_cost"))
    turn = Turn(
        text="Здравствуйте! сколько стоит?",
        intent="greet",
        language="ru",
        disclaimer_shown=True,
        pieces=pieces,
        earlier_texts=earlier,
    )
    reply = several_questions_reply(turn, knowledge)
    assert kinds(reply) == (["greeting", "answer"] if greeted else ["answer"])
    assert foci(reply)[0]["intent"] == "ask_cost"


def test_a_red_flag_in_any_piece_gets_the_urgent_answer(knowledge):
    pieces = (
        Piece("сколько стоит?", "ask_cost"),
        Piece("и сын не может глотать", "report_emergency", red_flags=("swallowing",)),
    )
    reply = several_questions_reply(Turn(text="…", intent="ask_cost", language="ru", pieces=pieces), knowledge)
    assert reply.messages[0].custom["urgent"] is True and reply.slots["urgent"] is True


def test_one_question_and_nothing_else_is_left_to_the_action(knowledge):
    pieces = (Piece("Скажите, пожалуйста", "nlu_fallback", asks=False), Piece("сколько стоит?", "ask_cost"))
    turn = Turn(text="Скажите, пожалуйста, сколько стоит?", intent="ask_cost", language="ru", pieces=pieces)
    assert several_questions_reply(turn, knowledge) is None
    assert several_questions_reply(Turn(text="сколько стоит?", intent="ask_cost", language="ru"), knowledge) is None


def test_the_story_before_the_questions_is_context_and_each_topic_is_answered_once():
    story = Piece("у сына ДЦП", "ask_indications", asks=False)
    asks = [
        Piece(f"q{n}", intent)
        for n, intent in enumerate(["ask_pain", "ask_cost", "ask_pain", "ask_onset", "ask_drugs"])
    ]
    chosen = pieces_to_answer((story, *asks))
    assert [piece.intent for piece in chosen] == ["ask_pain", "ask_cost", "ask_onset"][:MAX_ANSWERS]
    assert [piece.intent for piece in pieces_to_answer((story, Piece("thanks", "thank")))] == ["ask_indications"]
    assert pieces_to_answer((story, Piece("рука не разгибается", "ask_benefits", asks=False))) == []


def test_a_joined_question_word_alone_at_the_start_asks_what_the_patient_means(knowledge):
    reply = follow_up_reply(Turn(text="и сколько?", intent="ask_cost", language="ru"), knowledge)
    assert kinds(reply) == ["clarify"]
    later = Turn(text="и сколько?", intent="ask_cost", language="ru", earlier_texts=("больно?",))
    assert follow_up_reply(later, knowledge) is None


@pytest.mark.parametrize(
    ("intent", "urgent"),
    [
        ("nlu_fallback", True),
        ("out_of_scope", True),
        ("ask_safety", True),
        ("ask_aftercare", True),
        ("thank", False),
        ("ask_cost", False),
    ],
)
def test_a_message_right_after_the_urgent_answer_keeps_it_unless_it_is_thanks_or_a_question(knowledge, intent, urgent):
    turn = Turn(
        text="что делать? врач не отвечает",
        intent=intent,
        ranking=((intent, 0.9),),
        language="ru",
        after_emergency=True,
    )
    reply = still_urgent_reply(turn, knowledge)
    assert (reply is not None) is urgent
    assert reply is None or reply.messages[0].custom["urgent"] is True
    assert still_urgent_reply(Turn(text="что делать?", intent="nlu_fallback", language="ru"), knowledge) is None
    person = Turn(text="врач не берёт трубку", intent="request_human", language="ru", after_emergency=True)
    assert still_urgent_reply(person, knowledge).slots["handoff_requested"] is True


def test_a_piece_answers_for_the_condition_and_child_named_elsewhere_in_the_message(knowledge):
    pieces = (Piece("Сыну 5 лет, ДЦП.", "ask_children", asks=False), Piece("Больно ли это?", "ask_pain"))
    turn = Turn(
        text="Сыну 5 лет, ДЦП. Больно ли это?",
        intent="ask_children",
        language="ru",
        disclaimer_shown=True,
        entities=(("condition", "cerebral_palsy"),),
        pieces=pieces,
    )
    (focus,) = foci(several_questions_reply(turn, knowledge))
    assert (focus["intent"], focus["child"], focus["conditions"]) == ("ask_pain", True, ["cerebral_palsy"])


def test_an_off_topic_piece_is_not_kept_as_the_topic_a_follow_up_would_inherit(knowledge):
    pieces = (Piece("а морщины уберёте?", "out_of_scope"), Piece("и как записаться?", "book_appointment"))
    turn = Turn(text="а морщины уберёте? и как записаться?", intent="out_of_scope", language="ru", pieces=pieces)
    reply = several_questions_reply(turn, knowledge)
    assert kinds(reply) == ["out_of_scope", "book_appointment"]
    assert reply.slots["booking_requested"] is True
    assert "answer_focus" not in reply.slots and "disclaimer_shown" not in reply.slots


def test_a_piece_of_a_message_asked_in_advance_as_a_whole_raises_no_alarm(knowledge):
    pieces = (
        Piece("Запись через месяц.", "ask_side_effects", asks=False),
        Piece("Знакомой после уколов опустилось веко.", "report_emergency", asks=False, red_flags=("eyelid",)),
        Piece("Часто такое бывает?", "ask_side_effects"),
    )
    text = " ".join(piece.text for piece in pieces)
    calm = Turn(text=text, intent="ask_side_effects", language="ru", red_flags=("eyelid",), pieces=pieces)
    reply = several_questions_reply(calm, knowledge)
    assert reply is None or not any((message.custom or {}).get("urgent") for message in reply.messages)
    urgent = dataclasses.replace(calm, intent="report_emergency")
    assert several_questions_reply(urgent, knowledge).messages[0].custom["urgent"] is True


@pytest.mark.parametrize(("opening", "tail"), [("شكرا", "لكم"), ("شكرا", "كتير الكم"), ("спасибо", "вам всем")])
def test_the_courtesy_after_thanks_is_not_answered_as_an_out_of_scope_question(knowledge, opening, tail):
    pieces = (Piece(opening, "thank", asks=False, opening=True), Piece(tail, "out_of_scope", asks=False))
    assert pieces_to_answer(pieces) == []
    turn = Turn(text=f"{opening} {tail}", intent="thank", language="ar", pieces=pieces)
    assert several_questions_reply(turn, knowledge) is None


def test_a_longer_remark_or_a_question_after_thanks_is_still_answered_as_out_of_scope():
    thanks = Piece("спасибо", "thank", asks=False, opening=True)
    asked = Piece("а морщины?", "out_of_scope")
    remark = Piece("а ещё хочу убрать морщины на лбу", "out_of_scope", asks=False)
    assert pieces_to_answer((thanks, asked)) == [asked]
    assert pieces_to_answer((thanks, remark)) == [remark]


@pytest.mark.parametrize(("language", "text"), [("ru", "а детям?"), ("ar", "وللأطفال؟")])
def test_a_follow_up_to_a_reply_that_answered_two_questions_asks_both_again(knowledge, language, text):
    both = Focus("ask_procedure", also=("ask_pain",))
    turn = Turn(text=text, intent="ask_children", language=language, disclaimer_shown=True, focus=both)
    reply = follow_up_reply(turn, knowledge)
    assert [(focus["intent"], focus["child"]) for focus in foci(reply)] == [
        ("ask_pain", True),
        ("ask_procedure", True),
    ]
    assert reply.slots["answer_focus"] == {
        "intent": "ask_procedure",
        "child": True,
        "conditions": [],
        "drugs": [],
        "also": ["ask_pain"],
    }


def test_a_reply_to_two_questions_keeps_both_topics_for_the_next_follow_up(knowledge):
    pieces = (Piece("больно?", "ask_pain"), Piece("и как проходит?", "ask_procedure"))
    turn = Turn(text="больно? и как проходит?", intent="ask_pain", language="ru", pieces=pieces)
    kept = several_questions_reply(turn, knowledge).slots["answer_focus"]
    assert (kept["intent"], kept["also"]) == ("ask_procedure", ["ask_pain"])


@pytest.mark.parametrize(
    ("language", "name", "question"),
    [
        ("ar", "والديسبور؟", "حتى هو كيبقى نفس المدة؟"),
        ("ar", "w el xeomin?", "kam ydoum?"),
        ("ru", "а ксеомин?", "сколько держится?"),
    ],
)
def test_a_piece_that_only_names_a_drug_says_what_the_next_question_is_about(knowledge, language, name, question):
    pieces = (Piece(name, "ask_drugs", entities=(("drug", "x"),)), Piece(question, "ask_effect_duration"))
    turn = Turn(text=f"{name} {question}", intent="ask_drugs", language=language, pieces=pieces)
    assert [focus["intent"] for focus in foci(several_questions_reply(turn, knowledge))] == ["ask_effect_duration"]


def test_two_real_questions_about_a_drug_are_both_answered(knowledge):
    pieces = (Piece("чем ксеомин отличается?", "ask_drugs"), Piece("и сколько держится?", "ask_effect_duration"))
    turn = Turn(text="чем ксеомин отличается? и сколько держится?", intent="ask_drugs", language="ru", pieces=pieces)
    assert [focus["intent"] for focus in foci(several_questions_reply(turn, knowledge))] == [
        "ask_drugs",
        "ask_effect_duration",
    ]


@pytest.mark.parametrize(
    ("language", "audience", "question", "child"),
    [
        ("ar", "وماذا عن البالغين", "هل يستمر المفعول المدة نفسها؟", False),
        ("ru", "а у детей?", "сколько держится?", True),
    ],
)
def test_a_piece_that_only_names_an_audience_says_whom_the_next_question_is_about(
    knowledge, language, audience, question, child
):
    pieces = (Piece(audience, "out_of_scope"), Piece(question, "ask_effect_duration"))
    turn = Turn(text=f"{audience}، {question}", intent="out_of_scope", language=language, pieces=pieces)
    assert [(focus["intent"], focus["child"]) for focus in foci(several_questions_reply(turn, knowledge))] == [
        ("ask_effect_duration", child)
    ]
    # Where the whole message reads as that one question, the action answers it whole, as usual.
    assert several_questions_reply(dataclasses.replace(turn, intent="ask_effect_duration"), knowledge) is None


def test_one_word_that_asks_nothing_by_itself_is_not_answered_as_out_of_scope():
    question = Piece("а сколько держится эффект?", "ask_effect_duration")
    assert pieces_to_answer((Piece("Скажите", "out_of_scope"), question)) == [question]
    parking = Piece("парковка?", "out_of_scope")
    assert pieces_to_answer((question, parking)) == [question, parking]


@pytest.mark.parametrize(
    ("intent", "follows"), [("out_of_scope", True), ("ask_onset", True), ("ask_contraindications", False)]
)
def test_what_about_a_name_and_more_words_follows_up_unless_the_words_ask_another_topic(knowledge, intent, follows):
    text = "وماذا عن الشقيقة أثناء الحمل؟"
    start = text.index("الشقيقة")
    turn = Turn(
        text=text,
        intent=intent,
        language="ar",
        disclaimer_shown=True,
        entities=(("condition", "migraine"),),
        entity_spans=(("condition", "migraine", start, start + len("الشقيقة")),),
        focus=ONSET,
    )
    reply = follow_up_reply(turn, knowledge)
    if follows:
        assert [(focus["intent"], focus["conditions"]) for focus in foci(reply)] == [("ask_onset", ["migraine"])]
    else:
        assert reply is None


@pytest.mark.parametrize(
    ("language", "known", "unclear", "words"),
    [
        ("ru", "сколько держится эффект?", "а что с тем самым делом у брата?", "другими словами"),
        ("ar", "قديش بيطول المفعول؟", "وشو بصير بالموضوع التاني تبع خيي؟", "بكلمات أخرى"),
    ],
)
def test_a_question_not_understood_beside_an_answered_one_is_quoted_back_not_dropped(
    knowledge, language, known, unclear, words
):
    pieces = (Piece(known, "ask_effect_duration"), Piece(unclear, "nlu_fallback"))
    turn = Turn(text=f"{known} {unclear}", intent="ask_effect_duration", language=language, pieces=pieces)
    reply = several_questions_reply(turn, knowledge)
    assert kinds(reply)[-2:] == ["answer", "clarify"]
    assert unclear in reply.messages[-1].text and words in reply.messages[-1].text
    assert reply.messages[-1].buttons
    short = (Piece(known, "ask_effect_duration"), Piece("а это?", "nlu_fallback"))
    assert several_questions_reply(dataclasses.replace(turn, pieces=short), knowledge) is None


@pytest.mark.parametrize(
    ("intent", "confidence", "urgent"), [("ask_cost", 0.3, True), ("ask_cost", 0.7, False), ("thank", 0.3, False)]
)
def test_right_after_the_urgent_answer_a_topic_the_classifier_is_unsure_of_keeps_it(
    knowledge, intent, confidence, urgent
):
    turn = Turn(
        text="мы очень боимся, что нам делать сейчас?",
        intent=intent,
        ranking=((intent, confidence),),
        language="ru",
        after_emergency=True,
    )
    assert (still_urgent_reply(turn, knowledge) is not None) is urgent
