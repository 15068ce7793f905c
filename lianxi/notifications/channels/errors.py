"""How a channel says it could not deliver: a temporary failure (throttled, timed out, the
provider down) is retried with backoff; a permanent one (bad number, unapproved signature,
wrong credentials) marks the message failed with the provider's reason."""

from __future__ import annotations

from lianxi.lib.masking import mask_text


class DeliveryError(Exception):
    permanent = False

    def __init__(self, reason: str) -> None:
        # The reason is stored and shown to administrators: never a full number in it.
        super().__init__(mask_text(reason)[:300])

    @property
    def reason(self) -> str:
        return str(self.args[0])


class TemporaryFailure(DeliveryError):
    pass


class PermanentFailure(DeliveryError):
    permanent = True
