"""A stack of its own for a benchmark, an evaluation or a test: own ports, SQLite tracker store and logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ops.stack import StackConfig

# All of a benchmark's or an evaluation's traffic comes from one address: what is measured is the
# assistant, not the per-address limit.
UNLIMITED_ADDRESS = {"CLINIC_ADDRESS_MESSAGES_PER_MINUTE": "1000000"}


def isolated_config(
    workdir: Path,
    rasa_port: int,
    action_port: int,
    action_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    **options: Any,
) -> StackConfig:
    """A stack configuration that shares nothing with `make run`.

    Args:
        workdir: Where the endpoints file, the tracker database and the logs go.
        rasa_port: The Rasa server's port.
        action_port: The action server's port.
        action_url: Another action server for the Rasa server to call, if not its own.
        extra_env: More environment for the processes (CLINIC_TRACKER_DB_URL may point the tracker
            store at another database).
        **options: Further `StackConfig` fields (the model, the site's port, an auth token...).

    Returns:
        The configuration.
    """
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": action_url or f"http://localhost:{action_port}/webhook"},
                "tracker_store": {"type": "runtime.tracker_store.ClinicTrackerStore"},
            }
        )
    )
    return StackConfig(
        rasa_port=rasa_port,
        action_port=action_port,
        endpoints=endpoints,
        log_dir=workdir / "log",
        extra_env={"CLINIC_TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}", **(extra_env or {})},
        **options,
    )
