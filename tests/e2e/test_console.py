"""The staff console against the real assistant: conversations made over REST, read in the console.

The console runs as its own process next to the Rasa server (SQLite tracker store) in the
session stack of conftest.py.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import re
import time
import uuid
import zlib
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.settings import load_settings
from runtime.tracker_store import ClinicTrackerStore
from tests.e2e.conftest import Chat, conversations, post_events
from tests.e2e.support import StaffClient, console_command, new_account, signed_in

PHONE = "+7 912 345-67-89"
XSS = '<img src=x onerror="alert(1)">'
MESSAGES = {
    "urgent": ["Здравствуйте", "после укола стало трудно глотать и дышать"],
    "arabic": ["هل الحقن مؤلمة؟", "قديش بيضل مفعول البوتوكس"],
    "hostile": [f"{XSS} \u202eботокс опасен?\u202c", "\ud800 а это больно?\u0000"],
    "phone": ["хочу записаться на укол", f"мой телефон {PHONE}"],
    "fallback": ["фывапролджэ ячсмить"],
}


@pytest.fixture(scope="module")
def senders(stack) -> dict[str, str]:
    return conversations(stack, "console", MESSAGES)


@pytest.fixture(scope="module")
def admin(stack, senders) -> StaffClient:
    client = StaffClient(stack.config.console_url)
    assert client.login("admin", stack.config.extra_env["CLINIC_CONSOLE_ADMIN_PASSWORD"]).status_code == 302
    for sender in senders.values():
        assert client.wait_for_conversation(sender).status_code == 200, f"{sender} never reached the console"
    return client


@pytest.fixture(scope="module")
def reviewer(stack, admin) -> StaffClient:
    return signed_in(stack, "reviewer")


def test_every_route_refuses_strangers(stack, senders):
    from clinic.settings import load_settings
    from staff_console.app import PUBLIC_ENDPOINTS, create_app
    from staff_console.runtime import build_console

    app = create_app(build_console(load_settings({**stack.config.extra_env})), "enumerating routes only")
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC_ENDPOINTS]
    assert len(rules) >= 12
    stranger = requests.Session()
    sample = {
        "sender_id": senders["urgent"],
        "event_id": "1",
        "language": "ru",
        "extension": "csv",
        "username": "admin",
    }
    for rule in rules:
        path = rule.rule
        for name, value in sample.items():
            path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = stranger.request(
                method, stack.config.console_url.rstrip("/") + path, allow_redirects=False, timeout=30
            )
            if method == "GET":
                assert response.status_code == 302 and "/login" in response.headers["Location"], (
                    path,
                    response.status_code,
                )
            else:
                assert response.status_code == 401, (method, path, response.status_code)
            assert "глотать" not in response.text  # no patient text leaks


def test_a_reviewer_cannot_reach_admin_routes(reviewer, senders):
    for path in ("/admin/accounts", "/admin/audit", "/export.csv", "/export.jsonl", "/inbox/export/ru.yml"):
        assert reviewer.get(path).status_code == 403, path
    assert reviewer.post("/admin/accounts", {"username": "intruder", "role": "admin"}).status_code == 403
    deleted = reviewer.post(f"/conversations/{senders['arabic']}/delete", {"confirm": "1"})
    assert deleted.status_code == 403
    assert reviewer.get(f"/conversations/{senders['arabic']}").status_code == 200


def test_filters_find_urgent_arabic_and_searched_conversations(admin, senders):
    everything = set(senders.values())
    assert senders["urgent"] in admin.listed(urgent="1")
    assert not (everything - {senders["urgent"]}) & admin.listed(urgent="1")
    assert senders["arabic"] in admin.listed(language="ar", channel="rest")
    assert senders["urgent"] not in admin.listed(language="ar")
    # Search ignores hamza and diacritics in Arabic, ё and case in Russian.
    assert senders["arabic"] in admin.listed(text="الحقن مولمة")
    assert admin.listed(text="ТРУДНО ГЛОТАТЬ") & everything == {senders["urgent"]}
    assert senders["arabic"] in admin.listed(intent="ask_effect_duration")
    assert senders["phone"] in admin.listed(handoff="1")
    # Gibberish falls back ("did you mean...?"), so it is listed at any threshold; the clear Arabic
    # questions (0.7 and above) only once the threshold is above their least confident answer.
    assert senders["fallback"] in admin.listed(low_confidence="1", threshold="0.05")
    assert senders["arabic"] not in admin.listed(low_confidence="1", threshold="0.5")
    assert senders["arabic"] in admin.listed(low_confidence="1", threshold="1")


def test_the_list_shows_channel_language_count_question_and_flags(admin, senders):
    page = admin.get("/conversations", params={"text": "трудно глотать"}).text
    row = page[page.index(senders["urgent"]) :]
    row = row[: row.index("</tr>")]
    assert ">REST<" in row and ">Russian<" in row and ">2<" in row
    assert "после укола стало трудно глотать" in row and 'class="flag urgent"' in row


def test_the_transcript_shows_nlu_facts_and_right_to_left_arabic(admin, senders):
    page = admin.get(f"/conversations/{senders['arabic']}").text
    assert re.search(r'dir="rtl" lang="ar">هل الحقن مؤلمة؟', page)
    assert 'intent <strong title="ask_pain">Does it hurt</strong>' in page and "confidence" in page
    assert "facts: <code>" in page and "drug=<bdi>botox</bdi>" in page


def test_hostile_text_renders_inert_and_bidi_overrides_are_visible(admin, senders):
    response = admin.get(f"/conversations/{senders['hostile']}")
    page = response.text
    assert XSS not in page and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "\u202e" not in page and ">U+202E</span>" in page
    assert "\ufffd а это больно?" in page  # a lone surrogate cannot be stored; it shows as a replacement mark
    policy = response.headers["Content-Security-Policy"]
    # Only the console's own script file runs: no inline script, nothing from elsewhere.
    assert "script-src 'self';" in policy and "unsafe" not in policy and "default-src 'none'" in policy
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/live.js" defer>']


def test_views_are_audited(admin, senders):
    admin.get(f"/conversations/{senders['phone']}")
    log = admin.get("/admin/audit").text
    action = r'<td title="view_conversation">opened a conversation</td>'
    assert re.search(rf"{action}\s*<td><a href=\"/conversations/{senders['phone']}\"", log)


def test_a_form_without_the_csrf_token_is_rejected(admin, senders):
    sender = senders["fallback"]
    refused = admin.post(f"/conversations/{sender}/tags", {"tag": "no-token"}, with_token=False)
    assert refused.status_code == 400
    assert "no-token" not in admin.get(f"/conversations/{sender}").text


def test_triage_tags_and_notes_are_saved_and_filterable(reviewer, senders):
    sender = senders["urgent"]
    assert reviewer.post(f"/conversations/{sender}/triage", {"reviewed": "1", "follow_up": "1"}).status_code == 302
    assert reviewer.post(f"/conversations/{sender}/tags", {"tag": "callback"}).status_code == 302
    assert reviewer.post(f"/conversations/{sender}/notes", {"text": "Перезвонить пациенту"}).status_code == 302
    page = reviewer.get(f"/conversations/{sender}").text
    assert "Перезвонить пациенту" in page and '<span class="tag">callback</span>' in page
    assert sender in reviewer.listed(tag="callback")
    assert sender in reviewer.listed(review="follow_up")
    assert sender not in reviewer.listed(review="unreviewed")


def test_a_corrected_intent_is_exported_as_rasa_training_data(admin, reviewer, senders):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    text = MESSAGES["fallback"][0]
    inbox = reviewer.get("/inbox", params={"language": "ru"}).text
    row = next(row for row in inbox.split("<tr>") if text in row)
    event_id = re.search(r'action="/inbox/(\d+)', row).group(1)
    assert reviewer.post(f"/inbox/{event_id}", {"intent": "out_of_scope"}).status_code == 302
    exported = admin.get("/inbox/export/ru.yml")
    assert exported.status_code == 200
    data = RasaYAMLReader().reads(exported.text)
    assert (text, "out_of_scope") in {(e.get("text"), e.get("intent")) for e in data.intent_examples}
    assert text not in admin.get("/inbox/export/ar.yml").text


def test_exports_redact_phone_numbers_unless_asked(admin, senders):
    redacted = admin.get("/export.csv", params={"text": "записаться"})
    # UTF-8 with a byte-order mark: what Excel needs to show Cyrillic and Arabic.
    assert redacted.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(redacted.content.decode("utf-8-sig"))))
    patient = [row["text"] for row in rows if row["conversation"] == senders["phone"] and row["speaker"] == "patient"]
    assert patient == ["хочу записаться на укол", "мой телефон [phone]"]
    assert "345-67-89" not in redacted.text
    lines = admin.get("/export.jsonl", params={"text": "записаться"}).text.splitlines()
    assert any(json.loads(line)["text"] == "мой телефон [phone]" for line in lines)
    full = admin.get("/export.csv", params={"text": "записаться", "personal_data": "1"}).text
    assert PHONE in full
    assert "export_with_personal_data" in admin.get("/admin/audit").text


def test_repeated_wrong_passwords_lock_the_account(stack, admin):
    username, password = new_account(stack, "reviewer")
    client = StaffClient(stack.config.console_url)
    for _ in range(5):
        assert client.login(username, "not the password").status_code == 401
    locked = client.login(username, password)
    unknown = client.login(f"nobody-{username}", password)
    # A locked account and an unknown name get the same answer: nothing tells which names exist.
    assert locked.status_code == unknown.status_code == 401
    assert "Wrong username or password" in locked.text and "Wrong username or password" in unknown.text
    without_tokens = [re.sub(r'value="[^"]*"', "", page.text) for page in (locked, unknown)]
    assert without_tokens[0] == without_tokens[1]


def _old_conversation(stack, sender: str, days_ago: int) -> None:
    """A conversation whose events are `days_ago` days old, written through Rasa's HTTP API."""
    at = time.time() - days_ago * 86400
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": at},
        {"event": "session_started", "timestamp": at},
        {
            "event": "user",
            "text": "старый вопрос",
            "timestamp": at + 1,
            "parse_data": {"intent": {"name": "ask_pain", "confidence": 0.9}},
        },
        {"event": "bot", "text": "старый ответ", "timestamp": at + 2},
    ]
    post_events(stack, sender, events)


