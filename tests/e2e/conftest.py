"""Starts the real action server and Rasa server (SQLite tracker store) once for the e2e tests."""

from __future__ import annotations

import secrets
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests

from ops.stack import MODEL_PATH, PROJECT_ROOT, Stack
from tests.e2e.support import EMULATOR_PORT, EMULATOR_URL, SITE_ORIGIN, SITE_PORT, stack_config

RASA_PORT = 5105
ACTION_PORT = 5155
EMULATOR_DIR = PROJECT_ROOT / "tests" / "telegram_emulator"


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    if not MODEL_PATH.exists():
        pytest.fail(f"{MODEL_PATH} is missing: run `make train` (make test trains it first)")
    config = stack_config(
        tmp_path_factory.mktemp("stack"),
        RASA_PORT,
        ACTION_PORT,
        site_port=SITE_PORT,
        extra_env={"CLINIC_WIDGET_ORIGINS": SITE_ORIGIN, "CLINIC_WIDGET_SECRET": secrets.token_hex(32)},
    )
    with Stack(config) as running:
        yield running


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    if not (EMULATOR_DIR / "node_modules" / "telegram-test-api").exists():
        pytest.fail("the Telegram emulator is not installed: run `make test-e2e` (it runs npm ci)")
    log = (tmp_path_factory.mktemp("emulator") / "emulator.log").open("wb")
    process = subprocess.Popen(
        ["node", "emulator.js", str(EMULATOR_PORT)], cwd=EMULATOR_DIR, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.post(f"{EMULATOR_URL}/botprobe:token/getMe", timeout=2).raise_for_status()
            break
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the Telegram emulator did not start; see {log.name}")
            time.sleep(0.3)
    yield EMULATOR_URL
    process.terminate()
    process.wait(timeout=10)
    log.close()


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
