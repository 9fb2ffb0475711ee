"""Patient text made safe to show: HTML-escaped, with invisible characters turned into visible marks.

A right-to-left override (U+202E) or a zero-width space in a message could reorder the page or
hide words from a reviewer; each becomes a labelled mark instead, so staff see what was sent.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

_KEPT = {"\n", "\t"}
_HIDDEN_CATEGORIES = {"Cf", "Cc", "Co", "Cs", "Cn", "Zl", "Zp"}


def _is_hidden(char: str) -> bool:
    return char not in _KEPT and unicodedata.category(char) in _HIDDEN_CATEGORIES


def _mark(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "unnamed character").lower()
    return f'<span class="hidden-char" title="{escape(name)}">{code}</span>'


def reveal(text: object) -> Markup:
    """Escapes text for HTML and shows each invisible or bidi-control character as a mark.

    Args:
        text: Any value; None becomes an empty string.

    Returns:
        Markup that is safe to insert into a page.
    """
    parts = []
    for char in "" if text is None else str(text):
        parts.append(_mark(char) if _is_hidden(char) else str(escape(char)))
    return Markup("".join(parts))


# The assistant isolates left-to-right runs in its Arabic answers (`clinic.bidi`).
_ISOLATED_RUN = re.compile("\u2066([^\u2066-\u2069]*)\u2069")


def reveal_answer(text: object) -> Markup:
    """Like `reveal`, for the assistant's own messages: its bidi isolates become `<bdi dir="ltr">`.

    Args:
        text: An assistant message; None becomes an empty string.

    Returns:
        Markup that is safe to insert into a page, phone numbers and links in their written order.
    """
    parts, last = [], 0
    value = "" if text is None else str(text)
    for run in _ISOLATED_RUN.finditer(value):
        parts += [reveal(value[last : run.start()]), Markup('<bdi dir="ltr">'), reveal(run.group(1)), Markup("</bdi>")]
        last = run.end()
    parts.append(reveal(value[last:]))
    return Markup("").join(parts)
