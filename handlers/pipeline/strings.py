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
    "timeline.file_pending": (" · being copied to the file store", " · 正在复制到文件库"),
    "timeline.file_lost": (" · not kept: {why}", " · 未保存:{why}"),
    "account.contracts": ("Contracts:", "合同:"),
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
    # files shared with the bot
    "file.not_kept": (
        "{file} is neither a call recording (audio or video) nor a contract (a PDF, a "
        "picture or a Word document); it was not kept.",
        "{file} 既不是通话录音(音频或视频),也不是合同(PDF、图片或 Word 文档),未保存。",
    ),
    "file.too_large.recording": (
        "{file} is larger than the {mb} MB a recording may be (files.max_recording_mb)",
        "{file} 超过录音大小上限 {mb} MB(files.max_recording_mb)",
    ),
    "file.too_large.contract": (
        "{file} is larger than the {mb} MB a contract may be (files.max_contract_mb)",
        "{file} 超过合同大小上限 {mb} MB(files.max_contract_mb)",
    ),
    "file.wrong_type.recording": (
        "{file} is not an audio or video file, whatever its name says",
        "{file} 的内容不是音频或视频文件(与文件名不符)",
    ),
    "file.wrong_type.contract": (
        "{file} is not a PDF, a picture or a Word document, whatever its name says",
        "{file} 的内容不是 PDF、图片或 Word 文档(与文件名不符)",
    ),
    "file.refused_note": ("{why}; it was not kept.", "{why},未保存。"),
    "file.failed_note": (
        "{file} could not be copied into the file store ({why}); share it again.",
        "{file} 无法复制到文件库({why}),请重新发送。",
    ),
    "file.stored": ("{file}: {link}", "{file}:{link}"),
    "file.pending": ("{file} (being copied to the file store)", "{file}(正在复制到文件库)"),
    "file.refused": ("{file} (not kept: {error})", "{file}(未保存:{error})"),
    "file.failed": ("{file} (could not be copied: {error})", "{file}(无法复制:{error})"),
    # contracts
    "contract.title": ("Contract v{version} · #{id} {name}", "合同 v{version} · #{id} {name}"),
    "field.sent_by": ("Sent by", "提交人"),
    "contract.file": ("File: {file}", "文件:{file}"),
    "contract.link": ("Link: {link}", "链接:{link}"),
    "contract.decide": ("Approve it, or reject it with a reason:", "请批准,或填写原因后驳回:"),
    "contract.footer": (
        "/contract pending lists what waits on you",
        "/contract pending 查看待你审批的合同",
    ),
    "button.approve": ("Approve", "批准"),
    "button.reject": ("Reject", "驳回"),
    "button.won": ("Won", "赢单"),
    "contract.won_hint": (
        "Signed? Won moves the account to the won stage.",
        "已签约?点击“赢单”将客户移至赢单阶段。",
    ),
    "contract.receiving": (
        "Being copied into the file store; the managers get it once it is there.",
        "正在复制到文件库,完成后将发送给经理。",
    ),
    "contract.waiting_for": ("Waiting for a decision by {names}.", "等待 {names} 审批。"),
    "contract.approved_by": ("Approved by {name} on {at}.", "{name} 已于 {at} 批准。"),
    "contract.rejected_by": (
        "Rejected by {name} on {at}: {reason}",
        "{name} 已于 {at} 驳回:{reason}",
    ),
    "contract.superseded_by": (
        "Superseded by version {version}.",
        "已被 v{version} 取代。",
    ),
    "contract.withdrawn": ("Withdrawn: {reason}", "已撤回:{reason}"),
    "contract.state.receiving": ("Being copied", "复制中"),
    "contract.state.pending": ("Waiting for a decision", "待审批"),
    "contract.state.approved": ("Approved", "已批准"),
    "contract.state.rejected": ("Rejected", "已驳回"),
    "contract.state.superseded": ("Superseded", "已取代"),
    "contract.state.withdrawn": ("Withdrawn", "已撤回"),
    "contract.sent": (
        "Contract v{version} for #{id} {name} is with {names} for approval.",
        "#{id} {name} 的合同 v{version} 已提交给 {names} 审批。",
    ),
    "contract.sent_receiving": (
        "Contract v{version} for #{id} {name} is being copied into the file store; then "
        "it goes to {names} for approval.",
        "#{id} {name} 的合同 v{version} 正在复制到文件库,完成后提交给 {names} 审批。",
    ),
    "contract.account_final": (
        "Account #{id} {name} is won or lost already: it takes no contract.",
        "客户 #{id} {name} 已赢单或丢单,无需再提交合同。",
    ),
    "contract.already": (
        "{file} is contract v{version} of #{id} {name} already.",
        "{file} 已是 #{id} {name} 的合同 v{version}。",
    ),
    "contract.file_waiting": (
        "{file} is waiting for its account: pick it on the card sent before.",
        "{file} 正在等待选择客户:请在之前发送的卡片上选择。",
    ),
    "contract.file_unknown": ("That file is not one you shared.", "这不是你上传的文件。"),
    "contract.no_accounts": (
        "There is no open account to send {file} for; open one with /deal new first.",
        "没有可提交 {file} 的进行中客户;请先用 /deal new 新建客户。",
    ),
    "contract.which_text": (
        "Pick the account; the contract goes to its managers for approval.",
        "请选择客户,合同将提交给经理审批。",
    ),
    "contract.picked": (
        "Contract {file} sent for #{id} {name}.",
        "合同 {file} 已为 #{id} {name} 提交。",
    ),
    "contract.picked_state": ("Sent", "已提交"),
    "contract.unknown": ("That contract is not one of your team's.", "这不是你团队的合同。"),
    "contract.managers_decide": (
        "Only a manager approves or rejects a contract.",
        "只有经理可以批准或驳回合同。",
    ),
    "contract.not_your_decision": (
        "{title}: you own the account or sent it, so another manager decides.",
        "{title}:你是该客户的负责人或提交人,需由其他经理审批。",
    ),
    "contract.settled": ("{title}: {decision}", "{title}:{decision}"),
    "contract.reminder": (
        "Reminder: {title} from {name} has waited {age} for a decision. /contract pending "
        "lists all.",
        "提醒:{name} 提交的{title}已等待审批 {age}。/contract pending 查看全部。",
    ),
    "contract.age_minutes": ("{n} min", "{n} 分钟"),
    "contract.age_hours": ("{n} h", "{n} 小时"),
    "contract.pending_head": ("Contracts waiting for you: {n}", "待你审批的合同:{n} 份"),
    "contract.pending_row": (
        "{title} from {name} · {amount} · {stage} · waiting {age} · {content}",
        "{title} · 提交人 {name} · {amount} · {stage} · 已等待 {age} · {content}",
    ),
    "contract.pending_more": ("… and {n} more", "…… 另有 {n} 份"),
    "contract.none_pending": ("No contract waits for you.", "没有待你审批的合同。"),
    "contract.history_row": (
        "v{version} sent by {name} on {at} · {decision} · {content}",
        "v{version} · {name} 于 {at} 提交 · {decision} · {content}",
    ),
    "contract.versions": ("Contracts of #{id} {name}:", "#{id} {name} 的合同:"),
    "contract.how_to_send": (
        "None yet. Share the file (PDF, picture, Word) in a DM with the bot with the "
        "account's name, or give a link: /contract {id} <link>.",
        "暂无。请在与机器人的私信中发送文件(PDF、图片、Word)并附上客户名称,"
        "或提供链接:/contract {id} <链接>。",
    ),
    "form.reject.title": ("Reject contract", "驳回合同"),
    "form.reject.text": ("Why is {title} rejected?", "{title} 为什么被驳回?"),
    "form.reject.reason": ("Reason", "原因"),
    "form.reject.submit": ("Reject", "驳回"),
    "form.reject.need_reason": (
        "Say why: the rep reads it on their card.",
        "请填写原因:销售会在卡片上看到。",
    ),
    # quotas and attainment
    "quota.head": ("Quota {quarter} ({source}):", "{quarter} 业绩目标({source}):"),
    "quota.head_rep": ("Quota {quarter}: {figures}", "{quarter} 业绩目标:{figures}"),
    "quota.team_set": ("set for the team", "团队目标"),
    "quota.team_sum": ("the sum of the reps' quotas", "各销售目标之和"),
    "quota.by_rep": ("By rep:", "按销售:"),
    "quota.figures": (
        "won {won} + weighted {weighted} = {expected}",
        "已赢单 {won} + 加权 {weighted} = {expected}",
    ),
    "quota.no_quota": (" · no quota set", " · 未设目标"),
    "quota.against": (
        " · {pct}% of {quota} · gap {gap}",
        " · 达成 {quota} 的 {pct}% · 差距 {gap}",
    ),
    "quota.met": (" · nothing left to win", " · 已完成目标"),
    "quota.coverage": (
        " · coverage {ratio}× (open {open} ÷ {left} left to win)",
        " · 覆盖率 {ratio}×(未结商机 {open} ÷ 待完成 {left})",
    ),
    "quota.set": (
        "Quota of {who} for {quarter}: {amount}.",
        "{who} 的 {quarter} 业绩目标:{amount}。",
    ),
    "quota.changed": (
        "Quota of {who} for {quarter}: {amount} (was {was}).",
        "{who} 的 {quarter} 业绩目标:{amount}(原为 {was})。",
    ),
    "quota.positive": (
        "{value}: a quota is an amount above 0.",
        "{value}:业绩目标必须大于 0。",
    ),
    "quota.not_a_rep": (
        "{name} is no rep of the team: quotas are for reps or the whole team.",
        "{name} 不是团队的销售:业绩目标只能设给销售或整个团队。",
    ),
    "quota.none": (
        "No quota is set. /forecast quota [@rep] <quarter> <amount> sets one.",
        "尚未设定业绩目标。使用 /forecast quota [@销售] <季度> <金额> 设定。",
    ),
    "quota.history_head": ("Quotas (latest quarter first):", "业绩目标(最近季度在前):"),
    "quota.history_row": (
        "{quarter} {who}: {amount} — set by {by} on {at} ({state})",
        "{quarter} {who}:{amount} — {by} 于 {at} 设定({state})",
    ),
    "quota.the_team": ("the team", "团队"),
    "quota.current": ("in force", "生效中"),
    "quota.replaced": ("replaced", "已被替换"),
    "quota.more": ("(the latest {n})", "(仅显示最近 {n} 条)"),
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
    "usage.forecast_quota": (
        "/forecast quota [@rep] <quarter> <amount> — set the team's or a rep's quota; "
        "without arguments, every quota set",
        "/forecast quota [@销售] <季度> <金额> — 设定团队或销售的业绩目标;不带参数则列出全部",
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
    "usage.contract": (
        "/contract <account> [link] — send the account's contract for approval by link "
        "(or share the file in a DM with the account's name); without a link, its versions",
        "/contract <客户> [链接] — 以链接提交客户合同审批(或在私信中发送文件并附上客户名称);"
        "不带链接则查看各版本",
    ),
    "usage.contract_pending": (
        "/contract pending — the contracts waiting for your decision",
        "/contract pending — 待你审批的合同",
    ),
}
