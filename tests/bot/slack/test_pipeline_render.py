"""Block Kit for what the pipeline sends: long digests, pictures, forms typed in a DM."""

from __future__ import annotations

from salesbot.bot.slack import render
from salesbot.handlers.messages import Card, Form, Image, Input, Text


def test_a_long_digest_is_split_between_lines_not_cut():
    lines = [f"• #{i} Account {i} (Alice): needs → trial; amount 1,000 → 2,000" for i in range(90)]
    blocks = render.blocks(Card(title="Forecast digest", text="\n".join(lines)))
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) > 1
    assert all(len(text) <= 3000 for text in sections)
    assert "\n".join(sections) == "\n".join(lines).replace(">", "&gt;")


def test_a_picture_is_captioned_where_it_cannot_be_uploaded():
    image = Image.png("Weighted forecast", "f.png", b"\x89PNG")
    assert render.blocks(image) == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Weighted forecast"}}
    ]
    assert render.fallback(image) == "Weighted forecast"


def test_a_form_in_a_typed_reply_says_what_it_asks():
    form = Form(
        title="Deal lost",
        text="Why was #1 Acme lost? (Typed instead: /deal 1 stage lost <reason>)",
        inputs=(Input(name="reason", label="Reason"),),
        submit="Mark lost",
        action="account_lost",
    )
    payload = render.reply_payload([Text(text="before"), form])
    assert payload["text"] == (
        "before\n\nDeal lost\nWhy was #1 Acme lost? (Typed instead: /deal 1 stage lost <reason>)"
    )
