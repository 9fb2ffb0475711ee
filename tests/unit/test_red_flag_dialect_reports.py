"""Red flags told in Maghrebi, Iraqi and MSA forms, in Latin letters, or inside "what to do if"."""

from pathlib import Path

import pytest

from clinic.red_flags import load_rules

RULES = load_rules(Path(__file__).resolve().parents[2] / "knowledge" / "red_flags.yml")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("syn zadyhaetsya posle ukola", "breathing"),
        ("وليدي ملي كيشرب الحليب كيشرق فاش كيبلع وكيكح", "choking"),
        ("ختي دارت البوطوكس فالوجه ودابا حتى الرجل ولات ضعيفة", "spreading_weakness"),
        ("بنتي لسانها تقيل وما كنفهموش شنو كتقول من البارح", "speech"),
        ("اللقمة كتدوز بصعوبة من نهار الحقنة", "swallowing"),
        ("bent ma b9atch katbla3 lmakla", "arabizi"),
        ("khouya ma y9derch ytnaffes", "arabizi"),
        ("امي ايدها اللي مو محقونه صارت ضعيفه", "weakness_elsewhere"),
        ("لم يعد يستطيع ابتلاع الماء منذ الجلسة", "swallowing"),
        ("после укола у сына отказывают ноги", "weakness_elsewhere"),
        ("نقلناه للمستشفى بحالة طارئة بعد الحقن", "ambulance"),
        ("اخوي صار عنده شلل مفاجئ في رجله اليسار الصبح", "sudden_paralysis"),
        ("у папы сегодня вдруг отнялась правая нога", "sudden_paralysis"),
        ("بنتي من الصبح ما تنجمش تهز راسها", "head_drop"),
        ("رجليه الزوج ولاو رخوين وهو ما ضربوهش في رجليه", "weakness_elsewhere"),
        ("بعد الحقن في الرقبة ايديه الاتنين بقوا ضعاف", "weakness_elsewhere"),
        ("mama gfoonha ta2ila men el sob7", "arabizi"),
        ("3en ebni msh bteft7 mn embare7", "arabizi"),
        ("edein el etnen sarat da3eefa ba3d el 7o2na", "arabizi"),
        # Maghrebi "cannot" with the negation's ش, and Darija Arabizi where 9 is ق and "rasha" her head.
        ("من البارح ما نقدرش نتنفس مليح", "breathing"),
        ("ba9i ma y9derch ytneffes mlih mn lbare7", "breathing"),
        ("lyoum rasha kat7i7 l9eddam", "head_drop"),
    ],
)
def test_dialect_and_latin_letter_reports_are_urgent(text, category):
    assert category in RULES.find(text)
    assert not RULES.is_advance_question(text)


