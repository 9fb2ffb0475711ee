"""The Compose deployment in deploy/: validated by docker-compose itself and checked against the code."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SECRETS = {
    "POSTGRES_PASSWORD": "p" * 24,
    "RASA_AUTH_TOKEN": "t" * 24,
    "CLINIC_WIDGET_SECRET": "w" * 32,
    "CLINIC_CONSOLE_SECRET": "c" * 32,
    "CLINIC_WIDGET_ORIGINS": "https://www.neuro-clinic.ru",
}


def compose_config(environment: dict[str, str]) -> subprocess.CompletedProcess:
    if shutil.which("docker-compose") is None:
        pytest.fail("docker-compose is missing: run `make compose` (Debian's docker-compose package)")
    env = {key: value for key, value in os.environ.items() if key not in SECRETS} | environment
    return subprocess.run(
        ["docker-compose", "-f", str(DEPLOY / "compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=DEPLOY,
    )


@pytest.fixture(scope="module")
def resolved() -> dict:
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_compose_refuses_to_start_without_each_secret(missing):
    result = compose_config({key: value for key, value in SECRETS.items() if key != missing})
    assert result.returncode != 0 and f"set {missing}" in result.stderr


def test_two_rasa_and_two_action_servers_on_postgres_and_redis(resolved):
    services = resolved["services"]
    assert services["rasa"]["deploy"]["replicas"] == 2 and services["actions"]["deploy"]["replicas"] == 2
    environment = services["rasa"]["environment"]
    assert environment["CLINIC_TRACKER_DB_URL"].startswith("postgresql://clinic:")
    assert environment["CLINIC_REDIS_URL"] == "redis://redis:6379/1"
    assert environment["CLINIC_ENV"] == "production"
    assert "ops.rasa_server" in services["rasa"]["command"]
    assert f"--auth-token={SECRETS['RASA_AUTH_TOKEN']}" in services["rasa"]["command"]


def test_every_image_is_pinned_and_every_server_has_a_health_check(resolved):
    for name, service in resolved["services"].items():
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), name
        assert "healthcheck" in service or "depends_on" in service, name


def test_the_endpoints_name_classes_that_exist():
    endpoints = yaml.safe_load((DEPLOY / "endpoints.yml").read_text())
    for section in ("tracker_store", "lock_store"):
        module, _, name = endpoints[section]["type"].rpartition(".")
        assert hasattr(importlib.import_module(module), name), endpoints[section]["type"]
    assert endpoints["action_endpoint"]["url"] == "http://nginx:5055/webhook"


def test_nginx_gets_every_variable_its_template_uses(resolved):
    template = (DEPLOY / "nginx.conf.template").read_text()
    needed = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    assert needed == set(resolved["services"]["nginx"]["environment"])
    assert resolved["services"]["nginx"]["environment"]["ACTIONS_LISTEN"] == "5055"


def test_the_image_contains_every_package_the_commands_import():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for package in ("actions", "channels", "clinic_nlu", "ops", "staff_console", "knowledge", "data"):
        assert f"COPY {package} {package}" in dockerfile, package
