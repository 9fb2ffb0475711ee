"""Playwright helpers for the chat widget's browser tests: open the chat, send, wait, look."""

from __future__ import annotations

import time
from pathlib import Path

import requests
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
REPLY_TIMEOUT_MS = 60_000
# The left edge of each non-space character of `needle` inside a node, in text order.
CHARACTER_LEFT_EDGES = """
(node, needle) => {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const pieces = [];
  let text = "";
  while (walker.nextNode()) {
    pieces.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const start = text.indexOf(needle);
  if (start < 0) return null;
  const edges = [];
  for (let index = start; index < start + needle.length; index++) {
    if (text[index] === " ") continue;
    const [piece, offset] = pieces.filter(([, at]) => at <= index).pop();
    const range = document.createRange();
    range.setStart(piece, index - offset);
    range.setEnd(piece, index - offset + 1);
    edges.push(range.getBoundingClientRect().left);
  }
  return edges;
}
"""


def new_context(browser: Browser, viewport: dict[str, int]) -> BrowserContext:
    """A browser context of one viewport; a phone one is a touch device, as phones are."""
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    return context


def site(stack, path: str = "") -> str:
    """An address on the demo clinic site that embeds the widget."""
    return stack.config.site_url + path


def bot_messages(page: Page) -> Locator:
    """Every assistant bubble in the log."""
    return page.locator("li.cw-bot")


def open_chat(page: Page, url: str) -> float:
    """Opens the page and the chat; returns the seconds from the click to the greeting."""
    page.goto(url)
    launcher = page.locator(".cw-launcher")
    expect(launcher).to_be_visible()
    started = time.monotonic()
    launcher.click()
    expect(bot_messages(page).first).to_be_visible()
    return time.monotonic() - started


def wait_for_reply(page: Page, bubbles_before: int) -> None:
    """Waits until the assistant's whole reply has arrived."""
    expect(bot_messages(page)).not_to_have_count(bubbles_before)
    expect(page.locator(".cw-typing")).to_be_hidden()


def send(page: Page, text: str) -> None:
    """Types a message, presses Enter and waits for the whole reply."""
    before = bot_messages(page).count()
    page.locator(".cw-input").fill(text)
    page.locator(".cw-input").press("Enter")
    wait_for_reply(page, before)


def click_and_wait(page: Page, button: Locator) -> None:
    """Presses a quick reply and waits for the whole reply."""
    before = bot_messages(page).count()
    button.click()
    wait_for_reply(page, before)


def screenshot(page: Page, name: str) -> None:
    """Saves a screenshot under tests/artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def texts(locator: Locator) -> list[str]:
    """The visible texts of the located elements, trimmed."""
    return [text.strip() for text in locator.all_inner_texts()]


def stored_events(page: Page, stack) -> list[dict]:
    """The events the tracker store holds for the page's chat session."""
    session_id = page.evaluate("JSON.parse(localStorage.getItem('clinic-chat-session')).session_id")
    tracker = requests.get(
        f"http://localhost:{stack.config.rasa_port}/conversations/{session_id}/tracker",
        params={"token": stack.config.auth_token},
        timeout=30,
    ).json()
    return tracker["events"]
