"""docs/benchmarks.md: each benchmark rewrites its own section and leaves the others alone."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(key: str, title: str, body: str, report: Path = REPORT) -> None:
    """Replaces (or appends) the section of one benchmark.

    Args:
        key: Names the section's markers, e.g. "console".
        title: The section's heading, used when the section is new.
        body: The section's markdown.
        report: The file to update.
    """
    start, end = f"<!-- {key}-benchmark:start -->", f"<!-- {key}-benchmark:end -->"
    section = f"{start}\n{body}\n{end}"
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + f"\n\n## {title}\n\n{section}\n"
    report.write_text(text, encoding="utf-8")


def publish(key: str, title: str, table: str, missed: list[str]) -> int:
    """Prints a benchmark's table, records it in docs/benchmarks.md and says what it missed.

    Returns:
        The exit code: 1 when a target was missed, else 0.
    """
    print(table)
    write_section(key, title, table)
    if missed:
        print(f"\nMISSED: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0
