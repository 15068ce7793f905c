"""API of the liaison app."""

from ninja import Router

router = Router(tags=["liaison"])
