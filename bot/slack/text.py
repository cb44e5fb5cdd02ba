"""Slack's message syntax, read into plain words before any handler sees them.

Slack sends a mention as `<@U123|name>`, a link as `<https://…|label>`, a channel as
`<#C123|name>`, and escapes `&`, `<` and `>`. Handlers take neutral text: `@U123` (a
person is found by their Slack id), the bare address, `#name`.
"""

from __future__ import annotations

import re

_ANGLED = re.compile(r"<([^<>]*)>")


def _plain(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    if target.startswith("@"):
        return target
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!here>, <!channel>, <!subteam^S123|@sales>
        return "@" + (label or target[1:]).lstrip("@")
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    return target


def plain(text: str) -> str:
    """`back <@U0ALICE|alice>` -> `back @U0ALICE`; `<https://x.io/1|call>` -> `https://x.io/1`."""
    return _ANGLED.sub(_plain, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
