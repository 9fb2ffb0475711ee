"""The Compose deployment in deploy/: validated by docker-compose itself and checked against the code."""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pytest
import yaml

from channels.web import WIDGET_BUNDLE
from clinic.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
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
    assert "runtime.rasa_server" in services["rasa"]["command"]
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
    for package in ("actions", "channels", "clinic_nlu", "runtime", "staff_console", "knowledge", "data"):
        assert f"COPY {package} {package}" in dockerfile, package


@dataclass
class Stage:
    """One stage of the Dockerfile: its name and its instructions, each as (keyword, words)."""

    name: str | None
    instructions: list[tuple[str, list[str]]] = field(default_factory=list)

    def workdir_after(self, index: int) -> PurePosixPath:
        """The working directory in effect at the instruction of that index."""
        workdir = PurePosixPath("/")
        for keyword, words in self.instructions[:index]:
            if keyword == "WORKDIR":
                workdir = workdir / words[0]
        return workdir

    def copies(self) -> list[tuple[int, dict[str, str], list[str], str]]:
        """Each COPY: its index, its --options, its sources and its destination."""
        found = []
        for index, (keyword, words) in enumerate(self.instructions):
            if keyword == "COPY":
                options = dict(word[2:].partition("=")[::2] for word in words if word.startswith("--"))
                *sources, destination = [word for word in words if not word.startswith("--")]
                found.append((index, options, sources, destination))
        return found


def dockerfile_stages() -> list[Stage]:
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text())
    stages: list[Stage] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, rest = line.strip().partition(" ")
        words = shlex.split(rest)
        if keyword.upper() == "FROM":
            stages.append(Stage(words[2] if len(words) == 3 and words[1].upper() == "AS" else None))
        else:
            stages[-1].instructions.append((keyword.upper(), words))
    return stages


def test_a_node_stage_builds_the_widget_bundle():
    stages = [stage for stage in dockerfile_stages() if stage.name == "widget"]
    assert len(stages) == 1, "no stage named 'widget'"
    runs = [" ".join(words) for keyword, words in stages[0].instructions if keyword == "RUN"]
    assert any("npm ci" in run for run in runs) and any("npm run" in run and "build" in run for run in runs), runs
    copied = {source for _, _, sources, _ in stages[0].copies() for source in sources}
    assert {"widget/package.json", "widget/package-lock.json", "widget/src"} <= copied, copied
    build = json.loads((PROJECT_ROOT / "widget" / "package.json").read_text())["scripts"]["build"]
    assert "--outfile=dist/clinic-widget.js" in build, build


def test_the_final_image_holds_the_widget_where_the_web_channel_serves_it():
    stages = dockerfile_stages()
    builder = next(stage for stage in stages if stage.name == "widget")
    final = stages[-1]
    # The project root in the image: where the `clinic` package (which defines it) is copied to.
    clinic = next(
        (final.workdir_after(index) / destination).parent
        for index, _, sources, destination in final.copies()
        if sources == ["clinic"]
    )
    served = clinic / WIDGET_BUNDLE.relative_to(PROJECT_ROOT).as_posix()
    built = builder.workdir_after(len(builder.instructions)) / "dist" / "clinic-widget.js"
    shipped = [
        (PurePosixPath(sources[0]), final.workdir_after(index) / destination)
        for index, options, sources, destination in final.copies()
        if options.get("from") == "widget"
    ]
    assert shipped == [(built, served)], shipped


def test_every_copy_source_exists_in_the_repository():
    for stage in dockerfile_stages():
        for _, options, sources, _ in stage.copies():
            if "from" not in options:
                missing = [source for source in sources if not (PROJECT_ROOT / source).exists()]
                assert not missing, f"stage {stage.name}: {missing}"


def test_the_image_ships_no_local_orchestration():
    final = dockerfile_stages()[-1]
    shipped = {source for _, options, sources, _ in final.copies() if "from" not in options for source in sources}
    assert "ops" not in shipped
    for package in sorted(shipped):
        for module in sorted((PROJECT_ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                assert not any(name.split(".")[0] in ("ops", "scripts", "tests") for name in names), module
