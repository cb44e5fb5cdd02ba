"""The file store through fsspec, against real stores: a local directory, a WebDAV server
and an S3-compatible server started here; links that expire, signed or presigned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from webdav4.client import HTTPError

from storage.filestore import FileStore
from tests.file_samples import PDF
from tests.stores import DAV_PASSWORD, DAV_USER, s3_server, webdav_server

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEY = "team-1/contracts/2026-03/7-合同 v2.pdf"


def source(tmp_path: Path) -> Path:
    path = tmp_path / "upload"
    path.write_bytes(PDF)
    return path


def test_a_local_directory_with_signed_links_that_expire(tmp_path: Path) -> None:
    root = tmp_path / "files"
    store = FileStore(root.as_uri(), public_url="https://bot.example.com/", key=b"k" * 32)
    assert store.local
    store.put(source(tmp_path), KEY)
    assert (root / KEY).read_bytes() == PDF
    with store.open(KEY) as f:
        assert f.read() == PDF
    link = store.link(7, KEY, NOW, timedelta(days=7))
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://bot.example.com/files/7"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert int(query["exp"]) == int((NOW + timedelta(days=7)).timestamp())
    assert store.valid(7, query["exp"], query["sig"], NOW)
    assert not store.valid(7, query["exp"], query["sig"], NOW + timedelta(days=7))  # expired
    assert not store.valid(8, query["exp"], query["sig"], NOW)  # another file
    later = str(int(query["exp"]) + 3600)
    assert not store.valid(7, later, query["sig"], NOW)  # a longer life, same signature
    assert not store.valid(7, query["exp"], "0" * 32, NOW)  # forged
    assert not store.valid(7, "soon", query["sig"], NOW)
    other = FileStore(root.as_uri(), public_url="https://bot.example.com", key=b"x" * 32)
    assert not other.valid(7, query["exp"], query["sig"], NOW)  # another bot's key


def test_a_webdav_drive(tmp_path: Path) -> None:
    with webdav_server(tmp_path / "drive") as dav:
        store = FileStore(
            dav.url.replace("http://", "webdav+http://"),
            public_url="https://bot.example.com",
            key=b"k" * 32,
            user=DAV_USER,
            password=DAV_PASSWORD,
        )
        assert not store.local
        store.put(source(tmp_path), KEY)
        assert (dav.root / KEY).read_bytes() == PDF  # folders made on the drive
        with store.open(KEY) as f:
            assert f.read() == PDF
        link = store.link(7, KEY, NOW, timedelta(days=1))
        assert link == f"{dav.url}/team-1/contracts/2026-03/7-%E5%90%88%E5%90%8C%20v2.pdf"
        assert requests.get(link, timeout=10).status_code == 401  # the drive's own login
        got = requests.get(link, auth=(DAV_USER, DAV_PASSWORD), timeout=10)
        assert got.content == PDF
        wrong = FileStore(
            dav.url.replace("http://", "webdav+http://"),
            public_url="https://bot.example.com",
            key=b"k",
            user=DAV_USER,
            password="wrong",
        )
        with pytest.raises(HTTPError, match="401"):
            wrong.put(source(tmp_path), "team-1/other.pdf")


def test_s3_compatible_storage_with_presigned_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with s3_server(monkeypatch, "contracts") as endpoint:
        store = FileStore("s3://contracts/salesbot", public_url="https://bot", key=b"k")
        assert not store.local
        store.put(source(tmp_path), KEY)
        with store.open(KEY) as f:
            assert f.read() == PDF
        link = store.link(7, KEY, datetime.now(UTC), timedelta(hours=1))
        assert link.startswith(f"{endpoint}/contracts/salesbot/team-1/contracts/2026-03/7-")
        query = parse_qs(urlsplit(link).query)
        assert {"Signature", "Expires"} <= set(query) or "X-Amz-Signature" in query
        assert requests.get(link, timeout=10).content == PDF
