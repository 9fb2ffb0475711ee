"""Live takeover in Debian's Chromium: a patient in the widget, a member of staff in the console.

The patient asks for a person and leaves a number for a callback (refused until they consent);
the member of staff finds the conversation in the "Waiting for
staff" queue, takes it over, and the two exchange messages live (no reload on either side); a
colleague is refused; after the hand-back the assistant answers again. Both languages, with the
console in the patient's language. Screenshots of the queue and of both sides of the exchange go
to tests/artifacts/screenshots/takeover-*.png (the README's come from there).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.support import new_account
from tests.e2e.widget_page import DESKTOP, bot_messages, new_context, open_chat, screenshot, send, site

LIVE_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Script:
    """What each side types in one language, and what the patient is shown."""

    language: str
    page: str
    locale: str
    asks_for_person: str
    staff_says: str
    patient_says: str
    question: str
    joined: str
    label: str
    left: str
    phone: str
    phone_kept: str


SCRIPTS = {
    "ru": Script(
        "ru",
        "",
        "ru-RU",
        "хочу поговорить с сотрудником клиники",
        "Здравствуйте, я администратор клиники. Подскажите, на какой день вас записать?",
        "Спасибо! А в субботу вы работаете?",
        "сколько держится эффект ботокса?",
        "подключился сотрудник",
        "Сотрудник клиники",
        "снова отвечает",
        "+7 912 345-67-89",
        "+79123456789",
    ),
    "ar": Script(
        "ar",
        "ar.html",
        "ar",
        "أبغى أكلم أحد من العيادة",
        "أهلا، معك موظفة الاستقبال. أي يوم يناسبك للموعد؟",
        "شكرا! هل تفتحون يوم السبت؟",
        "كم يدوم مفعول البوتوكس؟",
        "انضم أحد موظفي العيادة",
        "موظف العيادة",
        "من جديد",
        "٠٥٠١٢٣٤٥٦٧",
        "0501234567",
    ),
}


def staff_page(browser: Browser, stack, locale: str) -> Page:
    """A new member of staff (reviewer), signed in, with the console in `locale`."""
    username, password = new_account(stack, "reviewer")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{stack.config.console_url}login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form[action$='/login'] button[type=submit]").click()
    expect(page.locator("header nav")).to_be_visible()
    return page


def session_id(patient: Page) -> str:
    return patient.evaluate("JSON.parse(localStorage.getItem('clinic-chat-session')).session_id")


def leave_a_number(patient: Page, script: Script) -> None:
    """Under the answer to a request for a person: a number for a callback, refused until consent is given."""
    patient.locator(".cw-callback-open").last.click()
    patient.locator(".cw-callback-phone").fill(script.phone)
    patient.locator(".cw-callback-submit").click()
    expect(patient.locator(".cw-callback-error")).not_to_be_empty()
    before = bot_messages(patient).count()
    patient.locator(".cw-callback-consent").check()
    patient.locator(".cw-callback-submit").click()
    expect(bot_messages(patient)).to_have_count(before + 1)
    expect(bot_messages(patient).last).to_contain_text(script.phone_kept)
    expect(patient.locator(".cw-callback-box")).to_have_count(0)


def open_from_queue(staff: Page, stack, sender: str, language: str, phone: str) -> None:
    """Waits until the queue lists the conversation with its callback number, then opens it."""
    link = staff.locator(f'table.queue a[href="/conversations/{sender}"]')
    deadline = time.monotonic() + 30
    staff.goto(f"{stack.config.console_url}queue")
    while link.count() == 0:
        assert time.monotonic() < deadline, f"{sender} never reached the queue"
        time.sleep(1)
        staff.reload()
    expect(staff.locator("nav .badge")).to_be_visible()
    row = staff.locator("table.queue tr", has=staff.locator(f'a[href="/conversations/{sender}"]'))
    while row.locator(".callback").count() == 0:
        assert time.monotonic() < deadline, "the callback number never reached the queue"
        time.sleep(1)
        staff.reload()
    expect(row.locator(".callback")).to_have_text(phone)
    screenshot(staff, f"takeover-queue-{language}")
    link.click()


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_staff_take_over_a_widget_chat_live_and_hand_it_back(browser: Browser, stack, language: str):
    script = SCRIPTS[language]
    patient_context = new_context(browser, DESKTOP)
    patient = patient_context.new_page()
    open_chat(patient, site(stack, script.page))
    send(patient, script.asks_for_person)
    sender = session_id(patient)
    leave_a_number(patient, script)

    staff = staff_page(browser, stack, script.locale)
    open_from_queue(staff, stack, sender, language, script.phone_kept)
    staff.locator("form[action$='/takeover'] button").click()
    expect(patient.locator("li.cw-staff-notice").last).to_contain_text(script.joined, timeout=LIVE_TIMEOUT_MS)

    colleague = staff_page(browser, stack, script.locale)
    colleague.goto(f"{stack.config.console_url}conversations/{sender}")
    expect(colleague.locator(".live-chat .taken")).to_be_visible()
    expect(colleague.locator("form[action$='/takeover']")).to_have_count(0)

    staff.locator("#staff-text").fill(script.staff_says)
    staff.locator("form[action$='/say'] button").click()
    staff_bubble = patient.locator("li.cw-staff").last
    expect(staff_bubble).to_contain_text(script.staff_says, timeout=LIVE_TIMEOUT_MS)
    expect(staff_bubble.locator(".cw-staff-label")).to_have_text(script.label)

    # The patient answers; the staff page shows it without a reload, and the assistant stays silent.
    bubbles_before = bot_messages(patient).count()
    patient.locator(".cw-input").fill(script.patient_says)
    patient.locator(".cw-input").press("Enter")
    expect(staff.locator(".turn.patient .text").last).to_contain_text(script.patient_says, timeout=LIVE_TIMEOUT_MS)
    expect(staff.locator(".turn.staff .text").last).to_contain_text(script.staff_says)
    screenshot(staff, f"takeover-console-{language}")
    screenshot(patient, f"takeover-widget-{language}")
    expect(bot_messages(patient)).to_have_count(bubbles_before)

    staff.locator("form[action$='/hand-back'] button").click()
    expect(patient.locator("li.cw-staff-notice").last).to_contain_text(script.left, timeout=LIVE_TIMEOUT_MS)
    before = bot_messages(patient).count()
    send(patient, script.question)
    assert bot_messages(patient).count() > before
    expect(patient.locator("li.cw-staff")).to_have_count(1)

    # After a reload the history still holds the staff message, marked as a person's.
    patient.reload()
    patient.locator(".cw-launcher").click()
    expect(patient.locator("li.cw-staff").last).to_contain_text(script.staff_says)
    for page in (staff, colleague, patient):
        page.context.close()
