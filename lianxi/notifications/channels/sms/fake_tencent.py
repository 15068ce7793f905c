"""A local HTTP endpoint that plays Tencent Cloud SMS for tests, the benchmark and a local
install: it checks each request's TC3-HMAC-SHA256 signature against the key it was given, then
answers SendSms and PullSmsSendStatusByPhoneNumber as the provider does. `script` holds the
next answers' modes, one per SendSms request (then "ok" again):

    ok        accepted, a serial number
    throttle  RequestLimitExceeded (temporary)
    timeout   answers only after `delay` seconds (longer than the client waits)
    bad_sign  the SMS signature is not approved (permanent)
    fail      the number is refused (permanent)

Only on 127.0.0.1; it never leaves the machine."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ERRORS = {
    "throttle": ("RequestLimitExceeded", "请求的次数超过了频率限制。"),
    "bad_sign": (
        "FailedOperation.SignatureIncorrectOrUnapproved",
        "签名未审批或格式错误。",
    ),
    "fail": ("FailedOperation.PhoneNumberInBlacklist", "手机号在免打扰名单库中。"),
}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def tc3_signature(secret_key: str, headers: Any, body: bytes, service: str = "sms") -> str:
    """The signature Tencent Cloud expects for a JSON POST to "/" (its published algorithm)."""
    timestamp = headers["X-TC-Timestamp"]
    date = datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{headers['Content-Type']}\nhost:{headers['Host']}\n",
            "content-type;host",
            hashlib.sha256(body).hexdigest(),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join(
        ["TC3-HMAC-SHA256", timestamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class Sent:
    phone: str
    template: str
    params: list[str]
    sign_name: str
    session: str
    serial: str
    at: float


@dataclass
class FakeTencentSms:
    secret_id: str = "AKIDlianxi-fake"  # noqa: S105 (the fake's own test key)
    secret_key: str = "fake-secret-key"  # noqa: S105
    app_id: str = "1400000000"
    sign_name: str = "示范市人大"
    delay: float = 3.0
    script: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FakeTencentSms:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as two writes; with Nagle on, the body waits for the
            # client's delayed ACK (40 ms a request on Linux), which no real provider costs.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = fake.answer(self.headers, body)
                data = json.dumps({"Response": answer}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # request lines would carry nothing useful; keep test output clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def settings(self, **overrides: Any) -> dict[str, Any]:
        """settings.SMS_TENCENT for a client of this fake."""
        conf = {
            "SECRET_ID": self.secret_id,
            "SECRET_KEY": self.secret_key,
            "APP_ID": self.app_id,
            "SIGN_NAME": self.sign_name,
            "TEMPLATE_ID": "100001",
            "CODE_TEMPLATE_ID": "100002",
            "REGION": "ap-guangzhou",
            "ENDPOINT": self.endpoint,
            "PROTOCOL": "http",
            "TIMEOUT": 1,
        }
        return conf | overrides

    def answer(self, headers: Any, body: bytes) -> dict[str, Any]:
        request_id = str(uuid.uuid4())
        auth = headers.get("Authorization", "")
        expected = tc3_signature(self.secret_key, headers, body)
        if f"Credential={self.secret_id}/" not in auth or not auth.endswith(expected):
            return self._error("AuthFailure.SignatureFailure", "请求签名验证失败。", request_id)
        params = json.loads(body or b"{}")
        action = headers.get("X-TC-Action", "")
        if action == "SendSms":
            return self._send(params, request_id)
        if action == "PullSmsSendStatusByPhoneNumber":
            return self._pull(params, request_id)
        return self._error("InvalidAction", action, request_id)

    def _error(self, code: str, message: str, request_id: str) -> dict[str, Any]:
        return {"Error": {"Code": code, "Message": message}, "RequestId": request_id}

    def _send(self, params: dict[str, Any], request_id: str) -> dict[str, Any]:
        with self.lock:
            self.requests += 1
            mode = self.script.pop(0) if self.script else "ok"
        if mode == "timeout":
            time.sleep(self.delay)
        if mode == "throttle":
            return self._error(*ERRORS[mode], request_id)
        phone = params["PhoneNumberSet"][0]
        if mode in ERRORS:
            code, message = ERRORS[mode]
            status = {"Code": code, "Message": message, "SerialNo": "", "PhoneNumber": phone}
            return {"SendStatusSet": [status], "RequestId": request_id}
        if params.get("SignName") != self.sign_name or params.get("SmsSdkAppId") != self.app_id:
            code, message = ERRORS["bad_sign"]
            status = {"Code": code, "Message": message, "SerialNo": "", "PhoneNumber": phone}
            return {"SendStatusSet": [status], "RequestId": request_id}
        serial = uuid.uuid4().hex
        sent = Sent(
            phone=phone,
            template=params["TemplateId"],
            params=list(params.get("TemplateParamSet") or []),
            sign_name=params["SignName"],
            session=params.get("SessionContext", ""),
            serial=serial,
            at=time.time(),
        )
        with self.lock:
            self.sent.append(sent)
        status = {"Code": "Ok", "Message": "send success", "SerialNo": serial, "PhoneNumber": phone}
        return {"SendStatusSet": [status], "RequestId": request_id}

    def _pull(self, params: dict[str, Any], request_id: str) -> dict[str, Any]:
        phone = params["PhoneNumber"]
        since = int(params.get("BeginTime", 0))
        with self.lock:
            found = [s for s in self.sent if s.phone == phone and s.at >= since]
        reports = [
            {
                "UserReceiveTime": int(s.at),
                "PhoneNumber": s.phone,
                "SerialNo": s.serial,
                "ReportStatus": "SUCCESS",
                "Description": "用户接收成功",
                "SessionContext": s.session,
            }
            for s in found
        ]
        return {"PullSmsSendStatusSet": reports, "RequestId": request_id}

    def sessions(self) -> list[str]:
        with self.lock:
            return [s.session for s in self.sent]
