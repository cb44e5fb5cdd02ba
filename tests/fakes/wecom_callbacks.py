"""Send encrypted WeCom (企业微信) callbacks to our app, as WeCom's servers do.

WeCom POSTs ``path?msg_signature=…&timestamp=…&nonce=…`` with an XML envelope
whose ``Encrypt`` holds the AES-encrypted message (random prefix, length,
XML, corp id), and signs ``sha1(sorted([token, timestamp, nonce, Encrypt]))``.
Building that with wechatpy's own cipher means our app's decryption,
signature checks and XML parsing are exercised over real HTTP.

WeCom retries a callback (same MsgId) when our app does not answer within 5
seconds; pass the same ``msg_id`` to imitate that.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wechatpy.enterprise.crypto import PrpCrypto, WeChatCrypto
from wechatpy.utils import WeChatSigner, to_text

from tests.fakes.http_sender import HttpResult, HttpSender

__all__ = ["WeComCallbacks", "WeComResult", "render_xml", "sign"]

XML = "text/xml"
_ENCRYPT_RE = re.compile(r"<Encrypt>\s*(?:<!\[CDATA\[(.*?)\]\]>|([^<]*))\s*</Encrypt>", re.S)


@dataclass(frozen=True)
class WeComResult(HttpResult):
    """What our app answered, plus what was sent (handy in assertion messages).

    ``sent`` holds ``query`` (the URL parameters), ``body`` (the exact body)
    and ``xml`` (the plain inner XML, before encryption).
    """


def sign(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """WeCom's msg_signature: sha1 of the four values sorted and joined."""
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce, encrypt)
    return str(signer.signature)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_xml(fields: Mapping[str, Any]) -> str:
    """Inner callback XML the way WeCom writes it: strings in CDATA, numbers bare.

    A nested mapping becomes child elements; ``None`` an empty element.
    """

    def element(name: str, value: Any) -> str:
        if value is None:
            inner = ""
        elif isinstance(value, Mapping):
            inner = "".join(element(k, v) for k, v in value.items())
        elif isinstance(value, bool):
            inner = str(int(value))
        elif isinstance(value, int | float):
            inner = str(value)
        else:
            inner = _cdata(str(value))
        return f"<{name}>{inner}</{name}>"

    return "<xml>" + "".join(element(k, v) for k, v in fields.items()) + "</xml>"


