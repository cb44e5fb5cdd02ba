"""Real file stores for tests: a WebDAV server (WsgiDAV under waitress) and an
S3-compatible server (moto in server mode), each on a free port of this machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.web import WebServer

DAV_USER, DAV_PASSWORD = "sales", "drive-secret"


@dataclass(frozen=True)
class WebDav:
    url: str  # http://127.0.0.1:port/drive
    root: Path  # the folder the drive serves


@contextmanager
def webdav_server(root: Path) -> Iterator[WebDav]:
    """A WebDAV drive serving `root` at /drive, with a basic-auth login."""
    from wsgidav.wsgidav_app import WsgiDAVApp

    root.mkdir(parents=True, exist_ok=True)
    app = WsgiDAVApp(
        {
            "provider_mapping": {"/drive": str(root)},
            "http_authenticator": {
                "domain_controller": None,
                "accept_basic": True,
                "accept_digest": False,
                "default_to_digest": False,
            },
            "simple_dc": {"user_mapping": {"*": {DAV_USER: {"password": DAV_PASSWORD}}}},
            "verbose": 0,
            "logging": {"enable": False},
        }
    )
    server = WebServer(app, "127.0.0.1", 0, threads=4).start()  # stops its loop cleanly
    try:
        yield WebDav(f"{server.url}/drive", root)
    finally:
        server.stop()


@contextmanager
def s3_server(monkeypatch: pytest.MonkeyPatch, bucket: str) -> Iterator[str]:
    """An S3-compatible server with one bucket; boto (and so s3fs) finds it through the
    environment, as the bot's config says it should. Yields the endpoint URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3").create_bucket(Bucket=bucket)
    try:
        yield endpoint
    finally:
        server.stop()
