"""What the pipeline, the forecast, the digests and the call notes say."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # the claimed card
    "button.open_account": ("New deal", "转为客户"),
    "lead.ref_account": ("Lead #{id} · account #{account}", "线索 #{id} · 客户 #{account}"),
    "status.closed": ("closed (its account is won or lost)", "已结束(对应客户已赢单或丢单)"),
    # the account card
    "account.title": ("Account #{id} {name}", "客户 #{id} {name}"),
    "account.footer": (
        "/deal {id} amount|close|probability … · /note {id} … · /account {id}",
        "/deal {id} amount|close|probability … · /note {id} … · /account {id}",
    ),
    "account.move": (
        "Move it on when the customer does:",
        "客户推进时,点击进入下一阶段:",
    ),
    "account.is_won": ("Won. Final: it does not move again.", "已赢单,为最终阶段,不再变动。"),
    "account.is_lost": (
        "Lost ({reason}). Final: it does not move again.",
        "已丢单({reason}),为最终阶段,不再变动。",
    ),
    "account.state.won": ("Won", "已赢单"),
    "account.state.lost": ("Lost", "已丢单"),
    "account.summary": (
        "#{id} {name}: {stage}, {amount} × {p}% = {expected} expected",
        "#{id} {name}:{stage},{amount} × {p}% = 预期 {expected}",
    ),
    "account.probability_stage": ("{p}% (stage {stage})", "{p}%(阶段 {stage})"),
    "account.probability_override": (
        "{p}% (set for this deal; stage {stage}: {stage_p}%)",
        "{p}%(本单单独设定;阶段 {stage}:{stage_p}%)",
    ),
    "button.move": ("{stage}", "{stage}"),
    "field.owner": ("Owner", "负责人"),
    "field.stage": ("Stage", "阶段"),
    "field.probability": ("Probability", "赢单概率"),
    "field.expected": ("Expected revenue", "预期收入"),
    "field.close": ("Expected close", "预计成交日"),
    "field.note": ("The note", "备注"),
    # opening an account
    "form.open.title": ("New deal", "转为客户"),
    "form.open.text": (
        "Lead #{id} {company}: the needs are understood. What is the deal worth, and when "
        "should it close?",
        "线索 #{id} {company}:已了解需求。这单预计多少金额、何时成交?",
    ),
    "form.open.amount": ("Estimated amount", "预估金额"),
    "form.open.close": ("Expected close date (YYYY-MM-DD)", "预计成交日(YYYY-MM-DD)"),
    "form.open.submit": ("Open", "确定"),
    "account.opened": ("Account opened: {summary}.", "已转为客户:{summary}。"),
    "account.exists": (
        "Lead #{lead} is already account #{id} {name}; nothing changed.",
        "线索 #{lead} 已是客户 #{id} {name},未做任何更改。",
    ),
    "account.lead_not_claimed": (
        "Lead #{id} {company} is {status}: only a claimed lead becomes an account.",
        "线索 #{id} {company} 当前{status}:只有已认领的线索才能转为客户。",
    ),
    "account.lead_not_yours": (
        "Lead #{id} is {owner}'s: only {owner} or a manager can open its account.",
        "线索 #{id} 属于 {owner}:只有 {owner} 或经理可以将其转为客户。",
    ),
    # changing an account
    "account.unknown_id": ("There is no account #{id}.", "没有编号为 #{id} 的客户。"),
    "account.not_yours": (
        "Account #{id} {name} is {owner}'s: only {owner} or a manager can see or change it.",
        "客户 #{id} {name} 属于 {owner}:只有 {owner} 或经理可以查看或修改。",
    ),
    "account.no_match": (
        "No account matches {query}. /account lists yours.",
        "没有与 {query} 匹配的客户。/account 可列出你的客户。",
    ),
    "account.ambiguous": (
        "Several accounts match {query}: {matches}. Name it by id, e.g. #12.",
        "有多个客户与 {query} 匹配:{matches}。请用编号指定,如 #12。",
    ),
    "account.match": ("#{id} {name} ({owner})", "#{id} {name}({owner})"),
    "stage.unknown": (
        "There is no stage {stage}. Stages: {stages}.",
        "没有名为 {stage} 的阶段。可用阶段:{stages}。",
    ),
    "account.final": (
        "Account #{id} {name} is {stage}, a final stage; nothing changed.",
        "客户 #{id} {name} 已处于最终阶段 {stage},未做任何更改。",
    ),
    "account.already_in": (
        "Account #{id} {name} is already in {stage}; nothing changed.",
        "客户 #{id} {name} 已处于 {stage} 阶段,未做任何更改。",
    ),
    "account.moved_since": (
        "Account #{id} {name} has moved to {stage} since; nothing changed.",
        "客户 #{id} {name} 已被移至 {stage} 阶段,未做任何更改。",
    ),
    "account.moved": ("Moved: {summary}.", "已更新阶段:{summary}。"),
    "account.updated": ("Updated: {summary}.", "已更新:{summary}。"),
    "account.changed_since": (
        "Account #{id} {name} was changed by someone else meanwhile; nothing changed. "
        "Look again with /account {id}.",
        "客户 #{id} {name} 刚被他人修改,本次未做更改。请用 /account {id} 查看最新情况。",
    ),
    "account.same_amount_cents": (
        "The amount of #{id} {name} is already {value}; nothing changed.",
        "#{id} {name} 的金额已是 {value},未做任何更改。",
    ),
    "account.same_close_date": (
        "The expected close of #{id} {name} is already {value}; nothing changed.",
        "#{id} {name} 的预计成交日已是 {value},未做任何更改。",
    ),
    "account.same_probability_override": (
        "The probability of #{id} {name} is already {value}; nothing changed.",
        "#{id} {name} 的赢单概率已是 {value},未做任何更改。",
    ),
    # lost
    "form.lost.title": ("Deal lost", "丢单原因"),
    "form.lost.text": (
        "Why was #{id} {name} lost? Pick a reason, write your own, or both. (Typed instead: "
        "/deal {id} stage lost <reason>)",
        "#{id} {name} 为什么丢单?请选择原因、自行填写,或两者都填。(也可直接输入:"
        "/deal {id} stage lost <原因>)",
    ),
    "form.lost.reason": ("Reason", "原因"),
    "form.lost.details": ("In your own words", "补充说明"),
    "form.lost.submit": ("Mark lost", "标记丢单"),
    "form.lost.pick": ("Pick one of: {reasons}.", "请从以下选项中选择:{reasons}。"),
    "form.lost.need_reason": (
        "Pick a reason or write one: a lost deal needs its reason.",
        "请选择或填写原因:丢单必须说明原因。",
    ),
    # manager notices
    "notice.account_opened": ("{name} opened account {summary}.", "{name} 新建了客户 {summary}。"),
    "notice.account_won": (
        "{name} won account #{id} {account} ({amount}).",
        "{name} 赢单:客户 #{id} {account}({amount})。",
    ),
    "notice.account_lost": (
        "{name} lost account #{id} {account} ({amount}): {reason}.",
        "{name} 丢单:客户 #{id} {account}({amount}),原因:{reason}。",
    ),
    # the timeline
    "account.timeline": ("Timeline:", "时间线:"),
    "account.timeline_cut": (
        "(the latest {n} entries; earlier ones are not shown)",
        "(仅显示最近 {n} 条记录)",
    ),
    "timeline.opened": (
        "{name} opened it in {stage} ({p}%) at {amount}",
        "{name} 新建,阶段 {stage}({p}%),金额 {amount}",
    ),
    "timeline.stage": ("{name} moved it {old} → {new} ({p}%)", "{name} 将阶段 {old} → {new}({p}%)"),
    "timeline.lost": (
        "{name} moved it {old} → {new} ({p}%): {reason}",
        "{name} 将阶段 {old} → {new}({p}%):{reason}",
    ),
    "timeline.amount": ("{name} changed the amount {old} → {new}", "{name} 修改金额 {old} → {new}"),
    "timeline.close": ("{name} set the expected close to {date}", "{name} 将预计成交日设为 {date}"),
    "timeline.probability": (
        "{name} set the probability to {p}% for this deal",
        "{name} 将本单赢单概率设为 {p}%",
    ),
    "timeline.probability_cleared": (
        "{name} went back to the stage's probability",
        "{name} 恢复使用阶段默认概率",
    ),
    "timeline.note": ("note by {name}: {text}", "{name} 的备注:{text}"),
    "timeline.recording": ("recording from {name}: {text}", "{name} 上传的录音:{text}"),
    "timeline.link": (" · recording: {link}", " · 录音:{link}"),
    # lists
    "account.none_open": ("No open accounts.", "没有进行中的客户。"),
    "account.list_mine": ("Your open accounts:", "你进行中的客户:"),
    "account.list_team": ("Open accounts of {team}:", "{team} 进行中的客户:"),
    "account.list_more": (
        "(the {n} with the latest activity; name one to see it)",
        "(仅显示最近有动态的 {n} 个;输入名称查看)",
    ),
    # notes and recordings
    "note.added": ("Note added to #{id} {name}.", "已为 #{id} {name} 添加备注。"),
    "note.added_link": (
        "Note with its recording link added to #{id} {name}.",
        "已为 #{id} {name} 添加备注及录音链接。",
    ),
    "note.empty": (
        "Write the note after the account, before the link.",
        "请在客户名之后、链接之前写下备注内容。",
    ),
    "recording.not_audio": (
        "{file} is not an audio or video recording; it was not kept.",
        "{file} 不是音频或视频录音,未保存。",
    ),
    "recording.which": ("Which account is {file} for?", "{file} 属于哪个客户?"),
    "recording.which_text": (
        "Pick the account; its timeline will list the recording.",
        "请选择客户,录音将出现在该客户的时间线中。",
    ),
    "recording.pick": ("#{id} {name}", "#{id} {name}"),
    "recording.kept": (
        "Got {file}: pick its account on the card.",
        "已收到 {file}:请在卡片上选择所属客户。",
    ),
    "recording.waiting": (
        "{file} is waiting for its account: pick it on the card sent before.",
        "{file} 正在等待选择客户:请在之前发送的卡片上选择。",
    ),
    "recording.no_accounts": (
        "There is no open account to attach {file} to; open one with /deal new first.",
        "没有可关联 {file} 的进行中客户;请先用 /deal new 新建客户。",
    ),
    "recording.attached": (
        "Recording {file} attached to #{id} {name}.",
        "录音 {file} 已关联到 #{id} {name}。",
    ),
    "recording.already": (
        "Recording {file} is already attached to #{id} {name}.",
        "录音 {file} 已关联到 #{id} {name}。",
    ),
    "recording.state": ("Attached", "已关联"),
    "recording.unknown": ("That recording is not one you shared.", "这不是你上传的录音。"),
    # the forecast
    "forecast.title": (
        "Forecast for {team}, {quarter} ({span}), by expected close date",
        "{team} 销售预测,{quarter}({span}),按预计成交日",
    ),
    "forecast.title_rep": (
        "Forecast for {name}, {quarter} ({span}), by expected close date",
        "{name} 的销售预测,{quarter}({span}),按预计成交日",
    ),
    "forecast.span": ("{start} to {end}", "{start} 至 {end}"),
    "forecast.legend": (
        "weighted / unweighted (accounts); totals leave lost deals out",
        "加权 / 未加权(客户数);合计不含丢单",
    ),
    "forecast.row": ("{label}: {weighted} / {amount} ({n})", "{label}:{weighted} / {amount}({n})"),
    "forecast.change": (" · change {weighted} / {amount}", " · 变化 {weighted} / {amount}"),
    "forecast.total": ("Total", "合计"),
    "forecast.by_stage": ("By stage:", "按阶段:"),
    "forecast.by_rep": ("By rep:", "按销售:"),
    "forecast.none": (
        "No account is expected to close in {quarter}.",
        "{quarter} 没有预计成交的客户。",
    ),
    "forecast.undated": (
        "{n} open account(s) have no expected close date, so no quarter counts them: "
        "/deal <account> close <YYYY-MM-DD>.",
        "{n} 个进行中的客户没有预计成交日,不计入任何季度:/deal <客户> close <YYYY-MM-DD>。",
    ),
    "forecast.own_only": (
        "Reps see their own pipeline only; managers see everyone's.",
        "销售只能查看自己的业绩预测,经理可以查看所有人的。",
    ),
    # digests
    # input
    "input.bad_quarter": (
        "{value} is not a quarter: use 2026-Q2, Q2, this or next.",
        "{value} 不是有效季度:请使用 2026-Q2、Q2、this 或 next。",
    ),
    # usage
    "usage.deal_new": (
        "/deal new <lead id> <amount> [close date] — turn a claimed lead into an account",
        "/deal new <线索编号> <金额> [预计成交日] — 将已认领线索转为客户",
    ),
    "usage.deal": (
        "/deal <account> — its card with stage buttons\n"
        "/deal <account> stage <stage> [lost reason] — move it (stages: see the card)\n"
        "/deal <account> amount <amount> | close <YYYY-MM-DD> | probability <0-100|clear>",
        "/deal <客户> — 查看客户卡片及阶段按钮\n"
        "/deal <客户> stage <阶段> [丢单原因] — 推进阶段\n"
        "/deal <客户> amount <金额> | close <YYYY-MM-DD> | probability <0-100|clear>",
    ),
    "usage.forecast": (
        "/forecast [quarter] [@rep] — weighted and unweighted totals by stage and rep",
        "/forecast [季度] [@销售] — 按阶段和销售的加权与未加权合计",
    ),
    "usage.forecast_digest": (
        "/forecast digest — the forecast digest with its chart, to your DM now",
        "/forecast digest — 立即将带图表的预测周报发到你的私信",
    ),
    "usage.note": (
        "/note <account> <text> [recording link] — a call note on the account's timeline",
        "/note <客户> <内容> [录音链接] — 在客户时间线上添加通话备注",
    ),
    "usage.account": (
        "/account [name or id] — an account's timeline; without a name, the open accounts",
        "/account [名称或编号] — 查看客户时间线;不带名称则列出进行中的客户",
    ),
}
