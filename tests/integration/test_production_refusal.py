"""`make run` in production mode refuses guessable secrets and an empty origin list (the real entry point)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ops.stack import PROJECT_ROOT

STRONG = {
    "RASA_AUTH_TOKEN": "k3Jx9-vEry-long-r4ndom-tqken",
    "CLINIC_WIDGET_SECRET": "Vb0dHq2x8Lr6mT1wZ9aKc3Np7Yf5Gs4J",
    "CLINIC_CONSOLE_SECRET": "eR4tY7uI0oP2aS5dF8gH1jK3lZ6xC9vB",
    "CLINIC_WIDGET_ORIGINS": "https://neuro-clinic.ru",
}


@pytest.mark.parametrize(
    ("changed", "complaint"),
    [
        ({"CLINIC_CONSOLE_SECRET": "x" * 32}, "CLINIC_CONSOLE_SECRET must be a random secret"),
        ({"CLINIC_WIDGET_SECRET": "passwordpassword" * 2}, "CLINIC_WIDGET_SECRET must be a random secret"),
        ({"CLINIC_WIDGET_SECRET": STRONG["CLINIC_CONSOLE_SECRET"]}, "must all differ"),
        ({"CLINIC_WIDGET_ORIGINS": " , "}, "CLINIC_WIDGET_ORIGINS must list"),
    ],
)
def test_production_start_is_refused_with_the_reason(tmp_path, changed, complaint):
    environment = {**os.environ, "CLINIC_ENV": "production", **STRONG, **changed}
    result = subprocess.run(
        [sys.executable, "-m", "ops.run"],
        cwd=PROJECT_ROOT,
        env={**environment, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and complaint in result.stderr, result.stderr
