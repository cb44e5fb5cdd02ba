"""Every sentence the bot says, in English and Simplified Chinese (`locale` in config)."""

from __future__ import annotations

from typing import Any

STRINGS: dict[str, tuple[str, str]] = {
    # offers
    "offer.title": ("New lead: {company}", "新线索:{company}"),
    "offer.text": (
        "It is yours alone until the window closes. Claim it or pass it on.",
        "窗口期内只有你能认领。认领,或放弃给下一位。",
    ),
    "offer.window": ("{span}, until {until}", "{span},截止 {until}"),
    "offer.closed.claimed": ("Claimed by you: {company}", "已由你认领:{company}"),
    "offer.closed.passed": ("Passed: {company}", "已放弃:{company}"),
    "offer.closed.expired": (
        "Expired: {company} (your window closed)",
        "已过期:{company}(你的窗口已关闭)",
    ),
    "offer.closed.cancelled": ("Withdrawn by a manager: {company}", "已被经理撤回:{company}"),
    "offer.closed.skipped": ("Could not be offered: {company}", "无法分配:{company}"),
    "offer.already_claimed": ("You have already claimed this lead.", "你已经认领了这条线索。"),
    "offer.already_passed": ("You passed on this lead.", "你已放弃这条线索。"),
    "offer.withdrawn": ("This lead was withdrawn by a manager.", "这条线索已被经理撤回。"),
    "offer.closed": ("This offer is closed.", "这次分配已关闭。"),
    "offer.too_late": (
        "Too late: your window closed at {at}; the lead has moved on.",
        "太晚了:你的窗口已在 {at} 关闭,线索已转给他人。",
    ),
    "offer.unknown": ("That offer does not exist.", "找不到这次分配。"),
    "offer.not_yours": (
        "This offer is for {name}; only they can answer it.",
        "这条线索正分配给 {name},只有对方可以操作。",
    ),
    "field.window": ("Window", "认领窗口"),
    "field.company": ("Company", "公司"),
    "field.contact": ("Contact", "联系人"),
    "field.amount": ("Amount", "金额"),
    "field.tier": ("Tier", "级别"),
    "field.source": ("Source", "来源"),
    "field.status": ("Status", "状态"),
    "button.claim": ("Claim", "认领"),
    "button.pass": ("Pass", "放弃"),
    "button.grab": ("Grab", "抢单"),
    "lead.ref": ("Lead #{id}", "线索 #{id}"),
    "lead.unknown": ("There is no lead #{id}.", "没有编号为 #{id} 的线索。"),
    "lead.added": (
        "Lead #{id} {company} added; it is being offered.",
        "已添加线索 #{id} {company},正在分配。",
    ),
    "lead.cancelled": ("Lead #{id} {company} withdrawn.", "已撤回线索 #{id} {company}。"),
    "lead.not_in_flight": (
        "Lead #{id} is not in flight (it is {status}); nothing changed.",
        "线索 #{id} 不在分配中(当前:{status}),未做任何更改。",
    ),
    "status.offering": ("being offered", "分配中"),
    "status.claimed": ("claimed", "已认领"),
    "status.pool": ("in the open pool", "在公共池"),
    "status.cancelled": ("withdrawn", "已撤回"),
    # pool
    "pool.title": ("Open pool: {company}", "公共机会池:{company}"),
    "pool.text": (
        "Every rep let this lead go. The first to grab it gets it.",
        "所有销售都放过了这条线索,先抢先得。",
    ),
    "pool.grabbed": ("Grabbed by {name}: {company}", "{name} 抢到了:{company}"),
    "pool.closed": ("{company}: {status}", "{company}:{status}"),
    "pool.escalation": (
        "Lead #{id} {company} went to the open pool: no rep claimed it.\n{history}",
        "线索 #{id} {company} 无人认领,已进入公共池。\n{history}",
    ),
    "pool.empty": ("The open pool of {team} is empty.", "{team} 的公共池是空的。"),
    "pool.not_on_team": (
        "Only reps of team {team} can grab this lead.",
        "只有 {team} 团队的销售可以抢这条线索。",
    ),
    "pool.already_yours": ("You already have this lead.", "这条线索已经是你的了。"),
    "pool.taken": ("{name} grabbed it first.", "{name} 先抢到了。"),
    "pool.gone": ("This lead is no longer in the pool.", "这条线索已不在公共池。"),
    # history
    "event.created": ("created", "创建"),
    "event.created_from": ("created (source: {detail})", "创建(来源:{detail})"),
    "event.offered": ("offered to {name}", "分配给 {name}"),
    "event.skipped": ("skipped {name}: {detail}", "跳过 {name}:{detail}"),
    "event.claimed": ("claimed by {name} after {detail}", "{name} 认领,用时 {detail}"),
    "event.passed": ("{name} passed", "{name} 放弃"),
    "event.expired": ("{name}'s window expired", "{name} 的窗口已过期"),
    "event.pooled": ("moved to the open pool", "进入公共池"),
    "event.grabbed": ("grabbed from the pool by {name}", "{name} 从公共池抢到"),
    "event.cancelled": ("withdrawn by {name}", "{name} 撤回"),
    "notice.claimed": (
        "{name} claimed lead #{id} {company} ({amount}) after {took}.",
        "{name} 认领了线索 #{id} {company}({amount}),用时 {took}。",
    ),
    "notice.claimed_no_amount": (
        "{name} claimed lead #{id} {company} after {took}.",
        "{name} 认领了线索 #{id} {company},用时 {took}。",
    ),
    "notice.grabbed": (
        "{name} grabbed lead #{id} {company} from the open pool.",
        "{name} 从公共池抢到了线索 #{id} {company}。",
    ),
    "skip.inactive": ("inactive", "未启用"),
    "skip.away": ("away", "不在岗"),
    "skip.tier": ("not qualified for tier {detail}", "不具备 {detail} 级别资格"),
    "skip.capacity": ("at capacity ({detail} open leads)", "已满负荷({detail} 条未结线索)"),
    "skip.unreachable": ("cannot be messaged ({detail})", "无法发送消息({detail})"),
    "skip.no_chat": ("no chat account the bot can reach", "没有可联系的聊天账号"),
    "unit.h": ("{n} h", "{n} 小时"),
    "unit.min": ("{n} min", "{n} 分钟"),
    "unit.s": ("{n} s", "{n} 秒"),
    # reports
    "list.empty": ("No leads in flight for {team}.", "{team} 没有正在分配的线索。"),
    "list.header": ("{team}: {n} lead(s) in flight", "{team}:{n} 条线索分配中"),
    "list.holds": ("{name} holds the window ({left} left)", "{name} 持有窗口(剩余 {left})"),
    "list.skipped": ("{name} skipped ({why})", "跳过 {name}({why})"),
    "list.passed": ("{name} passed", "{name} 放弃"),
    "list.expired": ("{name} let it expire", "{name} 超时"),
    "list.claimed": ("{name} claimed", "{name} 认领"),
    "list.cancelled": ("{name}'s window withdrawn", "{name} 的窗口已撤回"),
    "list.in_pool": ("in the open pool", "在公共池"),
    "list.waiting": ("waiting for a rep", "等待分配"),
    "show.title": ("Lead #{id} {company}", "线索 #{id} {company}"),
    "show.history": ("History:", "历史:"),
    "team.header": ("Team {team}", "团队 {team}"),
    "team.row": (
        "• {name}: {status} · {held}/{capacity} open · claims {claims} · passes {passes}"
        " · expiries {expiries} · median time to claim {median}",
        "• {name}:{status} · 未结 {held}/{capacity} · 认领 {claims} · 放弃 {passes}"
        " · 超时 {expiries} · 认领用时中位数 {median}",
    ),
    "team.status.available": ("available", "在岗"),
    "team.status.away": ("away", "不在岗"),
    "team.status.inactive": ("inactive", "未启用"),
    "team.only_self": (
        "You can only mark yourself away or back; managers can mark anyone.",
        "你只能设置自己的状态,经理可以设置任何人。",
    ),
    "team.not_a_rep": ("{name} is not a rep.", "{name} 不是销售。"),
    "team.now_away": (
        "{name} is now away: no new leads until back.",
        "{name} 已设为不在岗:回来前不再分配新线索。",
    ),
    "team.now_back": ("{name} is back and receives leads again.", "{name} 已回岗,恢复分配线索。"),
    "team.already_away": ("{name} is already away.", "{name} 已经是不在岗状态。"),
    "team.already_back": ("{name} is not away; nothing changed.", "{name} 本来就在岗,未做更改。"),
    "team.unknown_member": ("No one called {who} on team {team}.", "{team} 团队里没有 {who}。"),
    # input
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
    "usage.lead_add": (
        "/lead add <company> [amount] [contact=…] [email=…] [phone=…] [tier=…] [source=…]",
        "/lead add <公司> [金额] [contact=…] [email=…] [phone=…] [tier=…] [source=…]",
    ),
    "usage.lead_list": ("/lead list — every lead in flight", "/lead list — 所有分配中的线索"),
    "usage.lead_show": ("/lead show <id> — one lead's history", "/lead show <编号> — 线索完整历史"),
    "usage.lead_cancel": ("/lead cancel <id> — withdraw a lead", "/lead cancel <编号> — 撤回线索"),
    "usage.lead_pool": ("/lead pool — leads in the open pool", "/lead pool — 公共池中的线索"),
    "usage.team": ("/team — each rep's status and load", "/team — 每位销售的状态与负荷"),
    "usage.team_away": (
        "/team away [@rep] — stop offering leads to a rep",
        "/team away [@销售] — 暂停给某位销售分配",
    ),
    "usage.team_back": ("/team back [@rep] — offer leads again", "/team back [@销售] — 恢复分配"),
    "command.unknown": (
        "Unknown command {command}. Commands: {known}.",
        "未知命令 {command}。可用命令:{known}。",
    ),
    "command.stranger": (
        "You are not on any team in this bot's config; ask your manager to add you.",
        "你不在本机器人配置的任何团队中,请联系经理添加。",
    ),
    "command.managers_only": ("Only managers can use {command}.", "只有经理可以使用 {command}。"),
    "click.unknown": ("That button is not known here.", "无法识别这个按钮。"),
    "click.stranger": (
        "You are not on any team in this bot's config.",
        "你不在本机器人配置的任何团队中。",
    ),
}

LOCALES = ("en", "zh-CN")


class Translator:
    """Looks a sentence up in the configured locale and fills it in."""

    def __init__(self, locale: str):
        self.index = LOCALES.index(locale)

    def __call__(self, key: str, **values: Any) -> str:
        return STRINGS[key][self.index].format(**values)
