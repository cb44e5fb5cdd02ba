"""The door of POST /slack/events: a request that is not signed with the app's secret, or
not fresh, is refused (401) before anything reads it; a signed one whose body cannot be
read is refused with 400. Only a well-formed, signed request reaches Bolt."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

# NUL or half a surrogate pair: Slack never sends them, and no database column holds them.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def refuse(secret: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, str] | None:
    """(status, why) for a request to refuse, or None to let it through."""
    verifier = SignatureVerifier(secret)
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp.isdigit() or not verifier.is_valid(body, timestamp, signature):
        return 401, "invalid or stale signature"
    try:
        text = body.decode("utf-8")
        if headers.get("Content-Type", "").startswith("application/json"):
            values = _strings(json.loads(text))
        else:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
            values = [v for vs in form.values() for v in vs]
            if "payload" in form:
                payload = json.loads(form["payload"][0])
                if not isinstance(payload, dict):
                    raise ValueError("payload is not an object")
                values += _strings(payload)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        return 400, "malformed body"
    if any(UNSTORABLE.search(v) for v in values):
        return 400, "NUL or a lone surrogate in the body"
    return None


def _strings(node: object) -> list[str]:
    """Every string in a decoded JSON document, keys included."""
    out: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out += [k for k in item if isinstance(k, str)]
            stack += item.values()
        elif isinstance(item, list):
            stack += item
    return out
