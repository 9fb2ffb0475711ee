"""Starts the real action server and Rasa server (SQLite tracker store) once for the e2e tests."""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, sync_playwright

from ops.stack import MODEL_PATH, Stack
from tests.e2e.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SITE_ORIGIN,
    SITE_PORT,
    stack_config,
)

RASA_PORT = 5105
ACTION_PORT = 5155
CONSOLE_PORT = 8190


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    if not MODEL_PATH.exists():
        pytest.fail(f"{MODEL_PATH} is missing: run `make train` (make test trains it first)")
    workdir = tmp_path_factory.mktemp("stack")
    config = stack_config(
        workdir,
        RASA_PORT,
        ACTION_PORT,
        site_port=SITE_PORT,
        console_port=CONSOLE_PORT,
        extra_env={
            "CLINIC_WIDGET_ORIGINS": SITE_ORIGIN,
            "CLINIC_WIDGET_SECRET": secrets.token_hex(32),
            "CLINIC_CONSOLE_DB_URL": f"sqlite:///{workdir / 'console.db'}",
            "CLINIC_CONSOLE_SECRET": secrets.token_hex(32),
            "CLINIC_CONSOLE_ADMIN_PASSWORD": secrets.token_urlsafe(18),
            # Every test talks from 127.0.0.1; the per-address limits have a stack of their own.
            "CLINIC_ADDRESS_MESSAGES_PER_MINUTE": "1000000",
            "CLINIC_ADDRESS_SESSIONS_PER_MINUTE": "1000000",
        },
    )
    with Stack(config) as running:
        yield running


class Chat:
    """One patient talking to the assistant over the REST channel."""

    def __init__(self, stack: Stack) -> None:
        self.config = stack.config
        self.sender = f"e2e-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list[dict]:
        response = requests.post(self.config.rest_url, json={"sender": self.sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()

    def texts(self, text: str) -> list[str]:
        """Text bubbles of the reply (Rasa's REST channel splits a text at blank lines)."""
        return [message["text"] for message in self.say(text) if "text" in message]

    def reply(self, text: str) -> str:
        """The whole text reply, bubbles joined as the assistant wrote them."""
        return "\n\n".join(self.texts(text))

    def tracker(self) -> dict:
        url = f"http://localhost:{self.config.rasa_port}/conversations/{self.sender}/tracker"
        response = requests.get(url, params={"token": self.config.auth_token}, timeout=30)
        response.raise_for_status()
        return response.json()


def conversations(stack: Stack, prefix: str, scripts: dict[str, list[str]]) -> dict[str, str]:
    """One conversation per script, made through the real assistant; script name -> sender id."""
    made = {}
    for name, texts in scripts.items():
        chat = Chat(stack)
        chat.sender = f"{prefix}-{name}-{uuid.uuid4().hex[:8]}"
        for text in texts:
            chat.say(text)
        made[name] = chat.sender
    return made


def post_events(stack: Stack, sender: str, events: list[dict]) -> None:
    """Appends events to a conversation through Rasa's HTTP API (for conversations in the past)."""
    url = f"http://localhost:{stack.config.rasa_port}/conversations/{sender}/tracker/events"
    requests.post(url, params={"token": stack.config.auth_token}, json=events, timeout=30).raise_for_status()


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack)


@pytest.fixture
def new_chat(stack: Stack):
    """A factory of fresh conversations, for tests that need one per generated example."""
    return lambda: Chat(stack)


@pytest.fixture(scope="session")
def log_dir(stack: Stack) -> Path:
    return stack.config.log_dir


@pytest.fixture(scope="module")
def browser() -> Browser:
    """Debian's Chromium, driven by Playwright (which cannot download browsers here).

    Per module: Playwright's sync API keeps an event loop running in this thread while it is
    open, which would break tests that start their own with asyncio.run.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (make test installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
