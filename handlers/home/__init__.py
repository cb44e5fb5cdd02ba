"""Everyone's own page (the Slack Home tab; `home` on WeCom and in the console).

Read it in this order: `page` (who sees what), `rep` and `manager` (the two parts), and
`chart` (a picture the page shows again). The page reads what the other features keep;
its buttons are theirs, so a click on the page is a click on the card.
"""

from __future__ import annotations

from handlers.core.commands import Command, Reply, Request
from handlers.core.errors import CommandError
from handlers.core.registry import Feature
from handlers.home import page, rep, strings


def _home(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return list(page.build(req.svc, req.actor).messages())


HOME = Command("usage.home", False, _home)

FEATURE = Feature(
    name="home",
    # 主页 is "home" in Chinese: typed on WeCom in a zh-CN team
    commands={"home": {"": HOME}, "主页": {"": HOME}},
    actions={rep.SHOW_ACCOUNT: rep.show_account},
    strings=strings.STRINGS,
)
