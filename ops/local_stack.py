"""A stack of its own for a benchmark or an evaluation: own ports, own SQLite tracker store, own logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ops.stack import StackConfig


def isolated_config(
    workdir: Path, rasa_port: int, action_port: int, extra_env: dict[str, str] | None = None, **options: Any
) -> StackConfig:
    """A stack configuration that shares nothing with `make run`.

    Its endpoints file (written in `workdir`) names its own action server; all its traffic comes
    from one address, so the per-address message limit is lifted: what is measured is the
    assistant, not the limit.

    Args:
        workdir: Where the endpoints file, the tracker database and the logs go.
        rasa_port: The Rasa server's port.
        action_port: The action server's port.
        extra_env: More environment for the processes.
        **options: Further `StackConfig` fields (the model, the site's port...).

    Returns:
        The configuration; the demo site is left out unless `site_port` is given.
    """
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": f"http://localhost:{action_port}/webhook"},
                "tracker_store": {"type": "ops.tracker_store.ClinicTrackerStore"},
            }
        )
    )
    return StackConfig(
        rasa_port=rasa_port,
        action_port=action_port,
        endpoints=endpoints,
        log_dir=workdir / "log",
        **{"site_port": None, **options},
        extra_env={
            "CLINIC_TRACKER_DB_URL": f"sqlite:///{workdir / 'tracker.db'}",
            "CLINIC_ADDRESS_MESSAGES_PER_MINUTE": "1000000",
            **(extra_env or {}),
        },
    )
