"""What quizzes, the question bank, onboarding and the training digest say."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # the question a rep answers
    "quiz.q.title": ("Quiz #{run} · question {n} of {total}", "测验 #{run} · 第 {n}/{total} 题"),
    "quiz.q.due": ("Answer by {at}", "请在 {at} 前作答"),
    "quiz.q.closed": ("{heading} — closed unanswered", "{heading} — 未作答,已关闭"),
    "quiz.q.answered": ("{heading} — answered", "{heading} — 已作答"),
    # a word where a settled card's buttons were
    "quiz.state.answered": ("Answered", "已作答"),
    "quiz.state.closed": ("Closed", "已关闭"),
    "quiz.state.scored": ("Scored {score}/{max}", "已评分 {score}/{max}"),
    "quiz.q.right": ("Right: +{points} points", "正确:+{points} 分"),
    "quiz.q.wrong": ("Wrong; the right answer is {right}", "错误;正确答案是 {right}"),
    "quiz.q.sent_for_score": ("Sent to {scorer} for a score", "已交给 {scorer} 评分"),
    "quiz.field.category": ("Category", "类别"),
    "quiz.field.points": ("Points", "分值"),
    "quiz.field.your_answer": ("Your answer", "你的回答"),
    "quiz.field.result": ("Result", "结果"),
    "quiz.button.answer": ("Answer", "作答"),
    "quiz.kind.choice": ("multiple choice", "选择题"),
    "quiz.kind.open": ("open", "问答题"),
    "quiz.form.answer_title": ("Question {n} of {total}", "第 {n}/{total} 题"),
    "quiz.form.answer_label": ("Your answer", "你的回答"),
    "quiz.form.answer_submit": ("Send answer", "提交回答"),
    "quiz.intro.manager": (
        "{by} started a quiz for you: {n} question(s), one at a time.",
        "{by} 为你发起了一次测验:共 {n} 题,逐题作答。",
    ),
    "quiz.intro.pair": (
        "A peer quiz with {peer}: answer these {n} question(s); {peer} scores your open"
        " answers and you score theirs.",
        "与 {peer} 的互测:请回答这 {n} 道题;{peer} 为你的问答题评分,你也为对方评分。",
    ),
    "quiz.intro.onboarding": (
        "Your first onboarding quiz: {n} question(s), one at a time.",
        "你的第一次入职测验:共 {n} 题,逐题作答。",
    ),
    # answering
    "quiz.answer.unknown": ("That question is not known here.", "找不到这道题。"),
    "quiz.answer.not_yours": (
        "This question is for {name}; only they can answer it.",
        "这道题是给 {name} 的,只有对方可以作答。",
    ),
    "quiz.answer.already": (
        "You have already answered this question; the first answer counts.",
        "你已经回答过这道题,以第一次回答为准。",
    ),
    "quiz.answer.closed": (
        "This quiz closed at {at}; answers are no longer taken.",
        "这次测验已于 {at} 关闭,不再接受回答。",
    ),
    "quiz.answer.empty": ("Type an answer before sending.", "请先填写回答再提交。"),
    "quiz.closed.deadline": (
        "Quiz #{run} closed at its deadline with {answered} of {total} question(s) answered;"
        " unanswered ones score 0.",
        "测验 #{run} 已到截止时间并关闭,共回答 {answered}/{total} 题;未回答的题计 0 分。",
    ),
    "quiz.closed.waiting": (
        "Every question of quiz #{run} is answered. Your result comes once {scorer} has"
        " scored your open answers.",
        "测验 #{run} 的题目已全部作答。{scorer} 为你的问答题评分后,你会收到结果。",
    ),
    # the result
    "quiz.result.title": ("Result of quiz #{run}", "测验 #{run} 的结果"),
    "quiz.done.line": ("{name} finished quiz #{run}: {score}", "{name} 完成了测验 #{run}:{score}"),
    "quiz.r.score": (
        "{earned}/{possible} points ({percent}%)",
        "{earned}/{possible} 分({percent}%)",
    ),
    "quiz.r.pending_count": (
        "— {n} answer(s) waiting for a score",
        "— 还有 {n} 个回答等待评分",
    ),
    "quiz.r.passed": ("— passed (pass mark {mark}%)", "— 通过(及格线 {mark}%)"),
    "quiz.r.not_passed": ("— not passed (pass mark {mark}%)", "— 未通过(及格线 {mark}%)"),
    "quiz.r.item": ("{n}. [{kind}] {text}", "{n}. [{kind}] {text}"),
    "quiz.r.unanswered": ("not answered: 0/{points}", "未作答:0/{points}"),
    "quiz.r.said": ("answer #{id}: {text}", "回答 #{id}:{text}"),
    "quiz.r.pending": ("waiting for a score (out of {points})", "等待评分(满分 {points})"),
    "quiz.r.earned": ("{earned}/{points} points", "{earned}/{points} 分"),
    "quiz.r.graded": ("(scored {score}/{max} by {name})", "({name} 评 {score}/{max})"),
    "quiz.r.comment": ("“{text}”", "“{text}”"),
    "quiz.r.changed": ("(changed {n} time(s))", "(已修改 {n} 次)"),
    # scoring open answers
    "quiz.scorer.managers": ("a manager", "经理"),
    "quiz.g.where": (
        "{name}, quiz #{run}, question {n} of {total}",
        "{name},测验 #{run} 第 {n}/{total} 题",
    ),
    "quiz.g.title": ("Score this answer: {where}", "请为这个回答评分:{where}"),
    "quiz.g.question": ("Question: {text}", "题目:{text}"),
    "quiz.g.answer": ("{name}'s answer:\n{text}", "{name} 的回答:\n{text}"),
    "quiz.g.model": ("Model answer:\n{text}", "参考答案:\n{text}"),
    "quiz.g.covers": ("A good answer covers:\n{text}", "好的回答应包含:\n{text}"),
    "quiz.g.how": (
        "Pick a score from 0 (misses the point) to 5 (as good as the model answer).",
        "请打分:0(完全没答到)到 5(与参考答案一样好)。",
    ),
    "quiz.g.ref": ("Answer #{id}", "回答 #{id}"),
    "quiz.g.scored": (
        "Scored {score}/{max} by {name}: {where}",
        "{name} 评分 {score}/{max}:{where}",
    ),
    "quiz.g.comment": ("Comment: {text}", "评语:{text}"),
    "quiz.form.grade_title": ("Score {score}/{max}", "评分 {score}/{max}"),
    "quiz.form.grade_text": (
        "You are giving {score}/{max}. Add a comment if you like, then save.",
        "你给出 {score}/{max} 分。可以附上评语,然后保存。",
    ),
    "quiz.form.comment_label": ("Comment", "评语"),
    "quiz.form.grade_submit": ("Save score", "保存评分"),
    "quiz.grade.unknown": ("There is no open answer #{id}.", "没有编号为 #{id} 的问答题回答。"),
    "quiz.grade.own": ("You cannot score your own answer.", "你不能为自己的回答评分。"),
    "quiz.grade.not_yours": (
        "This answer is for {scorer} or a manager to score.",
        "这个回答应由 {scorer} 或经理评分。",
    ),
    "quiz.grade.bad_score": (
        "A score is a whole number from 0 to {max}.",
        "评分须为 0 到 {max} 之间的整数。",
    ),
    "quiz.grade.already": (
        "Answer #{id} already has a score: {score}/{max} by {name}. A manager can change it"
        " with /quiz grade {id} <score>.",
        "回答 #{id} 已有评分:{name} 评 {score}/{max}。经理可用 /quiz grade {id} <分数> 修改。",
    ),
    "quiz.grade.managers_change": ("Only managers can change a score.", "只有经理可以修改评分。"),
    "quiz.grade.same": (
        "Answer #{id} already has {score}/{max}; nothing changed.",
        "回答 #{id} 的评分已是 {score}/{max},未做更改。",
    ),
    "quiz.grade.raced": (
        "Someone scored this answer at the same moment; their score counts. Nothing changed.",
        "有人同时为这个回答评了分,以对方为准,未做更改。",
    ),
    "quiz.grade.changed_note": (
        "{name} changed the score of your answer #{id} (quiz #{run}, question {n}) from"
        " {old}/{max} to {new}/{max}.",
        "{name} 将你的回答 #{id}(测验 #{run} 第 {n} 题)的评分从 {old}/{max} 改为 {new}/{max}。",
    ),
    "quiz.grade.changed": (
        "Score of answer #{id} changed from {old}/{max} to {score}/{max}; the earlier score"
        " stays in the history.",
        "回答 #{id} 的评分已从 {old}/{max} 改为 {score}/{max},原评分保留在历史中。",
    ),
    "quiz.grade.recorded": (
        "Answer #{id} scored {score}/{max}.",
        "回答 #{id} 已评为 {score}/{max}。",
    ),
    # reminders
    "quiz.nudge.answer": (
        "Reminder: question {n} of {total} in quiz #{run} is waiting for your answer"
        " (the quiz closes at {due}).",
        "提醒:测验 #{run} 的第 {n}/{total} 题还在等你作答(测验将于 {due} 关闭)。",
    ),
    "quiz.nudge.grade": (
        "Reminder: {name}'s answer #{id} (quiz #{run}, question {n}) is waiting for your score.",
        "提醒:{name} 的回答 #{id}(测验 #{run} 第 {n} 题)还在等你评分。",
    ),
    # starting
    "quiz.start.empty_category": (
        "The category is empty: name one, or leave it out for all categories.",
        "类别为空:请指定类别,或省略以使用全部类别。",
    ),
    "quiz.start.bank_empty": (
        "The question bank is empty: add questions with /quiz add or"
        " salesbot import questions FILE.",
        "题库是空的:请用 /quiz add 或 salesbot import questions 文件 添加题目。",
    ),
    "quiz.start.no_category": (
        "There are no questions in category {category}. Categories: {known}.",
        "类别 {category} 下没有题目。现有类别:{known}。",
    ),
    "quiz.start.count_too_small": (
        "The number of questions must be at least 1.",
        "题目数量至少为 1。",
    ),
    "quiz.start.in_category": (" in category {category}", "类别 {category} 中"),
    "quiz.start.count_too_big": (
        "You asked for {count} questions but the bank has only {have}{where}.",
        "你要求 {count} 道题,但题库{where}只有 {have} 道。",
    ),
    "quiz.start.not_a_rep": (
        "{name} is not a rep; quizzes are for reps.",
        "{name} 不是销售,测验只面向销售。",
    ),
    "quiz.start.unreachable": (
        "{name} has no chat account the bot can reach; nothing was started.",
        "{name} 没有机器人可联系的聊天账号,未发起测验。",
    ),
    "quiz.start.busy": (
        "{name} is already answering quiz #{run} (it closes at {due}); nothing was started.",
        "{name} 正在进行测验 #{run}(将于 {due} 关闭),未发起新测验。",
    ),
    "quiz.start.busy_now": (
        "{name} was just given another quiz; nothing was started.",
        "{name} 刚被安排了另一次测验,未发起新测验。",
    ),
    "quiz.start.started": (
        "Quiz #{run} started for {name}: {n} question(s), closing at {due}.",
        "已为 {name} 发起测验 #{run}:共 {n} 题,将于 {due} 关闭。",
    ),
    "quiz.pair.same": (
        "Pick two different reps ({name} cannot quiz themself).",
        "请选择两位不同的销售({name} 不能和自己互测)。",
    ),
    "quiz.pair.busy_now": (
        "One of them was just given another quiz; nothing was started.",
        "其中一位刚被安排了另一次测验,未发起互测。",
    ),
    "quiz.pair.started": (
        "Peer quiz started: {senior} answers quiz #{first}, scored by {new}; {new} answers"
        " quiz #{second}, scored by {senior}. {n} question(s) each, closing at {due}.",
        "互测已开始:{senior} 回答测验 #{first},由 {new} 评分;{new} 回答测验 #{second},"
        "由 {senior} 评分。每人 {n} 题,将于 {due} 关闭。",
    ),
    # reports
    "quiz.report.none": ("{name} has no quizzes yet.", "{name} 还没有测验记录。"),
    "quiz.report.only_own": (
        "You can see only your own quiz report; managers can see anyone's.",
        "你只能查看自己的测验记录,经理可以查看所有人的。",
    ),
    "quiz.report.title": ("Quizzes of {name} (latest {n})", "{name} 的测验(最近 {n} 次)"),
    "quiz.report.origin.manager": ("started by {by}", "由 {by} 发起"),
    "quiz.report.origin.pair": (
        "peer quiz (the other half is quiz #{partner}) started by {by}",
        "互测(另一半为测验 #{partner}),由 {by} 发起",
    ),
    "quiz.report.origin.onboarding": ("first onboarding quiz", "入职首次测验"),
    "quiz.report.scored_by": ("scored by {name}", "由 {name} 评分"),
    "quiz.report.open": ("in progress, closes at {due}", "进行中,将于 {due} 关闭"),
    "quiz.report.closed.answered": ("all answered at {at}", "已于 {at} 全部作答"),
    "quiz.report.closed.deadline": ("closed at its deadline {at}", "已于截止时间 {at} 关闭"),
    "quiz.report.run": (
        "Quiz #{run} · {at} · {how} · {state}",
        "测验 #{run} · {at} · {how} · {state}",
    ),
    "quiz.report.earlier": (
        "earlier: {score}/{max} by {name} at {at}",
        "原评分:{name} 于 {at} 评 {score}/{max}",
    ),
    "quiz.waiting.header": ("Waiting:", "等待中:"),
    "quiz.waiting.answer": (
        "• {name} owes an answer: quiz #{run}, question {n} (asked {since} ago; closes at {due})",
        "• {name} 待作答:测验 #{run} 第 {n} 题(已等 {since};{due} 关闭)",
    ),
    "quiz.waiting.score": (
        "• {scorer} owes a score: {name}'s answer #{id} (quiz #{run}, question {n};"
        " waiting {since})",
        "• {scorer} 待评分:{name} 的回答 #{id}(测验 #{run} 第 {n} 题;已等 {since})",
    ),
    "quiz.waiting.none": (
        "Nobody is waiting: every question asked is answered and every answer scored.",
        "没有待办:所有已发出的题目都已作答,所有回答都已评分。",
    ),
    "quiz.bank.header": ("Question bank: {n} question(s)", "题库:共 {n} 题"),
    "quiz.bank.row": ("• {category}: {n}", "• {category}:{n}"),
    "quiz.board.title": ("Leaderboard", "排行榜"),
    "quiz.board.title_category": ("Leaderboard: {category}", "排行榜:{category}"),
    "quiz.board.empty": ("No scored quizzes yet.", "还没有已评分的测验。"),
    "quiz.board.row": (
        "{place}. {name} — {percent}% ({earned}/{possible} points in {n} quiz(zes))",
        "{place}. {name} — {percent}%({n} 次测验共 {earned}/{possible} 分)",
    ),
    # adding questions
    "quiz.add.title": ("New quiz question", "新增测验题"),
    "quiz.add.text": (
        "Multiple choice: fill in the choices (one per line) and the right one."
        " Open: fill in the model answer and what a good answer covers.",
        "选择题:填写选项(每行一个)和正确选项。问答题:填写参考答案和好的回答应包含的要点。",
    ),
    "quiz.add.category": ("Category", "类别"),
    "quiz.add.type": ("Type", "题型"),
    "quiz.add.question": ("Question", "题目"),
    "quiz.add.choices": (
        "Choices (multiple choice: 2 to 6, one per line)",
        "选项(选择题:2 到 6 个,每行一个)",
    ),
    "quiz.add.answer": (
        "Right choice (multiple choice): its text or letter",
        "正确选项(选择题):选项内容或字母",
    ),
    "quiz.add.model_answer": ("Model answer (open question)", "参考答案(问答题)"),
    "quiz.add.covers": (
        "What a good answer covers (open question)",
        "好的回答应包含的要点(问答题)",
    ),
    "quiz.add.points": ("Points (1 to 100)", "分值(1 到 100)"),
    "quiz.add.submit": ("Add", "添加"),
    "quiz.add.added": (
        "Question #{id} added to {category} ({kind}, {points} point(s)).",
        "题目 #{id} 已加入 {category}({kind},{points} 分)。",
    ),
    "quiz.add.duplicate": (
        "That question is already in the bank (#{id}); nothing was added.",
        "题库里已有这道题(#{id}),未添加。",
    ),
    "quiz.add.not_key_value": (
        "Expected field=value, got {word}. Fields: category, type, question, choices,"
        " answer, model_answer, covers, points.",
        "应为 字段=值,收到的是 {word}。字段:category、type、question、choices、answer、"
        "model_answer、covers、points。",
    ),
    "quiz.add.twice": ("{field} is given twice.", "{field} 重复出现。"),
    "quiz.add.refused": ("The question was not added:\n{problems}", "题目未添加:\n{problems}"),
    # what is wrong with a question (modal, command, import)
    "quiz.bad.missing": ("{field} is missing.", "缺少 {field}。"),
    "quiz.bad.empty": ("{field} is empty.", "{field} 为空。"),
    "quiz.bad.too_long": (
        "{field} is longer than {max} characters.",
        "{field} 超过 {max} 个字符。",
    ),
    "quiz.bad.not_text": ("{field} must be text.", "{field} 必须是文字。"),
    "quiz.bad.points": (
        "points must be a whole number from 1 to 100.",
        "points 必须是 1 到 100 之间的整数。",
    ),
    "quiz.bad.type": ("type must be choice or open.", "type 必须是 choice 或 open。"),
    "quiz.bad.unknown_field": (
        "{field} is not a field; use category, type, question, choices, answer,"
        " model_answer, covers, points.",
        "{field} 不是有效字段;可用:category、type、question、choices、answer、"
        "model_answer、covers、points。",
    ),
    "quiz.bad.choices_count": (
        "choices: give 2 to {max_choices} choices.",
        "choices:请给出 2 到 {max_choices} 个选项。",
    ),
    "quiz.bad.choice_length": (
        "choices: each choice needs 1 to 200 characters.",
        "choices:每个选项需 1 到 200 个字符。",
    ),
    "quiz.bad.choices_repeated": (
        "choices: a choice is listed twice.",
        "choices:有重复的选项。",
    ),
    "quiz.bad.answer_missing": (
        "answer: name the right choice (its text or letter).",
        "answer:请给出正确选项(选项内容或字母)。",
    ),
    "quiz.bad.answer_unknown": (
        "answer: {answer} is not one of the choices (give its text or letter).",
        "answer:{answer} 不在选项中(请给出选项内容或字母)。",
    ),
    "quiz.bad.open_needs": (
        "{field} is needed for an open question.",
        "问答题需要 {field}。",
    ),
    "quiz.bad.field_not_for": (
        "{field} is not used by {kind} questions; leave it out.",
        "{kind} 类题目不使用 {field},请删去。",
    ),
    "quiz.bad.not_a_question": (
        "expected a question with fields such as category, type and question.",
        "应为一道题,包含 category、type、question 等字段。",
    ),
    "quiz.bad.other": ("{field}: {problem}", "{field}:{problem}"),
    # importing a file
    "quiz.import.line": ("line {line}: {problem}", "第 {line} 行:{problem}"),
    "quiz.import.no_file": ("no such file", "文件不存在"),
    "quiz.import.bad_extension": (
        "the file name must end in .yaml, .yml or .csv",
        "文件名必须以 .yaml、.yml 或 .csv 结尾",
    ),
    "quiz.import.too_big": ("the file is larger than {max} MB", "文件大于 {max} MB"),
    "quiz.import.not_utf8": ("the file is not UTF-8 text", "文件不是 UTF-8 文本"),
    "quiz.import.bad_yaml": ("not valid YAML: {problem}", "不是有效的 YAML:{problem}"),
    "quiz.import.not_a_list": (
        "expected a list of questions (each starting with -)",
        "应为题目列表(每题以 - 开头)",
    ),
    "quiz.import.empty": ("the file has no questions", "文件中没有题目"),
    "quiz.import.too_many": (
        "more than {max} questions in one file",
        "一个文件中的题目超过 {max} 道",
    ),
    "quiz.import.unknown_columns": (
        "unknown column(s) {columns}; the columns are category, type, question, choices,"
        " answer, model_answer, covers, points",
        "未知列 {columns};可用列:category、type、question、choices、answer、"
        "model_answer、covers、points",
    ),
    "quiz.import.missing_columns": ("missing column(s) {columns}", "缺少列 {columns}"),
    "quiz.import.cells": (
        "{n} cell(s), but the header has {expected}",
        "有 {n} 个单元格,但表头有 {expected} 列",
    ),
    "quiz.import.repeated": ("the same question as line {first}", "与第 {first} 行的题目重复"),
    "quiz.import.refused": (
        "{file}: nothing imported; {n} problem(s):",
        "{file}:未导入任何题目;共 {n} 个问题:",
    ),
    "quiz.import.done": (
        "{file}: {added} question(s) added, {skipped} already in the bank.",
        "{file}:新增 {added} 道题,{skipped} 道已在题库中。",
    ),
    # onboarding
    "onboard.stage.knowledge": ("knowledge", "产品与客户知识"),
    "onboard.stage.quizzes": ("quizzes", "测验"),
    "onboard.stage.mock": ("mock sale", "模拟销售"),
    "onboard.stage.done": ("all stages done", "全部阶段完成"),
    "onboard.show.title": (
        "Onboarding of {name}: started {start} (day {days})",
        "{name} 的入职培训:{start} 开始(第 {days} 天)",
    ),
    "onboard.show.knowledge_done": ("done {at}", "已于 {at} 完成"),
    "onboard.show.knowledge_todo": (
        "{done} of {total} confirmed; to read: {todo}",
        "已确认 {done}/{total};待阅读:{todo}",
    ),
    "onboard.show.quiz_passed": (
        "passed {at} (pass mark {mark}%)",
        "已于 {at} 通过(及格线 {mark}%)",
    ),
    "onboard.show.quiz_best": (
        "not passed yet: best {best}% in {n} quiz(zes) (pass mark {mark}%)",
        "尚未通过:{n} 次测验最好成绩 {best}%(及格线 {mark}%)",
    ),
    "onboard.show.quiz_scheduled": ("first quiz scheduled for {at}", "首次测验安排在 {at}"),
    "onboard.show.quiz_none": (
        "no scored quiz yet (pass mark {mark}%)",
        "还没有已评分的测验(及格线 {mark}%)",
    ),
    "onboard.show.mock_none": ("not recorded yet", "尚未记录"),
    "onboard.show.mock": ("{outcome} {at}: {exercise}", "{at} {outcome}:{exercise}"),
    "onboard.show.now": ("Now: {stage}", "当前:{stage}"),
    "onboard.overview.header": ("Onboarding:", "入职培训:"),
    "onboard.overview.none": (
        "Nobody on this team is onboarding (a rep onboards once they have a start_date in"
        " the config).",
        "本团队没有正在入职培训的销售(在配置中设置 start_date 的销售才会进入培训)。",
    ),
    "onboard.overview.row": (
        "• {name}: stage {stage}, {what}, since {since}",
        "• {name}:第 {stage} 阶段({what}),自 {since}",
    ),
    "onboard.overview.upcoming": ("• {name}: starts {start}", "• {name}:{start} 入职"),
    "onboard.overview.done": (
        "• {name}: all three stages done ({since})",
        "• {name}:三个阶段全部完成({since})",
    ),
    "onboard.card.title": (
        "{name}: product and customer knowledge (stage 1)",
        "{name}:产品与客户知识(第 1 阶段)",
    ),
    "onboard.card.confirmed": ("✓ read", "✓ 已读"),
    "onboard.card.to_read": ("to read", "待阅读"),
    "onboard.card.button": ("Read: {title}", "已读:{title}"),
    "onboard.card.text": (
        "Read each document, then confirm it with its button.",
        "请阅读每份资料,然后点击对应按钮确认。",
    ),
    "onboard.card.all_done": (
        "All read: stage 1 is done. The quizzes come next.",
        "全部已读:第 1 阶段完成。接下来是测验。",
    ),
    "onboard.card.footer": ("First quiz: {at}", "首次测验:{at}"),
    "onboard.card.state_done": ("All read", "全部已读"),
    "onboard.welcome": (
        "Welcome, {name}! Onboarding has three stages: product and customer knowledge,"
        " quizzes, and a mock sale. Start with the reading below; your first quiz"
        " arrives {at}.",
        "欢迎你,{name}!入职培训分三个阶段:产品与客户知识、测验、模拟销售。"
        "请先阅读下面的资料;首次测验将于 {at} 发给你。",
    ),
    "onboard.tick.unknown": ("That checklist item is not known here.", "找不到这个清单项。"),
    "onboard.tick.not_yours": (
        "This checklist is {name}'s; only they can confirm it.",
        "这是 {name} 的清单,只有对方可以确认。",
    ),
    "onboard.tick.already": ("{title} is already confirmed.", "{title} 已经确认过了。"),
    "onboard.first_quiz.no_questions": (
        "Could not start {name}'s first quiz: no questions in the bank (category"
        " {category}). Add questions, then use /quiz start.",
        "无法发起 {name} 的首次测验:题库中没有题目(类别 {category})。请先添加题目,"
        "再使用 /quiz start。",
    ),
    "onboard.first_quiz.started": (
        "{name}'s first onboarding quiz #{run} started ({n} question(s)).",
        "{name} 的入职首次测验 #{run} 已开始(共 {n} 题)。",
    ),
    "onboard.mock.form_title": ("Mock sale", "模拟销售"),
    "onboard.mock.form_text": (
        "Record {name}'s mock sale exercise and its outcome.",
        "记录 {name} 的模拟销售练习及结果。",
    ),
    "onboard.mock.exercise": ("Exercise (the case played)", "练习内容(演练的案例)"),
    "onboard.mock.outcome": ("Outcome", "结果"),
    "onboard.mock.passed": ("passed", "通过"),
    "onboard.mock.failed": ("not passed", "未通过"),
    "onboard.mock.notes": ("Notes", "备注"),
    "onboard.mock.submit": ("Record", "记录"),
    "onboard.mock.pick_outcome": ("Pick passed or not passed.", "请选择通过或未通过。"),
    "onboard.mock.told": (
        "{name} recorded your mock sale: {outcome} — {exercise}",
        "{name} 记录了你的模拟销售:{outcome} — {exercise}",
    ),
    "onboard.mock.recorded": (
        "Mock sale recorded for {name}: {outcome} — {exercise}",
        "已记录 {name} 的模拟销售:{outcome} — {exercise}",
    ),
    "onboard.mock.bad_outcome": (
        "{word} is not an outcome: use pass or fail.",
        "{word} 不是有效结果:请用 pass(通过)或 fail(未通过)。",
    ),
    "onboard.mock.no_exercise": (
        "Describe the exercise after the outcome, e.g. /onboard mock @rep pass Renewal call"
        " with a CFO.",
        "请在结果后描述练习内容,例如 /onboard mock @销售 pass 与财务总监的续约电话。",
    ),
    "onboard.not_onboarding": (
        "{name} has no start_date in the config, so no onboarding is tracked.",
        "{name} 在配置中没有 start_date,因此没有入职培训记录。",
    ),
    "onboard.only_own": (
        "You can see only your own onboarding; managers can see anyone's.",
        "你只能查看自己的入职培训,经理可以查看所有人的。",
    ),
    # the weekly training digest
    # usage
    "usage.quiz_add": (
        "/quiz add [category=… type=choice|open question=… choices=a|b|c answer=…"
        " model_answer=… covers=… points=N] — add a question (with no fields: a form)",
        "/quiz add [category=… type=choice|open question=… choices=a|b|c answer=…"
        " model_answer=… covers=… points=N] — 添加题目(不带字段:打开表单)",
    ),
    "usage.quiz_start": (
        "/quiz start @rep [category] [count] — quiz one rep",
        "/quiz start @销售 [类别] [题数] — 为一位销售发起测验",
    ),
    "usage.quiz_pair": (
        "/quiz pair @senior @new [category] [count] — two reps quiz each other",
        "/quiz pair @老销售 @新销售 [类别] [题数] — 两位销售互测",
    ),
    "usage.quiz_grade": (
        "/quiz grade <answer#> <0-5> [comment] — score an open answer, or change its score",
        "/quiz grade <回答编号> <0-5> [评语] — 为问答题评分或修改评分",
    ),
    "usage.quiz_report": (
        "/quiz report [@rep] — a rep's quizzes, answer by answer",
        "/quiz report [@销售] — 某位销售的测验明细",
    ),
    "usage.quiz_leaderboard": (
        "/quiz leaderboard [category] — who scores best",
        "/quiz leaderboard [类别] — 排行榜",
    ),
    "usage.quiz_waiting": ("/quiz waiting — who is waiting on whom", "/quiz waiting — 谁在等谁"),
    "usage.quiz_bank": (
        "/quiz bank — the question bank's categories",
        "/quiz bank — 题库的类别",
    ),
    "usage.onboard": ("/onboard [@rep] — onboarding progress", "/onboard [@销售] — 入职培训进度"),
    "usage.onboard_mock": (
        "/onboard mock @rep [pass|fail exercise…] — record a mock sale (no outcome: a form)",
        "/onboard mock @销售 [pass|fail 练习内容…] — 记录模拟销售(不带结果:打开表单)",
    ),
}