def test_retention_erases_old_conversations_and_keeps_recent_ones(stack, admin, senders):
    old = f"console-old-{uuid.uuid4().hex[:8]}"
    _old_conversation(stack, old, days_ago=400)
    assert admin.wait_for_conversation(old).status_code == 200
    result = console_command(stack, "retention", "--days", "365")
    assert result.returncode == 0, result.stderr
    assert re.search(r"Erased [1-9]\d* conversations", result.stdout)
    assert admin.get(f"/conversations/{old}").status_code == 404
    tracker = requests.get(
        f"http://localhost:{stack.config.rasa_port}/conversations/{old}/tracker",
        params={"token": stack.config.auth_token},
        timeout=30,
    ).json()
    assert not [event for event in tracker["events"] if event["event"] == "user"]
    assert admin.get(f"/conversations/{senders['arabic']}").status_code == 200


def test_an_admin_can_delete_a_conversation(admin, stack):
    chat = Chat(stack)
    chat.say("Удалите мой разговор, пожалуйста")
    assert admin.wait_for_conversation(chat.sender).status_code == 200
    assert admin.post(f"/conversations/{chat.sender}/delete", {}).status_code == 302
    assert admin.get(f"/conversations/{chat.sender}").status_code == 200  # no confirmation, nothing deleted
    assert admin.post(f"/conversations/{chat.sender}/delete", {"confirm": "1"}).status_code == 302
    assert admin.get(f"/conversations/{chat.sender}").status_code == 404
    assert "delete_conversation" in admin.get("/admin/audit").text