def test_what_to_do_if_with_a_choking_verb_in_the_present_is_a_report():
    text = "подскажите что делать если у мамы после укола вода не проглатывается и она давится"
    assert RULES.find(text)
    assert not RULES.is_advance_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "что делать если после укола ребенок будет давиться?",
        "Папе 70, шея клонится вниз, голова свисает, врач предложил ботулинотерапию. Сколько стоит?",
        "هل يمكن ان لا يستطيع الطفل البلع بعد الحقن؟",
        "а может после уколов в шею от дистонии через неделю начать поперхиваться? соседка рассказывала",
        "هل ممكن بعد الابرة في الرقبة ما اقدر ابلع زين؟",
        "скажите, может ли быть, что после укола в шею я не смогу нормально глотать?",
        "может ли после укола опуститься веко?",
        "Бывает ли, что после ботокса трудно глотать?",
        "Веко не опустится после уколов в лоб?",
        "Голос может измениться после инъекции в шею?",
        "هل ممكن يصير صعوبة في البلع بعد الحقنة؟",
        # A bare symptom asked about beside hearsay of other people.
        "وضيق النفس؟ سمعنا ان بعض الناس يصير معهم بعد الحقن",
        "а поперхиваться? слышала, что у некоторых так бывает после уколов",
        "ممكن بعد البوتوكس الجفن ينزل؟",
        "صعوبة البلع كأثر جانبي محتمل",
        "بخاف بعد الابر يصير عنده صعوبة بلع",
        "могут ли после укола в шею когда-нибудь начаться проблемы с глотанием? процедура через месяц",
        "говорят, что после уколов бывает двоение в глазах, это правда? мне будут делать в мае",
        "بسمع انه ابر الرقبة بتعمل صعوبة بلع، صح؟ لسه ما اخدتها",
        "صديقتي اخدت البوتوكس وما قدرت تبلع اسبوع، وانا موعدي الاسبوع الجاي، هل هذا وارد؟",
        "قبل لا ناخذ الابر لولدي، ممكن يصير عنده صعوبة بلع؟",
        "لو اخدت الحقن في الرقبة هل ممكن يصير عندي صعوبة بلع؟",
        "iza a5adt el botox b ra2bti, mmkn ysir sa3oube bl bala3?",
        "у кого-нибудь было двоение в глазах после уколов в лоб?",
        "ازدواج الرؤية بعد البوتوكس هل هو نادر؟",
        "ينفع يصير صعوبة بلع بعد الابر؟ لسه بفكر",
        "у знакомой после уколов было трудно глотать. а у меня так может быть?",
        "голос может изменится после укола?",
        "واش الحقنة تقدر تدير صعوبة فالتنفس؟",
        "هل ممكن بعد الحقنة ما يقدر يبلع زي الاول؟ قريت كده في جروب",
        "2abel ma ysawi el 7o2na, fi e7timal ykon 3ndo sa3oube bl bala3?",
        "Укол сделали позавчера. Спрашиваю заранее: может ли через неделю стать трудно глотать?",
        "اخد الحقنة امبارح. بسأل مسبقا: هل ممكن الجفن ينزل بعدين؟",
        "واش يقدر من بعد الحقنة يولي عندو صعوبة فالبلع؟",
        "a mogut posle ukolov v sheyu nachatsya problemy s glotaniem?",
    ],
)
def test_a_question_asked_in_advance_or_before_any_injection_is_not_a_report(text):
    assert RULES.find(text)
    assert RULES.is_advance_question(text)


@pytest.mark.parametrize(
    "text", ["ابي اكلم الدكتور", "ابي اكلمكم بخصوص موعد", "ابني عنده شلل دماغي، ينفع له البوتوكس؟"]
)
def test_wanting_to_talk_or_cerebral_palsy_is_no_red_flag(text):
    assert not RULES.find(text)


@pytest.mark.parametrize(
    "text",
    [
        "Укол сделали позавчера. Спрашиваю заранее, но веко уже опустилось, может ли это пройти?",
        "اخد الحقنة امبارح. بسأل مسبقا بس الجفن نزل الحين، هل ممكن يرجع؟",
    ],
)
def test_asking_in_advance_after_the_injection_still_alarms_on_a_report(text):
    assert RULES.find(text)
    assert not RULES.is_advance_question(text)


def test_holding_something_since_yesterday_is_still_a_report():
    text = "ما اقدر امسك الكاس بيدي الثانية من امس، هل هذا من الابرة؟"
    assert RULES.find(text)
    assert not RULES.is_advance_question(text)


def test_parents_who_speak_little_russian_name_no_red_flag():
    assert RULES.find("родители у него иностранцы, по-русски говорят плохо, поэтому пишу я") == []
    assert RULES.find("после укола ребенок говорит плохо, язык заплетается")


def test_two_people_are_no_double_vision():
    assert RULES.find("у двоих пациентов сведены пальцы, лечите такое?") == []
    assert RULES.find("после укола в глазах двоится") == ["vision"]


@pytest.mark.parametrize(
    "text",
    [
        "мы уже едем в больницу, спасибо",
        "скорую вызвали, она уже едет",
        "وديناه المستشفى الحين، شكرا",
        "تم نقل الطفل إلى الطوارئ. ما اسم الدواء الذي استعملتموه؟",
        "ok rahna rayhin l'urgence",
    ],
)
def test_a_family_on_its_way_to_the_hospital_raises_no_new_alarm(text):
    assert RULES.find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "нам ехать в больницу?",
        "едем в больницу, он не может глотать",
        "وديناه المستشفى، ما يقدر يتنفس",
        "нужна ли скорая",
    ],
)
def test_asking_whether_to_go_or_a_symptom_on_the_way_still_alarms(text):
    assert RULES.find(text)
