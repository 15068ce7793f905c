"""Deputies' suggestions and bills through their whole life: deputies draft, invite co-signers
and rate; co-signers answer; committee staff review, assign and decide returns; the lead unit
records its contact and replies. Every change goes through lianxi.proposals.actions."""

from lianxi.api.routers.proposals import items
from lianxi.api.routers.proposals.router import router

__all__ = ["items", "router"]
