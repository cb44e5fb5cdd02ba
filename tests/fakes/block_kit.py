"""Block Kit rules as Slack enforces them, for the fake Slack to refuse what Slack refuses.

python-slack-sdk's models know the lengths and counts (`slack_sdk.models`); they parse
each block and validate it. What they do not check is added here: unique `action_id`s
within a block and `block_id`s within a message, text objects that must be plain text,
and the view rules (submit with inputs, a home view without title, submit or close).
Each problem is reported as Slack reports it: a message with a JSON pointer.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
FIELD_TEXT = 2000
TEXT_OBJECT = 3000  # any text object, where no smaller limit applies
ID_MAX = 255
# Where Slack takes only plain_text: (block or element type, key).
PLAIN_ONLY = {
    ("header", "text"),
    ("button", "text"),
    ("input", "label"),
    ("input", "hint"),
    ("option", "text"),
    ("static_select", "placeholder"),
    ("plain_text_input", "placeholder"),
}


def _text_object(obj: Any, where: str, owner: str, key: str, errors: list[str]) -> None:
    if not isinstance(obj, dict):
        errors.append(f"expected an object [json-pointer:{where}]")
        return
    kind = obj.get("type")
    if kind not in ("plain_text", "mrkdwn"):
        errors.append(f"must be plain_text or mrkdwn [json-pointer:{where}/type]")
    elif (owner, key) in PLAIN_ONLY and kind != "plain_text":
        errors.append(f"must be a plain_text object [json-pointer:{where}/type]")
    if kind == "mrkdwn" and "emoji" in obj:
        errors.append(f"emoji is only allowed on plain_text [json-pointer:{where}/emoji]")
    if not isinstance(obj.get("text"), str) or not obj["text"]:
        errors.append(f"must be more than 0 characters [json-pointer:{where}/text]")
    elif len(obj["text"]) > TEXT_OBJECT:
        errors.append(f"must be less than {TEXT_OBJECT + 1} characters [json-pointer:{where}/text]")


def _element(element: Any, where: str, errors: list[str]) -> None:
    if not isinstance(element, dict):
        errors.append(f"expected an object [json-pointer:{where}]")
        return
    kind = str(element.get("type", ""))
    for key in ("text", "label", "hint", "placeholder"):
        if key in element:
            _text_object(element[key], f"{where}/{key}", kind, key, errors)
    for i, option in enumerate(element.get("options") or []):
        _text_object(
            (option or {}).get("text"), f"{where}/options/{i}/text", "option", "text", errors
        )
    action_id = element.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or len(action_id) > ID_MAX):
        errors.append(f"must be at most {ID_MAX} characters [json-pointer:{where}/action_id]")


def _block(block: Any, where: str, errors: list[str]) -> None:
    if not isinstance(block, dict):
        errors.append(f"expected an object [json-pointer:{where}]")
        return
    try:
        parsed = Block.parse(dict(block))
        if parsed is None:
            errors.append(f"unknown block type {block.get('type')!r} [json-pointer:{where}/type]")
            return
        parsed.to_dict()  # runs slack_sdk's validators, nested objects included
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        errors.append(f"{exc} [json-pointer:{where}]")
    kind = str(block.get("type", ""))
    for key in ("text", "label", "hint"):
        if key in block:
            _text_object(block[key], f"{where}/{key}", kind, key, errors)
    for i, field in enumerate(block.get("fields") or []):
        _text_object(field, f"{where}/fields/{i}", kind, "fields", errors)
        if isinstance(field, dict) and len(str(field.get("text", ""))) > FIELD_TEXT:
            errors.append(
                f"must be at most {FIELD_TEXT} characters [json-pointer:{where}/fields/{i}/text]"
            )
    elements = block.get("elements") or []
    if "element" in block:
        elements = [block["element"]]
    seen: set[str] = set()
    for i, element in enumerate(elements):
        path = f"{where}/element" if "element" in block else f"{where}/elements/{i}"
        if kind == "context":
            if isinstance(element, dict) and element.get("type") in ("plain_text", "mrkdwn"):
                _text_object(element, path, kind, "elements", errors)
            continue
        _element(element, path, errors)
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in seen:
                errors.append(f"action_id {action_id!r} is already used [json-pointer:{path}]")
            seen.add(action_id)


def block_errors(blocks: Any, limit: int = MESSAGE_BLOCKS, root: str = "/blocks") -> list[str]:
    """Every rule the blocks break, as Slack words it; empty when Slack would take them."""
    if not isinstance(blocks, list):
        return [f"must be an array [json-pointer:{root}]"]
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(f"must be less than {limit + 1} items [json-pointer:{root}]")
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        _block(block, f"{root}/{i}", errors)
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if isinstance(block_id, str):
            if block_id in block_ids:
                errors.append(f"block_id {block_id!r} is already used [json-pointer:{root}/{i}]")
            block_ids.add(block_id)
    return errors


def view_errors(view: Any) -> list[str]:
    """What views.open / views.update / views.publish would refuse in this view."""
    if not isinstance(view, dict):
        return ["must be an object [json-pointer:/view]"]
    errors = block_errors(view.get("blocks", []), VIEW_BLOCKS, "/view/blocks")
    kind = view.get("type")
    if kind not in ("modal", "home"):
        errors.append("must be modal or home [json-pointer:/view/type]")
    for key in ("title", "submit", "close"):
        if key in view:
            _text_object(view[key], f"/view/{key}", "view", key, errors)
            if isinstance(view[key], dict) and view[key].get("type") != "plain_text":
                errors.append(f"must be a plain_text object [json-pointer:/view/{key}/type]")
    if kind == "home":
        errors += [
            f"is not allowed in a home view [json-pointer:/view/{key}]"
            for key in ("title", "submit", "close")
            if key in view
        ]
    if kind == "modal":
        if "title" not in view:
            errors.append("is required [json-pointer:/view/title]")
        has_input = any(
            isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or []
        )
        if has_input and "submit" not in view:
            errors.append(
                "submit is required when a view has input blocks [json-pointer:/view/submit]"
            )
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        errors.append(f"{exc} [json-pointer:/view]")
    return errors
