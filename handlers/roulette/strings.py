"""What the lead roulette, the team commands and the command parser say."""

from __future__ import annotations

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
    "offer.state.claimed": ("Claimed", "已认领"),
    "offer.state.passed": ("Passed", "已放弃"),
    "offer.state.expired": ("Expired", "已过期"),
    "offer.state.cancelled": ("Withdrawn", "已撤回"),
    "offer.state.skipped": ("Closed", "已关闭"),
    "offer.closed.taken_back": (
        "Taken back: {company} (no first touch in time)",
        "已收回:{company}(未及时首次联系)",
    ),
    "offer.state.taken_back": ("Taken back", "已收回"),
    "offer.contacted": ("First touch {took} after the claim.", "认领后 {took} 完成首次联系。"),
    "pool.state.grabbed": ("Taken by {name}", "{name} 已抢到"),
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
    "field.reason": ("The reason", "原因"),
    "button.claim": ("Claim", "认领"),
    "button.pass": ("Pass", "放弃"),
    "button.grab": ("Grab", "抢单"),
    "button.contacted": ("Contacted", "已联系"),
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
    "status.waiting": ("waiting for working hours", "等待工作时间"),
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
    "event.waiting": (
        "no one who could take it is within hours: waits until {detail}",
        "可接单的销售都不在工作时间:等待至 {detail}",
    ),
    "event.grabbed": ("grabbed from the pool by {name}", "{name} 从公共池抢到"),
    "event.cancelled": ("withdrawn by {name}", "{name} 撤回"),
    "event.contacted": ("first touch by {name} after {detail}", "{name} 首次联系,认领后 {detail}"),
    "event.reminded": (
        "{name} reminded: no first touch yet",
        "已提醒 {name}:尚未首次联系",
    ),
    "event.escalated": (
        "managers told: no first touch by {name} yet",
        "已通知经理:{name} 尚未首次联系",
    ),
    # the first-touch SLA
    "sla.remind": (
        "Lead #{id} {company}: you claimed it {span} ago and have not been in touch yet. "
        "Press Contacted on its card (or /lead contacted {id}) once you have.",
        "线索 #{id} {company}:你认领已 {span},还没有联系客户。联系后请点击卡片上的"
        "「已联系」(或 /lead contacted {id})。",
    ),
    "sla.escalate": (
        "Lead #{id} {company}: {name} claimed it {span} ago and has not been in touch yet.",
        "线索 #{id} {company}:{name} 认领已 {span},仍未联系客户。",
    ),
    "sla.recovered": (
        "Lead #{id} {company} taken back from {name}: no first touch {span} after the claim; "
        "it goes to the next rep.",
        "线索 #{id} {company} 已从 {name} 处收回:认领 {span} 后仍未首次联系,转给下一位销售。",
    ),
    "contact.recorded": (
        "Lead #{id} {company}: first touch recorded, {took} after the claim.",
        "线索 #{id} {company}:已记录首次联系,认领后 {took}。",
    ),
    "contact.already": (
        "Lead #{id}: the first touch is already recorded ({took} after the claim).",
        "线索 #{id}:首次联系已记录(认领后 {took})。",
    ),
    "contact.not_claimed": (
        "Lead #{id} is not claimed (it is {status}); nothing changed.",
        "线索 #{id} 未被认领(当前:{status}),未做任何更改。",
    ),
    "contact.not_yours": (
        "Lead #{id} is {name}'s; only they or a manager can record the first touch.",
        "线索 #{id} 属于 {name},只有本人或经理可以记录首次联系。",
    ),
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
    "skip.away_until": ("away until {detail}", "不在岗,至 {detail}"),
    "skip.off-hours": ("off-hours", "非工作时间"),
    "skip.no-first-touch": ("no first touch", "未及时首次联系"),
    "skip.no_chat": ("no chat account the bot can reach", "没有可联系的聊天账号"),
    # reports
    "list.empty": ("No leads in flight for {team}.", "{team} 没有正在分配的线索。"),
    "list.header": ("{team}: {n} lead(s) in flight", "{team}:{n} 条线索分配中"),
    "list.sending": (
        "its card is on its way to {name} (the window starts when it arrives)",
        "卡片正在发送给 {name}(送达后开始计时)",
    ),
    "list.holds": ("{name} holds the window ({left} left)", "{name} 持有窗口(剩余 {left})"),
    "list.skipped": ("{name} skipped ({why})", "跳过 {name}({why})"),
    "list.passed": ("{name} passed", "{name} 放弃"),
    "list.expired": ("{name} let it expire", "{name} 超时"),
    "list.claimed": ("{name} claimed", "{name} 认领"),
    "list.cancelled": ("{name}'s window withdrawn", "{name} 的窗口已撤回"),
    "list.in_pool": ("in the open pool", "在公共池"),
    "list.waiting": ("waiting for a rep", "等待分配"),
    "list.waiting_hours": (
        "waiting for working hours: offered at {at}",
        "等待工作时间:将于 {at} 分配",
    ),
    "show.title": ("Lead #{id} {company}", "线索 #{id} {company}"),
    "show.history": ("History:", "历史:"),
    "team.header": ("Team {team}", "团队 {team}"),
    "team.row": (
        "• {name}: {status} · {held}/{capacity} open · claims {claims} · passes {passes}"
        " · expiries {expiries} · median time to claim {median}",
        "• {name}:{status} · 未结 {held}/{capacity} · 认领 {claims} · 放弃 {passes}"
        " · 超时 {expiries} · 认领用时中位数 {median}",
    ),
    "team.row_routing": (
        "  arrival to claim {routing} · claim to first touch {touch} · SLA misses {misses}"
        " · first looks (30 days) {share}",
        "  到达至认领 {routing} · 认领至首次联系 {touch} · 超时未联系 {misses}"
        " · 首次分配(30 天){share}",
    ),
    "team.share": ("{n} = {share}% (target {target}%)", "{n} 次 = {share}%(目标 {target}%)"),
    "team.status.away_until": ("away until {date}", "不在岗,至 {date}"),
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
    "team.now_away_until": (
        "{name} is now away until {date}: no new leads until then.",
        "{name} 已设为不在岗,至 {date}:在此之前不再分配新线索。",
    ),
    "team.until_not_ahead": (
        "{date} is not after today: give the day the rep is back.",
        "{date} 不晚于今天:请填写回岗的日期。",
    ),
    "team.welcome_back": (
        "Welcome back: your time off until {date} is over and you receive leads again.",
        "欢迎回来:你的休假(至 {date})已结束,恢复分配线索。",
    ),
    "team.now_back": ("{name} is back and receives leads again.", "{name} 已回岗,恢复分配线索。"),
    "team.already_away": ("{name} is already away.", "{name} 已经是不在岗状态。"),
    "team.already_back": ("{name} is not away; nothing changed.", "{name} 本来就在岗,未做更改。"),
    # input
    "usage.lead_add": (
        "/lead add <company> [amount] [contact=…] [email=…] [phone=…] [tier=…] [source=…]",
        "/lead add <公司> [金额] [contact=…] [email=…] [phone=…] [tier=…] [source=…]",
    ),
    "usage.lead_list": ("/lead list — every lead in flight", "/lead list — 所有分配中的线索"),
    "usage.lead_show": ("/lead show <id> — one lead's history", "/lead show <编号> — 线索完整历史"),
    "usage.lead_cancel": ("/lead cancel <id> — withdraw a lead", "/lead cancel <编号> — 撤回线索"),
    "usage.lead_pool": ("/lead pool — leads in the open pool", "/lead pool — 公共池中的线索"),
    # who is next
    "next.header": (
        "{team}: the next lead would be offered in this order",
        "{team}:下一条线索将按以下顺序分配",
    ),
    "next.row": (
        "{n}. {name}: {what} · first looks (30 days) {share}",
        "{n}. {name}:{what} · 首次分配(30 天){share}",
    ),
    "next.first": ("gets the first look", "第一个收到"),
    "next.anyway": (
        "gets the first look (no one is within hours: offered anyway)",
        "第一个收到(无人在工作时间:照常分配)",
    ),
    "next.then": ("next if it is passed on", "若被放弃则轮到"),
    "next.skipped": ("skipped: {why}", "跳过:{why}"),
    "next.off_hours": ("off-hours until {at}", "非工作时间,至 {at}"),
    "next.tiers": (" · takes tiers {tiers} only", " · 仅接 {tiers} 级别"),
    "next.would_wait": (
        "No one who could take it is within hours: it would wait until {at}.",
        "可接单的销售都不在工作时间:将等待至 {at}。",
    ),
    "next.would_pool": (
        "No one can be offered it now: it would go to the open pool.",
        "目前无人可分配:将进入公共池。",
    ),
    "next.unknown_team": (
        "You manage no team called {team}.",
        "你没有管理名为 {team} 的团队。",
    ),
    "usage.lead_next": (
        "/lead next [team] — who the next lead goes to, in order, and why anyone is skipped",
        "/lead next [团队] — 下一条线索依次分配给谁,以及谁会被跳过、为什么",
    ),
    "usage.lead_contacted": (
        "/lead contacted <id> — the first touch of a claimed lead",
        "/lead contacted <编号> — 记录已认领线索的首次联系",
    ),
    "usage.team": ("/team — each rep's status and load", "/team — 每位销售的状态与负荷"),
    "usage.team_away": (
        "/team away [@rep] [until YYYY-MM-DD] [reason] — stop offering leads to a rep",
        "/team away [@销售] [until YYYY-MM-DD] [原因] — 暂停给某位销售分配",
    ),
    "usage.team_back": ("/team back [@rep] — offer leads again", "/team back [@销售] — 恢复分配"),
}
