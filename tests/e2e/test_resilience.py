"""Faults the assistant survives: a hung action server, a stopped database, a restart of everything.

The real processes are broken for real: the action server is frozen with SIGSTOP, the tracker
store's PostgreSQL (a private instance this module starts) is stopped, and the whole stack is
stopped and started again mid-conversation.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from ops.stack import Stack
from tests.e2e.conftest import Chat
from tests.e2e.support import CYRILLIC, SITE_ORIGIN, WidgetClient, stack_config

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
# In /usr/sbin, which a minimal PATH (CI's, say) may lack.
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
PRIVATE_POSTGRES_PORT = 5499
ACTION_TIMEOUT_SECONDS = 3


class PrivatePostgres:
    """A PostgreSQL server of its own, in a temporary folder, that a test may stop and start."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="clinic-pg-"))
        self.data = self.folder / "data"
        # initdb refuses to run as root; the server runs as the postgres user then.
        self.as_owner = [RUNUSER, "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self._run(POSTGRES_BIN / "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgresql://postgres@127.0.0.1:{PRIVATE_POSTGRES_PORT}/postgres"

    def _run(self, program: Path, *arguments: str) -> None:
        result = subprocess.run([*self.as_owner, str(program), *arguments], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        options = f"-p {PRIVATE_POSTGRES_PORT} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            POSTGRES_BIN / "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def stop(self) -> None:
        self._run(POSTGRES_BIN / "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_owner, str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    if not (POSTGRES_BIN / "initdb").exists():
        pytest.fail(f"{POSTGRES_BIN}/initdb is missing: install Debian's postgresql package")
    server = PrivatePostgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="module")
def resilient_stack(tmp_path_factory, postgres):
    env = {
        "CLINIC_TRACKER_DB_URL": postgres.url,
        "CLINIC_ACTION_TIMEOUT_SECONDS": str(ACTION_TIMEOUT_SECONDS),
        "CLINIC_WIDGET_ORIGINS": SITE_ORIGIN,
        "CLINIC_WIDGET_SECRET": secrets.token_hex(32),
    }
    config = stack_config(tmp_path_factory.mktemp("resilience"), 5605, 5655, site_port=None, extra_env=env)
    stack = Stack(config)
    stack.start()
    yield stack
    stack.stop()


def widget_turn(stack: Stack, text: str) -> tuple[list[dict], float]:
    """Opens a widget session, sends one message; the bot messages and the seconds it took."""
    client = WidgetClient(f"http://localhost:{stack.config.rasa_port}")
    try:
        client.call("session_request", {"language": "ru"})
        greeting = client.wait_for_messages(1)
        started = time.monotonic()
        client.call("user_uttered", {"message": text})
        return client.wait_for_messages(len(greeting) + 1)[len(greeting) :], time.monotonic() - started
    finally:
        client.close()


def action_server(stack: Stack) -> subprocess.Popen:
    return next(process for name, process in stack.processes() if name == "action-server")


def test_a_hung_action_server_costs_seconds_and_the_conversation_goes_on(resilient_stack):
    frozen = action_server(resilient_stack)
    frozen.send_signal(signal.SIGSTOP)
    try:
        messages, seconds = widget_turn(resilient_stack, "сколько держится эффект ботокса?")
    finally:
        frozen.send_signal(signal.SIGCONT)
    assert "техническая проблема" in messages[-1]["text"]
    assert seconds < ACTION_TIMEOUT_SECONDS + 5
    messages, _ = widget_turn(resilient_stack, "сколько держится эффект ботокса?")
    assert "техническая проблема" not in messages[-1]["text"] and CYRILLIC.search(messages[-1]["text"])


def test_a_stopped_database_is_reported_not_silently_forgotten(resilient_stack, postgres):
    chat = Chat(resilient_stack)
    chat.say("Здравствуйте")
    postgres.stop()
    try:
        rest_reply = chat.reply("а это больно?")
        messages, _ = widget_turn(resilient_stack, "а это больно?")
    finally:
        postgres.start()
    # Not an answer the assistant would then forget: the patient hears of the problem.
    assert "техническая проблема" in rest_reply
    assert "техническая проблема" in messages[-1]["text"]
    log = (resilient_stack.config.log_dir / "rasa-server.log").read_text()
    assert "tracker store unavailable (OperationalError)" in log
    assert "а это больно" not in log
    chat.say("а это больно?")
    texts = [event["text"] for event in chat.tracker()["events"] if event["event"] == "user"]
    assert texts == ["Здравствуйте", "а это больно?"]  # the conversation goes on where it was


def test_restarting_every_process_keeps_the_conversation(resilient_stack):
    chat = Chat(resilient_stack)
    chat.sender = f"restart-{uuid.uuid4().hex[:8]}"
    first = chat.reply("сколько держится эффект ботокса?")
    assert "не консультация врача" in first  # the disclaimer, once per conversation
    resilient_stack.stop()
    resilient_stack.start()
    second = chat.reply("а это больно?")
    assert CYRILLIC.search(second) and "не консультация врача" not in second
    texts = [event["text"] for event in chat.tracker()["events"] if event["event"] == "user"]
    assert texts == ["сколько держится эффект ботокса?", "а это больно?"]
