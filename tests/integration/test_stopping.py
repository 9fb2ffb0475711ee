"""`make run` stops every server it started, however it is told to stop (`ops.stack.serve_in_foreground`).

Real processes: `make` runs a small stand-in for `ops.run` whose "servers" are child processes in
their own sessions, as the real ones are; the signals are sent the way supervisors and scripts do.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from ops.stack import PROJECT_ROOT

STAND_IN = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ops.stack import ProcessGroup, serve_in_foreground

    class Servers(ProcessGroup):
        def start(self):
            for number in range(4):
                self._spawn(f"server{number}", [sys.executable, "-c", "import time; time.sleep(600)"])
            Path(sys.argv[1]).write_text(" ".join(str(p.pid) for _, p in self.processes()))
            time.sleep(2)  # the real servers take seconds to answer their health checks

    group = Servers(Path(sys.argv[2]), {})
    sys.exit(serve_in_foreground(group, "Starting...", lambda: "Running."))
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that exited but was not yet reaped by its (dead) parent is a zombie: not running.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"


def _make_run(tmp_path: Path, ignore_sigint: bool) -> tuple[subprocess.Popen[str], Path]:
    (tmp_path / "stand_in.py").write_text(STAND_IN)
    pids = tmp_path / "pids"
    (tmp_path / "Makefile").write_text(f"run:\n\t@{sys.executable} stand_in.py {pids} {tmp_path / 'log'}\n")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(tmp_path), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        start_new_session=True,
        # A script that starts `make run` in the background leaves SIGINT ignored.
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None,
    )
    deadline = time.monotonic() + 30
    while not pids.exists() or not pids.read_text():
        assert process.poll() is None and time.monotonic() < deadline, "the stand-in did not start"
        time.sleep(0.05)
    return process, pids


def _stopped_everything(process: subprocess.Popen[str], pids: Path) -> str:
    output, _ = process.communicate(timeout=60)
    children = [int(pid) for pid in pids.read_text().split()]
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in children), output
    return output


def _stand_in(process: subprocess.Popen[str]) -> int:
    (pid,) = map(int, Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split())
    return pid


def test_repeated_sigterm_to_the_whole_process_group_stops_every_server(tmp_path):
    process, pids = _make_run(tmp_path, ignore_sigint=False)
    stand_in = _stand_in(process)
    time.sleep(2.5)  # running, after the banner
    os.killpg(process.pid, signal.SIGTERM)  # make forwards it to its child as well: two signals
    with contextlib.suppress(ProcessLookupError):
        for _ in range(50):  # and a supervisor that insists, while the shutdown is under way
            os.kill(stand_in, signal.SIGTERM)
    assert "Stopped." in _stopped_everything(process, pids)


def test_ctrl_c_during_start_up_is_not_lost_when_started_in_the_background(tmp_path):
    process, pids = _make_run(tmp_path, ignore_sigint=True)
    os.kill(_stand_in(process), signal.SIGINT)  # before the banner: the servers are still starting
    output = _stopped_everything(process, pids)
    assert "Stopping..." in output and "Stopped." in output
