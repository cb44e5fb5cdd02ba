"""GET/POST /wecom/callback: WeCom's encrypted callbacks.

Every request is checked before anything happens: signature, corp id, freshness and
well-formed XML. WeCom wants an answer within 5 seconds, so the work itself runs on a
thread pool after the answer; a callback WeCom repeats is recognised and ignored. The
message is kept in the database until its work is done, so a replica that stops in
between (even killed) leaves it to another, which takes it over once its lease runs out.
"""

from __future__ import annotations

import logging
import re
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import partial
from typing import Any

import xmltodict
from flask import Flask, Response, request
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import InvalidSignatureException

from bot.config import WeComConfig
from bot.in_order import InOrder
from bot.runtime import Runtime
from bot.scheduler import every
from bot.wecom import render
from handlers.core import chat_forms, inbound, inbox
from handlers.core.actions import run_action
from handlers.core.context import Actor, Services
from handlers.core.messages import Card, Form, Text

log = logging.getLogger(__name__)

MAX_AGE = 300  # seconds: older callbacks are refused as replays
DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# A WeCom userid: 1 to 64 bytes of digits, letters and _-@. (WeCom's own rule).
USER_ID = re.compile(r"[0-9A-Za-z_\-@.]{1,64}")
MAX_BODY = 64 * 1024
TAKE_OVER_EVERY = 30  # seconds between looks for messages a stopped replica left


class CallbackWork:
    """The work the callbacks ask for, after their answers: one user's messages in the
    order they came, different users' side by side, each forgotten once done."""

    def __init__(self, svc: Services, pool: Executor | None = None):
        self.svc = svc
        self._work = InOrder(pool or ThreadPoolExecutor(max_workers=16, thread_name_prefix="wecom"))

    def start(self, kept: inbound.Kept) -> None:
        self._work.submit(kept.user_id, partial(self._run, kept))

    def _run(self, kept: inbound.Kept) -> None:
        try:
            handle(self.svc, kept.payload)
        finally:  # a handler's bug is logged, not retried; a database outage fails here too
            inbound.done(self.svc, kept.id)

    def take_over(self) -> None:
        """Do what a stopped replica was given and never did."""
        for kept in inbound.take_over(self.svc, "wecom"):
            log.warning("taking over WeCom message %s from a replica that stopped", kept.id)
            self.start(kept)


def attach(runtime: Runtime, pool: Executor) -> CallbackWork:
    """The callbacks' work for this process, on `pool` (the caller's, so it can let that
    work finish at shutdown); the scheduler looks for what a stopped replica left."""
    work = CallbackWork(runtime.svc, pool)
    every(runtime.scheduler, "wecom-take-over", work.take_over, seconds=TAKE_OVER_EVERY)
    return work


