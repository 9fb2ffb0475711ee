"""Left-to-right runs made safe inside right-to-left text.

In an Arabic sentence the Unicode bidi algorithm reorders the groups of "+7 000 000-00-00" (the
spaces between them are neutral and take the sentence's direction), so a parent copying the
clinic's number from the screen dials the wrong digits; opening hours, e-mail addresses, links
and Latin drug names suffer alike. Each such run is wrapped in Unicode isolates (LRI ... PDI),
which the widget and Telegram's clients both honour.
"""

from __future__ import annotations

import re

LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Links and addresses first, then digit groups joined by separators (phone numbers, hours,
# ranges), then runs of Latin words ("Botox", "BOTOX®", "Dysport").
_LEFT_TO_RIGHT_RUN = re.compile(
    r"https?://[^\s<>\"«»]*[^\s<>\"«».,;:!?)\]،؛]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\+?[0-9]+(?:[\s().:/\-\u2010-\u2015]+[0-9]+)+"
    r"|\+[0-9]+"
    r"|[A-Za-z][A-Za-z0-9®™.\-]*[A-Za-z0-9®™](?:[ \-][A-Za-z][A-Za-z0-9®™.\-]*[A-Za-z0-9®™])*"
)


def isolate_left_to_right(text: str) -> str:
    """Wraps every left-to-right run of a right-to-left text in Unicode isolates.

    Args:
        text: An outgoing message.

    Returns:
        The text unchanged when it has no Arabic letter (or is already isolated), else with each
        phone number, time, range, e-mail address, link and Latin word run isolated.
    """
    if not _ARABIC_LETTER.search(text) or LEFT_TO_RIGHT_ISOLATE in text:
        return text
    return _LEFT_TO_RIGHT_RUN.sub(lambda run: LEFT_TO_RIGHT_ISOLATE + run.group(0) + POP_DIRECTIONAL_ISOLATE, text)
