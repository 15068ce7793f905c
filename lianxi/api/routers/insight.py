"""API of the insight app."""

from ninja import Router

router = Router(tags=["insight"])
