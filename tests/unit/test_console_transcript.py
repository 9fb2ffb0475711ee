from staff_console.transcript import AssistantMessage, PatientMessage, read_conversation


def user(text, intent, confidence, **extra):
    parse = {"intent": {"name": intent, "confidence": confidence}, "entities": extra.pop("entities", [])}
    if "ranking" in extra:
        parse["intent_ranking"] = extra.pop("ranking")
    return {
        "event": "user",
        "timestamp": extra.pop("at", 100.0),
        "text": text,
        "parse_data": parse,
        "input_channel": "web",
        **extra,
    }


def bot(text, **data):
    return {"event": "bot", "timestamp": 101.0, "text": text, "data": data}


def slot(name, value):
    return {"event": "slot", "timestamp": 102.0, "name": name, "value": value}


def events(*items):
    return list(enumerate(items, start=1))


def test_summary_counts_typed_messages_and_keeps_the_first_real_question():
    conversation = read_conversation(
        events(
            user("/greet", "greet", 1.0, metadata={"synthetic": "greeting"}, at=50.0),
            bot("Здравствуйте!"),
            user("привет", "greet", 0.99, at=55.0),
            user("сколько держится эффект?", "ask_effect_duration", 0.91, at=60.0),
            bot("3-6 месяцев", custom={"kind": "answer", "fact_ids": ["effect_duration"]}),
            user("/ask_pain", "ask_pain", 1.0, metadata={"button_title": "Больно ли это?"}, at=70.0),
        )
    )
    summary = conversation.summary
    assert summary.channel == "web" and summary.language == "ru"
    assert summary.message_count == 3  # the channel's own greeting is not the patient's
    assert summary.first_question == "сколько держится эффект?"
    assert (summary.started_at, summary.last_at) == (50.0, 101.0)
    assert summary.min_confidence == 0.91  # a pressed button says nothing about the classifier
    answer = conversation.entries[4]
    assert isinstance(answer, AssistantMessage) and answer.fact_ids == ["effect_duration"]
    pressed = conversation.entries[5]
    assert isinstance(pressed, PatientMessage) and not pressed.typed and pressed.button_title == "Больно ли это?"


def test_urgent_handoff_booking_and_fallback_flags():
    conversation = read_conversation(
        events(
            user("لا أستطيع البلع", "report_emergency", 0.8),
            {"event": "action", "timestamp": 100.5, "name": "action_emergency"},
            bot("اتصل بالإسعاف", custom={"kind": "emergency", "urgent": True}),
            slot("urgent", True),
            user("ابي احجز موعد", "book_appointment", 0.7),
            slot("booking_requested", True),
            user(
                "blah",
                "nlu_fallback",
                0.3,
                ranking=[{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_cost", "confidence": 0.22}],
            ),
            {"event": "action", "timestamp": 103.0, "name": "action_clarify"},
        )
    )
    summary = conversation.summary
    assert summary.urgent and summary.booking and not summary.handoff and summary.fallback
    assert summary.language == "ar"
    # The fallback's own confidence is the threshold; the list filters on the classifier's best guess.
    assert summary.min_confidence == 0.22
    assert conversation.entries[1].urgent


def test_feedback_is_attached_to_the_rated_answer():
    conversation = read_conversation(
        events(
            user("больно?", "ask_pain", 0.9),
            bot("Укол малоболезненный."),
            slot("feedback", {"rating": "down", "bot_text": "Укол малоболезненный.", "bot_timestamp": 101.0}),
        )
    )
    assert conversation.summary.negative_feedback and not conversation.summary.positive_feedback
    assert conversation.entries[1].feedback == "down"


def test_the_reason_a_patient_gave_for_a_thumbs_down_is_shown_with_it():
    record = {"rating": "down", "reason": "too_long", "bot_text": "Укол малоболезненный.", "bot_timestamp": 101.0}
    conversation = read_conversation(
        events(user("больно?", "ask_pain", 0.9), bot("Укол малоболезненный."), slot("feedback", record))
    )
    assert (conversation.entries[1].feedback, conversation.entries[1].feedback_reason) == ("down", "too_long")


def test_the_main_language_is_the_one_most_messages_are_in():
    conversation = read_conversation(
        events(
            user("مرحبا", "greet", 0.9),
            user("сколько стоит?", "ask_cost", 0.9),
            user("а больно?", "ask_pain", 0.9),
            slot("language", "other"),
        )
    )
    assert conversation.summary.language == "ru"


def test_an_empty_conversation_has_no_question_and_no_language():
    conversation = read_conversation(events({"event": "action", "timestamp": 1.0, "name": "action_listen"}))
    assert conversation.summary.first_question is None and conversation.summary.language is None
    assert conversation.summary.message_count == 0


def test_a_conversation_of_greetings_only_shows_the_greeting_as_its_question():
    conversation = read_conversation(events(user("Здравствуйте", "greet", 0.9)))
    assert conversation.summary.first_question == "Здравствуйте"


def test_an_urgent_conversation_shows_what_raised_the_alarm_and_is_no_fallback_for_it():
    conversation = read_conversation(
        events(
            user("сколько держится эффект?", "ask_effect_duration", 0.9),
            bot("3–6 месяцев"),
            user("ребёнок после укола как-то странно дышит", "nlu_fallback", 0.4),
            bot("Звоните в скорую сейчас", custom={"kind": "emergency", "urgent": True}),
        )
    )
    summary = conversation.summary
    assert summary.urgent and not summary.fallback
    assert summary.first_question == "ребёнок после укола как-то странно дышит"


def test_a_fallback_that_got_no_urgent_answer_still_counts():
    conversation = read_conversation(
        events(user("ыфва", "nlu_fallback", 0.2), bot("Не понял"), user("а цена?", "ask_cost", 0.9))
    )
    assert conversation.summary.fallback and not conversation.summary.urgent
    assert conversation.summary.first_question == "ыфва"


def test_a_follow_up_shows_what_it_inherited_and_a_message_its_questions():
    focus = {"intent": "ask_onset", "child": True, "conditions": [], "drugs": ["xeomin"], "follow_up": True}
    pieces = [
        {"text": "какие препараты", "intent": "ask_drugs", "asks": True},
        {"text": "сколько держится?", "intent": "ask_effect_duration", "asks": True},
        {"text": "мама после инсульта", "intent": "ask_indications", "asks": False},
    ]
    question = user("какие препараты и сколько держится?", "ask_drugs", 0.9)
    question["parse_data"]["questions"] = pieces
    conversation = read_conversation(
        events(
            question,
            bot("…", custom={"kind": "answer", "focus": {**focus, "follow_up": False}}),
            user("а у детей?", "ask_children", 0.8),
            bot("Когда наступает эффект — у детей:", custom={"kind": "answer", "focus": focus}),
        )
    )
    asked, plain, _, follow_up = conversation.entries
    assert asked.question_intents == ["ask_drugs", "ask_effect_duration"]
    assert (plain.follow_up_of, plain.follow_up_names) == (None, [])
    assert (follow_up.follow_up_of, follow_up.follow_up_names) == ("ask_onset", ["child", "xeomin"])
