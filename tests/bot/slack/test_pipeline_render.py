"""Block Kit for what the pipeline sends: long digests and pictures."""

from __future__ import annotations

from bot.slack import render
from handlers.core.messages import Card, Image


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
