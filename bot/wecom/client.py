"""The wechatpy client, pointed at the configured API base (private deployments, tests)."""

from __future__ import annotations

from typing import Any

from wechatpy.enterprise import WeChatClient

from bot.config import WeComConfig

DEFAULT_API = "https://qyapi.weixin.qq.com/cgi-bin/"


class WeComClient(WeChatClient):
    """wechatpy fetches the token from a fixed host; this one asks the configured base.

    Tokens are cached in memory and refreshed by wechatpy when they expire or when WeCom
    answers 40014/42001.
    """

    def __init__(self, cfg: WeComConfig, timeout: float = 10.0):
        super().__init__(cfg.corp_id, cfg.secret, timeout=timeout)
        self.API_BASE_URL = cfg.api_url or DEFAULT_API
        self.agent_id = cfg.agent_id

    def fetch_access_token(self) -> dict[str, Any]:
        return self._fetch_access_token(
            url=self.API_BASE_URL + "gettoken",
            params={"corpid": self.corp_id, "corpsecret": self.secret},
        )
