"""API of the committee app."""

from ninja import Router

router = Router(tags=["committee"])