def register(web: Flask, svc: Services, cfg: WeComConfig, work: CallbackWork | None = None) -> None:
    """The callback's routes; the work after each answer is `work`'s."""
    crypto = WeChatCrypto(cfg.token, cfg.encoding_aes_key, cfg.corp_id)
    work = work or CallbackWork(svc)

    def refuse(status: int, why: str) -> Response:
        log.warning("wecom callback refused (%s): %s", status, why)
        return Response(why, status=status, mimetype="text/plain")

    def fresh(timestamp: str) -> bool:
        return timestamp.isdigit() and abs(time.time() - int(timestamp)) <= MAX_AGE

    @web.get("/wecom/callback")
    def verify_url() -> Response:
        args = request.args
        if not fresh(args.get("timestamp", "")):
            return refuse(403, "stale or missing timestamp")
        try:
            echo = crypto.check_signature(
                args.get("msg_signature", ""),
                args["timestamp"],
                args.get("nonce", ""),
                args.get("echostr", ""),
            )
        except (InvalidSignatureException, InvalidCorpIdException):
            return refuse(403, "bad signature")
        except Exception:
            return refuse(400, "malformed echostr")
        return Response(echo, mimetype="text/plain")

    @web.post("/wecom/callback")
    def receive() -> Response:
        args = request.args
        if not fresh(args.get("timestamp", "")):
            return refuse(403, "stale or missing timestamp")
        body = request.stream.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return refuse(400, "body too large")
        if DOCTYPE.search(body):  # entities (expanding or external) are never WeCom's
            return refuse(400, "a document type declaration")
        try:
            plain = crypto.decrypt_message(
                body, args.get("msg_signature", ""), args["timestamp"], args.get("nonce", "")
            )
        except (InvalidSignatureException, InvalidCorpIdException):
            return refuse(403, "bad signature or corp id")
        except Exception:
            return refuse(400, "malformed envelope")
        if DOCTYPE.search(plain.encode("utf-8") if isinstance(plain, str) else plain):
            return refuse(400, "a document type declaration")
        try:
            message = xmltodict.parse(plain)["xml"]
        except Exception:
            return refuse(400, "malformed message")
        if not isinstance(message, dict) or not USER_ID.fullmatch(str(message.get("FromUserName"))):
            return refuse(400, "message without a sender WeCom could have sent")
        # Events have no MsgId. A click brings a fresh ResponseCode (WeCom's retry of it the
        # same one), so two clicks within a second are still two; it goes before the long
        # EventKey because the key is kept to 200 characters.
        key = message.get("MsgId") or ":".join(
            str(message.get(k) or "")
            for k in ("FromUserName", "CreateTime", "ResponseCode", "Event", "EventKey")
        )
        user_id = str(message["FromUserName"])
        kept = inbound.keep(svc, f"wecom:{key}", "wecom", user_id, message)
        if kept is not None:
            work.start(kept)
        return Response("", mimetype="text/plain")


def handle(svc: Services, message: dict[str, Any]) -> None:
    """What the user did: typed to the app, or clicked a card button."""
    user_id = str(message["FromUserName"])
    actor = svc.actor("wecom", user_id)
    kind = str(message.get("MsgType") or "").lower()
    replies: list[Card | Text | Form]
    if kind == "text":
        replies = list(inbox.typed(svc, actor, str(message.get("Content") or "")))
    elif kind in ("file", "voice", "video", "image"):
        replies = list(inbox.files_shared(svc, actor, "", [_shared_file(message)]))
    elif kind == "event" and message.get("Event") == "template_card_event":
        if message.get("ResponseCode") and message.get("TaskId"):
            inbound.refresh_card_code(
                svc, "wecom", str(message["TaskId"]), str(message["ResponseCode"])
            )
        action, value = render.parse_key(str(message.get("EventKey") or ""))
        reply = run_action(svc, actor, action, value)
        replies = [] if reply is None else [reply]
    else:
        return  # entering the app, location reports and the like need no answer
    _reply(svc, actor, replies)


def _shared_file(message: dict[str, Any]) -> inbox.SharedFile:
    """A file, voice message, video or picture (a scanned contract) sent to the app. WeCom
    keeps it for three days under its media id; the file store keeps the copy."""
    media_id = str(message.get("MediaId") or "")
    kind = str(message.get("MsgType") or "").lower()
    default = {"image": "jpg", "voice": "amr", "video": "mp4"}.get(kind, "bin")
    name = str(message.get("FileName") or f"{kind}-{media_id[:12]}.{default}")
    mimetype = {"voice": "audio/amr", "video": "video/mp4", "image": "image/jpeg"}.get(kind, "")
    return inbox.SharedFile(
        file_id=media_id, name=name, link=f"wecom-media:{media_id}", mimetype=mimetype
    )


def _reply(svc: Services, actor: Actor, replies: list[Card | Text | Form]) -> None:
    """Answers go through the outbox like everything else: retried, never lost. A form a
    button asks for is put one question per message (WeCom has no modals)."""
    now = svc.clock.now()
    messages = [
        chat_forms.start(svc, "wecom", actor.user_id, r) if isinstance(r, Form) else r
        for r in replies
    ]
    if not messages:
        return
    with svc.db.transaction() as s:
        for message in messages:
            svc.outbox.to_address(s, now, f"wecom:user:{actor.user_id}", message)
    svc.wake_delivery()
