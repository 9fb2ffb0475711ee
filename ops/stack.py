"""Starts the action server and the Rasa server as child processes and stops them cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

from typing_extensions import Self

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = PROJECT_ROOT / "models" / "clinic.tar.gz"
STARTUP_TIMEOUT_SECONDS = 180.0
# How often `make run` checks for a stop request or a server that died.
STOP_POLL_SECONDS = 0.5
# Every Rasa command (`run`, `shell`) starts through it, so that Rasa is changed before it starts.
RASA_ENTRY_POINT = (sys.executable, "-m", "runtime.rasa_server")


@dataclass
class StackConfig:
    """Where the processes listen and what they use."""

    rasa_port: int = 5005
    action_port: int = 5055
    endpoints: Path = PROJECT_ROOT / "endpoints.yml"
    credentials: Path = PROJECT_ROOT / "credentials.yml"
    model: Path = MODEL_PATH
    log_dir: Path = PROJECT_ROOT / "var" / "log"
    auth_token: str | None = None
    # The demo clinic website with the widget; None leaves it out.
    site_port: int | None = 8080
    # The staff console; None leaves it out.
    console_port: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def rest_url(self) -> str:
        """The REST channel's webhook URL."""
        return f"http://localhost:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def site_url(self) -> str:
        """The demo clinic page."""
        return f"http://localhost:{self.site_port}/"

    @property
    def console_url(self) -> str:
        """The staff console."""
        return f"http://localhost:{self.console_port}/"


class StartupError(RuntimeError):
    """A process exited or did not become ready in time."""


def _log_tail(log: Path, lines: int = 20) -> str:
    """The end of a server log, so that a failure report shows its cause."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], name: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StartupError(f"{name} exited with code {process.returncode}; end of {log}:\n{_log_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise StartupError(f"{name} did not answer {url} within {timeout:.0f} s; end of {log}:\n{_log_tail(log)}")


def rasa_server_command(
    model: Path, endpoints: Path, credentials: Path, port: int, auth_token: str | None
) -> list[str]:
    """The command line of one Rasa server (through `runtime.rasa_server`), on loopback."""
    command = [
        *RASA_ENTRY_POINT,
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
    ]
    if auth_token:
        command += ["--enable-api", f"--auth-token={auth_token}"]
    return command


def action_server_command(port: int) -> list[str]:
    """The command line of one action server (it listens on loopback through SANIC_HOST)."""
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


class ProcessGroup:
    """Child processes started together, each logging to its own file, stopped together.

    Use as a context manager; leaving the block stops every process.
    """

    def __init__(self, log_dir: Path, extra_env: dict[str, str]) -> None:
        """Prepares (does not start) the group."""
        self.log_dir = log_dir
        self.extra_env = extra_env
        self._processes: list[tuple[str, subprocess.Popen[bytes], IO[bytes]]] = []

    def start(self) -> None:
        """Starts the processes; subclasses say which."""
        raise NotImplementedError

    def _spawn(
        self, name: str, command: list[str], env: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen[bytes], Path]:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        log = log_path.open("ab")
        # SANIC_HOST makes the action server (which has no host option) listen on loopback only.
        environment = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "SANIC_HOST": "127.0.0.1",
            **self.extra_env,
            **(env or {}),
        }
        # A new session keeps Ctrl-C in the terminal from reaching the children directly,
        # so they are stopped in order by `stop`.
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True
        )
        self._processes.append((name, process, log))
        return process, log_path

    def _wait_or_stop(self, url: str, process: subprocess.Popen[bytes], name: str, log: Path, timeout: float) -> None:
        try:
            _wait_until_ready(url, process, name, log, timeout)
        except StartupError:
            self.stop()
            raise

    def processes(self) -> list[tuple[str, subprocess.Popen[bytes]]]:
        """The started processes by name, oldest first."""
        return [(name, process) for name, process, _ in self._processes]

    def all_running(self) -> bool:
        """Whether every started process is still alive."""
        return bool(self._processes) and all(process.poll() is None for _, process, _ in self._processes)

    def stop(self) -> None:
        """Stops the processes (SIGTERM, then SIGKILL after 15 s), newest first."""
        for _, process, _ in reversed(self._processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process, log in reversed(self._processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        self._processes.clear()

    def __enter__(self) -> Self:
        """Starts the group."""
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stops the group."""
        self.stop()


