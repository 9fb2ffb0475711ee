"""Starts the real action server and Rasa server (SQLite tracker store) once for the e2e tests."""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path

import pytest
import requests
import yaml

from ops.stack import MODEL_PATH, Stack, StackConfig

RASA_PORT = 5105
ACTION_PORT = 5155
SITE_PORT = 8180
SITE_ORIGIN = f"http://localhost:{SITE_PORT}"


def stack_config(workdir: Path, rasa_port: int, action_port: int, **options) -> StackConfig:
    """A test stack's configuration: its own ports, SQLite tracker store, logs and API token."""
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": f"http://localhost:{action_port}/webhook"},
                "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(workdir / "tracker.db")},
            }
        )
    )
    return StackConfig(
        rasa_port=rasa_port,
        action_port=action_port,
        endpoints=endpoints,
        log_dir=workdir / "log",
        auth_token=secrets.token_urlsafe(24),
        **options,
    )


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
