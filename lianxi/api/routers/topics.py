"""API of the topics app."""

from ninja import Router

router = Router(tags=["topics"])
