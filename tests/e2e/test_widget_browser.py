"""The chat widget in Debian's Chromium, driven by Playwright, against the real servers.

Screenshots of each language on desktop and phone widths go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.widget_page import (
    ARTIFACTS,
    CHARACTER_LEFT_EDGES,
    DESKTOP,
    PHONE,
    bot_messages,
    new_context,
    open_chat,
    screenshot,
    send,
    site,
    stored_events,
    texts,
)

ARABIC = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture
def page(browser: Browser) -> Page:
    context = new_context(browser, DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()


def comparable(texts_: list[str]) -> str:
    """Texts without spacing and bullets: the widget shows list items without their "• "."""
    return re.sub(r"[\s•]", "", "".join(texts_))


def test_russian_conversation_with_quick_replies_survives_a_reload(page: Page, stack):
    seconds = open_chat(page, site(stack))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "time_to_first_reply.json").write_text(json.dumps({"seconds": round(seconds, 3)}))
    expect(page.locator(".cw-disclaimer")).to_contain_text("не консультация врача")
    expect(page.locator(".cw-root")).to_have_attribute("dir", "ltr")
    expect(page.locator(".cw-input")).to_be_focused()
    send(page, "Это больно?")
    expect(bot_messages(page).last).to_contain_text(CYRILLIC)
    send(page, "ыфвапролд")
    buttons = page.locator(".cw-quick button")
    expect(buttons.first).to_be_visible()
    title = buttons.first.inner_text()
    answers_before = bot_messages(page).count()
    buttons.first.click()
    expect(page.locator("li.cw-user").last).to_have_text(title)
    expect(bot_messages(page)).not_to_have_count(answers_before)
    expect(page.locator(".cw-typing")).to_be_hidden()
    screenshot(page, "ru-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "ru-phone")
    page.set_viewport_size(DESKTOP)

    shown = texts(page.locator("li.cw-msg .cw-text"))
    page.reload()
    page.locator(".cw-launcher").click()
    expect(page.locator("li.cw-msg")).to_have_count(len(shown))
    assert texts(page.locator("li.cw-msg .cw-text")) == shown
    # Every stored message is shown, but the disclaimer, which the banner under the header shows.
    stored = [e for e in stored_events(page, stack) if e["event"] == "bot"]
    shown_texts = [e["text"] for e in stored if (e["data"].get("custom") or {}).get("kind") != "disclaimer"]
    assert comparable(texts(bot_messages(page).locator(".cw-text"))) == comparable(shown_texts)


def test_arabic_conversation_renders_right_to_left(browser: Browser, stack):
    context = new_context(browser, PHONE)
    page = context.new_page()
    try:
        open_chat(page, site(stack, "ar.html"))
        expect(page.locator(".cw-root")).to_have_attribute("dir", "rtl")
        expect(page.locator(".cw-disclaimer")).to_contain_text(ARABIC)
        expect(bot_messages(page).first).to_contain_text(ARABIC)
        send(page, "هل الحقن مؤلمة؟")
        question = page.locator("li.cw-user").last
        answer = bot_messages(page).last
        for bubble in (question, answer):
            assert bubble.evaluate("node => getComputedStyle(node).direction") == "rtl"
        expect(answer).to_contain_text(ARABIC)
        send(page, "Сколько держится эффект?")
        russian = page.locator("li.cw-user").last
        assert russian.evaluate("node => getComputedStyle(node).direction") == "ltr"
        expect(bot_messages(page).last).to_contain_text(CYRILLIC)
        assert bot_messages(page).last.evaluate("node => getComputedStyle(node).direction") == "ltr"
        send(page, "كم يدوم مفعول البوتوكس؟")
        screenshot(page, "ar-phone")
        page.set_viewport_size(DESKTOP)
        screenshot(page, "ar-desktop")
    finally:
        context.close()


def test_emergency_answer_stands_out_with_a_phone_link(page: Page, stack):
    open_chat(page, site(stack))
    send(page, "после укола ребёнку трудно глотать и дышать")
    urgent = page.locator("li.cw-urgent")
    expect(urgent).to_have_count(1)
    expect(urgent).to_have_attribute("role", "alert")
    ordinary = bot_messages(page).first
    style = "node => [getComputedStyle(node).backgroundColor, getComputedStyle(node).borderTopWidth]"
    assert urgent.evaluate(style) != ordinary.evaluate(style)
    calls = urgent.locator("a.cw-call")
    hrefs = [calls.nth(i).get_attribute("href") for i in range(calls.count())]
    assert "tel:+70000000000" in hrefs and "tel:103" in hrefs


def test_language_switch_changes_the_interface_and_the_answers(page: Page, stack):
    open_chat(page, site(stack))
    greetings = bot_messages(page).count()
    page.locator(".cw-lang[data-language='ar']").click()
    expect(page.locator(".cw-root")).to_have_attribute("dir", "rtl")
    expect(page.locator(".cw-input")).to_have_attribute("placeholder", ARABIC)
    expect(bot_messages(page)).to_have_count(greetings + 1)
    expect(bot_messages(page).last).to_contain_text(ARABIC)
    send(page, "👍")
    expect(bot_messages(page).last).to_contain_text(ARABIC)
    expect(bot_messages(page).last).not_to_contain_text(CYRILLIC)


def test_keyboard_escape_closes_and_feedback_is_kept_after_reload(page: Page, stack):
    open_chat(page, site(stack))
    send(page, "Как долго держится эффект?")
    answer = bot_messages(page).last
    answer.locator("button[data-rating='down']").click()
    expect(answer.locator("button[data-rating='down']")).to_have_attribute("aria-pressed", "true")
    page.locator(".cw-input").press("Escape")
    expect(page.locator(".cw-panel")).to_be_hidden()
    expect(page.locator(".cw-launcher")).to_be_focused()
    page.wait_for_timeout(500)
    page.reload()
    page.locator(".cw-launcher").click()
    rated = bot_messages(page).last.locator("button[data-rating='down']")
    expect(rated).to_have_attribute("aria-pressed", "true")


def test_an_over_long_message_is_refused_in_the_widget_and_kept_in_the_input(page: Page, stack):
    open_chat(page, site(stack))
    text = "Вопрос " * 400
    page.locator(".cw-input").fill(text)
    page.locator(".cw-input").press("Enter")
    expect(page.locator(".cw-error")).to_contain_text("слишком длинное")
    assert page.locator(".cw-input").input_value() == text
    expect(page.locator("li.cw-user")).to_have_count(0)


def test_a_dropped_connection_reconnects_to_the_same_session_without_losing_replies(page: Page, stack):
    sockets = []

    def through_proxy(socket) -> None:
        socket.connect_to_server()
        sockets.append(socket)

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), through_proxy)
    open_chat(page, site(stack))
    session_before = page.evaluate("JSON.parse(localStorage.getItem('clinic-chat-session')).session_id")
    answers_before = bot_messages(page).count()
    page.locator(".cw-input").fill("Когда начинает действовать укол?")
    page.locator(".cw-input").press("Enter")
    expect(page.locator("li.cw-user")).to_have_count(1)
    sockets[-1].close()
    expect(page.locator(".cw-status")).to_contain_text("Нет соединения")
    expect(page.locator(".cw-status")).to_be_empty()
    # The reply was sent while the page was offline; it arrives with the history on reconnection.
    expect(bot_messages(page)).not_to_have_count(answers_before)
    expect(bot_messages(page).last).to_contain_text("Источник")
    assert len(sockets) >= 2
    assert page.evaluate("JSON.parse(localStorage.getItem('clinic-chat-session')).session_id") == session_before
    send(page, "Спасибо")
    expect(page.locator("li.cw-user")).to_have_count(2)


def test_links_phone_numbers_and_emails_in_answers_are_clickable(page: Page, stack):
    open_chat(page, site(stack))
    send(page, "Хочу записаться на приём")
    answer = bot_messages(page).last
    expect(answer.locator("a[href='https://clinic.example/booking']")).to_have_count(1)
    expect(answer.locator("a[href='tel:+70000000000']")).to_have_count(1)
    assert answer.locator("a").first.get_attribute("rel") == "noopener noreferrer"


CONTRAST = """
(node) => {
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (value) => {
    const [r, g, b] = rgb(value).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let background = node;
  while (background && getComputedStyle(background).backgroundColor.match(/rgba\\(.*, 0\\)/)) {
    background = background.parentElement || background.getRootNode().host;
  }
  const fg = luminance(getComputedStyle(node).color);
  const bg = luminance(background ? getComputedStyle(background).backgroundColor : "rgb(255, 255, 255)");
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}
"""


def test_text_contrast_meets_wcag_aa(page: Page, stack):
    open_chat(page, site(stack))
    send(page, "после укола трудно глотать")
    # Right after the urgent answer an unclear message gets it again; after thanks, "did you mean...?".
    send(page, "спасибо")
    send(page, "ыфвапролд")
    selectors = [
        ".cw-title",
        ".cw-disclaimer",
        "li.cw-bot",
        "li.cw-urgent",
        ".cw-quick button",
        ".cw-send",
        ".cw-lang[aria-pressed='true']",
        "li.cw-user",
    ]
    ratios = {selector: page.locator(selector).first.evaluate(CONTRAST) for selector in selectors}
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios


def test_phone_numbers_in_arabic_answers_render_in_their_written_order(page: Page, stack):
    """Each character of the clinic's number lies right of the one before, in an answer and the urgent one."""
    phone = "+7 000 000-00-00"
    open_chat(page, site(stack, "ar.html"))
    send(page, "أبغى رقم العيادة للتواصل")
    send(page, "ابني ما يقدر يتنفس بعد الحقنة")
    bubbles = [bot_messages(page).filter(has_text=phone).first, page.locator("li.cw-urgent").last]
    for bubble in bubbles:
        assert bubble.evaluate("node => getComputedStyle(node).direction") == "rtl"
        edges = bubble.evaluate(CHARACTER_LEFT_EDGES, phone)
        assert edges and edges == sorted(edges) and len(set(edges)) == len(edges), edges
