"""Tencent Cloud SMS (API 2021-01-11) through Tencent's official SDK.

Settings (settings.SMS_TENCENT, from SMS_TENCENT_* environment variables): the API key pair,
the SMS application id, the approved signature, two approved templates (a notice with one
parameter, the text; a sign-in code with one parameter, the code), region, endpoint, protocol
and timeout. The SDK logs whole requests at DEBUG (numbers and codes): settings.LOGGING keeps
its logger at WARNING."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from lianxi.notifications.channels.errors import (
    DeliveryError,
    PermanentFailure,
    TemporaryFailure,
)
from lianxi.notifications.channels.sms.transport import LOGIN_CODE_KIND

REQUIRED = ("SECRET_ID", "SECRET_KEY", "APP_ID", "SIGN_NAME", "TEMPLATE_ID", "CODE_TEMPLATE_ID")
# Error codes worth another try later; every other code is final (bad number, unapproved
# signature or template, wrong key pair, blacklisted number...).
TEMPORARY = (
    "RequestLimitExceeded",
    "LimitExceeded",
    "InternalError",
    "ClientNetworkError",
    "ServerNetworkError",
    "ResourceUnavailable",
    "FailedOperation.InsufficientBalance",
)
CODE_RE = re.compile(r"(?<!\d)\d{6}(?!\d)")


def missing_settings() -> list[str]:
    conf = getattr(settings, "SMS_TENCENT", {}) or {}
    return [f"SMS_TENCENT_{name}" for name in REQUIRED if not conf.get(name)]


def failure(code: str, message: str) -> DeliveryError:
    reason = f"{code}: {message}"
    if code.startswith(TEMPORARY):
        return TemporaryFailure(reason)
    return PermanentFailure(reason)


def e164(phone: str) -> str:
    return phone if phone.startswith("+") else "+86" + phone


class TencentSmsTransport:
    def __init__(self) -> None:
        missing = missing_settings()
        if missing:
            raise ImproperlyConfigured("Tencent Cloud SMS needs " + ", ".join(missing))
        conf = settings.SMS_TENCENT
        self.conf = conf
        http = HttpProfile(
            protocol=conf.get("PROTOCOL", "https"),
            endpoint=conf.get("ENDPOINT") or "sms.tencentcloudapi.com",
            reqTimeout=int(conf.get("TIMEOUT", 5)),
            keepAlive=True,
        )
        self.client = sms_client.SmsClient(
            credential.Credential(conf["SECRET_ID"], conf["SECRET_KEY"]),
            conf.get("REGION") or "ap-guangzhou",
            ClientProfile(httpProfile=http),
        )

    def _template(self, text: str, kind: str) -> tuple[str, list[str]]:
        code = CODE_RE.search(text) if kind == LOGIN_CODE_KIND else None
        if code is not None:
            return self.conf["CODE_TEMPLATE_ID"], [code.group(0)]
        return self.conf["TEMPLATE_ID"], [text]

    def _call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self.client, method)(request)
        except TencentCloudSDKException as exc:
            raise failure(exc.get_code() or "", exc.get_message() or "") from None

    def send(self, phone: str, text: str, *, ref: str, kind: str = "") -> str:
        template, params = self._template(text, kind)
        request = models.SendSmsRequest()
        request.SmsSdkAppId = self.conf["APP_ID"]
        request.SignName = self.conf["SIGN_NAME"]
        request.TemplateId = template
        request.TemplateParamSet = params
        request.PhoneNumberSet = [e164(phone)]
        request.SessionContext = ref
        response = self._call("SendSms", request)
        statuses = response.SendStatusSet or []
        if not statuses:
            raise TemporaryFailure("SendSms: empty answer")
        status = statuses[0]
        if status.Code != "Ok":
            raise failure(status.Code or "", status.Message or "")
        return str(status.SerialNo or ref)

    def find(self, phone: str, ref: str, since: datetime) -> str | None:
        """The serial number of message `ref` in the provider's status reports for `phone`."""
        request = models.PullSmsSendStatusByPhoneNumberRequest()
        request.BeginTime = int(since.timestamp()) - 60
        request.Offset = 0
        request.Limit = 100
        request.PhoneNumber = e164(phone)
        request.SmsSdkAppId = self.conf["APP_ID"]
        response = self._call("PullSmsSendStatusByPhoneNumber", request)
        for report in response.PullSmsSendStatusSet or []:
            if report.SessionContext == ref:
                return str(report.SerialNo)
        return None
