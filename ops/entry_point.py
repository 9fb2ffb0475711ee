"""How `make run`, `make run-cluster` and `make shell` end when the assistant cannot start."""

from __future__ import annotations

import sys
from typing import Callable

from clinic.settings import SettingsError
from ops.postgres import PostgresUnavailable
from ops.stack import StartupError

# Invalid settings are the user's to fix; a service that did not start is the machine's.
INVALID_SETTINGS = 2
SERVICE_FAILED = 1


def run_entry_point(main: Callable[[], int]) -> int:
    """Runs an entry point; invalid settings or a service that fails to start end it with the reason.

    Args:
        main: The entry point's work; returns its exit code.

    Returns:
        The exit code: `main`'s, 2 for invalid settings, 1 when a service did not start.
    """
    try:
        return main()
    except SettingsError as error:
        return _failed(error, INVALID_SETTINGS)
    except (PostgresUnavailable, StartupError) as error:
        return _failed(error, SERVICE_FAILED)


def _failed(error: Exception, exit_code: int) -> int:
    print(f"error: {error}", file=sys.stderr)
    return exit_code
