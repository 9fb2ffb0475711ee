"""Cutting a message into its greeting and its questions, in both languages and in Latin letters."""

import pytest

from clinic.question_split import MAX_PIECES, QUESTIONS_KEY, classified_pieces, split_questions


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "Здравствуйте! Какие препараты используете и сколько держится эффект?",
            ["Здравствуйте!", "Какие препараты используете", "сколько держится эффект?"],
        ),
        (
            "какие препараты используете и сколько длится эффект",
            ["какие препараты используете", "сколько длится эффект"],
        ),
        ("спасибо, а сколько стоит?", ["спасибо,", "а сколько стоит?"]),
        ("Сколько стоит? Больно ли это?", ["Сколько стоит?", "Больно ли это?"]),
        ("السلام عليكم هل الحقن مؤلمة", ["السلام عليكم", "هل الحقن مؤلمة"]),
        ("كم سعر الجلسة وكم يدوم مفعولها؟", ["كم سعر الجلسة", "وكم يدوم مفعولها؟"]),
        ("ايش الادوية اللي تستخدمونها وكمان متى يبدأ التأثير", ["ايش الادوية اللي تستخدمونها", "متى يبدأ التأثير"]),
        ("kam el se3r w emta yebda2 el mafool", ["kam el se3r", "emta yebda2 el mafool"]),
        # A question word after a preposition or "then", and a word with "ли", start a question too.
        ("Как делают укол и нужна ли анестезия?", ["Как делают укол", "нужна ли анестезия?"]),
        (
            "сколько ждать эффекта, больно ли, через сколько повторять",
            ["сколько ждать эффекта", "больно ли", "через сколько повторять"],
        ),
        ("تعور الابرة ولا لا وبعدين اقدر اسوق السيارة", ["تعور الابرة ولا لا", "وبعدين اقدر اسوق السيارة"]),
        ("لو سمحت، البوتوكس بيضر الاطفال؟", ["لو سمحت،", "البوتوكس بيضر الاطفال؟"]),
        ("извините, а сеанс долго длится?", ["извините,", "а сеанс долго длится?"]),
        (
            "сколько стоит для ребенка и хочу записаться на пятницу",
            ["сколько стоит для ребенка", "хочу записаться на пятницу"],
        ),
        ("كم سعر الجلسة وابغى احجز موعد بكرة", ["كم سعر الجلسة", "وابغى احجز موعد بكرة"]),
        # Maghrebi and Iraqi Arabizi "how much", "which is better" and Maghrebi "does she need" join a question.
        ("wach katwje3 w chhal katched", ["wach katwje3", "chhal katched"]),
        ("shgad ydoom w shgad si3ra", ["shgad ydoom", "shgad si3ra"]),
        ("сколько длится и что лучше ботокс или диспорт", ["сколько длится", "что лучше ботокс или диспорт"]),
        ("قداش يدوم، ويلزمها راحة بعدها؟", ["قداش يدوم", "يلزمها راحة بعدها؟"]),
        # Voice-typed questions run on without a joint; Telegram's "скок" is "сколько".
        ("скока стоит скок держится нужен ли наркоз", ["скока стоит", "скок держится", "нужен ли наркоз"]),
        ("норм. скок стоит и больно ли", ["норм.", "скок стоит", "больно ли"]),
        ("هل الابر مؤلمة هل يحتاج الطفل تخدير", ["هل الابر مؤلمة", "هل يحتاج الطفل تخدير"]),
        # "...or not" asks; so do an Egyptian clause after "و" with its question word last and an Arabizi one.
        (
            "Как делают уколы взрослым, обезболивание нужно или нет, и сколько длится?",
            ["Как делают уколы взрослым", "обезболивание нужно или нет", "сколько длится?"],
        ),
        ("هو بيوجع وبيقعد قد ايه", ["هو بيوجع", "وبيقعد قد ايه"]),
        ("الابره تأذي لو لا وشكد تاخذ وكت", ["الابره تأذي لو لا", "وشكد تاخذ وكت"]),
        ("w el ebra bta5od 2ad eh w btewga3 walla la?", ["w el ebra bta5od 2ad eh", "w btewga3 walla la?"]),
        ("وقديش بيدوم تأثيرها، وبينفع نكمل المساج بعدها؟", ["وقديش بيدوم تأثيرها", "بينفع نكمل المساج بعدها؟"]),
        # "I'd like to know X, and also Y" asks both without a question mark.
        (
            "بدي اعرف اذا الابرة بتوجع وكمان اذا فيه يرجع عالمدرسة بعدها",
            ["بدي اعرف اذا الابرة بتوجع", "اذا فيه يرجع عالمدرسة بعدها"],
        ),
    ],
)
def test_a_greeting_and_joined_questions_are_cut_apart(text, pieces):
    assert [piece.text for piece in split_questions(text)] == pieces


@pytest.mark.parametrize(
    "text",
    [
        "Сколько держится эффект?",
        "Боль и скованность в руке",
        "يد ورجل ابني متشنجة",
        "Врач сказал что эффект через 2 недели",
        "/ask_cost",
        "Здравствуйте",
        "можно сделать сколько раз в год",
        "кому можно делать уколы если болеешь",
    ],
)
def test_one_question_or_a_joined_phrase_stays_whole(text):
    assert [piece.text for piece in split_questions(text)] == [text]


