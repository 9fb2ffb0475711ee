"""`make shell`: chat with the assistant in the terminal (starts the action server too).

`rasa shell` starts through `runtime.rasa_server`, as the servers of `make run` do, so the
terminal chat runs the same changed Rasa (action timeout, tracker store without fallback...).
"""

from __future__ import annotations

import subprocess
import sys

from ops.entry_point import run_entry_point
from ops.stack import PROJECT_ROOT, RASA_ENTRY_POINT, Stack, StackConfig


def _chat() -> int:
    config = StackConfig()
    stack = Stack(config)
    stack.start(with_rasa_server=False)
    try:
        command = [
            *RASA_ENTRY_POINT,
            "shell",
            "--model",
            str(config.model),
            "--endpoints",
            str(config.endpoints),
            "--port",
            str(config.rasa_port),
        ]
        return subprocess.call(command, cwd=PROJECT_ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


def main() -> int:
    """Starts the action server, runs `rasa shell` until the user quits, stops the server."""
    return run_entry_point(_chat)


if __name__ == "__main__":
    sys.exit(main())
