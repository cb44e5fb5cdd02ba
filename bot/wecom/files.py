"""Fetching a file someone sent the WeCom app: media/get, for the three days WeCom keeps
it under its media id."""

from __future__ import annotations

from typing import BinaryIO

import requests
from wechatpy.exceptions import WeChatClientException

from bot.wecom.client import WeComClient
from handlers.core.downloads import DownloadError

# invalid media id (never was, or past its three days), media type or file: never again
GONE = {40004, 40005, 40006, 40007}


class WeComDownloads:
    """The `Download` for WeCom. (WeCom's files are at most 20 MB, so an answer is read
    whole; wechatpy renews the access token when WeCom says it expired.)"""

    def __init__(self, client: WeComClient):
        self.client = client

    def __call__(self, media_id: str, link: str, into: BinaryIO, limit: int) -> None:
        try:
            answer = self.client.get("media/get", params={"media_id": media_id})
        except WeChatClientException as exc:
            code = exc.errcode
            raise DownloadError(f"wecom media/get {code}: {exc.errmsg}", gone=code in GONE) from exc
        except requests.RequestException as exc:
            raise DownloadError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(answer, requests.Response):  # JSON without an errcode: not a file
            raise DownloadError("wecom media/get answered no file")
        into.write(answer.content[:limit])
