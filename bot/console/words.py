"""The console's own few words, in English and Chinese (`locale` in config).

Everything the handlers say is already localised; these are only the console's frame
around it: headers, the prompt's helpers, help and the banner.
"""

from __future__ import annotations

from typing import Any

WORDS: dict[str, tuple[str, str]] = {
    # how deliveries are addressed
    "dm": ("DM to {name}", "私信给 {name}"),
    "card": ("card #{n}", "卡片 #{n}"),
    "updated": ("(card #{n} updated)", "(卡片 #{n} 已更新)"),
    "old_updated": (
        "(a card from an earlier console session was updated)",
        "(之前会话中的一张卡片已更新)",
    ),
    "image_saved": ("picture saved: {path}", "图片已保存:{path}"),
    "only_sees": ("(only {name} sees)", "(仅 {name} 可见)"),
    "optional": ("optional", "可选"),
    "form_cancelled": ("Form left unanswered; nothing was saved.", "表单未填写,未保存任何内容。"),
    "form_cannot_ask": (
        "This needs answers typed in, which this session cannot ask for.",
        "这需要输入回答,但当前会话无法提问。",
    ),
    # banner and start
    "banner": (
        "salesbot console: try the bot here, no Slack account needed.",
        "salesbot 控制台:无需 Slack 账号即可试用机器人。",
    ),
    "database": ("Database: {url}", "数据库:{url}"),
    "intake": (
        "Website leads: POST {url}/leads (health: {url}/healthz)",
        "网站线索:POST {url}/leads(健康检查:{url}/healthz)",
    ),
    "team": (
        "Team {team}: managers {managers} · reps {reps} · window {window}",
        "团队 {team}:经理 {managers} · 销售 {reps} · 认领窗口 {window}",
    ),
    "type_help": (
        "Type help for what you can do, quit to leave.",
        "输入 help 查看用法,输入 quit 退出。",
    ),
    "acting": (
        "You are {name} ({roles}). Type as <name> to act as someone else.",
        "你现在是 {name}({roles})。输入 as <名字> 切换身份。",
    ),
    "bye": ("Bye.", "再见。"),
    # people
    "role.manager": ("manager of {team}", "{team} 经理"),
    "role.rep": ("rep on {team}", "{team} 销售"),
    "state.away": ("away", "不在岗"),
    "state.inactive": ("inactive", "未启用"),
    "you": ("you", "你"),
    "now_acting": ("You are now {name} ({roles}).", "你现在是 {name}({roles})。"),
    "as_usage": ("Type as <name>. People: {people}.", "请输入 as <名字>。可选:{people}。"),
    "no_such_person": (
        "No one called {name} in the config. People: {people}.",
        "配置中没有 {name}。可选:{people}。",
    ),
    # buttons
    "press_usage": ("Type press <number>, e.g. press 1.", "请输入 press <编号>,例如 press 1。"),
    "no_button": ("There is no button [{n}].", "没有按钮 [{n}]。"),
    "retired": (
        "Card #{card} has changed since; button [{n}] is gone. Use the card's latest buttons.",
        "卡片 #{card} 已更新,按钮 [{n}] 已失效。请使用卡片最新的按钮。",
    ),
    "pressed": (
        "{name} pressed [{n}] {label} on card #{card}.",
        "{name} 按下了卡片 #{card} 的 [{n}] {label}。",
    ),
    "hint_as": ("Tip: type as {name} to answer as them.", "提示:输入 as {name} 以对方身份操作。"),
    # the rest
    "unknown_word": (
        "Console words: as, who, press, upload, help, quit.",
        "控制台指令:as、who、press、upload、help、quit。",
    ),
    # sharing a recording, as a file shared in a DM with the bot
    "upload_usage": (
        "Type upload <file> [account] [note], e.g. upload call.m4a Acme pricing call.",
        "请输入 upload <文件> [客户] [备注],例如 upload call.m4a Acme 报价沟通。",
    ),
    "no_file": ("There is no file {path}.", "没有文件 {path}。"),
    "failed": (
        "Something went wrong ({error}); the details are in the log.",
        "出错了({error}),详情见日志。",
    ),
    "help": (
        "Console:\n"
        "  as <name>        act as a rep or manager from the config\n"
        "  who              everyone and their roles\n"
        "  <n> or press <n> press button [n] as yourself\n"
        "  upload <file> [account] [note]  share a call recording with the bot\n"
        "  help             this text\n"
        "  quit or exit     leave (Ctrl-D too)\n"
        "Bot commands (the leading / is optional):",
        "控制台:\n"
        "  as <名字>         以配置中的销售或经理身份操作\n"
        "  who              所有人及其角色\n"
        "  <n> 或 press <n>  以当前身份按下按钮 [n]\n"
        "  upload <文件> [客户] [备注]  向机器人发送通话录音\n"
        "  help             显示本说明\n"
        "  quit 或 exit      退出(也可按 Ctrl-D)\n"
        "机器人命令(开头的 / 可省略):",
    ),
}

_LOCALES = ("en", "zh-CN")


class Words:
    """Looks up a console phrase in the configured locale, falling back to English."""

    def __init__(self, locale: str = "en"):
        self.index = _LOCALES.index(locale) if locale in _LOCALES else 0

    def __call__(self, key: str, **values: Any) -> str:
        return WORDS[key][self.index].format(**values)
