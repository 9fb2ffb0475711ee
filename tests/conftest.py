"""Fixtures shared by every test: the real knowledge files, the real analyser, the Telegram emulator."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import requests
import yaml

from clinic.knowledge import Knowledge, process_knowledge
from tests.e2e.support import EMULATOR_PORT, EMULATOR_URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EMULATOR_DIR = PROJECT_ROOT / "tests" / "telegram_emulator"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return process_knowledge()


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def faq_intents(domain: dict) -> list[str]:
    return [intent for intent in domain["intents"] if intent.startswith("ask_")]


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