class Stack(ProcessGroup):
    """The running assistant: action server, Rasa server, and optionally the demo site and console."""

    def __init__(self, config: StackConfig) -> None:
        """Prepares (does not start) the stack."""
        super().__init__(config.log_dir, config.extra_env)
        self.config = config

    def start(self, timeout: float = STARTUP_TIMEOUT_SECONDS, with_rasa_server: bool = True) -> None:
        """Starts the servers and waits until each answers its health check.

        Args:
            timeout: Seconds to wait for each server.
            with_rasa_server: False starts the action server alone (for `rasa shell`).
        """
        config = self.config
        python = sys.executable
        actions, actions_log = self._spawn("action-server", action_server_command(config.action_port))
        if not with_rasa_server:
            self._wait_or_stop(
                f"http://localhost:{config.action_port}/health", actions, "action server", actions_log, timeout
            )
            return
        rasa_command = rasa_server_command(
            config.model, config.endpoints, config.credentials, config.rasa_port, config.auth_token
        )
        rasa, rasa_log = self._spawn("rasa-server", rasa_command)
        self._wait_or_stop(
            f"http://localhost:{config.action_port}/health", actions, "action server", actions_log, timeout
        )
        self._wait_or_stop(f"http://localhost:{config.rasa_port}/", rasa, "Rasa server", rasa_log, timeout)
        if config.site_port is not None:
            site_command = [python, "-m", "ops.site", "--port", str(config.site_port)]
            site, site_log = self._spawn(
                "demo-site", [*site_command, "--assistant-url", f"http://localhost:{config.rasa_port}"]
            )
            self._wait_or_stop(config.site_url, site, "demo site", site_log, timeout)
        if config.console_port is not None:
            # The console takes conversations over through this Rasa server's API.
            console_env = {"CLINIC_RASA_URL": f"http://localhost:{config.rasa_port}"}
            if config.auth_token:
                console_env["RASA_AUTH_TOKEN"] = config.auth_token
            console, console_log = self._spawn(
                "staff-console",
                [python, "-m", "staff_console", "serve", "--port", str(config.console_port)],
                console_env,
            )
            self._wait_or_stop(f"{config.console_url}health", console, "staff console", console_log, timeout)


class StopRequest:
    """A signal handler that records the request to stop.

    A plain flag, not a `threading.Event`: setting an Event takes a lock, and a handler that runs
    while the main thread holds that lock (inside `Event.wait`) would wait for ever.
    """

    def __init__(self) -> None:
        """No stop requested yet."""
        self.requested = False

    def __call__(self, *_: object) -> None:
        """Records the request (called with the signal number and frame)."""
        self.requested = True


def serve_in_foreground(group: ProcessGroup, starting: str, banner: Callable[[], str]) -> int:
    """`make run` and `make run-cluster`: start, say where everything is, run until Ctrl-C.

    Args:
        group: The processes to start.
        starting: Printed before starting.
        banner: Called once everything answers; its text is printed.

    Returns:
        The exit code.

    Raises:
        StartupError: when a process does not start (the started ones are stopped).
    """
    stop = StopRequest()
    # Set before starting, so that a Ctrl-C during start-up is not lost. The handlers only set
    # a flag: an exception raised by a second signal (make forwards SIGTERM to its child, and
    # `kill -- -PGID` sends it too) could otherwise land inside the shutdown and skip it.
    # Explicit SIGINT handling: a shell that starts `make run` in the background ignores SIGINT.
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, stop)
    print(starting, flush=True)
    group.start()
    if not stop.requested:
        print(banner(), flush=True)
    return run_until_stopped(group, stop)


def run_until_stopped(group: ProcessGroup, stop: StopRequest) -> int:
    """Waits while every process runs; stops them all once `stop` is set or a process dies.

    Returns:
        The exit code: 0 when stopped by a signal, 1 when a process died.
    """
    try:
        while not stop.requested:
            time.sleep(STOP_POLL_SECONDS)
            if not stop.requested and not group.all_running():
                print("error: a server stopped unexpectedly; see the logs", file=sys.stderr)
                return 1
        print("\nStopping...", flush=True)
        return 0
    finally:
        group.stop()
        print("Stopped.", flush=True)
