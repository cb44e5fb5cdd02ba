"""What the command parser, forms and clicks say, whatever the feature."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # commands, forms and clicks
    "unit.h": ("{n} h", "{n} 小时"),
    "unit.min": ("{n} min", "{n} 分钟"),
    "unit.s": ("{n} s", "{n} 秒"),
    "team.unknown_member": ("No one called {who} on team {team}.", "{team} 团队里没有 {who}。"),
    "input.bad_amount": (
        "{value} is not an amount: use a number from 0 up, such as 12000 or 12,000.50.",
        "{value} 不是有效金额:请输入不小于 0 的数字,如 12000 或 12,000.50。",
    ),
    "input.bad_field": (
        "{field} needs a value of at most 200 characters.",
        "{field} 需要不超过 200 个字符的值。",
    ),
    "input.too_long_field": (
        "{field} is longer than {max} characters.",
        "{field} 超过 {max} 个字符。",
    ),
    "input.too_long": (
        "That is longer than {max} characters; nothing was done.",
        "内容超过 {max} 个字符,未做任何操作。",
    ),
    "input.control_chars": (
        "That text contains control characters; nothing was done.",
        "内容包含控制字符,未做任何操作。",
    ),
    "input.unbalanced_quote": (
        "A quote is not closed; nothing was done.",
        "引号没有闭合,未做任何操作。",
    ),
    "help.header": (
        "Commands (type them to the bot, or as Slack slash commands):",
        "命令(直接发给机器人,或在 Slack 中用斜杠命令):",
    ),
    "usage.header": ("Usage of /{command}:", "/{command} 用法:"),
    "command.unknown": (
        "Unknown command {command}. Commands: {known}.",
        "未知命令 {command}。可用命令:{known}。",
    ),
    "command.stranger": (
        "You are not on any team in this bot's config; ask your manager to add you.",
        "你不在本机器人配置的任何团队中,请联系经理添加。",
    ),
    "command.managers_only": ("Only managers can use {command}.", "只有经理可以使用 {command}。"),
    "form.optional": ("optional: reply - to skip", "可选:回复 - 跳过"),
    "form.default": ("(- keeps {value})", "(回复 - 则为 {value})"),
    "form.how_to_answer": (
        "Reply with your answer (or cancel).",
        "请直接回复你的答案(或回复「取消」)。",
    ),
    "form.pick_one": ("Reply with a number from 1 to {n}.", "请回复 1 到 {n} 之间的数字。"),
    "form.required": ("An answer is needed here.", "这里需要填写。"),
    "form.cancelled": ("Form cancelled; nothing was saved.", "已取消,未保存任何内容。"),
    "form.received": ("Thanks, your answers are in.", "已收到你的回答。"),
    "click.unknown": ("That button is not known here.", "无法识别这个按钮。"),
    "click.stranger": (
        "You are not on any team in this bot's config.",
        "你不在本机器人配置的任何团队中。",
    ),
    # dates, percents, links
    "input.bad_date": (
        "{value} is not a date: use YYYY-MM-DD, such as 2026-06-30.",
        "{value} 不是有效日期:请使用 YYYY-MM-DD 格式,如 2026-06-30。",
    ),
    "input.bad_percent": (
        "{value} is not a probability: use a whole percent from 0 to 100, or clear.",
        "{value} 不是有效概率:请输入 0 到 100 的整数百分比,或 clear。",
    ),
    "input.bad_link": (
        "{value} is not a link: use a full http(s):// address.",
        "{value} 不是有效链接:请使用完整的 http(s):// 地址。",
    ),
}
