"""What each person's page says (the Slack Home tab, `home` on WeCom and in the console)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "usage.home": (
        "home — your page: your offers, accounts, forecast, quizzes (managers: the team)",
        "home(或 主页)— 你的主页:待认领线索、客户、预测、测验(经理:整个团队)",
    ),
    "home.title": ("{name}'s page", "{name} 的主页"),
    "home.updated": ("Updated {at}", "更新于 {at}"),
    "home.stranger.title": ("Welcome to salesbot", "欢迎使用 salesbot"),
    "home.stranger.text": (
        "You are not on any team in this bot's config yet. Ask {who} to add you to "
        "config.yaml; your page fills in once you are on a team.",
        "你还不在本机器人配置的任何团队中。请联系 {who} 把你加入 config.yaml;"
        "加入团队后,这里会显示你的主页。",
    ),
    "home.stranger.anyone": ("your sales manager", "你的销售经理"),
    "home.more": ("…and {n} more — type {command}", "……还有 {n} 条,请输入 {command}"),
    # a rep's page
    "home.offers.title": ("Offers open for you ({n})", "等你认领的线索({n})"),
    "home.offers.none": ("No lead is offered to you right now.", "目前没有分配给你的线索。"),
    "home.offer.title": ("{company}", "{company}"),
    "home.offer.left": ("{left} left (until {until})", "还剩 {left}(截止 {until})"),
    "home.offer.more": (
        "…and {n} more offers — their cards are in your messages",
        "……还有 {n} 条,卡片在你的消息里",
    ),
    "home.touch.title": (
        "Waiting for your first touch ({n})",
        "等待你首次联系的线索({n})",
    ),
    "home.touch.row": ("• #{id} {company} — claimed {ago} ago", "• #{id} {company} — {ago}前认领"),
    "home.touch.button": ("Contacted: {company}", "已联系:{company}"),
    "home.accounts.title": ("Your open accounts ({n})", "你的在跟客户({n})"),
    "home.accounts.none": ("You have no open account.", "你没有在跟的客户。"),
    "home.accounts.stage": ("*{stage}*", "*{stage}*"),
    "home.accounts.button": ("Open {name}", "打开 {name}"),
    "home.forecast.title": ("Your forecast, {quarter}", "你的预测,{quarter}"),
    "home.quiz.title": ("Your quiz", "你的测验"),
    "home.score.title": ("Answers for you to score ({n})", "等你评分的回答({n})"),
    "home.score.more": (
        "…and {n} more answers to score — their cards are in your messages",
        "……还有 {n} 条待评分,卡片在你的消息里",
    ),
    "home.onboarding.title": ("Your onboarding", "你的入职培训"),
    # a manager's page
    "home.team.title": ("Team {team}", "团队 {team}"),
    "home.flight.title": ("Leads in flight ({n})", "流转中的线索({n})"),
    "home.pool.title": ("Open pool ({n})", "公共池({n})"),
    "home.pool.none": ("The pool is empty.", "公共池是空的。"),
    "home.pool.row": ("• #{id} {company} ({amount})", "• #{id} {company}({amount})"),
    "home.reps.title": ("Reps this week", "本周销售"),
    "home.reps.row": (
        "• {name}: {status} · {held}/{capacity} open · {claims} claimed, {passes} passed, "
        "{expiries} expired · median time to claim {median}",
        "• {name}:{status} · 在跟 {held}/{capacity} · 认领 {claims}、放弃 {passes}、"
        "过期 {expiries} · 认领用时中位数 {median}",
    ),
    "home.reps.none": ("No rep is on this team.", "团队里没有销售。"),
    "home.team_forecast.title": ("Forecast", "预测"),
    "home.waiting.title": ("Waiting on you", "等你处理"),
    "home.chart.title": ("Latest forecast chart", "最新预测图表"),
    "home.chart.posted": (
        "The latest forecast chart was posted {at} in the managers' channel.",
        "最新预测图表已于 {at} 发到经理群。",
    ),
}