def test_the_dashboard_draws_its_charts(admin):
    page = admin.get("/dashboard").text
    for title in ("by channel", "by language", "Fallback rate", "Urgent", "Handoff", "Top intents"):
        assert title in page
    # The fallback rate is drawn as dots per day with conversations (joined where days follow).
    assert page.count("<svg") == 5 and "<rect" in page and "<circle" in page
    assert "<script" not in page


def _cookie_payloads(session: requests.Session) -> str:
    """The decoded contents of the signed (not encrypted) cookies a client holds."""
    decoded = []
    for cookie in session.cookies:
        value = cookie.value or ""
        data = value.lstrip(".").split(".")[0]
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        decoded.append((zlib.decompress(raw) if value.startswith(".") else raw).decode("utf-8", "replace"))
    return "\n".join(decoded)


def test_a_new_accounts_password_is_shown_once_and_never_travels_in_a_cookie(admin):
    """Doors row 14: the generated password was flashed, i.e. written into the session cookie."""
    username = f"nurse-{uuid.uuid4().hex[:6]}"
    page = admin.post("/admin/accounts", {"username": username, "role": "reviewer"}, token_from="/admin/accounts")
    password = re.search(r"shown only now: <code>(\S+)</code>", page.text).group(1)
    assert password not in _cookie_payloads(admin.http)
    assert password not in admin.get("/admin/accounts").text
    assert StaffClient(admin.base_url).login(username, password).status_code == 302


def test_an_admin_unlocks_an_address_locked_out_by_failed_logins(stack, admin):
    """Doors row 13: after 20 failures even the admin's right password was refused, with no way out."""
    username, password = new_account(stack, "reviewer")
    stranger = StaffClient(stack.config.console_url)
    for attempt in range(20):
        stranger.login(f"guess-{attempt}", "not the password")
    assert StaffClient(stack.config.console_url).login(username, password).status_code == 429
    assert "127.0.0.1" in admin.get("/admin/accounts").text
    admin.post("/admin/addresses/unlock", {"address": "127.0.0.1"}, token_from="/admin/accounts")
    assert StaffClient(stack.config.console_url).login(username, password).status_code == 302
    assert "unlock_address" in admin.get("/admin/audit").text


def test_a_conversation_id_holding_a_path_links_to_its_own_transcript(stack, admin, monkeypatch):
    """Doors row 15: a REST sender `../admin/accounts` made a list link that opened the Accounts page."""
    sender = "../admin/accounts"
    monkeypatch.setenv("CLINIC_TRACKER_DB_URL", stack.config.extra_env["CLINIC_TRACKER_DB_URL"])
    store = ClinicTrackerStore(Domain.empty(), settings=load_settings())
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, [UserUttered("сколько длится эффект?")])))
    store.engine.dispose()
    deadline = time.monotonic() + 30
    while not (links := re.findall(r'href="(/conversations/[^"]*admin[^"]*)"', admin.get("/conversations").text)):
        assert time.monotonic() < deadline, "the conversation never reached the console's list"
        time.sleep(0.5)
    (link,) = set(links)
    resolved = urlsplit(urljoin(admin.url("/conversations"), link)).path
    assert resolved.startswith("/conversations/") and "/admin/accounts" not in resolved
    transcript = admin.get(link)
    assert transcript.status_code == 200 and "сколько длится эффект?" in transcript.text
