"""Fetching a file someone shared with the bot on Slack: files.info gives its private
download URL, which takes the bot token (scope files:read)."""

from __future__ import annotations

from typing import BinaryIO

import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from handlers.core.downloads import DownloadError

CHUNK = 1 << 16
# files.info errors that mean the file will never be had
GONE = {"file_not_found", "file_deleted", "file_is_not_available", "missing_scope"}


class SlackDownloads:
    """The `Download` for Slack."""

    def __init__(self, client: WebClient, timeout: float = 60.0):
        self.client = client
        self.timeout = timeout

    def __call__(self, file_id: str, link: str, into: BinaryIO, limit: int) -> None:
        try:
            info = self.client.files_info(file=file_id)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"http_{exc.response.status_code}")
            raise DownloadError(f"files.info: {error}", gone=error in GONE) from exc
        except (SlackRequestError, OSError) as exc:
            raise DownloadError(f"files.info: {type(exc).__name__}: {exc}") from exc
        found = info.get("file") or {}
        url = found.get("url_private_download") or found.get("url_private")
        if not url:
            raise DownloadError("files.info gave no download URL", gone=True)
        headers = {"Authorization": f"Bearer {self.client.token}"}
        try:
            with requests.get(url, headers=headers, stream=True, timeout=self.timeout) as answer:
                if answer.status_code in (403, 404, 410):
                    raise DownloadError(f"Slack answered {answer.status_code}", gone=True)
                if answer.status_code != 200:
                    raise DownloadError(f"Slack answered {answer.status_code}")
                # Without a token that may read files, Slack answers with its sign-in page.
                kind = answer.headers.get("Content-Type", "")
                if kind.startswith("text/html") and found.get("mimetype") != "text/html":
                    raise DownloadError(
                        "Slack sent its sign-in page: does the app have files:read?"
                    )
                written = 0
                for chunk in answer.iter_content(CHUNK):
                    into.write(chunk[: limit - written])
                    written += len(chunk)
                    if written >= limit:
                        break
        except requests.RequestException as exc:
            raise DownloadError(f"{type(exc).__name__}: {exc}") from exc
