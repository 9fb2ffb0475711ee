"""Several Rasa servers and action servers behind nginx, sharing PostgreSQL and Redis.

`make run-cluster` starts it on this machine (the tests and the benchmark too):

    nginx :5000  ──round robin──>  Rasa servers :5011, :5012, ...   (socket.io: sticky by address)
    nginx :5050  ──round robin──>  action servers :5061, :5062, ...
    every Rasa server: tracker store in PostgreSQL (CLINIC_TRACKER_DB_URL),
                       lock store in Redis (runtime.lock_store, CLINIC_REDIS_URL),
                       widget socket rooms and the Telegram long-poll lease in Redis (CLINIC_CLUSTER)

The Compose file in deploy/ runs the same layout on one or more hosts.
"""

from __future__ import annotations

import os
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clinic.settings import process_settings
from ops.entry_point import run_entry_point
from ops.postgres import ensure_database
from ops.stack import (
    MODEL_PATH,
    PROJECT_ROOT,
    STARTUP_TIMEOUT_SECONDS,
    ProcessGroup,
    StartupError,
    action_server_command,
    rasa_server_command,
    serve_in_foreground,
)

NGINX = "/usr/sbin/nginx"
NGINX_TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
DEFAULT_TRACKER_URL = "postgresql://postgres@127.0.0.1:5432/clinic"


@dataclass
class ClusterConfig:
    """Where the cluster's processes listen and what they share."""

    tracker_url: str
    redis_url: str
    instances: int = 2
    public_port: int = 5000
    actions_port: int = 5050
    first_rasa_port: int = 5011
    first_action_port: int = 5061
    workdir: Path = PROJECT_ROOT / "var" / "cluster"
    model: Path = MODEL_PATH
    credentials: Path = PROJECT_ROOT / "credentials.yml"
    auth_token: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def rest_url(self) -> str:
        """The REST channel through the load balancer."""
        return f"http://localhost:{self.public_port}/webhooks/rest/webhook"

    def rasa_ports(self) -> list[int]:
        """The port of each Rasa server."""
        return [self.first_rasa_port + number for number in range(self.instances)]

    def action_ports(self) -> list[int]:
        """The port of each action server."""
        return [self.first_action_port + number for number in range(self.instances)]


def nginx_config(config: ClusterConfig) -> str:
    """The complete nginx configuration: the shared template inside a main block for this machine."""
    http = string.Template(NGINX_TEMPLATE.read_text(encoding="utf-8")).safe_substitute(
        RASA_SERVERS=" ".join(f"server 127.0.0.1:{port};" for port in config.rasa_ports()),
        ACTION_SERVERS=" ".join(f"server 127.0.0.1:{port};" for port in config.action_ports()),
        PUBLIC_LISTEN=f"127.0.0.1:{config.public_port}",
        ACTIONS_LISTEN=f"127.0.0.1:{config.actions_port}",
    )
    temp = config.workdir / "nginx"
    return (
        "worker_processes 1;\n"
        f"pid {temp}/nginx.pid;\n"
        f"error_log {temp}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        # Which server took each request, and how long it took; never a request's body.
        "    log_format upstreams '$time_iso8601 $status $upstream_addr $request_time';\n"
        f"    access_log {temp}/access.log upstreams;\n"
        f"    client_body_temp_path {temp}/body;\n"
        f"    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n"
        f"    uwsgi_temp_path {temp}/uwsgi;\n"
        f"    scgi_temp_path {temp}/scgi;\n"
        f"{http}\n"
        "}\n"
    )


