"""How answers read in the widget, in Russian and Arabic, on a desktop and a phone (Chromium).

The urgent answer puts the call first under one heading, with call buttons named by country;
an answer opens at a short lead, with details, lists and its source below; a tall reply opens
at its start; there is always a way on (starter topics, "Topics", "something else"); the same
answer is not sent twice; a 👎 asks what was wrong and the reason is stored for staff.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, expect

from tests.e2e.widget_page import (
    CHARACTER_LEFT_EDGES,
    DESKTOP,
    PHONE,
    bot_messages,
    click_and_wait,
    new_context,
    open_chat,
    screenshot,
    send,
    site,
    stored_events,
)

LEAD_BUDGET = 300
PHONE_NUMBER = "+7 000 000-00-00"
CASES = {
    "ru": {
        "path": "",
        "long": "При каких заболеваниях применяют ботулинотерапию?",
        "unclear": "абырвалг",
        "urgent": "после укола ребёнку трудно глотать и дышать",
        "heading": "⚠️ СРОЧНО",
        "call": "Звоните в скорую сейчас",
        "country": "Скорая 103",
    },
    "ar": {
        "path": "ar.html",
        "long": "ما هي الأمراض التي يستخدم لعلاجها البوتوكس؟",
        "unclear": "سيبلاتنمك",
        "urgent": "ابني ما يقدر يتنفس بعد الحقنة",
        "heading": "⚠️ عاجل",
        "call": "اتصل بالإسعاف الآن",
        "country": "مصر 123",
    },
}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
MATRIX = [(language, viewport) for language in CASES for viewport in VIEWPORTS]


@pytest.fixture(params=MATRIX, ids=[f"{language}-{viewport}" for language, viewport in MATRIX])
def chat_page(request, browser: Browser, stack):
    language, viewport = request.param
    context = new_context(browser, VIEWPORTS[viewport])
    page = context.new_page()
    open_chat(page, site(stack, CASES[language]["path"]))
    yield page, language, viewport
    context.close()


BOX = "node => { const r = node.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }"


def box(locator: Locator) -> dict[str, float]:
    return locator.evaluate(BOX)


def test_the_urgent_answer_puts_the_call_first_under_one_heading(chat_page):
    page, language, viewport = chat_page
    case = CASES[language]
    send(page, case["urgent"])
    urgent = page.locator("li.cw-urgent")
    expect(urgent).to_have_count(1)
    expect(urgent.locator(".cw-urgent-label")).to_have_text(case["heading"])
    assert urgent.inner_text().count(case["heading"].split()[-1]) == 1
    paragraphs = urgent.locator(".cw-text p")
    expect(paragraphs.first).to_contain_text(case["call"])
    assert paragraphs.first.inner_text().startswith(case["call"]) and paragraphs.count() <= 4
    emergency = urgent.locator("a.cw-call:not(.cw-call-clinic)")
    assert case["country"] in [text.removeprefix("📞").strip() for text in emergency.all_inner_texts()]
    clinic = urgent.locator("a.cw-call").last
    expect(clinic).to_have_class("cw-call cw-call-clinic")
    assert clinic.get_attribute("href") == "tel:+70000000000"
    colour = "node => getComputedStyle(node).backgroundColor"
    assert emergency.first.evaluate(colour) != clinic.evaluate(colour)
    # The clinic's number reads in its written order, in the text and on its button.
    for holder in (urgent.locator(".cw-text"), clinic):
        edges = holder.evaluate(CHARACTER_LEFT_EDGES, PHONE_NUMBER)
        assert edges and edges == sorted(edges) and len(set(edges)) == len(edges), edges
    screenshot(page, f"urgent-{language}-{viewport}")


def test_an_answer_opens_at_a_short_lead_with_its_details_and_source_below(chat_page):
    page, language, viewport = chat_page
    case = CASES[language]
    starters = page.locator(".cw-quick button")
    expect(starters).to_have_count(5)
    send(page, case["long"])
    lead, details = page.locator("li.cw-lead").last, page.locator("li.cw-details").last
    assert 0 < len(lead.inner_text().strip()) <= LEAD_BUDGET
    assert details.locator("ul.cw-list li").count() >= 5
    source = details.locator("small.cw-source")
    expect(source).to_be_visible()
    size = "node => parseFloat(getComputedStyle(node).fontSize)"
    assert source.evaluate(size) < details.locator(".cw-text p").first.evaluate(size)
    # The disclaimer is the banner under the header, not a bubble as well.
    disclaimer = page.locator(".cw-disclaimer").inner_text()
    expect(page.locator("li.cw-msg", has_text=disclaimer)).to_have_count(0)
    # A reply taller than the log opens at its first line.
    log = page.locator(".cw-log")
    assert box(details)["bottom"] - box(lead)["top"] > box(log)["bottom"] - box(log)["top"]
    assert box(log)["top"] <= box(lead)["top"] <= box(log)["top"] + 40
    screenshot(page, f"answer-{language}-{viewport}")

    send(page, case["long"])
    expect(bot_messages(page).last).to_contain_text("↑")
    assert len(bot_messages(page).last.locator(".cw-text").inner_text()) < LEAD_BUDGET


def test_feedback_asks_what_was_wrong_and_stores_it(chat_page, stack):
    page = chat_page[0]
    click_and_wait(page, page.locator(".cw-quick button").first)
    answer = page.locator("li.cw-bot:has(.cw-feedback)").last
    answer.locator("button[data-rating='down']").click()
    reasons = answer.locator(".cw-reasons button")
    expect(reasons).to_have_count(4)
    answer.locator("button[data-reason='too_long']").click()
    expect(answer.locator(".cw-feedback-thanks")).not_to_be_empty()
    expect(answer.locator(".cw-reasons")).to_be_hidden()
    page.wait_for_timeout(500)
    feedback = [e["value"] for e in stored_events(page, stack) if e["event"] == "slot" and e["name"] == "feedback"]
    assert feedback[-1]["rating"] == "down" and feedback[-1]["reason"] == "too_long"
    answer.locator("button[data-rating='up']").click()
    expect(answer.locator(".cw-feedback-thanks")).not_to_be_empty()
    expect(answer.locator(".cw-reasons")).to_be_hidden()


def test_there_is_always_a_way_on(chat_page):
    page, language, _ = chat_page
    send(page, CASES[language]["unclear"])
    quick = page.locator(".cw-quick button")
    expect(quick.last).to_be_visible()
    click_and_wait(page, quick.last)
    reply = bot_messages(page).last
    expect(reply.locator(".cw-contacts a")).to_have_count(2)
    assert reply.locator(".cw-contacts a").first.get_attribute("href") == "tel:+70000000000"
    expect(quick).to_have_count(6)
    # The permanent "Topics" entry brings the starter topics back at any time.
    send(page, CASES[language]["long"])
    expect(quick).to_have_count(0)
    page.locator(".cw-topics").click()
    expect(quick).to_have_count(5)
    click_and_wait(page, quick.first)
    expect(page.locator("li.cw-lead")).not_to_have_count(0)
