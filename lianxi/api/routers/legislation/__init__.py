"""Draft laws out for comment: reading drafts and comments (public), commenting (signed in,
with `Idempotency-Key`), and for staff the steps of a consultation and the dispositions.
Every change goes through lianxi.legislation.actions; refusals answer as
lianxi/api/problems.py says. The public never sees a commenter's name unless they chose to
be named, nor any phone."""

from lianxi.api.routers.legislation import comments, consultations
from lianxi.api.routers.legislation.router import router

__all__ = ["comments", "consultations", "router"]
