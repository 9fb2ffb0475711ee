"""What every part of the settings shares: the project's folder, the error, and how a variable is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRUE_VALUES = {"1", "true", "yes", "on"}


class SettingsError(ValueError):
    """The configuration is invalid or unsafe for the chosen mode."""


def parsed(values: Mapping[str, str], name: str, parse: type[int] | type[float], minimum: float) -> Any:
    """The variable parsed as an int or float, checked against a minimum; None when unset."""
    raw = values.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = parse(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be {'an integer' if parse is int else 'a number'}") from error
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return value


def listed(value: str | None) -> tuple[str, ...]:
    """A comma-separated variable as its non-empty items."""
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())
