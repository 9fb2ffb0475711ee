"""The staff console in Debian's Chromium: the review workflow a member of staff goes through.

Screenshots of the list, transcripts in both languages and the dashboard go to
tests/artifacts/screenshots/console-*.png (the README's come from there).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Chat, post_events

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
TIMEOUT_MS = 30_000


def yesterdays_urgent_conversation(stack) -> str:
    """A conversation from yesterday in which the assistant gave the urgent answer."""
    sender = f"browser-urgent-{uuid.uuid4().hex[:8]}"
    at = time.time() - 86400
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": at},
        {"event": "session_started", "timestamp": at},
        {
            "event": "user",
            "text": "после укола в шею трудно глотать",
            "timestamp": at + 1,
            "input_channel": "web",
            "parse_data": {"intent": {"name": "report_emergency", "confidence": 0.97}, "entities": []},
        },
        {"event": "action", "name": "action_emergency", "timestamp": at + 2},
        {
            "event": "bot",
            "text": "СРОЧНО. Затруднённое глотание после инъекции: звоните 103 или 112.",
            "timestamp": at + 2,
            "data": {"custom": {"kind": "emergency", "urgent": True}},
        },
        {"event": "slot", "name": "urgent", "value": True, "timestamp": at + 2},
    ]
    post_events(stack, sender, events)
    return sender


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"console-{name}.png"), full_page=True)


@pytest.fixture
def page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()


def wait_until_listed(page: Page, sender: str) -> None:
    """The console indexes new conversations every few seconds; reload until this one is in."""
    deadline = time.monotonic() + 30
    while page.locator(f'a[href="/conversations/{sender}"]').count() == 0:
        assert time.monotonic() < deadline, f"{sender} never appeared in the list"
        time.sleep(1)
        page.reload()


def test_staff_review_workflow(page: Page, stack):
    urgent = yesterdays_urgent_conversation(stack)
    russian, arabic = Chat(stack), Chat(stack)
    for text in ("Здравствуйте", "сколько держится эффект ботокса при спастичности?", "а это больно вообще?"):
        russian.say(text)
    for text in ("مرحبا", "هل الحقن مؤلمة للأطفال؟", "كم يدوم مفعول البوتوكس"):
        arabic.say(text)

    page.goto(stack.config.console_url)
    expect(page).to_have_url(f"{stack.config.console_url}login?next=/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(stack.config.extra_env["CLINIC_CONSOLE_ADMIN_PASSWORD"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()
    wait_until_listed(page, arabic.sender)
    screenshot(page, "list")

    # Yesterday's urgent conversations: three clicks from the list.
    page.get_by_role("link", name="Yesterday").click()
    page.get_by_role("link", name="Urgent only").click()
    rows = page.locator("table.list tbody tr")
    expect(rows.first.locator(".flag.urgent")).to_be_visible()
    for index in range(rows.count()):
        expect(rows.nth(index).locator(".flag.urgent")).to_be_visible()
    page.locator(f'a.question[href="/conversations/{urgent}"]').click()
    expect(page.locator(".turn.assistant.urgent")).to_contain_text("СРОЧНО")

    page.get_by_label("Add a tag").fill("callback")
    page.get_by_role("button", name="Add tag").click()
    expect(page.locator(".tags .tag")).to_have_text(["callback"])

    page.goto(f"{stack.config.console_url}conversations/{arabic.sender}")
    expect(page.locator('.turn.patient .text[dir="rtl"]').first).to_contain_text("مرحبا")
    screenshot(page, "transcript-ar")
    page.goto(f"{stack.config.console_url}conversations/{russian.sender}")
    expect(page.locator('.turn.patient .text[dir="ltr"]').first).to_contain_text("Здравствуйте")
    screenshot(page, "transcript-ru")

    # Correct an intent in the NLU inbox, then export the accepted examples.
    page.get_by_role("link", name="NLU inbox").click()
    page.get_by_role("link", name="Russian", exact=True).click()
    row = page.locator("table.inbox tbody tr", has_text="а это больно вообще?")
    row.locator("select").select_option("ask_pain")
    row.get_by_role("button", name="Accept").click()
    expect(page.locator(".flash")).to_have_text("Saved as “Does it hurt”.")
    with page.expect_download() as download:
        page.get_by_role("link", name="ru.yml").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "intent: ask_pain" in exported and "- а это больно вообще?" in exported

    page.get_by_role("link", name="Conversations").click()
    page.get_by_label("Search messages").fill("глотать")
    page.get_by_role("button", name="Filter").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert "после укола в шею трудно глотать" in Path(download.value.path()).read_text(encoding="utf-8")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("figure.chart svg")).to_have_count(5)
    screenshot(page, "dashboard")
