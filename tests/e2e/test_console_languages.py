"""The staff console in Russian, Arabic and English, in Chromium: the main review path in each.

A reviewer whose browser asks for the language logs in, filters yesterday's urgent conversations,
opens one, tags it with words, corrects an intent in the NLU inbox and opens the dashboard, and
meets no English word on the way (but names: CSV, REST, Telegram...). A choice made in the header
is kept with the account.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Chat
from tests.e2e.support import StaffClient
from tests.e2e.test_console_browser import TIMEOUT_MS, screenshot, wait_until_listed, yesterdays_urgent_conversation

ROOT = Path(__file__).resolve().parents[2]
LOCALES = {"ru": "ru-RU", "ar": "ar-EG", "en": "en-GB"}
# Latin words a Russian or Arabic page may show: names of formats, channels and products.
NAMES = {"CSV", "JSON", "Lines", "REST", "Telegram", "Rasa", "NLU", "yml", "ru", "ar", "data", "nlu"}
# What staff or patients wrote, ids, codes and the language menu are not the interface's words.
NOT_INTERFACE = ".text, .question, code, bdi, .tag, .who span, #console-language, .note p, .button-offered, title"
VISIBLE_CHROME = f"""() => {{
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("{NOT_INTERFACE}").forEach((node) => node.remove());
  copy.querySelectorAll("details").forEach((node) => node.remove());
  copy.querySelectorAll("option").forEach((node) => {{ node.textContent = ` ${{node.textContent}} `; }});
  return copy.innerText;
}}"""


def translator(language: str):
    """English msgid → the catalogue's text (English stays as it is)."""
    if language == "en":
        return lambda text: text
    with (ROOT / "staff_console" / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    return lambda text: catalogue[text].string


def intent_name(intent: str, language: str) -> str:
    names = yaml.safe_load((ROOT / "knowledge" / "intents.yml").read_text(encoding="utf-8"))
    return names[intent][language]


def new_reviewer(stack) -> tuple[str, str]:
    """A reviewer account of its own, created by the admin, so no saved choice leaks between tests."""
    admin = StaffClient(stack.config.console_url)
    admin.login("admin", stack.config.extra_env["CLINIC_CONSOLE_ADMIN_PASSWORD"])
    username = f"rev{uuid.uuid4().hex[:8]}"
    page = admin.post("/admin/accounts", {"username": username, "role": "reviewer"}, token_from="/admin/accounts")
    password = re.search(r"<code>([^<]+)</code>", page.text)
    assert password, page.text[:500]
    return username, password.group(1)


def log_in(browser: Browser, stack, language: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[language])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    t = translator(language)
    username, password = new_reviewer(stack)
    page.goto(stack.config.console_url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_label(t("Username")).fill(username)
    page.get_by_label(t("Password")).fill(password)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("heading", name=t("Conversations"))).to_be_visible()
    return page


def assert_no_english(page: Page, language: str) -> None:
    if language == "en":
        return
    words = set(re.findall(r"[A-Za-z]{2,}", page.evaluate(VISIBLE_CHROME)))
    assert words <= NAMES, f"English on {page.url}: {sorted(words - NAMES)}"


@pytest.mark.parametrize("language", ["ru", "ar", "en"])
def test_the_review_path_in_the_staff_members_language(browser: Browser, stack, language):
    urgent = yesterdays_urgent_conversation(stack)
    chat = Chat(stack)
    number = uuid.uuid4().int % 100_000
    question, gibberish = f"а это больно вообще? {number}", f"ыфвапролдж щшгнек {number}"
    chat.say(question)
    chat.say(gibberish)
    t = translator(language)
    page = log_in(browser, stack, language)
    try:
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        wait_until_listed(page, chat.sender)
        assert_no_english(page, language)

        page.get_by_role("link", name=t("Yesterday"), exact=True).click()
        page.get_by_role("link", name=t("Urgent only")).click()
        rows = page.locator("table.list tbody tr")
        expect(rows.first.locator(".flag.urgent")).to_have_text(t("urgent"))
        assert_no_english(page, language)
        page.locator(f'a.question[href="/conversations/{urgent}"]').click()
        expect(page.locator(".turn.assistant.urgent")).to_be_visible()
        expect(page.locator(".turn.patient .nlu strong")).to_have_text(intent_name("report_emergency", language))
        assert_no_english(page, language)

        # A tag typed as words is kept as one; a refused one stays in the field with a localised reason.
        page.get_by_label(t("Add a tag")).fill("нужен звонок")
        page.get_by_role("button", name=t("Add tag")).click()
        expect(page.locator(".tags .tag")).to_have_text(["нужен-звонок"])
        page.get_by_label(t("Add a tag")).fill("звонок!")
        page.get_by_role("button", name=t("Add tag")).click()
        expect(page.locator(".flash.error")).to_have_text(
            t("A tag is 1-40 letters, digits, “-” or “_”; spaces become “-”.")
        )
        expect(page.get_by_label(t("Add a tag"))).to_have_value("звонок!")
        screenshot(page, f"{language}-transcript")

        page.get_by_role("link", name=t("NLU inbox")).click()
        # Other tests fill the inbox too: find this test's two messages by their number.
        page.get_by_label(t("Search messages")).fill(str(number))
        page.get_by_role("button", name=t("Filter")).click()
        # The console indexes every few seconds: the second message may come a round after the first.
        deadline = time.monotonic() + 30
        while page.locator("table.inbox tbody tr", has_text=gibberish).count() == 0:
            assert time.monotonic() < deadline, "the second message never reached the inbox"
            time.sleep(1)
            page.reload()
        unsure = page.locator("table.inbox tbody tr", has_text=gibberish).locator("select")
        expect(unsure).to_have_value("")
        row = page.locator("table.inbox tbody tr", has_text=question)
        expect(row.locator("select option[value='ask_pain']")).to_have_text(intent_name("ask_pain", language))
        row.locator("select").select_option("ask_pain")
        row.get_by_role("button", name=t("Accept")).click()
        saved = t("Saved as “%(intent)s”.") % {"intent": intent_name("ask_pain", language)}
        expect(page.locator(".flash")).to_have_text(saved)
        assert_no_english(page, language)

        page.get_by_role("link", name=t("Dashboard")).click()
        expect(page.locator("figure.chart figcaption").first).to_have_text(t("Conversations per day by channel"))
        assert_no_english(page, language)
        screenshot(page, f"{language}-dashboard")
        page.get_by_role("link", name=t("Conversations")).click()
        screenshot(page, f"{language}-list")
    finally:
        page.context.close()


def test_a_language_chosen_in_the_header_is_kept_with_the_account(browser: Browser, stack):
    username, password = new_reviewer(stack)
    for locale, expected in (("en-GB", "en"), ("ru-RU", "ar")):
        context = browser.new_context(locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(stack.config.console_url)
        page.locator("#username").fill(username)
        page.locator("#password").fill(password)
        page.locator(".login button[type=submit]").click()
        if expected == "en":
            expect(page.locator("html")).to_have_attribute("lang", "en")
            page.locator("#console-language").select_option("ar")
            page.locator(".languages button").click()
        # The choice wins over the browser's Russian at the next sign-in too.
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_role("heading", name=translator("ar")("Conversations"))).to_be_visible()
        context.close()


def test_the_console_fits_a_phone_without_sideways_scrolling(browser: Browser, stack):
    urgent = yesterdays_urgent_conversation(stack)
    username, password = new_reviewer(stack)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="ar-EG")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(stack.config.console_url)
        page.locator("#username").fill(username)
        page.locator("#password").fill(password)
        page.locator(".login button[type=submit]").click()
        wait_until_listed(page, urgent)
        for path in ("conversations", f"conversations/{urgent}", "inbox", "dashboard"):
            page.goto(stack.config.console_url + path)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow} px on a phone"
        screenshot(page, "ar-phone-dashboard")
    finally:
        context.close()
