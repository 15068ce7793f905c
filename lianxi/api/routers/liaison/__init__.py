"""API of the liaison app: shifts and bookings (public), duties, requests, attendance,
visits, compliance. Every change goes through lianxi.liaison.actions; refusals answer as
lianxi/api/problems.py says."""

from lianxi.api.routers.liaison import rota, visits
from lianxi.api.routers.liaison.router import router

__all__ = ["rota", "router", "visits"]
