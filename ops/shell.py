"""`make shell`: chat with the assistant in the terminal (starts the action server too)."""

from __future__ import annotations

import subprocess
import sys

from ops.stack import PROJECT_ROOT, Stack, StackConfig, StartupError


def main() -> int:
    """Starts the action server, runs `rasa shell` until the user quits, stops the server."""
    config = StackConfig()
    stack = Stack(config)
    try:
        stack.start(with_rasa_server=False)
    except StartupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        command = [
            sys.executable,
            "-m",
            "rasa",
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


if __name__ == "__main__":
    sys.exit(main())
