"""Clients that talk to the assistant the way the widget and Telegram do, for the e2e tests."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio

from ops.local_stack import isolated_config
from ops.stack import PROJECT_ROOT, StackConfig

CHROMIUM = Path("/usr/bin/chromium")
# The flags a closed network needs: without them Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITE_PORT = 8180
SITE_ORIGIN = f"http://localhost:{SITE_PORT}"
EMULATOR_PORT = 9105
EMULATOR_URL = f"http://127.0.0.1:{EMULATOR_PORT}"
ARABIC = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
REPLY_TIMEOUT = 60


def stack_config(workdir: Path, *ports_and_action_url, **options) -> StackConfig:
    """A test stack's configuration (`ops.local_stack.isolated_config`) with an API token of its own."""
    return isolated_config(workdir, *ports_and_action_url, auth_token=secrets.token_urlsafe(24), **options)


class WidgetClient:
    """A socket.io client speaking the widget's protocol, collecting the bot messages it receives."""

    def __init__(self, server: str, origin: str = SITE_ORIGIN, headers: dict[str, str] | None = None) -> None:
        self.messages: list[dict] = []
        self.arrived = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("bot_uttered", self._on_bot)
        headers = {"Origin": origin, **(headers or {})}
        self.sio.connect(server, headers=headers, transports=["polling"], wait_timeout=30)

    def _on_bot(self, message: dict) -> None:
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()

    def call(self, event: str, data: dict) -> dict:
        return self.sio.call(event, data, timeout=REPLY_TIMEOUT)

    def wait_for_messages(self, count: int) -> list[dict]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=REPLY_TIMEOUT), self.messages
            return list(self.messages)

    def close(self) -> None:
        # The engine.io close packet ends the session on the server; waiting for the long-poll
        # request still pending to return would cost the poll's full timeout (up to 30 s) per client.
        self.sio.eio.disconnect(abort=True)


class TelegramUser:
    """A patient in a private chat with the bot, through the emulator's client API."""

    counter = 0

    def __init__(self, token: str, language_code: str | None = "ru") -> None:
        TelegramUser.counter += 1
        self.token = token
        self.chat_id = 700_000 + TelegramUser.counter
        self.user = {"id": self.chat_id, "first_name": "Patient", "is_bot": False}
        if language_code:
            self.user["language_code"] = language_code
        self.received: list[dict] = []

    def send(self, text: str | None = None, **fields) -> None:
        message = {"botToken": self.token, "from": self.user, "chat": {"id": self.chat_id, "type": "private"}}
        message.update({"date": int(time.time()), **fields})
        if text is not None:
            message["text"] = text
        requests.post(f"{EMULATOR_URL}/sendMessage", json=message, timeout=30).raise_for_status()

    def press(self, bot_message: dict, button: dict) -> None:
        callback = {
            "botToken": self.token,
            "from": self.user,
            "data": button["callback_data"],
            "message": {
                "message_id": 1,
                "chat": {"id": self.chat_id, "type": "private"},
                "text": bot_message["text"],
                "reply_markup": bot_message["reply_markup"],
            },
        }
        requests.post(f"{EMULATOR_URL}/sendCallback", json=callback, timeout=30).raise_for_status()

    def replies(self, count: int) -> list[dict]:
        """Waits until `count` more bot messages arrived; returns them."""
        wanted = len(self.received) + count
        deadline = time.monotonic() + REPLY_TIMEOUT
        while len(self.received) < wanted:
            assert time.monotonic() < deadline, f"got {self.received}"
            self.poll()
            time.sleep(0.2)
        return self.received[wanted - count : wanted]

    def poll(self) -> list[dict]:
        """Fetches the bot messages that arrived since the last look; returns them."""
        answer = requests.post(
            f"{EMULATOR_URL}/getUpdates", json={"token": self.token, "chatId": self.chat_id}, timeout=30
        ).json()
        arrived = [update["message"] for update in answer["result"]]
        self.received += arrived
        return arrived

    def reply_text(self) -> str:
        return "\n".join(message["text"] for message in self.replies(1))


class StaffClient:
    """A member of staff using the console through HTTP, as a browser would (cookie and CSRF token)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()

    def url(self, path: str) -> str:
        return self.base_url + path

    def get(self, path: str, **options) -> requests.Response:
        return self.http.get(
            self.url(path), timeout=30, allow_redirects=options.pop("allow_redirects", True), **options
        )

    def csrf_token(self, path: str = "/login") -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path: str, data: dict | None = None, with_token: bool = True, token_from: str = "/conversations"):
        form = dict(data or {})
        if with_token:
            form["csrf_token"] = self.csrf_token(token_from)
        return self.http.post(self.url(path), data=form, timeout=30, allow_redirects=False)

    def login(self, username: str, password: str) -> requests.Response:
        token = self.csrf_token("/login")
        return self.http.post(
            self.url("/login"),
            data={"csrf_token": token, "username": username, "password": password, "next": ""},
            timeout=30,
            allow_redirects=False,
        )

    def wait_for_conversation(self, sender_id: str, timeout: float = 30) -> requests.Response:
        """Opens a conversation once the console's index has picked it up."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(f"/conversations/{sender_id}")
            if response.status_code == 200 or time.monotonic() > deadline:
                return response
            time.sleep(0.5)

    def listed(self, **filters) -> set[str]:
        """Sender ids on the first page of the filtered conversation list."""
        response = self.get("/conversations", params=filters)
        assert response.status_code == 200, response.status_code
        return set(re.findall(r'href="/conversations/([^"/?]+)"', response.text))


def console_command(stack, *arguments: str) -> subprocess.CompletedProcess:
    """Runs `python -m staff_console ...` with the stack's configuration."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **stack.config.extra_env}
    return subprocess.run(
        [sys.executable, "-m", "staff_console", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def new_account(stack, role: str) -> tuple[str, str]:
    username = f"{role}-{uuid.uuid4().hex[:6]}"
    result = console_command(stack, "create-account", username, "--role", role, "--generate")
    assert result.returncode == 0, result.stderr
    password = re.search(r"Password \(shown once\): (\S+)", result.stdout).group(1)
    return username, password


def telegram_console_config(
    workdir: Path, ports: tuple[int, int, int], bot_token: str, **extra_env: str
) -> StackConfig:
    """A stack with the Telegram channel on the emulator and the staff console (own database, own admin).

    Args:
        workdir: The stack's folder.
        ports: The Rasa server's, the action server's and the console's.
        bot_token: The bot's token on the emulator.
        **extra_env: More settings.
    """
    rasa_port, action_port, console_port = ports
    environment = {
        "TELEGRAM_BOT_TOKEN": bot_token,
        "TELEGRAM_API_URL": EMULATOR_URL,
        "CLINIC_CONSOLE_DB_URL": f"sqlite:///{workdir / 'console.db'}",
        "CLINIC_CONSOLE_SECRET": secrets.token_hex(32),
        "CLINIC_CONSOLE_ADMIN_PASSWORD": secrets.token_urlsafe(18),
        **extra_env,
    }
    return stack_config(
        workdir, rasa_port, action_port, site_port=None, console_port=console_port, extra_env=environment
    )


def signed_in(stack, role: str | None = None) -> StaffClient:
    """A console client signed in as the first admin, or as a new account of `role`."""
    if role is None:
        username, password = "admin", stack.config.extra_env["CLINIC_CONSOLE_ADMIN_PASSWORD"]
    else:
        username, password = new_account(stack, role)
    client = StaffClient(stack.config.console_url)
    assert client.login(username, password).status_code == 302
    return client
