"""What the digests say: the forecast, workload and training digests."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # forecast and workload digests
    "digest.forecast_title": (
        "Forecast digest · {team} · {date}",
        "销售预测周报 · {team} · {date}",
    ),
    "digest.workload_title": ("Workload digest · {team} · {date}", "工作量周报 · {team} · {date}"),
    "digest.since": ("Covers what happened since {since}.", "统计自 {since} 以来的变化。"),
    "digest.quarter": ("This quarter: {quarter} ({span})", "本季度:{quarter}({span})"),
    "digest.first": (
        "The first forecast digest: nothing earlier to compare with.",
        "首份预测周报:暂无可对比的历史数据。",
    ),
    "digest.new_quarter": (
        "A new quarter: the previous digest covered {quarter}, so there is no change to show.",
        "新季度开始:上一份周报统计的是 {quarter},因此不显示变化。",
    ),
    "digest.legend_change": (
        "weighted / unweighted (accounts) · change since the previous digest; totals leave "
        "lost deals out",
        "加权 / 未加权(客户数)· 与上一份周报相比的变化;合计不含丢单",
    ),
    "digest.next_quarter": (
        "Next quarter, {quarter}: {weighted} / {amount} ({n})",
        "下季度 {quarter}:{weighted} / {amount}({n})",
    ),
    "digest.account": ("#{id} {name} ({owner})", "#{id} {name}({owner})"),
    "digest.more": ("… and {n} more", "…… 另有 {n} 个"),
    "digest.moved": ("Moved since the previous digest: {n}", "自上一份周报以来有变化的客户:{n} 个"),
    "digest.moved_none": (
        "No account moved stage or amount since the previous digest.",
        "自上一份周报以来,没有客户的阶段或金额发生变化。",
    ),
    "digest.moved_amount": ("amount {old} → {new}", "金额 {old} → {new}"),
    "digest.stale": ("Stale (no activity for too long): {n}", "长期无动态的客户:{n} 个"),
    "digest.stale_none": ("No stale accounts.", "没有长期无动态的客户。"),
    "digest.stale_row": (
        "{account}: {stage}, nothing for {days} days (limit {limit})",
        "{account}:{stage},已 {days} 天无动态(上限 {limit} 天)",
    ),
    "digest.lost": ("Lost in the period: {n}", "本期丢单:{n} 个"),
    "digest.lost_none": ("No deal was lost in the period.", "本期没有丢单。"),
    "digest.lost_row": ("{reason}: {n} ({amount})", "{reason}:{n} 个({amount})"),
    "digest.conversions": ("Stage conversion so far:", "阶段转化率(全部历史):"),
    "digest.rate": ("{old} → {new} {pct}% ({got}/{of})", "{old} → {new} {pct}%({got}/{of})"),
    "digest.chart_title": (
        "Weighted forecast by rep and stage · {team} · {quarter}",
        "按销售与阶段的加权预测 · {team} · {quarter}",
    ),
    "digest.chart_axis": ("weighted amount", "加权金额"),
    "digest.chart_quota": ("quota", "业绩目标"),
    "digest.attainment": ("Attainment {quarter}: {figures}", "{quarter} 目标达成:{figures}"),
    "digest.workload_row": (
        "• {name}: {held}/{capacity} open leads · claims {claims} · passes {passes} · "
        "expiries {expiries} · median time to claim {median} · open accounts {accounts} · "
        "weighted pipeline {weighted}\n"
        "  arrival to claim {routing} · claim to first touch {touch} · SLA misses {misses}",
        "• {name}:未结线索 {held}/{capacity} · 认领 {claims} · 放弃 {passes} · 超时 {expiries}"
        " · 认领用时中位数 {median} · 进行中客户 {accounts} · 加权商机 {weighted}\n"
        "  到达至认领 {routing} · 认领至首次联系 {touch} · 超时未联系 {misses}",
    ),
    "digest.on_its_way": (
        "The forecast digest is on its way to your DM.",
        "销售预测周报正在发送到你的私信。",
    ),
    "digest.no_chat": (
        "You have no chat account the bot can send the digest to.",
        "你没有机器人可以发送周报的聊天账号。",
    ),
    # training digest
    "digest.training.title": ("Training this week — {team}", "本周培训 — {team}"),
    "digest.training.advanced_header": ("Advanced:", "有进展:"),
    "digest.training.advanced": ("{name}: {stages} done", "{name}:完成 {stages}"),
    "digest.training.stuck_header": ("Stuck:", "停滞:"),
    "digest.training.stuck": (
        "{name}: stage {stage} ({what}) for {days} day(s)",
        "{name}:停留在第 {stage} 阶段({what})已 {days} 天",
    ),
    "digest.training.quizzes_header": ("Quizzes finished:", "已完成的测验:"),
    "digest.training.quiz": ("{name}, quiz #{run}: {score}", "{name},测验 #{run}:{score}"),
}