# Seeded from the clock so runs against a kept database do not repeat MsgIds.
_msg_ids = itertools.count(7_000_000_000_000_000_000 + time.time_ns() // 1000)


def _new_msg_id() -> int:
    """Unique 64-bit numeric MsgIds, as WeCom sends them."""
    return next(_msg_ids)


def _nonce() -> str:
    return str(secrets.randbelow(9 * 10**9) + 10**9)


class WeComCallbacks(HttpSender[WeComResult]):
    """Posts encrypted WeCom callbacks to ``base_url + path``.

    Every sending method accepts, and hands on to ``post``, ``timestamp`` (to send
    stale requests), ``signature`` (to send forged ones), ``corp_id`` (to encrypt
    for, and address from, another corp), ``raw_xml`` (to encrypt this inner XML
    instead, e.g. a malformed one), ``body`` (to send this exact body; its
    ``<Encrypt>`` value, if any, is what gets signed) and ``headers``.
    """

    result_type = WeComResult

    def __init__(
        self,
        base_url: str,
        token: str,
        encoding_aes_key: str,
        corp_id: str,
        path: str = "/wecom/callback",
        *,
        agent_id: int = 1000002,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(base_url.rstrip("/") + path, timeout)
        self.token = token
        self.corp_id = corp_id
        self.agent_id = agent_id
        self.crypto = WeChatCrypto(token, encoding_aes_key, corp_id)

    # -- low level -------------------------------------------------------

    def encrypt(self, text: str, corp_id: str | None = None) -> str:
        """Base64 AES ciphertext of ``text`` for ``corp_id`` (default: ours)."""
        return to_text(PrpCrypto(self.crypto.key).encrypt(text, corp_id or self.corp_id))

    def envelope(self, encrypt: str, corp_id: str | None = None) -> str:
        """The outer XML WeCom posts around an encrypted message."""
        return (
            f"<xml><ToUserName>{_cdata(corp_id or self.corp_id)}</ToUserName>"
            f"<Encrypt>{_cdata(encrypt)}</Encrypt>"
            f"<AgentID>{_cdata(str(self.agent_id))}</AgentID></xml>"
        )

    def post(
        self,
        inner_xml: str,
        *,
        timestamp: int | str | None = None,
        signature: str | None = None,
        corp_id: str | None = None,
        raw_xml: str | None = None,
        body: str | bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> WeComResult:
        """Encrypt, wrap, sign and POST ``inner_xml`` (or ``raw_xml``/``body``)."""
        xml = raw_xml if raw_xml is not None else inner_xml
        if body is None:
            encrypt = self.encrypt(xml, corp_id)
            payload: str | bytes = self.envelope(encrypt, corp_id)
        else:
            payload = body
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
            found = _ENCRYPT_RE.search(text)
            encrypt = (found.group(1) or found.group(2) or "") if found else ""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        nonce = _nonce()
        if signature is None:
            signature = sign(self.token, ts, nonce, encrypt)
        query = {"msg_signature": signature, "timestamp": ts, "nonce": nonce}
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        request_headers = {"Content-Type": XML}
        request_headers.update(headers or {})
        return self._request(
            "POST",
            {"query": query, "body": payload, "xml": xml},
            params=query,
            data=data,
            headers=request_headers,
        )

    def message(
        self,
        user_id: str,
        msg_type: str,
        fields: Mapping[str, Any],
        *,
        create_time: int | None = None,
        tail: Mapping[str, Any] | None = None,
        corp_id: str | None = None,
        **delivery: Any,
    ) -> WeComResult:
        """Any callback: the common header fields, ``fields``, AgentID, then ``tail``."""
        xml = render_xml(
            {
                "ToUserName": corp_id or self.corp_id,
                "FromUserName": user_id,
                "CreateTime": int(time.time()) if create_time is None else create_time,
                "MsgType": msg_type,
                **fields,
                "AgentID": self.agent_id,
                **(tail or {}),
            }
        )
        return self.post(
            xml,
            corp_id=corp_id,
            **delivery,
        )

    # -- WeCom callbacks -------------------------------------------------

    def verify_url(
        self,
        echostr_plain: str = "hello",
        *,
        timestamp: int | str | None = None,
        signature: str | None = None,
        corp_id: str | None = None,
        echostr: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> WeComResult:
        """The GET WeCom sends when the callback URL is saved; our app must echo the plain text.

        ``echostr`` sends this exact (encrypted) value instead.
        """
        encrypted = echostr if echostr is not None else self.encrypt(echostr_plain, corp_id)
        ts = str(int(time.time()) if timestamp is None else timestamp)
        nonce = _nonce()
        if signature is None:
            signature = sign(self.token, ts, nonce, encrypted)
        query = {"msg_signature": signature, "timestamp": ts, "nonce": nonce, "echostr": encrypted}
        return self._request(
            "GET",
            {"query": query, "body": "", "xml": echostr_plain},
            params=query,
            headers=dict(headers or {}),
        )

    def text(
        self,
        user_id: str,
        content: str,
        *,
        msg_id: int | str | None = None,
        create_time: int | None = None,
        **delivery: Any,
    ) -> WeComResult:
        """A member typed ``content`` in the app's chat."""
        fields = {"Content": content, "MsgId": _new_msg_id() if msg_id is None else msg_id}
        return self.message(
            user_id,
            "text",
            fields,
            create_time=create_time,
            **delivery,
        )

    def click(
        self,
        user_id: str,
        event_key: str,
        task_id: str,
        response_code: str,
        *,
        create_time: int | None = None,
        card_type: str = "button_interaction",
        **delivery: Any,
    ) -> WeComResult:
        """A ``template_card_event``: the member clicked button ``event_key`` on card ``task_id``.

        Get ``response_code`` from ``FakeWeCom.new_response_code(task_id)``;
        WeCom sends a fresh single-use one with every click.
        """
        fields = {
            "Event": "template_card_event",
            "EventKey": event_key,
            "TaskId": task_id,
            "CardType": card_type,
            "ResponseCode": response_code,
        }
        # SelectedItems (empty for buttons) comes after AgentID in this event.
        return self.message(
            user_id,
            "event",
            fields,
            create_time=create_time,
            tail={"SelectedItems": None},
            **delivery,
        )

    def file(
        self,
        user_id: str,
        media_id: str,
        file_name: str,
        *,
        msg_id: int | str | None = None,
        create_time: int | None = None,
        **delivery: Any,
    ) -> WeComResult:
        """A member sent a file to the app: MsgType ``file`` with MediaId and FileName.

        Fetch the content with media/get using ``media_id`` (valid for 3 days).
        """
        fields = {
            "MediaId": media_id,
            "FileName": file_name,
            "MsgId": _new_msg_id() if msg_id is None else msg_id,
        }
        return self.message(
            user_id,
            "file",
            fields,
            create_time=create_time,
            **delivery,
        )

    def image(
        self,
        user_id: str,
        media_id: str,
        *,
        msg_id: int | str | None = None,
        create_time: int | None = None,
        **delivery: Any,
    ) -> WeComResult:
        """A member sent a picture (a photo of a signed page): MsgType ``image`` with PicUrl
        and MediaId, as WeCom sends it."""
        fields = {
            "PicUrl": f"https://wework.qpic.cn/wwpic/{media_id}/0",
            "MediaId": media_id,
            "MsgId": _new_msg_id() if msg_id is None else msg_id,
        }
        return self.message(user_id, "image", fields, create_time=create_time, **delivery)