def test_each_piece_says_whether_it_asks_and_whether_it_is_the_opening():
    greeting, story, question = split_questions("Добрый день. У сына ДЦП, ему 5 лет. Сколько держится эффект?")
    assert (greeting.opening, greeting.asks) == (True, False)
    assert (story.opening, story.asks) == (False, False)
    assert (question.opening, question.asks) == (False, True)


def test_a_purpose_clause_after_a_question_explains_it_and_asks_nothing():
    question, purpose = split_questions("и через сколько повторять? чтоб знать как отпуск планировать")
    assert (question.asks, purpose.asks) == (True, False)
    assert split_questions("чтобы записаться, куда звонить?")[0].asks


def test_a_long_story_is_kept_in_at_most_max_pieces_ending_with_the_questions():
    text = (
        "Мама после инсульта. Рука не разгибается. Врач направил. Мы из области. Живём далеко. Сколько стоит? Больно?"
    )
    pieces = split_questions(text)
    assert len(pieces) == MAX_PIECES
    assert [piece.text for piece in pieces[-2:]] == ["Сколько стоит?", "Больно?"]
    assert pieces[0].text.startswith("Мама после инсульта.")


def test_the_parsed_pieces_are_read_back_and_anything_else_is_ignored():
    parsed = [
        {
            "text": "сколько стоит?",
            "intent": "ask_cost",
            "asks": True,
            "entities": [{"entity": "drug", "value": "botox"}],
        },
        "noise",
    ]
    (piece,) = classified_pieces(parsed)
    assert (piece.intent, piece.asks, piece.opening, piece.entities) == ("ask_cost", True, False, (("drug", "botox"),))
    assert classified_pieces(None) == () and QUESTIONS_KEY == "questions"


@pytest.mark.parametrize(
    "text",
    [
        "мне 70 лет, после инсульта рука не разгибается, хотел бы узнать помогают ли уколы",
        "бабушка третий год с кривошеей подскажите сколько длится эффект",
        "ابوي عنده تشنج في رقبته من سنين بدي اعرف قديش بيطول المفعول",
        "بنتي عمرها ٤ سنين وعندها شلل دماغي هل تنفع معها الحقن",
    ],
)
def test_a_story_that_ends_in_a_question_asks_it(text):
    pieces = split_questions(text)
    assert pieces[-1].asks


def test_an_iraqi_how_much_joins_a_second_question():
    texts = [piece.text for piece in split_questions("وهل الابرة توجع وشكد تاخذ وكت")]
    assert texts == ["وهل الابرة توجع", "وشكد تاخذ وكت"]


def test_a_story_is_cut_from_the_question_it_turns_into():
    texts = [
        p.text
        for p in split_questions("мне 68 лет, шея поворачивается сама уже год, хочу узнать как проходит процедура")
    ]
    assert texts == ["мне 68 лет, шея поворачивается сама уже год", "хочу узнать как проходит процедура"]
    assert len(split_questions("хочу узнать как проходит процедура")) == 1


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("الحقنة بتوجع ولا لا وبتاخد قد ايه وسعرها كام", ["الحقنة بتوجع ولا لا", "وبتاخد قد ايه", "وسعرها كام"]),
        ("хочу поговорить с врачом лично, можно?", ["хочу поговорить с врачом лично, можно?"]),
    ],
)
def test_questions_with_the_question_word_last_are_cut_and_a_lone_permission_is_not(text, pieces):
    assert [p.text for p in split_questions(text)] == pieces


def test_a_voice_typed_story_is_cut_before_the_question_it_runs_into():
    text = "голову тянет вбок уже два года массаж не помог хочу попробовать уколы какие препараты у вас"
    assert [p.text for p in split_questions(text)][-1] == "какие препараты у вас"
    short = "мама спрашивает какие препараты"
    assert len(split_questions(short)) == 1


@pytest.mark.parametrize(
    "text", ["والحقن ده بيتعمل بعد العملية بيوم ازاي", "والجلسة الواحدة بتاخد عندكم قد ايه", "الابرة للرقبة عندكم بكام"]
)
def test_a_question_word_at_the_end_makes_a_piece_ask(text):
    (piece,) = split_questions(text)
    assert piece.asks


def test_a_story_before_a_question_worded_the_egyptian_way_is_left_as_context():
    story, first, second = split_questions("بنتي رجليها ناشفة جدا ومش بتقعد لوحدها.. الحقن بيتعمل ازاي وهل فيه بنج؟")
    assert (story.asks, first.asks, second.asks) == (False, True, True)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("هو بيوجع وبرضو بياخد وقت قد إيه؟", ["هو بيوجع", "بياخد وقت قد إيه؟"]),
        ("الجلسة مكلفة وكمان المفعول يطول شهور؟", ["الجلسة مكلفة", "المفعول يطول شهور؟"]),
        ("процедура болезненная а также долго длится?", ["процедура болезненная", "долго длится?"]),
        # Voice-typed, with no question mark: the question word says the second side asks.
        (
            "الدوا اللي باخده اكمل عليه وكمان الجرعه بتتكرر كل كام شهر",
            ["الدوا اللي باخده اكمل عليه", "الجرعه بتتكرر كل كام شهر"],
        ),
    ],
)
def test_and_also_in_a_question_joins_two_questions_that_both_ask(text, pieces):
    found = split_questions(text)
    assert [piece.text for piece in found] == pieces
    assert all(piece.asks for piece in found)


@pytest.mark.parametrize("text", ["بيوجع وكمان بيورم الجلد حوالين الابرة", "боль и ещё скованность в шее"])
def test_and_also_outside_a_question_or_beside_one_word_stays_whole(text):
    assert len(split_questions(text)) == 1