class Cluster(ProcessGroup):
    """The running cluster."""

    def __init__(self, config: ClusterConfig) -> None:
        """Prepares (does not start) the cluster."""
        super().__init__(config.workdir / "log", config.extra_env)
        self.config = config

    def _write_files(self) -> tuple[Path, Path]:
        config = self.config
        (config.workdir / "nginx").mkdir(parents=True, exist_ok=True)
        endpoints = config.workdir / "endpoints.yml"
        endpoints.write_text(
            yaml.safe_dump(
                {
                    "action_endpoint": {"url": f"http://127.0.0.1:{config.actions_port}/webhook"},
                    "tracker_store": {"type": "runtime.tracker_store.ClinicTrackerStore"},
                    "lock_store": {"type": "runtime.lock_store.AtomicRedisLockStore"},
                }
            )
        )
        nginx = config.workdir / "nginx.conf"
        nginx.write_text(nginx_config(config))
        return endpoints, nginx

    def start(self, timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
        """Starts action servers, Rasa servers and nginx; waits until each answers."""
        if not Path(NGINX).exists():
            raise StartupError(f"{NGINX} is missing: run `make nginx` (Debian's nginx package)")
        config = self.config
        endpoints, nginx_conf = self._write_files()
        checked = subprocess.run([NGINX, "-t", "-c", str(nginx_conf)], capture_output=True, text=True, check=False)
        if checked.returncode:
            raise StartupError(f"nginx refused its configuration:\n{checked.stderr}")
        shared = {
            "CLINIC_TRACKER_DB_URL": config.tracker_url,
            "CLINIC_REDIS_URL": config.redis_url,
            "CLINIC_CLUSTER": "true",
        }
        waits = []
        for number, port in enumerate(config.action_ports(), start=1):
            process, log = self._spawn(f"action-server-{number}", action_server_command(port), shared)
            waits.append((f"http://localhost:{port}/health", process, f"action server {number}", log))
        for number, port in enumerate(config.rasa_ports(), start=1):
            command = rasa_server_command(config.model, endpoints, config.credentials, port, config.auth_token)
            # Sanic then takes the client's address from nginx's X-Forwarded-For (rate limits).
            # Telegram allows one long-polling client per bot: the servers take turns by a Redis lease.
            env = {**shared, "SANIC_PROXIES_COUNT": "1", "OMP_NUM_THREADS": str(embedding_threads(config.instances))}
            process, log = self._spawn(f"rasa-server-{number}", command, env)
            waits.append((f"http://localhost:{port}/", process, f"Rasa server {number}", log))
        for url, process, name, log in waits:
            self._wait_or_stop(url, process, name, log, timeout)
        process, log = self._spawn("nginx", [NGINX, "-c", str(nginx_conf), "-g", "daemon off;"])
        self._wait_or_stop(f"http://localhost:{config.public_port}/", process, "nginx", log, timeout)


def embedding_threads(instances: int) -> int:
    """Threads each Rasa server's sentence embeddings (OpenMP) may use: the cores shared out.

    Two servers on two cores, each with OpenMP's default of one thread per core, spent their
    time waiting on each other's spinning threads: 3-20 messages a second instead of 90.
    """
    return max(1, (os.cpu_count() or 1) // instances)


def _serve() -> int:
    settings = process_settings()
    tracker_url = settings.tracker_url if settings.tracker_url.startswith("postgresql") else DEFAULT_TRACKER_URL
    ensure_database(tracker_url)
    config = ClusterConfig(tracker_url=tracker_url, redis_url=settings.redis_url, auth_token=settings.rasa_auth_token)
    shutil.rmtree(config.workdir / "nginx", ignore_errors=True)
    return serve_in_foreground(
        Cluster(config),
        "Starting 2 action servers, 2 Rasa servers and nginx (about 30 s)...",
        lambda: (
            f"\nThe cluster is running:\n"
            f"  REST channel   POST {config.rest_url} (nginx, round robin over {config.rasa_ports()})\n"
            f"  widget         http://localhost:{config.public_port}/webhooks/web/widget.js (socket.io: sticky)\n"
            f"  action servers {config.action_ports()} behind nginx on :{config.actions_port}\n"
            f"  tracker store  PostgreSQL {tracker_url.rsplit('@', 1)[-1]}\n"
            f"  lock store     Redis {settings.redis_url.rsplit('@', 1)[-1]} (runtime.lock_store)\n"
            f"  logs           {config.workdir / 'log'}\n"
            "Press Ctrl-C to stop."
        ),
    )


def main() -> int:
    """`make run-cluster`: two instances on the local PostgreSQL and Redis, until Ctrl-C."""
    return run_entry_point(_serve)


if __name__ == "__main__":
    sys.exit(main())
